"""The amounts of a case, in integer øre, written once as expressions.

Weekly amounts use the rates in force when the training starts (the guide's weekly
comparison). Period totals are priced day by day by the claim engine over the plan's
calendar (``pricing``): working days, public holidays off, each day at its own rate,
summed per pay period and rounded once per line, half-up, like a claim. So a case's
estimate is the sum of the claims of the pay runs that follow it.

These are what each subsidy would pay; the route verdicts say whether it may be paid.
Route 2's totals count VEU only where VEU's own conditions hold (``veu_holds``).

A public løntilskud job has fixed weekly hours (LAB §§ 71-72 as STAR computes them):
monthly benefit / 160,33 × 37 / 0,92 / the public maximum hourly wage, to 2 decimals,
half-up; its wage is those hours × the maximum hourly wage, and its subsidy those hours ×
the rate for the substitute's benefit group.
"""

from __future__ import annotations

from jobrotation.law.conditions import (
    BENEFIT,
    CONDITIONS,
    SECTOR,
    SUB_START,
    TRAINING_START,
    VEU,
    Condition,
)
from jobrotation.law.expr import (
    Centi,
    DivRound,
    Expr,
    all_of,
    any_of,
    fact,
    minimum,
    param,
    when,
)
from jobrotation.law.pricing import Priced, PricedCase
from jobrotation.law.schedule import wage_subsidy_rate

TRAINING_HOURS = fact("training.hours_per_week")
SUB_HOURS = fact("substitute.hours_per_week")
HUNDRED = 100  # øre per krone and centi-hours per hour: the unit conversion, not a rate
PUBLIC = SECTOR.eq("public")


def _at_start(name: str) -> Expr:
    return param(name, TRAINING_START)


# The fixed weekly hours of a public løntilskud job, in centi-hours (LAB §§ 71-72):
# benefit × 37 / 160,33 / 92 % / maximum hourly wage, all as integers, rounded once.
public_hours = DivRound(
    fact("substitute.monthly_benefit") * Centi(param("hours.standard_week", SUB_START))
    * HUNDRED * HUNDRED,
    Centi(param("hours.standard_month", SUB_START))
    * param("wage_subsidy.public_hours_net_percent", SUB_START)
    * param("wage_subsidy.public_max_hourly_wage", SUB_START))
route2_substitute_centi = when(PUBLIC, public_hours, Centi(SUB_HOURS))

# Route 1: hour for hour while a substitute is employed, at most 37 hours a week (§ 152).
route1_hours_week = minimum(TRAINING_HOURS, SUB_HOURS, _at_start("payment.max_weekly_hours"))
route1_week = DivRound(_at_start("rate.jobrotation_hourly") * Centi(route1_hours_week), HUNDRED)

# Route 2: løntilskud per substitute hour, by sector and benefit group (LAB kap. 12).
_public_rate = when(BENEFIT.eq("dagpenge"),
                    _at_start(wage_subsidy_rate("public", "dagpenge")),
                    _at_start(wage_subsidy_rate("public", "kontanthjaelp")))
route2_wage_subsidy_rate = when(PUBLIC, _public_rate,
                                _at_start(wage_subsidy_rate("private", None)))
route2_wage_subsidy_week = DivRound(route2_wage_subsidy_rate * route2_substitute_centi, HUNDRED)
# The guide's weekly table prices løntilskud "for 37 timer": the rate × the hours given.
wage_subsidy_week_for_hours = DivRound(route2_wage_subsidy_rate * Centi(SUB_HOURS), HUNDRED)

# VEU: the weekly rate for a full week, per hour as weekly / 37, at most 37 a week.
veu_hours_week = minimum(TRAINING_HOURS, _at_start("veu.max_weekly_hours"))
route2_veu_week = DivRound(_at_start("rate.veu_weekly") * Centi(veu_hours_week),
                           Centi(_at_start("hours.standard_week")))

# Period totals, day by day (``pricing``).
PRICED = PricedCase(public_hours)
route1_total = Priced(PRICED, "route1_total")
route2_wage_subsidy_total = Priced(PRICED, "route2_wage_subsidy_total")
route2_veu_total = Priced(PRICED, "route2_veu_total")
employee_wages_total = Priced(PRICED, "employee_wages_total")
substitute_wages_total = Priced(PRICED, "substitute_wages_total")
route2_substitute_wages_total = Priced(PRICED, "route2_substitute_wages_total")

# The employer's costs for a week (wages are øre per hour).
employee_wage_week = DivRound(fact("employee.hourly_wage") * Centi(TRAINING_HOURS), HUNDRED)
substitute_wage_week = DivRound(fact("substitute.hourly_wage") * Centi(SUB_HOURS), HUNDRED)
# A public employer pays a substitute in løntilskud the fixed hours × the maximum wage.
route2_substitute_wage_week = when(
    PUBLIC,
    DivRound(public_hours * param("wage_subsidy.public_max_hourly_wage", SUB_START), HUNDRED),
    substitute_wage_week)


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
