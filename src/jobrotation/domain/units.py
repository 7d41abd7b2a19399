"""Money and hours as the store keeps them, and the one conversion at its boundary.

The database and the law hold money as integer øre and hours as integer centi-hours
(hundredths of an hour), so every amount is exact. People type and read kroner and hours;
these functions are the only place the factor 100 lives.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TypeAlias

Ore: TypeAlias = int  # money: 751729 is 7.517,29 kr.
CentiHours: TypeAlias = int  # time: 740 is 7,4 hours

_HUNDRED = 100


def kroner(ore: int) -> Decimal:
    """Integer øre → exact Decimal kroner (``751729`` → ``7517.29``)."""
    return Decimal(ore).scaleb(-2)


def to_ore(kr: Decimal | int | float | str) -> Ore:
    """Kroner → integer øre, rounded half up at the øre."""
    value = Decimal(str(kr)) * _HUNDRED
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def hours(centi: int) -> float:
    """Centi-hours → hours as a number (``740`` → ``7.4``)."""
    return centi / _HUNDRED


def to_centi(value: float | int | Decimal) -> CentiHours:
    """Hours → integer centi-hours, half-up (``7.4`` → ``740``); inputs carry at most 2
    decimals.

    A float with 2 decimals lies within 1e-9 of its hundredths, so floor(x·100 + ½) is
    the half-up rounding; Decimals are rounded exactly."""
    if isinstance(value, Decimal):
        return int((value * _HUNDRED).to_integral_value(rounding=ROUND_HALF_UP))
    scaled = value * _HUNDRED
    return int(scaled + 0.5) if scaled >= 0 else -int(-scaled + 0.5)


def percent(value: Decimal | int) -> Decimal:
    """A percentage as a fraction (``160`` → ``1.6``)."""
    return Decimal(value) / _HUNDRED
