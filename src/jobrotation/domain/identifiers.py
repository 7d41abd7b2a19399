"""CVR numbers (8 digits, modulus 11) via python-stdnum, with Danish errors."""

from __future__ import annotations

from stdnum.dk import cvr
from stdnum.exceptions import ValidationError

from jobrotation.domain.errors import InvalidInput


def normalise_cvr(raw: str) -> str:
    """``"DK 1367 8134"`` → ``"13678134"``, or a Danish error saying what is wrong."""
    digits = cvr.compact(raw)
    if not digits.isdigit() or len(digits) != 8:
        raise InvalidInput(f"CVR-nummeret skal have 8 cifre (fik '{raw}')")
    try:
        return str(cvr.validate(digits))
    except ValidationError:
        raise InvalidInput(f"CVR-nummeret {digits} er ikke gyldigt (kontrolcifferet passer ikke)") \
            from None
