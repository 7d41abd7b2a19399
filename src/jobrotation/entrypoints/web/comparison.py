"""The weekly comparison page's figures: the law's comparison per sector and, with wages,
the employer's net cost per week in both routes (``law.case.evaluate`` on a minimal case,
laid out by ``present.picture``) with a bar chart drawn as SVG on the server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jobrotation.domain import format as fmt
from jobrotation.domain.errors import InvalidInput, RateUnknown
from jobrotation.entrypoints.present import picture
from jobrotation.law.bounds import FIRST_DAY, LAST_DAY
from jobrotation.law.case import evaluate
from jobrotation.law.compare import (
    WeeklyComparison,
    newest_known_year,
    standard_week,
    weekly_comparison,
)
from jobrotation.law.conditions import ROUTE_LABELS
from jobrotation.law.facts import FACTS, as_facts, normalise_value
from jobrotation.law.parameters import ParameterSet

from .lawtext import looks_like_cpr

SECTORS = {"private": "Privat arbejdsgiver", "public": "Offentlig arbejdsgiver"}
SECTOR_CHOICES = (("both", "Både privat og offentlig"), ("private", "Privat"),
                  ("public", "Offentlig"))
# Optional wages: form field → the fact it gives.
WAGES = {"employee_wage": "employee.hourly_wage", "substitute_wage": "substitute.hourly_wage",
         "substitute_benefit": "substitute.monthly_benefit"}
MIN_YEAR, MAX_YEAR = FIRST_DAY.year, LAST_DAY.year
NET_COST = ("route1_net_cost_week", "route2_net_cost_week")


@dataclass
class Inputs:
    raw: dict[str, str]
    year: int | None = None
    sectors: tuple[str, ...] = ()
    hours: float | None = None
    wages: dict[str, int | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def read_inputs(query: Mapping[str, str], params: ParameterSet) -> Inputs:
    raw = {k: str(query.get(k, "")).strip()[:40] for k in ("year", "sector", "hours", *WAGES)}
    raw = {k: "" if looks_like_cpr(v) else v for k, v in raw.items()}
    raw["year"] = raw["year"] or str(newest_known_year(params))
    raw["sector"] = raw["sector"] or "both"
    year = int(raw["year"]) if raw["year"].isdigit() else newest_known_year(params)
    raw["hours"] = raw["hours"] or f"{standard_week(params, year):g}"
    inputs = Inputs(raw)
    if raw["year"].isdigit() and MIN_YEAR <= int(raw["year"]) <= MAX_YEAR:
        inputs.year = int(raw["year"])
    else:
        inputs.errors["year"] = f"Skriv et årstal mellem {MIN_YEAR} og {MAX_YEAR}, fx 2024."
    if raw["sector"] == "both":
        inputs.sectors = tuple(SECTORS)
    elif raw["sector"] in SECTORS:
        inputs.sectors = (raw["sector"],)
    else:
        inputs.errors["sector"] = "Vælg privat, offentlig eller begge."
    try:
        hours = normalise_value(FACTS["substitute.hours_per_week"], raw["hours"])
        if hours is None or not 0 < hours <= 168:
            raise InvalidInput("x")
        inputs.hours = hours
    except InvalidInput:
        inputs.errors["hours"] = "Skriv timer pr. uge som et tal over 0 og højst 168, fx 37."
    for name, fact in WAGES.items():
        try:
            inputs.wages[name] = normalise_value(FACTS[fact], raw[name])
        except InvalidInput:
            inputs.errors[name] = "Skriv beløbet i kroner, fx 245,50."
    return inputs


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    y: float
    width: float
    route: str  # css class


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    height: int
    width: int = 400
    bar_height: int = 24
    left: int = 0


@dataclass
class SectorResult:
    sector: str
    label: str
    comparison: WeeklyComparison | None = None
    rows: list[tuple[str, list[int | None]]] = field(default_factory=list)  # picture, week
    net: tuple[int | None, int | None] | None = None


@dataclass
class Result:
    year: int
    hours: float
    sectors: list[SectorResult]
    unknown: str | None = None  # "Sats ikke kendt for …"
    estimates: list[str] = field(default_factory=list)
    chart: Chart | None = None
    needs_benefit: bool = False


def compute(inputs: Inputs, params: ParameterSet) -> Result | None:
    if inputs.errors or inputs.year is None or inputs.hours is None:
        return None
    result = Result(inputs.year, inputs.hours, [])
    for sector in inputs.sectors:
        part = SectorResult(sector, SECTORS[sector])
        try:
            part.comparison = weekly_comparison(params, inputs.year, sector, inputs.hours)
        except RateUnknown as exc:
            result.unknown = _unknown_text(exc, params)
            return result
        result.estimates += [e for e in part.comparison.estimates if e not in result.estimates]
        if inputs.wages.get("employee_wage") is not None:
            part.rows, part.net = _net_cost(params, inputs, sector)
            result.needs_benefit |= sector == "public" and part.net[1] is None
        result.sectors.append(part)
    result.chart = _chart(result.sectors)
    return result


def _unknown_text(exc: RateUnknown, params: ParameterSet) -> str:
    newest = newest_known_year(params)
    return (f"Sats ikke kendt for {exc.day.year}: {params[exc.name].description.lower()} "
            f"kendes ikke for det år, så ordningerne kan ikke sammenlignes. Det nyeste år, "
            f"hvor alle satser er kendt, er {newest}.")


def _net_cost(params: ParameterSet, inputs: Inputs, sector: str
              ) -> tuple[list[tuple[str, list[int | None]]], tuple[int | None, int | None]]:
    """The employer's week in both routes, with VEU available as in the comparison (the
    course gives VEU and the employee's education is within the VEU ceiling)."""
    assert inputs.year is not None
    day = dt.date(inputs.year, 1, 1)
    facts: dict[str, Any] = {
        "training.start": day, "training.hours_per_week": inputs.hours,
        "substitute.start": day, "substitute.hours_per_week": inputs.hours,
        "employer.sector": sector, "substitute.benefit": "dagpenge",
        "training.veu_eligible": True}
    facts["employee.education_level"] = _veu_ceiling(params, day)
    for name, fact in WAGES.items():
        facts[fact] = inputs.wages.get(name)
    evaluation = evaluate(as_facts(facts), params)
    rows = [(label, cells[:2]) for label, cells in picture(evaluation)]
    return rows, (evaluation.amounts[NET_COST[0]], evaluation.amounts[NET_COST[1]])


def _veu_ceiling(params: ParameterSet, day: dt.date) -> Any:
    try:
        return params.value_at("veu.max_education_level", day)
    except RateUnknown:
        return None


def _chart(parts: list[SectorResult]) -> Chart | None:
    """Horizontal bars, one per sector and route, scaled to the largest net cost."""
    values = [(p.label, route, v) for p in parts if p.net is not None
              for route, v in zip(("route1", "route2"), p.net, strict=True)]
    if not values:
        return None
    top = max((v for _, _, v in values if v is not None and v > 0), default=1)
    chart = Chart((), 0)
    step, span = 64, chart.width - 110  # room for the amount after the bar
    bars = tuple(
        Bar(f"{label}: {ROUTE_LABELS[route]}", v, 20 + i * step,
            max(v, 0) / top * span if v is not None else 0.0, route)
        for i, (label, route, v) in enumerate(values))
    return Chart(bars, 20 + len(bars) * step)


def money(ore: int | None) -> str:
    return fmt.money(ore) if ore is not None else "ukendt"
