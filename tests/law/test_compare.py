"""The guide's weekly comparison to the øre, the scheme's status, and a what-if."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from jobrotation.law.case import evaluate
from jobrotation.law.compare import scheme_status, weekly_comparison
from jobrotation.law.parameters import default_parameters, load_overrides
from jobrotation.law.whatif import Change, what_if

BASE = yaml.safe_load((Path(__file__).parent / "base_case.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("sector", "wage_subsidy", "route2"), [
    ("private", 329004, 799004),  # 4.700,00 + 3.290,04 = 7.990,04
    ("public", 477781, 947781),   # 4.700,00 + 4.777,81 = 9.477,81
])
def test_weekly_comparison_reproduces_the_guides_2024_table(sector, wage_subsidy, route2):
    result = weekly_comparison(default_parameters(), 2024, sector)
    assert result.route1 == 751729  # 7.517,29
    assert result.veu == 470000
    assert result.wage_subsidy == wage_subsidy
    assert result.route2 == route2
    assert result.estimates == ()


def test_weekly_comparison_names_the_derived_rates_it_uses():
    result = weekly_comparison(default_parameters(), 2025, "private")
    assert result.route1 == 778776  # 37 × 210,48, derived from the maximum dagpenge 2025
    assert any("Jobrotationsydelse" in e and "beregnet efter formel, ikke offentliggjort" in e
               for e in result.estimates)


@pytest.mark.parametrize("year", range(2014, 2027))
@pytest.mark.parametrize("sector", ["private", "public"])
def test_weekly_comparison_works_for_every_year_from_2014(year, sector):
    result = weekly_comparison(default_parameters(), year, sector)
    assert result.route1 is not None  # jobrotationsydelse is known (or derived) every year
    if year >= 2018:
        assert result.route2 is not None
    if year >= 2025:
        assert result.estimates  # derived rates say so


def test_weekly_comparison_shows_what_is_known_and_names_the_rest():
    c2014 = weekly_comparison(default_parameters(), 2014, "private")
    assert (c2014.route1, c2014.veu, c2014.wage_subsidy) == (651940, None, None)
    assert c2014.unknown_text == "sats ikke kendt for 2014"
    c2015 = weekly_comparison(default_parameters(), 2015, "public")
    assert (c2015.veu, c2015.wage_subsidy) == (None, 397935)  # VEU before 2018 unknown
    c2012 = weekly_comparison(default_parameters(), 2012, "private")
    assert (c2012.route1, c2012.veu, c2012.wage_subsidy) == (None, None, None)
    assert c2012.unknown_text == "sats ikke kendt for 2012"


def test_public_comparison_gives_the_fixed_hours_at_the_maximum_dagpenge():
    assert weekly_comparison(default_parameters(), 2024, "public").wage_subsidy_hours == 37.0


@pytest.mark.parametrize(("day", "state", "last_start"), [
    (dt.date(2025, 12, 28), "open", None),
    (dt.date(2025, 12, 29), "closing", dt.date(2026, 1, 31)),
    (dt.date(2026, 1, 31), "closing", dt.date(2026, 1, 31)),
    (dt.date(2026, 2, 1), "closed", dt.date(2026, 1, 31)),
    (dt.date(2026, 12, 2), "closed", dt.date(2026, 1, 31)),
])
def test_scheme_status_knows_the_scheme_ends(day, state, last_start):
    status = scheme_status(default_parameters(), day)
    assert (status.state, status.last_start) == (state, last_start)


def test_scheme_status_derives_the_last_paid_day_and_keeps_route_2_open():
    status = scheme_status(default_parameters(), dt.date(2026, 12, 2))
    # a substitute starting on 31.1.2026 is paid for at most 26 weeks: until 31.7.2026
    assert status.last_paid_day == dt.date(2026, 7, 31)
    assert "ordning 2" in status.sentence() and "31.7.2026" in status.details()


def test_the_other_reading_of_the_cut_off_is_a_what_if():
    other = default_parameters().with_overrides(load_overrides(
        Path(__file__).parents[2] / "examples" / "hvad-nu-hvis" / "ophoer_1_7_2026.yaml"))
    assert scheme_status(other, dt.date(2026, 3, 1)).state == "closing"
    assert scheme_status(other, dt.date(2026, 3, 1)).last_start == dt.date(2026, 6, 30)


def test_a_2026_case_is_priced_on_a_derived_rate_and_says_so():
    case = {**BASE, "training.start": dt.date(2026, 1, 5), "training.end": dt.date(2026, 3, 27),
            "substitute.start": dt.date(2026, 1, 5), "substitute.end": dt.date(2026, 3, 27)}
    result = evaluate(case)
    assert result.amounts["route1_week"] == 813815  # 37 × 219,95
    assert any("beregnet efter formel, ikke offentliggjort" in w for w in result.warnings)


def test_a_total_reaching_into_a_year_without_a_rate_says_why_it_is_missing():
    overrides = {"rate.wage_subsidy_private_hourly": {"values": {
        "2024-01-01": {"value": "88.92", "source": "test", "confidence": "H"},
        "2025-01-01": {"value": None, "source": "ikke kendt", "confidence": "L"}}}}
    params = default_parameters().with_overrides(overrides)
    case = {**BASE, "training.start": dt.date(2024, 11, 4), "training.end": dt.date(2025, 1, 31),
            "substitute.start": dt.date(2024, 11, 4), "substitute.end": dt.date(2025, 1, 31)}
    result = evaluate(case, params)
    assert result.amounts["route2_wage_subsidy_week"] == 329004  # 2024 rate at the start
    assert result.amounts["route2_wage_subsidy_total"] is None  # no private rate for 2025
    assert any(w.startswith("Sats ikke kendt for 2025") for w in result.warnings)


def test_what_if_a_higher_hourly_rate_changes_the_weekly_amount():
    overrides = {"rate.jobrotation_hourly": {"values": {
        dt.date(2024, 1, 1): {"value": "250.00", "source": "Hvad nu hvis", "confidence": "L"},
    }}}
    before, after, changes = what_if(BASE, overrides)
    assert Change("route1_week", 751729, 925000) in changes  # 37 × 250,00
    assert before.routes == after.routes
    assert {c.what for c in changes} >= {"route1_week", "route1_total"}


def test_a_reason_uses_the_parameters_it_was_evaluated_with():
    """Under a what-if the sentence shows the reform's value, not the shipped one."""
    reform = {"employee.min_employment_months": {"values": {
        "2014-01-01": {"value": 5, "source": "Hvad nu hvis", "confidence": "L"}}}}
    _, after, _ = what_if(BASE, reform)
    result = next(r for r in after.conditions if r.condition.id == "employee.employed_before_start")
    assert "mindst 5 måneder" in result.text()


def test_a_2019_private_case_reads_only_the_branch_it_took():
    case = {**BASE, "employee.employed_since": dt.date(2015, 1, 1),
            "training.start": dt.date(2019, 3, 4), "training.end": dt.date(2019, 3, 29),
            "substitute.start": dt.date(2019, 3, 4), "substitute.end": dt.date(2019, 3, 29)}
    result = evaluate(case)
    assert result.routes["route2"].label == "opfyldt"
    duration = next(r for r in result.conditions
                    if r.condition.id == "substitute.wage_subsidy_duration")
    assert duration.text() == "Ansættelsen med løntilskud varer højst 6 måneder hos en privat " \
                              "arbejdsgiver."
    assert {u.name for u in duration.params} == {"wage_subsidy.max_months_private"}
