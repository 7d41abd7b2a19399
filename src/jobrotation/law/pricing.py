"""A case priced day by day, by the claim engine (``schedule``) over the plan's calendar.

A case gives start, end and hours per week; it becomes days the way a plan does
(``domain.calendar``): the training's hours on its weekdays (default Monday–Friday), the
substitute's weekly hours spread over Monday–Friday, Danish public holidays off. Its
period totals are then the sums of the lines the claim engine prices for those days, per
calendar month unless the case gives another pay frequency, so a case's estimate equals
the sum of the claims of pay runs that follow it, to the øre.

``PricedCase`` is the expression node for those totals: one computation per case (a
struct column in the table path, computed row by row by the same Python engine), read by
``Priced`` nodes, one per amount. The caps (37 hours a week, 26 weeks, 962 hours, 6/4
months of løntilskud, VEU's 7,4 hours a day and 37 a week) are read by the engine from
the parameters, nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from jobrotation.domain.calendar import planned_hours
from jobrotation.domain.errors import RateUnknown
from jobrotation.domain.units import hours as hours_of
from jobrotation.law import run_polars, run_py
from jobrotation.law.expr import Expr, ParameterLookup
from jobrotation.law.primitives import centi, div_round
from jobrotation.law.run_py import Context, PyFn
from jobrotation.law.schedule import (
    JOBROTATION,
    VEU,
    WAGE_SUBSIDY,
    Line,
    Schedule,
    Substitute,
    kind_lines,
    price_hours,
)

WORKING_WEEK = "12345"
EMPLOYEE, SUBSTITUTE = 1, 2  # the case's two people, as plan rows
ITEMS = ("route1_total", "route2_wage_subsidy_total", "route2_veu_total",
         "employee_wages_total", "substitute_wages_total", "route2_substitute_wages_total")
INPUTS = ("training.start", "training.end", "training.hours_per_week", "training.weekdays",
          "substitute.start", "substitute.end", "substitute.hours_per_week",
          "substitute.benefit", "employer.sector", "rotation.pay_frequency",
          "employee.hourly_wage", "substitute.hourly_wage")
PUBLIC_HOURS = "_public_centi_hours"  # the struct field carrying the fixed public hours


class _Recorder:
    """The parameters as the engine reads them, day after day: each dated value is looked
    up once and recorded once (name, first day read) for the explanation; an unknown one
    is recorded before ``RateUnknown`` is raised, so the reason names it."""

    def __init__(self, params: Any, used: list[tuple[str, dt.date]]) -> None:
        self.params, self.used = params, used
        self.values: list[Any] = []  # every dated value read, known ones only
        self._last: dict[str, Any] = {}

    def value_at(self, name: str, day: dt.date) -> Any:
        return self.entry(name, day).value

    def entry(self, name: str, day: dt.date) -> Any:
        v = self._last.get(name)
        if v is not None and v.start <= day and (v.end is None or day <= v.end):
            return v
        self.used.append((name, day))
        v = self.params.entry_or_none(name, day)
        if v is None or v.value is None:
            raise RateUnknown(name, day, self.params[name].description)
        self._last[name] = v
        self.values.append(v)
        return v


def _schedule(f: Mapping[str, Any], sub_hours: float | None) -> Schedule:
    """The case as a plan: one training and one substitute, made into days by the plan's
    own calendar (``domain.calendar.planned_hours``)."""
    trainings, assignments = [], []
    if None not in (f["training.start"], f["training.end"], f["training.hours_per_week"]):
        weekdays = f.get("training.weekdays") or WORKING_WEEK
        trainings.append({"employee_id": EMPLOYEE, "start": f["training.start"],
                          "end": f["training.end"], "weekdays": weekdays,
                          "hours_per_day": div_round(centi(f["training.hours_per_week"]),
                                                     len(weekdays))})
    sub_start, sub_end = f["substitute.start"], f["substitute.end"]
    if sub_start is not None and sub_end is not None and sub_hours is not None:
        assignments.append({"substitute_id": SUBSTITUTE, "start": sub_start, "end": sub_end,
                            "hours_per_week": centi(sub_hours)})
    days = [d for row in trainings + assignments for d in (row["start"], row["end"])]
    hours = planned_hours(trainings, assignments, min(days), max(days)) if days else {}
    subs = () if sub_start is None or sub_end is None else (
        Substitute(str(SUBSTITUTE), sub_start, sub_end,
                   {d: h for d, h in hours.get(SUBSTITUTE, {}).items() if h},
                   (str(EMPLOYEE),), f.get("substitute.benefit")),)
    training = {d: h for d, h in hours.get(EMPLOYEE, {}).items() if h}
    return Schedule(f.get("employer.sector") or "private", {str(EMPLOYEE): training}, subs,
                    frozenset({str(EMPLOYEE)}))


def _wages(days: Mapping[dt.date, float], hourly: int | None) -> int | None:
    if hourly is None:
        return None
    return div_round(sum(centi(h) for h in days.values()) * hourly, 100)


def _lines(schedule: Schedule, rates: _Recorder, kind: str,
           frequency: str) -> list[Line] | None:
    try:
        return kind_lines(schedule, rates, kind, frequency)
    except RateUnknown:
        return None  # "sats ikke kendt": the reason is in the recorded uses


CACHE_SIZE = 4096  # priced cases kept per parameter set: a page asks for the same again


def price_case(facts: Mapping[str, Any], params: Any, public_centi: int | None,
               used: list[tuple[str, dt.date]]) -> dict[str, Any]:
    """Every period total of one case in øre (None where an input or a rate is missing),
    and ``estimate``: whether a line rests on a derived or (L) rate. The same inputs with
    the same parameter set give the same answer, so it is kept (``ParameterSet.priced``)
    with the parameters it read."""
    key = (*(facts.get(name) for name in INPUTS), public_centi)
    cache = getattr(params, "priced", None)
    if cache is not None and key in cache:
        kept, kept_reads = cache[key]
        used.extend(kept_reads)
        return dict(kept)
    reads: list[tuple[str, dt.date]] = []
    out = _price_case(facts, params, public_centi, reads)
    used.extend(reads)
    if cache is not None:
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        cache[key] = (dict(out), tuple(reads))
    return out


def _price_case(facts: Mapping[str, Any], params: Any, public_centi: int | None,
                used: list[tuple[str, dt.date]]) -> dict[str, Any]:
    f = {name: facts.get(name) for name in INPUTS}
    rates = _Recorder(params, used)
    frequency = f["rotation.pay_frequency"] or "monthly"
    training_given = None not in (f["training.start"], f["training.end"],
                                  f["training.hours_per_week"])
    sub_given = None not in (f["substitute.start"], f["substitute.end"],
                             f["substitute.hours_per_week"])
    public = f["employer.sector"] == "public"
    plain = _schedule(f, f["substitute.hours_per_week"])
    # A public løntilskud job's hours are fixed from the benefit (LAB §§ 71-72, STAR).
    fixed = _schedule(f, None if public_centi is None else hours_of(public_centi)) \
        if public else plain
    found: dict[str, list[Line] | None] = {}
    if training_given and sub_given:
        found["route1_total"] = _lines(plain, rates, JOBROTATION, frequency)
        if f["employer.sector"] is not None and (not public or public_centi is not None):
            found["route2_wage_subsidy_total"] = _lines(fixed, rates, WAGE_SUBSIDY, frequency)
    if training_given:
        found["route2_veu_total"] = _lines(plain, rates, VEU, frequency)
    out: dict[str, Any] = dict.fromkeys(ITEMS)
    for item, lines in found.items():
        if lines is not None:
            out[item] = sum(line.amount for line in lines)
    if training_given:
        out["employee_wages_total"] = _wages(plain.training[str(EMPLOYEE)],
                                             f["employee.hourly_wage"])
    if sub_given:
        out["substitute_wages_total"] = _wages(plain.substitutes[0].hours,
                                               f["substitute.hourly_wage"])
        out["route2_substitute_wages_total"] = out["substitute_wages_total"]
        if public:
            out["route2_substitute_wages_total"] = None if public_centi is None else \
                _public_wages(fixed, rates, frequency)
    out["estimate"] = any(v.estimate for v in rates.values)
    return out


def _public_wages(schedule: Schedule, rates: _Recorder, frequency: str) -> int | None:
    """The public løntilskud wage: the fixed hours × the public maximum hourly wage in
    force each day, priced per pay period like a claim."""
    sub = schedule.substitutes[0]
    try:
        lines = price_hours({(sub.id, d): centi(h) for d, h in sub.hours.items()}, "løn",
                            "wage_subsidy.public_max_hourly_wage", rates, frequency)
    except RateUnknown:
        return None
    return sum(line.amount for line in lines)


_STRUCT = pl.Struct({**{item: pl.Int64 for item in ITEMS}, "estimate": pl.Boolean})


@dataclass(frozen=True, eq=False)
class PricedCase(Expr):
    """All period totals of a case at once (see ``price_case``); ``public_hours`` is the
    expression for the fixed weekly centi-hours of a public løntilskud job."""

    public_hours: Expr

    def inputs(self) -> set[str]:
        return set(INPUTS) | self.public_hours.inputs()

    def parameters(self) -> set[str]:
        return {"rate.jobrotation_hourly", "payment.max_weekly_hours", "payment.max_weeks",
                "payment.max_hours", "veu.max_daily_hours", "veu.max_weekly_hours",
                "rate.veu_weekly", "hours.standard_week"} | self.public_hours.parameters()

    def render(self) -> str:
        return f"pris dag for dag[{self.public_hours.render()}]"


@dataclass(frozen=True, eq=False)
class Priced(Expr):
    """One period total of a case, read from its ``PricedCase``."""

    case: PricedCase
    item: str

    def render(self) -> str:
        return f"{self.item}[{self.case.render()}]"


@run_py.rule(PricedCase)
def _priced_case_py(e: PricedCase) -> PyFn:
    hours = run_py.compile_py(e.public_hours)
    key = id(e)

    def run(c: Context) -> Any:
        if key not in c.memo:
            public = c.facts.get("employer.sector") == "public"
            c.memo[key] = price_case(c.facts, c.params, hours(c) if public else None, c.used)
        return c.memo[key]

    return run


@run_polars.rule(PricedCase)
def _priced_case_polars(e: PricedCase, params: ParameterLookup) -> pl.Expr:
    rates = getattr(params, "params", params)
    columns = [pl.col(name) for name in INPUTS]
    hours = run_polars.to_polars(e.public_hours, params).alias(PUBLIC_HOURS)

    def batch(series: pl.Series) -> pl.Series:
        cache: dict[tuple[Any, ...], dict[str, Any]] = {}
        out = []
        for row in series.to_list():
            key = tuple(row.values())
            if key not in cache:
                cache[key] = price_case(row, rates, row[PUBLIC_HOURS], [])
            out.append(cache[key])
        return pl.Series(out, dtype=_STRUCT)

    return pl.struct(*columns, hours).map_batches(batch, return_dtype=_STRUCT)


@run_py.rule(Priced)
def _priced_py(e: Priced) -> PyFn:
    case, item = run_py.compile_py(e.case), e.item
    return lambda c: case(c)[item]


@run_polars.rule(Priced)
def _priced_polars(e: Priced, params: ParameterLookup) -> pl.Expr:
    return run_polars.to_polars(e.case, params).struct.field(e.item)
