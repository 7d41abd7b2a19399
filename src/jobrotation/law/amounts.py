"""The amounts of a case, in integer øre, written once as expressions.

Weekly amounts use the rates in force when the training starts (the guide's weekly
comparison). Period totals price each calendar day at the rate in force that day, so a
span across 1 January is split (``ParamTimesDays``); weekly hours are spread evenly over
the 7 days of a week. Every amount is rounded once, half-up, by ``DivRound``.

These are what each subsidy would pay; the route verdicts say whether it may be paid.
Route 2's totals count VEU only where VEU's own conditions hold (``veu_holds``). A
project's exact amounts from its day-by-day schedule are in ``schedule``.
"""

from __future__ import annotations

from jobrotation.law.conditions import (
    CONDITIONS,
    SECTOR,
    SUB_END,
    SUB_START,
    TRAINING_END,
    TRAINING_START,
    VEU,
    Condition,
    last_paid_day,
    wage_subsidy_months,
)
from jobrotation.law.expr import (
    AddDays,
    Centi,
    DaysBetween,
    DivRound,
    Expr,
    ParamTimesDays,
    all_of,
    any_of,
    fact,
    maximum,
    minimum,
    param,
    when,
)

TRAINING_HOURS = fact("training.hours_per_week")
SUB_HOURS = fact("substitute.hours_per_week")
HUNDRED = 100  # øre per krone and centi-hours per hour: the unit conversion, not a rate


def _at_start(name: str) -> Expr:
    return param(name, TRAINING_START)


def _wage_subsidy_rate_name(public: bool) -> str:
    return "rate.wage_subsidy_public_hourly" if public else "rate.wage_subsidy_private_hourly"


# Route 1: hour for hour while a substitute is employed, at most 37 hours a week (§ 152).
route1_hours_week = minimum(TRAINING_HOURS, SUB_HOURS, _at_start("payment.max_weekly_hours"))
route1_week = DivRound(_at_start("rate.jobrotation_hourly") * Centi(route1_hours_week), HUNDRED)

# Route 2: løntilskud per substitute hour, by sector (LAB kap. 12).
route2_wage_subsidy_week = DivRound(
    when(SECTOR.eq("public"), _at_start(_wage_subsidy_rate_name(True)),
         _at_start(_wage_subsidy_rate_name(False))) * Centi(SUB_HOURS), HUNDRED)

# VEU: the weekly rate for a full week, per hour as weekly / 37, at most 37 a week.
veu_hours_week = minimum(TRAINING_HOURS, _at_start("veu.max_weekly_hours"))
route2_veu_week = DivRound(_at_start("rate.veu_weekly") * Centi(veu_hours_week),
                           Centi(_at_start("hours.standard_week")))

# Period totals. Route 1 is paid while training and substitute overlap, at most 26 weeks
# from the substitute's start (the 962-hour cap is 26 × 37, so it never binds first).
route1_paid_start = maximum(TRAINING_START, SUB_START)
route1_paid_end = minimum(
    TRAINING_END, SUB_END,
    AddDays(SUB_START, param("payment.max_weeks", SUB_START) * 7 - 1))
route1_total = DivRound(
    ParamTimesDays("rate.jobrotation_hourly", route1_paid_start, route1_paid_end)
    * Centi(route1_hours_week), 7 * HUNDRED)

_subsidy_end = minimum(SUB_END, last_paid_day(SUB_START, wage_subsidy_months()))
route2_wage_subsidy_total = DivRound(
    when(SECTOR.eq("public"),
         ParamTimesDays(_wage_subsidy_rate_name(True), SUB_START, _subsidy_end),
         ParamTimesDays(_wage_subsidy_rate_name(False), SUB_START, _subsidy_end))
    * Centi(SUB_HOURS), 7 * HUNDRED)

route2_veu_total = DivRound(
    ParamTimesDays("rate.veu_weekly", TRAINING_START, TRAINING_END) * Centi(veu_hours_week),
    Centi(_at_start("hours.standard_week")) * 7)

# The employer's costs for a week (wages are øre per hour).
employee_wage_week = DivRound(fact("employee.hourly_wage") * Centi(TRAINING_HOURS), HUNDRED)
substitute_wage_week = DivRound(fact("substitute.hourly_wage") * Centi(SUB_HOURS), HUNDRED)
# A public employer pays a substitute in løntilskud a wage equal to the benefit.
route2_substitute_wage_week = when(
    SECTOR.eq("public"),
    DivRound(fact("substitute.monthly_benefit") * Centi(SUB_HOURS),
             Centi(_at_start("hours.standard_month"))),
    substitute_wage_week)

