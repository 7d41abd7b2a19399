"""The guide's weekly comparison of the two routes, and the scheme's status on a date.

The comparison evaluates the same amount expressions as a case (``amounts``) on a
minimal case: a sector, a week's hours and the first day of the year, with VEU assumed
available and a dagpenge-entitled substitute (as in the guide's table, løntilskud "for 37
timer"). For a public employer it also gives the weekly hours a løntilskud job would be
fixed at for a substitute on the maximum dagpenge (``wage_subsidy_hours``). For 2024 at
37 hours it gives 7.517,29 kr. in route 1 and 4.700,00 + 3.290,04 (private) / 4.777,81
(public) kr. in route 2. A part whose rate is not known for the year is ``None`` ("sats
ikke kendt for ÅÅÅÅ"); the other parts are still given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jobrotation.domain.errors import InvalidInput, RateUnknown
from jobrotation.domain.units import hours as hours_of
from jobrotation.law.amounts import AMOUNTS, wage_subsidy_week_for_hours
from jobrotation.law.amounts import public_hours as public_hours_centi
from jobrotation.law.bounds import FIRST_DAY, LAST_DAY, MAX_WEEK_HOURS
from jobrotation.law.case import calculate
from jobrotation.law.parameters import ParameterSet

RATES = ("rate.jobrotation_hourly", "rate.veu_weekly", "rate.wage_subsidy_private_hourly",
         "rate.wage_subsidy_public_hourly")
PARTS = {"route1": AMOUNTS["route1_week"], "veu": AMOUNTS["route2_veu_week"],
         "wage_subsidy": wage_subsidy_week_for_hours}


@dataclass(frozen=True)
class WeeklyComparison:
    year: int
    sector: str
    hours: float
    route1: int | None  # jobrotationsydelse, øre per week; None = rate not known
    veu: int | None
    wage_subsidy: int | None
    estimates: tuple[str, ...]  # warnings for derived and (L) values used
    wage_subsidy_hours: float | None = None  # a public job's hours, fixed from the benefit

    @property
    def route2(self) -> int | None:
        return None if self.veu is None or self.wage_subsidy is None \
            else self.veu + self.wage_subsidy

    @property
    def unknown_text(self) -> str:
        """How a part whose rate is not known reads."""
        return f"sats ikke kendt for {self.year}"


def weekly_comparison(params: ParameterSet, year: int, sector: str,
                      hours: float | None = None) -> WeeklyComparison:
    """Both routes' weekly subsidy for ``hours`` a week (default: the standard week, as in
    the guide's table), rates as of 1 January ``year``."""
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise InvalidInput(f"År: '{year}' skal ligge mellem {FIRST_DAY.year} og "
                           f"{LAST_DAY.year}")
    day = dt.date(year, 1, 1)
    if hours is None:
        hours = standard_week(params, year)
    if sector not in ("private", "public"):
        raise InvalidInput("Sektor skal være 'private' (privat) eller 'public' (offentlig)")
    if not 0 < hours <= MAX_WEEK_HOURS:
        raise InvalidInput(f"Timer pr. uge: '{hours:g}' skal være over 0 og højst "
                           f"{MAX_WEEK_HOURS}")
    facts = {"training.start": day, "training.hours_per_week": hours,
             "substitute.start": day, "substitute.hours_per_week": hours,
             "employer.sector": sector, "substitute.benefit": "dagpenge",
             "substitute.monthly_benefit":
                 params.value_or_none("rate.max_dagpenge_monthly", day)}
    values, uses = calculate(PARTS, facts, params)
    public_hours: float | None = None
    if sector == "public" and facts["substitute.monthly_benefit"] is not None:
        centi = calculate({"hours": public_hours_centi}, facts, params)[0]["hours"]
        public_hours = None if centi is None else hours_of(centi)
    # The same sentences a case's answer gives (derived by formula, or L); a rate not
    # known is a part shown as "sats ikke kendt", not a warning.
    estimates = tuple(dict.fromkeys(u.warning for u in uses
                                    if u.warning and u.value is not None))
    return WeeklyComparison(year, sector, hours, values["route1"], values["veu"],
                            values["wage_subsidy"], estimates, public_hours)


