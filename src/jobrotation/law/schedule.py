"""A project's amounts from its day-by-day schedule, per pay period.

Route 1 (LAB § 152), hour for hour, pooled per substitute: in each ISO week the hours
paid are the least of (a) the training hours of the employees the substitute covers, on
days the substitute is employed, (b) the substitute's hours that week and (c) 37; only
within 26 weeks of the substitute's start and at most 962 hours in all. Hours beyond
those caps earn nothing. The paid hours are placed on the week's training days in date
order, so each is priced at the rate of the day it falls on.

Route 2: løntilskud for each substitute hour within 6 (private) / 4 (public) months of
the start (LAB § 68); VEU for each training hour, at most 7,4 a day and 37 a week,
priced at the weekly rate / 37.

Rounding: hours are summed per pay period, line (person and subsidy) and rate, and each
such sum is priced once, half-up to the øre. The project total is the sum of its claims.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from jobrotation.domain.errors import InvalidInput
from jobrotation.domain.units import hours as hours_of
from jobrotation.law.primitives import add_months, centi, div_round, span_end

JOBROTATION, WAGE_SUBSIDY, VEU = "jobrotationsydelse", "løntilskud", "VEU-godtgørelse"
FREQUENCIES = ("monthly", "fortnightly")


class Rates(Protocol):
    """What the engine reads of a parameter set (``ParameterSet`` or a recorder of it)."""

    def value_at(self, name: str, day: dt.date) -> Any: ...

    def entry(self, name: str, day: dt.date) -> Any: ...


def wage_subsidy_rate(sector: str, benefit: str | None) -> str:
    """The løntilskud rate parameter for the sector and the substitute's benefit group.
    The public rate known is the one for a dagpenge-entitled substitute (the guide's
    table); no source gives it for other groups (LAB kap. 12)."""
    if sector != "public":
        return "rate.wage_subsidy_private_hourly"
    if benefit == "dagpenge":
        return "rate.wage_subsidy_public_hourly"
    return "rate.wage_subsidy_public_hourly_other_groups"


@dataclass(frozen=True)
class Substitute:
    id: str
    start: dt.date
    end: dt.date
    hours: Mapping[dt.date, float]  # hours worked per day
    covers: tuple[str, ...]  # ids of the employees the substitute stands in for
    benefit: str | None = None  # the benefit group (decides the public løntilskud rate)


@dataclass(frozen=True)
class Schedule:
    sector: str  # "private" | "public"
    training: Mapping[str, Mapping[dt.date, float]]  # employee id → hours per day
    substitutes: tuple[Substitute, ...]
    veu_employees: frozenset[str] = field(default_factory=frozenset)  # VEU-eligible


@dataclass(frozen=True)
class Line:
    """One priced line of a claim: hours of one kind for one person at one rate."""

    period: tuple[dt.date, dt.date]
    kind: str
    person: str
    centi_hours: int
    rate: int  # øre per hour (VEU: øre per week)
    amount: int  # øre
    estimate: bool = False  # priced at a derived or (L) rate: show a warning
    derived: bool = False  # the rate is derived by formula, not published

    @property
    def hours(self) -> float:
        return hours_of(self.centi_hours)


def pay_periods(first: dt.date, last: dt.date, frequency: str) -> Iterator[tuple[dt.date, dt.date]]:
    """Calendar months (``monthly``) or 14-day periods from ``first`` (``fortnightly``)."""
    if frequency == "monthly":
        start = first.replace(day=1)
        while start <= last:
            nxt = add_months(start, 1)
            yield start, nxt - dt.timedelta(days=1)
            start = nxt
    elif frequency == "fortnightly":
        start = first
        while start <= last:
            yield start, start + dt.timedelta(days=13)
            start += dt.timedelta(days=14)
    else:
        raise InvalidInput("Lønperiode skal være 'monthly' (månedsløn) eller "
                           "'fortnightly' (14-dagesløn)")


class _CentiOf:
    """A dated hours cap in centi-hours on a day, converted again only where it changes."""

    def __init__(self, params: Rates, name: str) -> None:
        self.params, self.name = params, name
        self.entry: Any = None
        self.value = 0

    def __call__(self, day: dt.date) -> int:
        e = self.entry
        if e is None or not e.start <= day <= (e.end or day):
            e = self.entry = self.params.entry(self.name, day)
            self.value = centi(e.value)
        return self.value


def route1_hours(schedule: Schedule, params: Rates) -> dict[tuple[str, dt.date], int]:
    """Paid centi-hours per (substitute, day), after pooling and all caps.

    Within an ISO week the hours paid up to a day are the least of the training hours and
    the substitute's hours up to that day and the weekly cap; each day gets the increase.
    A day's hours so depend only on the days before it, so a claim for an earlier pay
    period never changes when a later period's days are recorded (a week that spans two
    pay periods is split between them, not lost)."""
    paid: dict[tuple[str, dt.date], int] = {}
    for sub in schedule.substitutes:
        training: dict[dt.date, int] = defaultdict(int)
        for emp in sub.covers:
            for day, h in schedule.training.get(emp, {}).items():
                if sub.start <= day <= sub.end:
                    training[day] += centi(h)
        worked = {d: centi(h) for d, h in sub.hours.items() if sub.start <= d <= sub.end}
        max_weeks = params.value_at("payment.max_weeks", sub.start)
        last_day = sub.start + dt.timedelta(weeks=max_weeks) - dt.timedelta(days=1)
        budget = centi(params.value_at("payment.max_hours", sub.start))
        week, cum_t, cum_s, cum_paid = None, 0, 0, 0
        caps = _CentiOf(params, "payment.max_weekly_hours")
        for day in sorted(d for d in set(training) | set(worked) if d <= last_day):
            this_week = day.isocalendar()[:2]
            if this_week != week:
                week, cum_t, cum_s, cum_paid = this_week, 0, 0, 0
            cum_t += training.get(day, 0)
            cum_s += worked.get(day, 0)
            now = min(cum_t, cum_s, caps(day))
            take = min(now - cum_paid, budget)
            cum_paid = now
            if take > 0:
                paid[(sub.id, day)] = take
                budget -= take
    return paid


def wage_subsidy_hours(schedule: Schedule, params: Rates) -> dict[tuple[str, dt.date], int]:
    """Centi-hours with løntilskud per (substitute, day), within 6 / 4 months."""
    name = f"wage_subsidy.max_months_{schedule.sector}"
    out = {}
    for sub in schedule.substitutes:
        last = span_end(sub.start, params.value_at(name, sub.start))
        for day, h in sub.hours.items():
            if sub.start <= day <= min(sub.end, last) and h:
                out[(sub.id, day)] = centi(h)
    return out


def veu_hours(schedule: Schedule, params: Rates) -> dict[tuple[str, dt.date], int]:
    """Centi-hours with VEU per (employee, day): at most 7,4 a day and 37 a week."""
    out = {}
    for emp, days in schedule.training.items():
        if emp not in schedule.veu_employees:
            continue
        week_used: dict[tuple[int, int], int] = defaultdict(int)
        daily, weekly = _CentiOf(params, "veu.max_daily_hours"), \
            _CentiOf(params, "veu.max_weekly_hours")
        for day in sorted(days):
            week = day.isocalendar()[:2]
            take = min(centi(days[day]), daily(day), weekly(day) - week_used[week])
            if take > 0:
                out[(emp, day)] = take
                week_used[week] += take
    return out


def _price(hours: Mapping[tuple[str, dt.date], int], kind: str, rate: str, params: Rates,
           periods: list[tuple[dt.date, dt.date]], divisor: int = 100) -> list[Line]:
    """Sum centi-hours per (period, person, rate) and price each sum once, half-up. Only
    days inside ``periods`` are priced (a day outside needs no rate).

    ``divisor`` turns rate × centi-hours into øre: 100 for an hourly rate, 100 × 37 for
    VEU's weekly rate (an hour of VEU is a 37th of the week's rate)."""
    periods = sorted(periods)
    starts = [p[0] for p in periods]
    grouped: dict[tuple[tuple[dt.date, dt.date], str, tuple[int, bool, bool]], int] = \
        defaultdict(int)
    entry: Any = None  # the rate in force, looked up again only where it changes
    for (person, day), ch in hours.items():
        i = bisect_right(starts, day) - 1
        if i < 0 or day > periods[i][1]:
            continue
        if entry is None or not entry.start <= day <= (entry.end or day):
            entry = params.entry(rate, day)
            priced = (int(entry.value), bool(entry.estimate), bool(entry.derived))
        grouped[(periods[i], person, priced)] += ch
    lines = []
    for (period, person, (value, weak, derived)), ch in sorted(grouped.items()):
        lines.append(Line(period, kind, person, ch, value, div_round(value * ch, divisor),
                          weak, derived))
    return lines


def _all_periods(schedule: Schedule, frequency: str) -> list[tuple[dt.date, dt.date]]:
    days = [d for t in schedule.training.values() for d in t] + \
           [d for s in schedule.substitutes for d in s.hours]
    return list(pay_periods(min(days), max(days), frequency)) if days else []


def price_hours(hours: Mapping[tuple[str, dt.date], int], kind: str, rate: str,
                params: Rates, frequency: str = "monthly",
                periods: list[tuple[dt.date, dt.date]] | None = None,
                divisor: int = 100) -> list[Line]:
    """Price centi-hours per (person, day) at ``rate`` in force each day, per pay period."""
    if periods is None:
        days = [d for _, d in hours]
        periods = list(pay_periods(min(days), max(days), frequency)) if days else []
    return _price(hours, kind, rate, params, periods, divisor)


def kind_lines(schedule: Schedule, params: Rates, kind: str, frequency: str = "monthly",
               periods: list[tuple[dt.date, dt.date]] | None = None) -> list[Line]:
    """The claimable lines of one subsidy (``JOBROTATION``, ``WAGE_SUBSIDY`` or ``VEU``)."""
    if periods is None:
        periods = _all_periods(schedule, frequency)
    if not periods:
        return []
    if kind == JOBROTATION:
        return _price(route1_hours(schedule, params), JOBROTATION, "rate.jobrotation_hourly",
                      params, periods)
    if kind == WAGE_SUBSIDY:
        groups = {s.id: wage_subsidy_rate(schedule.sector, s.benefit)
                  for s in schedule.substitutes}
        hours = wage_subsidy_hours(schedule, params)
        return [line for rate in sorted(set(groups.values())) for line in price_hours(
            {k: h for k, h in hours.items() if groups[k[0]] == rate}, WAGE_SUBSIDY, rate,
            params, periods=periods)]
    first = periods[0][0]
    std_week = centi(params.value_at("hours.standard_week", first))
    return _price(veu_hours(schedule, params), VEU, "rate.veu_weekly", params, periods,
                  std_week)


def claim_lines(schedule: Schedule, params: Rates, route: str,
                frequency: str = "monthly",
                periods: list[tuple[dt.date, dt.date]] | None = None) -> list[Line]:
    """Every claimable line of ``route`` ("route1" or "route2"), per pay period.

    The caps run over the whole schedule; ``periods`` (default: every period of
    ``frequency``) chooses which pay periods to price — a claim for one pay run passes
    the whole history and its own period."""
    if route == "route1":
        return kind_lines(schedule, params, JOBROTATION, frequency, periods)
    return (kind_lines(schedule, params, WAGE_SUBSIDY, frequency, periods)
            + kind_lines(schedule, params, VEU, frequency, periods))


def totals_by_period(lines: list[Line]) -> dict[tuple[dt.date, dt.date], int]:
    out: dict[tuple[dt.date, dt.date], int] = defaultdict(int)
    for line in lines:
        out[line.period] += line.amount
    return dict(out)
