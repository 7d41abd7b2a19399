"""The guide's weekly comparison to the øre, the scheme's status, and a what-if."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from jobrotation.domain.errors import RateUnknown
from jobrotation.law.compare import scheme_status, weekly_comparison
from jobrotation.law.evaluate import Change, default_parameters, evaluate, what_if

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


def test_weekly_comparison_names_the_estimates_it_uses():
    result = weekly_comparison(default_parameters(), 2023, "private")
    assert result.route1 == 728419  # 37 × 196,87 (L)
    assert any("Jobrotationsydelse" in e for e in result.estimates)


def test_weekly_comparison_refuses_a_year_without_rates():
    with pytest.raises(RateUnknown, match="Sats ikke kendt for 2025"):
        weekly_comparison(default_parameters(), 2025, "private")


@pytest.mark.parametrize(("day", "state", "last_start"), [
    (dt.date(2025, 12, 28), "open", None),
    (dt.date(2025, 12, 29), "closing", dt.date(2026, 6, 30)),
    (dt.date(2026, 6, 30), "closing", dt.date(2026, 6, 30)),
    (dt.date(2026, 7, 1), "closed", dt.date(2026, 6, 30)),
])
def test_scheme_status_knows_the_scheme_ends(day, state, last_start):
    status = scheme_status(default_parameters(), day)
    assert (status.state, status.last_start) == (state, last_start)


def test_unknown_rate_is_a_visible_warning_not_a_number():
    case = {**BASE, "training.start": dt.date(2026, 3, 2), "training.end": dt.date(2026, 5, 29)}
    result = evaluate(case)
    assert result.amounts["route1_week"] is None
    assert any(w.startswith("Sats ikke kendt for 2026") for w in result.warnings)


def test_a_total_reaching_into_a_year_without_a_rate_says_why_it_is_missing():
    case = {**BASE, "training.start": dt.date(2024, 11, 4), "training.end": dt.date(2025, 1, 31),
            "substitute.start": dt.date(2024, 11, 4), "substitute.end": dt.date(2025, 1, 31)}
    result = evaluate(case)
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
