"""Rates derived by formula where no official figure is known.

A parameter value in ``parameters/*.yaml`` is either *attested* (a number with its
source) or *derived*: ``{derive: FORMULA, ...}`` names one of the formulas below, and the
value is computed from other parameters when the set is loaded (again for a what-if, so a
reform of the inputs moves the derived rates with them). A derived value is an estimate
whatever its confidence; every answer that uses one says "beregnet efter formel, ikke
offentliggjort". The formulas reproduce the attested figures (``../shared/domain.md``
§ 4a; the test ``test_derivations`` re-derives them), so a wrong input shows at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jobrotation.domain.units import kroner, percent, to_ore

# (name, day) → the value in force, in the rules' units (øre, hours, Decimal percent).
Lookup = Callable[[str, dt.date], Any]

DAGPENGE = "rate.max_dagpenge_monthly"
SATSREGULERING = "rate.satsreguleringsprocent"
CENT = Decimal("0.01")
# The dagpenge law's calendar: 12 months = 52 weeks = 260 working days (5 a week).
MONTHS, WEEKS, WORKING_DAYS, DAYS_A_WEEK = 12, 52, 260, 5


@dataclass(frozen=True)
class Formula:
    id: str
    text: str  # Danish, as shown with a derived value
    inputs: Callable[[str, dt.date], tuple[tuple[str, dt.date], ...]]
    compute: Callable[[Lookup, str, dt.date], int]  # the value in øre


def _jobrotation_from_dagpenge(get: Lookup, name: str, day: dt.date) -> int:
    """LAB § 152 (since 1.1.2020): the ydelse per hour is a percentage of the maximum
    dagpenge, per week (per month × 12/52) over a standard week."""
    weekly = kroner(get(DAGPENGE, day)) * MONTHS / WEEKS
    share = percent(get("rate.jobrotation_percent_of_dagpenge", day))
    hours = Decimal(str(get("hours.standard_week", day)))
    return to_ore((weekly * share / hours).quantize(CENT, rounding=ROUND_HALF_UP))


def _veu_from_dagpenge(get: Lookup, name: str, day: dt.date) -> int:
    """VEU-godtgørelsesloven: a week of VEU is 5 days of the maximum dagpenge per day
    (per month × 12 / 260, rounded to whole kroner)."""
    daily = (kroner(get(DAGPENGE, day)) * MONTHS / WORKING_DAYS).quantize(
        Decimal(1), rounding=ROUND_HALF_UP)
    return to_ore(daily * DAYS_A_WEEK)


def _uprated(get: Lookup, name: str, day: dt.date) -> int:
    """LAB § 189 / lov om en satsreguleringsprocent: last year's rate × (1 + the year's
    satsreguleringsprocent), to the øre."""
    last = kroner(get(name, day.replace(year=day.year - 1)))
    factor = 1 + percent(get(SATSREGULERING, day))
    return to_ore((last * factor).quantize(CENT, rounding=ROUND_HALF_UP))


def _public_max_wage(get: Lookup, name: str, day: dt.date) -> int:
    """STAR: the public maximum hourly wage in løntilskud is the maximum dagpenge per
    month over the standard month, grossed up for the labour-market contribution."""
    month = Decimal(str(get("hours.standard_month", day)))
    share = percent(get("wage_subsidy.public_hours_net_percent", day))
    return to_ore((kroner(get(DAGPENGE, day)) / (month * share)).quantize(
        CENT, rounding=ROUND_HALF_UP))


FORMULAS: dict[str, Formula] = {f.id: f for f in (
    Formula("jobrotation_from_dagpenge",
            "højeste dagpenge pr. måned × 12/52 × {rate.jobrotation_percent_of_dagpenge} % "
            "/ {hours.standard_week} timer",
            lambda name, day: ((DAGPENGE, day), ("rate.jobrotation_percent_of_dagpenge", day),
                               ("hours.standard_week", day)),
            _jobrotation_from_dagpenge),
    Formula("veu_from_dagpenge",
            "5 × højeste dagpenge pr. dag (pr. måned × 12 / 260, afrundet til hele kroner)",
            lambda name, day: ((DAGPENGE, day),),
            _veu_from_dagpenge),
    Formula("uprated",
            "sidste års sats × (1 + årets satsreguleringsprocent)",
            lambda name, day: ((name, day.replace(year=day.year - 1)), (SATSREGULERING, day)),
            _uprated),
    Formula("public_max_wage_from_dagpenge",
            "højeste dagpenge pr. måned / ({hours.standard_month} timer × "
            "{wage_subsidy.public_hours_net_percent} %)",
            lambda name, day: ((DAGPENGE, day), ("hours.standard_month", day),
                               ("wage_subsidy.public_hours_net_percent", day)),
            _public_max_wage),
)}
