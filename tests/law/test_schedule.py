"""Claim lines from a day-by-day schedule: pay periods, rate changes, pooling and caps."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from jobrotation.domain.errors import RateUnknown
from jobrotation.law.parameters import default_parameters
from jobrotation.law.schedule import Schedule, Substitute, claim_lines, route1_hours

PARAMS = default_parameters()


def weekdays(first: dt.date, last: dt.date, hours: float) -> dict[dt.date, float]:
    days = (first + dt.timedelta(n) for n in range((last - first).days + 1))
    return {d: hours for d in days if d.weekday() < 5}


def one_substitute(training: dict[str, dict[dt.date, float]], work: dict[dt.date, float],
                   sector: str = "private", veu: frozenset[str] = frozenset()) -> Schedule:
    sub = Substitute("V1", min(work), max(work), work, tuple(training))
    return Schedule(sector, training, (sub,), veu)


def test_a_pay_period_across_new_year_is_priced_at_each_years_rate():
    days = weekdays(dt.date(2024, 12, 16), dt.date(2025, 1, 17), 7.4)
    lines = claim_lines(one_substitute({"M1": days}, days), PARAMS, "route1")
    december, january = lines
    # December: 12 working days × 7,4 = 88,8 h × 203,17 = 18.041,496 → 18.041,50
    assert december.period == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))
    assert (december.centi_hours, december.rate, december.amount) == (8880, 20317, 1804150)
    assert december.estimate is False
    # January: 13 working days × 7,4 = 96,2 h × 210,48 = 20.248,176 → 20.248,18 (L rate)
    assert january.period == (dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert (january.centi_hours, january.rate, january.amount) == (9620, 21048, 2024818)
    assert january.estimate is True


def test_one_substitute_covering_two_employees_is_paid_at_most_37_hours_a_week():
    week = weekdays(dt.date(2024, 3, 4), dt.date(2024, 3, 8), 4)  # 2 × 20 h training
    work = weekdays(dt.date(2024, 3, 4), dt.date(2024, 3, 8), 7.5)  # 37,5 h
    schedule = one_substitute({"M1": week, "M2": week}, work)
    assert sum(route1_hours(schedule, PARAMS).values()) == 3700
    [line] = claim_lines(schedule, PARAMS, "route1")
    assert (line.person, line.centi_hours, line.amount) == ("V1", 3700, 751729)


def test_training_hours_beyond_the_substitutes_hours_earn_nothing():
    week = weekdays(dt.date(2024, 3, 11), dt.date(2024, 3, 15), 3)  # 2 × 15 h training
    work = weekdays(dt.date(2024, 3, 11), dt.date(2024, 3, 15), 4)  # 20 h
    [line] = claim_lines(one_substitute({"M1": week, "M2": week}, work), PARAMS, "route1")
    assert (line.centi_hours, line.amount) == (2000, 406340)  # 20 × 203,17


def test_substitute_hours_beyond_the_training_hours_earn_nothing():
    week = weekdays(dt.date(2024, 3, 11), dt.date(2024, 3, 15), 3)  # 15 h training
    work = weekdays(dt.date(2024, 3, 11), dt.date(2024, 3, 15), 7.4)  # 37 h
    [line] = claim_lines(one_substitute({"M1": week}, work), PARAMS, "route1")
    assert line.centi_hours == 1500


def test_training_outside_the_substitutes_employment_earns_nothing():
    training = weekdays(dt.date(2024, 3, 4), dt.date(2024, 3, 15), 7.4)
    work = weekdays(dt.date(2024, 3, 11), dt.date(2024, 3, 15), 7.4)
    [line] = claim_lines(one_substitute({"M1": training}, work), PARAMS, "route1")
    assert line.centi_hours == 3700


def test_route1_is_paid_for_at_most_26_weeks_from_the_substitutes_start():
    days = weekdays(dt.date(2021, 1, 4), dt.date(2021, 7, 9), 7.4)  # 27 weeks in 2021
    hours = route1_hours(one_substitute({"M1": days}, days), PARAMS)
    assert sum(hours.values()) == 26 * 3700
    assert max(day for _, day in hours) == dt.date(2021, 7, 2)


def test_veu_is_paid_for_at_most_7_4_hours_a_day():
    training = weekdays(dt.date(2024, 3, 4), dt.date(2024, 3, 8), 8)
    schedule = Schedule("private", {"M1": training}, (), frozenset({"M1"}))
    [line] = claim_lines(schedule, PARAMS, "route2")
    assert (line.kind, line.centi_hours, line.amount) == ("VEU-godtgørelse", 3700, 470000)


def test_one_long_veu_day_gives_a_fifth_of_the_weekly_rate():
    schedule = Schedule("private", {"M1": {dt.date(2024, 3, 4): 10}}, (), frozenset({"M1"}))
    [line] = claim_lines(schedule, PARAMS, "route2")
    assert (line.centi_hours, line.amount) == (740, 94000)  # 4.700 × 7,4 / 37


def test_wage_subsidy_at_an_unknown_rate_raises_rate_unknown():
    work = weekdays(dt.date(2014, 3, 3), dt.date(2014, 3, 7), 7.4)
    with pytest.raises(RateUnknown, match="Sats ikke kendt for 2014"):
        claim_lines(one_substitute({}, work), PARAMS, "route2")


def test_a_line_on_a_derived_rate_says_so():
    work = weekdays(dt.date(2026, 1, 5), dt.date(2026, 1, 9), 7.4)
    lines = claim_lines(one_substitute({}, work), PARAMS, "route2")
    assert [(line.rate, line.estimate, line.derived) for line in lines] == [(9627, True, True)]


def test_a_public_substitute_not_on_dagpenge_has_no_known_rate():
    work = weekdays(dt.date(2024, 3, 4), dt.date(2024, 3, 8), 7.4)
    schedule = replace(one_substitute({}, work), sector="public")
    dagpenge = replace(schedule, substitutes=tuple(
        replace(s, benefit="dagpenge") for s in schedule.substitutes))
    assert claim_lines(dagpenge, PARAMS, "route2")[0].rate == 12913
    with pytest.raises(RateUnknown, match="ikke får dagpenge"):
        claim_lines(replace(schedule, substitutes=tuple(
            replace(s, benefit="kontanthjaelp") for s in schedule.substitutes)),
            PARAMS, "route2")


def test_a_week_spanning_two_pay_periods_is_split_not_lost():
    # ISO week 40 of 2025: Mon 29 Sep – Fri 3 Oct. Training Mon–Thu 7,4 h (29,6 h); the
    # substitute works 6 h every weekday (30 h). The week pays min(29,6, 30) = 29,6 h.
    training = {d: 7.4 for d in weekdays(dt.date(2025, 9, 29), dt.date(2025, 10, 3), 7.4)
                if d.weekday() < 4}
    work = weekdays(dt.date(2025, 9, 29), dt.date(2025, 10, 3), 6)
    schedule = one_substitute({"M1": training}, work)
    september = (dt.date(2025, 9, 1), dt.date(2025, 9, 30))
    october = (dt.date(2025, 10, 1), dt.date(2025, 10, 31))
    # The September claim is made before October's days are known.
    early = {d: h for d, h in work.items() if d <= september[1]}
    first = one_substitute({"M1": {d: h for d, h in training.items() if d <= september[1]}},
                           early)
    [sep_line] = claim_lines(first, PARAMS, "route1", periods=[september])
    [oct_line] = claim_lines(schedule, PARAMS, "route1", periods=[october])
    # September: by Tue 30 Sep 14,8 h trained, 12 h worked → 12 h; October the rest.
    assert sep_line.centi_hours == 1200
    assert sep_line.centi_hours + oct_line.centi_hours == 2960
    # And the September line does not change once October is known.
    [again] = claim_lines(schedule, PARAMS, "route1", periods=[september])
    assert again.centi_hours == 1200
