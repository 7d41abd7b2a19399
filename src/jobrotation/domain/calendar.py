"""Working days and the hours a plan puts on them.

Danish public holidays come from ``holidays`` (``country_holidays("DK")``, which expands
year by year as dates are looked up; Store Bededag exists until 2023 only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import holidays

from jobrotation.domain.units import hours as hours_of

PUBLIC_HOLIDAYS = holidays.country_holidays("DK")
# Banks also close on the optional days (grundlovsdag, juleaftensdag, nytårsaftensdag).
BANK_HOLIDAYS = holidays.country_holidays("DK", categories=("public", "optional"))


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


@cache
def _holidays(year: int) -> frozenset[dt.date]:
    """A year's public holidays as a plain set: a lookup per day is a set lookup."""
    return frozenset(holidays.country_holidays("DK", years=year))


def work_days(start: dt.date, end: dt.date, weekdays: str = "12345") -> list[dt.date]:
    """The days in [start, end] on the given ISO weekdays that are not public holidays."""
    wanted = {int(w) for w in weekdays}
    off = frozenset().union(*(_holidays(y) for y in range(start.year, end.year + 1)))
    return [d for d in days(start, end) if d.isoweekday() in wanted and d not in off]


def planned_hours(trainings: Sequence[Mapping[str, Any]],
                  assignments: Sequence[Mapping[str, Any]], start: dt.date,
                  end: dt.date) -> dict[int, dict[dt.date, float]]:
    """Hours per person per day in [start, end] as the plan has them: each training's
    hours on its weekdays, each substitute's weekly hours spread over Monday–Friday;
    public holidays off. Rows hold centi-hours, as stored."""
    out: dict[int, dict[dt.date, float]] = {}
    for t in trainings:
        for d in work_days(max(start, t["start"]), min(end, t["end"]), t["weekdays"]):
            out.setdefault(t["employee_id"], {})[d] = hours_of(t["hours_per_day"])
    for a in assignments:
        daily = round(a["hours_per_week"] / 500, 2)
        for d in work_days(max(start, a["start"]), min(end, a["end"])):
            out.setdefault(a["substitute_id"], {})[d] = daily
    return out