def standard_week(params: ParameterSet, year: int) -> float:
    """The hours of a standard week (``hours.standard_week``) in ``year``."""
    return float(params.value_at("hours.standard_week", dt.date(year, 1, 1)))


def newest_known_year(params: ParameterSet) -> int:
    """The newest year in which every rate of the comparison is known and not an estimate."""
    years = sorted({v.start.year for n in RATES for v in params[n].values}, reverse=True)
    for year in years:
        day = dt.date(year, 1, 1)
        try:
            if not any(params[n].at(day).estimate for n in RATES):
                return year
        except RateUnknown:
            continue
    raise RateUnknown(RATES[0], dt.date(years[-1], 1, 1), "ingen år med alle satser kendt")


@dataclass(frozen=True)
class SchemeStatus:
    """Route 1's lifecycle on a date. Route 2 (løntilskud + VEU, LAB kap. 12) rests on
    other chapters of the law and does not close with jobrotation."""

    state: str  # "open" | "closing" | "closed"
    last_start: dt.date | None  # the last day a course may start, when known
    source: str
    confidence: str
    # The last day a paid hour can fall on: a substitute starting on the last start day,
    # paid for at most payment.max_weeks (LAB § 152). No claim deadline is known.
    last_paid_day: dt.date | None = None
    paid_weeks: int | None = None  # payment.max_weeks on the last start day

    @property
    def label(self) -> str:
        return {"open": "åben", "closing": "under afvikling — åben for nye forløb til og med",
                "closed": "lukket for nye forløb"}[self.state]

    def sentence(self) -> str:
        """The banner text, in Danish: one plain sentence."""
        if self.state == "open":
            return "Jobrotation er åben for nye forløb."
        if self.state == "closing":
            return (f"Jobrotation med jobrotationsydelse afskaffes: nye forløb skal begynde "
                    f"senest {_dmy(self.last_start)}; påbegyndte forløb kan gennemføres, og "
                    f"løntilskud med VEU-godtgørelse (ordning 2) fortsætter.")
        return (f"Jobrotation med jobrotationsydelse er lukket for nye bevillinger (sidste "
                f"startdag {_dmy(self.last_start)}); påbegyndte forløb kan gennemføres, og "
                f"løntilskud med VEU-godtgørelse (ordning 2) er stadig muligt.")

    def details(self) -> str:
        """What lies behind the sentence: the last paid day and the source."""
        paid = (f"Sidste dag med betalte timer: {_dmy(self.last_paid_day)} (en vikar, der "
                f"begynder på sidste startdag, kan få ydelse i højst {self.paid_weeks} uger). "
                f"Krav for påbegyndte forløb kan stadig indsendes; der er ikke fundet nogen "
                f"frist. "
                if self.last_paid_day else "")
        return f"{paid}Kilde: {self.source}"


def _dmy(day: dt.date | None) -> str:
    return f"{day.day}.{day.month}.{day.year}" if day else "ukendt"


def scheme_status(params: ParameterSet, day: dt.date) -> SchemeStatus:
    """Open, closing (an end is decided) or closed for new starts on ``day``."""
    p = params["scheme.open_for_new_starts"]
    current = p.at(day)
    closing = next((v for v in p.values if v.start > day and v.value is False), None)
    if current.value is False:
        last = current.start - dt.timedelta(days=1)
        return SchemeStatus("closed", last, current.source, current.confidence,
                            *_last_paid_day(params, last))
    if closing is not None and params.value_at("scheme.abolition_adopted", day):
        last = closing.start - dt.timedelta(days=1)
        return SchemeStatus("closing", last, closing.source, closing.confidence,
                            *_last_paid_day(params, last))
    return SchemeStatus("open", None, current.source, current.confidence)


def _last_paid_day(params: ParameterSet, last_start: dt.date) -> tuple[dt.date, int]:
    weeks = int(params.value_at("payment.max_weeks", last_start))
    return last_start + dt.timedelta(weeks=weeks) - dt.timedelta(days=1), weeks
