"""The plain functions both compile paths share: calendar months, rounding, hours, and
three-valued logic.

Money is integer øre and hours become integer centi-hours before they meet a rate
(``centi``, which is ``domain.units.to_centi``), so every amount is exact; the only
rounding is ``div_round``, half-up.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from jobrotation.domain.units import to_centi as centi

Value = Any
__all__ = ["add_months", "span_end", "months_between", "div_round", "centi",
           "kleene_and", "kleene_or", "strict"]


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def span_end(start: dt.date, months: int) -> dt.date:
    """The last day of a span of ``months`` calendar months beginning on ``start``.

    The day before the same date ``months`` later (1.3 + 6 → 31.8); where that date does
    not exist, the month's last day (31.8 + 6 → 28.2, not 27.2)."""
    same = add_months(start, months)
    return same if same.day < start.day else same - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months n with ``add_months(start, n) <= end``."""
    n = (end.year - start.year) * 12 + end.month - start.month
    return n - 1 if add_months(start, n) > end else n


def div_round(numerator: int, denominator: int) -> int:
    """Integer division rounded half-up; the one place amounts are rounded."""
    return (2 * numerator + denominator) // (2 * denominator)


def _kleene(values: Iterable[Value], decisive: bool) -> Value:
    """``decisive`` if any value is, else unknown (None) if any is unknown, else its
    opposite: ``and`` is decided by a false value, ``or`` by a true one."""
    unknown = False
    for v in values:
        if v is decisive:
            return decisive
        if v is None:
            unknown = True
    return None if unknown else not decisive


def kleene_and(values: Iterable[Value]) -> Value:
    """``False`` if any is false, else unknown (None) if any is unknown, else ``True``."""
    return _kleene(values, False)


def kleene_or(values: Iterable[Value]) -> Value:
    """``True`` if any is true, else unknown (None) if any is unknown, else ``False``."""
    return _kleene(values, True)


def strict(fn: Callable[..., Value]) -> Callable[..., Value]:
    """Null in, null out."""

    def wrapped(*args: Value) -> Value:
        for a in args:
            if a is None:
                return None
        return fn(*args)

    return wrapped
