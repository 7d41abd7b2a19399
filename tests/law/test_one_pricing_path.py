"""One pricing path: a case's estimate is the sum of the claims of pay runs that follow it.

Hypothesis draws plans across 1 January and Easter: a training (start, length, hours a
day, weekdays) and a substitute (start, end, hours a week). The case built from the plan
is priced by ``evaluate``; the same plan becomes monthly pay runs the way the web's pay
form fills them (``domain.calendar.planned_hours`` for the month), and each month's claim
is computed as the claim service does: the history so far, priced for that month alone.
The two must agree to the øre, in both routes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobrotation.domain.calendar import planned_hours
from jobrotation.law.case import evaluate
from jobrotation.law.parameters import default_parameters
from jobrotation.law.schedule import (
    VEU,
    WAGE_SUBSIDY,
    Schedule,
    Substitute,
    claim_lines,
    pay_periods,
)

PARAMS = default_parameters()
BASE = yaml.safe_load((Path(__file__).parent / "base_case.yaml").read_text(encoding="utf-8"))
EXAMPLES = Path(__file__).parents[2] / "examples"
# Around 1 January (a rate change) and Easter (public holidays) of years with rates.
ANCHORS = [dt.date(2023, 12, 1), dt.date(2024, 3, 18), dt.date(2024, 12, 2),
           dt.date(2025, 4, 7), dt.date(2025, 12, 8), dt.date(2019, 4, 8), dt.date(2021, 3, 22)]


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    anchor = draw(st.sampled_from(ANCHORS))
    start = anchor + dt.timedelta(days=draw(st.integers(-20, 20)))
    end = start + dt.timedelta(days=draw(st.integers(0, 120)))
    sub_start = start + dt.timedelta(days=draw(st.integers(-10, 30)))
    sub_end = max(sub_start, end + dt.timedelta(days=draw(st.integers(-30, 200))))
    return {
        "training": {"employee_id": 1, "start": start, "end": end,
                     "weekdays": draw(st.sampled_from(["12345", "1234", "135", "123456"])),
                     "hours_per_day": draw(st.sampled_from([740, 800, 370, 500, 925]))},
        "assignment": {"substitute_id": 2, "start": sub_start, "end": sub_end,
                       "hours_per_week": draw(st.sampled_from([3700, 1000, 2960, 4000, 3333]))},
        "sector": draw(st.sampled_from(["private", "public"])),
    }


def case_of(plan: dict[str, Any]) -> dict[str, Any]:
    t, a = plan["training"], plan["assignment"]
    return {**BASE, "employer.sector": plan["sector"],
            "training.start": t["start"], "training.end": t["end"],
            "training.weekdays": t["weekdays"],
            "training.hours_per_week": t["hours_per_day"] * len(t["weekdays"]) / 100,
            "substitute.start": a["start"], "substitute.end": a["end"],
            "substitute.hours_per_week": a["hours_per_week"] / 100,
            "employee.employed_since": dt.date(2015, 1, 1),
            "employee.education_last_used": dt.date(2015, 1, 1)}


def claims_total(plan: dict[str, Any], route: str, kinds: tuple[str, ...] | None = None) -> int:
    """Monthly pay runs that follow the plan, each claimed with the history so far."""
    t, a = plan["training"], plan["assignment"]
    first, last = min(t["start"], a["start"]), max(t["end"], a["end"])
    recorded: dict[int, dict[dt.date, float]] = {}
    total = 0
    for period in pay_periods(first, last, "monthly"):
        for person, days in planned_hours([t], [a], *period).items():
            recorded.setdefault(person, {}).update(days)
        schedule = Schedule(plan["sector"], {"1": recorded.get(1, {})}, (Substitute(
            "2", a["start"], a["end"], recorded.get(2, {}), ("1",), "dagpenge"),),
            frozenset({"1"}))
        total += sum(line.amount for line in claim_lines(schedule, PARAMS, route,
                                                         periods=[period])
                     if kinds is None or line.kind in kinds)
    return total


@settings(max_examples=150, deadline=None, derandomize=True)
@given(plans())
def test_route_1_estimate_is_the_sum_of_its_claims(plan: dict[str, Any]) -> None:
    estimate = evaluate(case_of(plan), PARAMS).amounts["route1_total"]
    assert estimate == claims_total(plan, "route1")


@settings(max_examples=150, deadline=None, derandomize=True)
@given(plans().filter(lambda p: p["sector"] == "private"))
def test_route_2_estimate_is_the_sum_of_its_claims(plan: dict[str, Any]) -> None:
    # A public løntilskud job's hours are fixed from the benefit, not the typed ones, so
    # route 2 is compared where the plan's hours are the job's hours.
    amounts = evaluate(case_of(plan), PARAMS).amounts
    assert amounts["route2_wage_subsidy_total"] == claims_total(plan, "route2", (WAGE_SUBSIDY,))
    assert amounts["route2_veu_total"] == claims_total(plan, "route2", (VEU,))


def test_example_01_shows_the_same_route_1_total_as_its_claims() -> None:
    case = yaml.safe_load((EXAMPLES / "01_privat_metal_cnc_amu.yaml").read_text("utf-8"))
    estimate = evaluate(case, PARAMS).amounts["route1_total"]
    plan = {"sector": "private",
            "training": {"employee_id": 1, "start": case["training"]["start"],
                         "end": case["training"]["end"], "weekdays": "12345",
                         "hours_per_day": 740},
            "assignment": {"substitute_id": 2, "start": case["substitute"]["start"],
                           "end": case["substitute"]["end"], "hours_per_week": 3700}}
    assert estimate == claims_total(plan, "route1") == 8720057  # 87.200,57 kr.


def test_september_2024_course_is_priced_on_working_days() -> None:
    """2–27 September 2024 at 37 hours: 20 working days × 7,4 = 148 hours × 203,17."""
    case = {**BASE, "training.start": dt.date(2024, 9, 2), "training.end": dt.date(2024, 9, 27),
            "substitute.start": dt.date(2024, 9, 2), "substitute.end": dt.date(2024, 9, 27)}
    assert evaluate(case, PARAMS).amounts["route1_total"] == 3006916  # 30.069,16 kr.
