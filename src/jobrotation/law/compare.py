"""The guide's weekly comparison of the two routes, and the scheme's status on a date.

The comparison evaluates the same amount expressions as a case (``amounts``) on a
minimal case: a sector, a week's hours and the first day of the year, with VEU assumed
available (as in the guide's table). For 2024 at 37 hours it gives 7.517,29 kr. in
route 1 and 4.700,00 + 3.290,04 (private) / 4.777,81 (public) kr. in route 2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jobrotation.domain.errors import InvalidInput, RateUnknown
from jobrotation.law.amounts import AMOUNTS
from jobrotation.law.expr import Context
from jobrotation.law.parameters import ParameterSet

RATES = ("rate.jobrotation_hourly", "rate.veu_weekly", "rate.wage_subsidy_private_hourly",
         "rate.wage_subsidy_public_hourly")


@dataclass(frozen=True)
class WeeklyComparison:
    year: int
    sector: str
    hours: float
    route1: int  # jobrotationsydelse, øre per week
    veu: int
    wage_subsidy: int
    estimates: tuple[str, ...]  # descriptions of (L) values used

    @property
    def route2(self) -> int:
        return self.veu + self.wage_subsidy


def weekly_comparison(params: ParameterSet, year: int, sector: str,
                      hours: float | None = None) -> WeeklyComparison:
    """Both routes' weekly subsidy for ``hours`` a week (default: the standard week, as in
    the guide's table), rates as of 1 January ``year``."""
    day = dt.date(year, 1, 1)
    if hours is None:
        hours = standard_week(params, year)
    if sector not in ("private", "public"):
        raise InvalidInput("Sektor skal være 'private' (privat) eller 'public' (offentlig)")
    if not 0 < hours <= 168:
        raise InvalidInput("Timer pr. uge skal være mellem 0 og 168")
    facts = {"training.start": day, "training.hours_per_week": hours,
             "substitute.hours_per_week": hours, "employer.sector": sector}
    ctx = Context(facts, params)
    names = ("route1_week", "route2_veu_week", "route2_wage_subsidy_week")
    values = {n: AMOUNTS[n].compile_py()(ctx) for n in names}
    for name, used_day in ctx.used:
        if params.periods(name) and _value(params, name, used_day) is None:
            raise RateUnknown(name, used_day, params[name].description)
    estimates = tuple(dict.fromkeys(
        params[n].description for n, d in ctx.used if params[n].at(d).confidence == "L"))
    return WeeklyComparison(year, sector, hours, values["route1_week"],
                            values["route2_veu_week"], values["route2_wage_subsidy_week"],
                            estimates)


def standard_week(params: ParameterSet, year: int) -> float:
    """The hours of a standard week (``hours.standard_week``) in ``year``."""
    return float(params.value_at("hours.standard_week", dt.date(year, 1, 1)))


def _value(params: ParameterSet, name: str, day: dt.date) -> object:
    for start, _end, value in reversed(params.periods(name)):
        if start <= day:
            return value
    return None


def newest_known_year(params: ParameterSet) -> int:
    """The newest year in which every rate of the comparison is known and not an estimate."""
    years = sorted({v.start.year for n in RATES for v in params[n].values}, reverse=True)
    for year in years:
        day = dt.date(year, 1, 1)
        try:
            if all(params[n].at(day).confidence != "L" for n in RATES):
                return year
        except RateUnknown:
            continue
    raise RateUnknown(RATES[0], dt.date(years[-1], 1, 1), "ingen år med alle satser kendt")


@dataclass(frozen=True)
class SchemeStatus:
    state: str  # "open" | "closing" | "closed"
    last_start: dt.date | None  # the last day a course may start, when known
    source: str
    confidence: str

    @property
    def label(self) -> str:
        return {"open": "åben", "closing": "under afvikling — åben for nye forløb til og med",
                "closed": "lukket for nye forløb"}[self.state]

    def sentence(self) -> str:
        """The banner text, in Danish."""
        if self.state == "open":
            return "Jobrotation er åben for nye forløb."
        end = self.last_start.strftime("%d.%m.%Y") if self.last_start else "ukendt"
        if self.state == "closing":
            return (f"Jobrotation afskaffes: nye forløb skal begynde senest {end}. "
                    f"Påbegyndte forløb kan gennemføres. Kilde: {self.source}")
        return (f"Jobrotation er lukket for nye forløb (sidste startdag {end}). Påbegyndte "
                f"forløb kan gennemføres, og krav for dem kan stadig indsendes. "
                f"Kilde: {self.source}")


def scheme_status(params: ParameterSet, day: dt.date) -> SchemeStatus:
    """Open, closing (an end is decided) or closed for new starts on ``day``."""
    p = params["scheme.open_for_new_starts"]
    current = p.at(day)
    closing = next((v for v in p.values if v.start > day and v.value is False), None)
    if current.value is False:
        return SchemeStatus("closed", current.start - dt.timedelta(days=1), current.source,
                            current.confidence)
    if closing is not None and params.value_at("scheme.abolition_adopted", day):
        return SchemeStatus("closing", closing.start - dt.timedelta(days=1), closing.source,
                            closing.confidence)
    return SchemeStatus("open", None, current.source, current.confidence)
