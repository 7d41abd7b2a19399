"""CPR numbers: validated, encrypted at rest, shown only masked.

A CPR number is DDMMÅÅ-SSSS. It is never rejected for failing the modulus-11 check:
numbers issued since 1 October 2007 need not pass it. Only the birth-date part is kept in
clear (the masked form ``DDMMÅÅ-XXXX`` shows it anyway).
"""

from __future__ import annotations

import datetime as dt
import re

from cryptography.fernet import Fernet

from jobrotation.domain.errors import InvalidInput

_CPR = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})$")


def normalise_cpr(raw: str) -> str:
    """``"010190-1234"`` → ``"0101901234"``; a Danish error for anything else."""
    match = _CPR.match(raw.strip())
    if not match:
        raise InvalidInput("CPR-nummeret skal have formen DDMMÅÅ-XXXX (10 cifre)")
    day, month, year = (int(g) for g in match.groups()[:3])
    # 2000 is a leap year, so any 29 February is a possible birthday in some century.
    try:
        dt.date(2000, month, day)
    except ValueError:
        raise InvalidInput("CPR-nummerets første seks cifre er ikke en gyldig dato") from None
    return "".join(match.groups())


def mask(birth: str | None) -> str:
    return f"{birth}-XXXX" if birth else "—"


class CprVault:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def seal(self, raw: str) -> tuple[bytes, str]:
        """Encrypt a CPR number; returns the token and the birth-date part."""
        cpr = normalise_cpr(raw)
        return self._fernet.encrypt(cpr.encode()), cpr[:6]

    def open(self, token: bytes) -> str:
        return self._fernet.decrypt(token).decode()