# The same costs over the whole period: days × weekly amount / 7, rounded once.
_training_days = DaysBetween(TRAINING_START, TRAINING_END) + 1
_substitute_days = DaysBetween(SUB_START, SUB_END) + 1
employee_wages_total = DivRound(fact("employee.hourly_wage") * Centi(TRAINING_HOURS)
                                * _training_days, 7 * HUNDRED)
substitute_wages_total = DivRound(fact("substitute.hourly_wage") * Centi(SUB_HOURS)
                                  * _substitute_days, 7 * HUNDRED)
route2_substitute_wages_total = when(
    SECTOR.eq("public"),
    DivRound(fact("substitute.monthly_benefit") * Centi(SUB_HOURS) * _substitute_days,
             Centi(_at_start("hours.standard_month")) * 7),
    substitute_wages_total)


def _holds(c: Condition) -> Expr:
    """True where the condition is met or not applicable; false where it fails or is
    unknown (a missing input never pays a subsidy)."""
    ok = c.test if c.applies is None else any_of(~c.applies, c.test)
    return all_of(ok, ok.is_given())


# VEU's verdict is its own conditions (route 2's are judged separately).
veu_holds = all_of(*(_holds(c) for c in CONDITIONS if VEU in c.blocks))
route2_week = route2_wage_subsidy_week + when(veu_holds, route2_veu_week, 0)
route2_total = route2_wage_subsidy_total + when(veu_holds, route2_veu_total, 0)

AMOUNTS: dict[str, Expr] = {
    "route1_week": route1_week,
    "route2_wage_subsidy_week": route2_wage_subsidy_week,
    "route2_veu_week": route2_veu_week,
    "route1_total": route1_total,
    "route2_wage_subsidy_total": route2_wage_subsidy_total,
    "route2_veu_total": route2_veu_total,
    "employee_wage_week": employee_wage_week,
    "substitute_wage_week": substitute_wage_week,
    "route2_substitute_wage_week": route2_substitute_wage_week,
    "employee_wages_total": employee_wages_total,
    "substitute_wages_total": substitute_wages_total,
    "route2_substitute_wages_total": route2_substitute_wages_total,
    "course_fee": fact("training.course_fee"),
    "route2_week": route2_week,
    "route2_total": route2_total,
    "route1_net_cost_week": employee_wage_week + substitute_wage_week - route1_week,
    "route2_net_cost_week": employee_wage_week + route2_substitute_wage_week - route2_week,
    "route1_net_cost_total": employee_wages_total + substitute_wages_total
    + fact("training.course_fee") - route1_total,
    "route2_net_cost_total": employee_wages_total + route2_substitute_wages_total
    + fact("training.course_fee") - route2_total,
}

AMOUNT_LABELS = {
    "route1_week": "Jobrotationsydelse pr. uge",
    "route2_wage_subsidy_week": "Løntilskud pr. uge",
    "route2_veu_week": "VEU-godtgørelse pr. uge",
    "route1_total": "Jobrotationsydelse i alt (skøn over perioden)",
    "route2_wage_subsidy_total": "Løntilskud i alt (skøn over perioden)",
    "route2_veu_total": "VEU-godtgørelse i alt (skøn over perioden)",
    "employee_wage_week": "Løn til medarbejderen i uddannelse pr. uge",
    "substitute_wage_week": "Løn til vikaren pr. uge",
    "route2_substitute_wage_week": "Løn til vikaren med løntilskud pr. uge",
    "employee_wages_total": "Løn til medarbejderen i uddannelsesperioden",
    "substitute_wages_total": "Løn til vikaren i ansættelsesperioden",
    "route2_substitute_wages_total": "Løn til vikaren med løntilskud i ansættelsesperioden",
    "course_fee": "Deltagerbetaling og udgifter til uddannelsen",
    "route2_week": "Løntilskud og VEU-godtgørelse pr. uge",
    "route2_total": "Løntilskud og VEU-godtgørelse i alt (skøn over perioden)",
    "route1_net_cost_week": "Arbejdsgiverens nettoudgift pr. uge, jobrotationsydelse",
    "route2_net_cost_week": "Arbejdsgiverens nettoudgift pr. uge, løntilskud",
    "route1_net_cost_total": "Arbejdsgiverens nettoudgift i alt, jobrotationsydelse",
    "route2_net_cost_total": "Arbejdsgiverens nettoudgift i alt, løntilskud",
}
