"""Derived rates: the formulas re-derive every attested figure, so a wrong input shows.

Each attested rate (a figure with a source, ``formula`` None) is computed again with the
formula that derives its neighbours, from the shipped inputs. The known exceptions stay
listed: 2020's ydelse gives 190,43 against the attested 190,44, and 2019's 189,51 fits no
formula (``../shared/domain.md`` § 4a).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from jobrotation.law.derivations import FORMULAS
from jobrotation.law.parameters import ParameterSet, default_parameters

PARAMS = default_parameters()
JOBROTATION, VEU = "rate.jobrotation_hourly", "rate.veu_weekly"
PRIVATE, PUBLIC = "rate.wage_subsidy_private_hourly", "rate.wage_subsidy_public_hourly"
MAX_WAGE = "wage_subsidy.public_max_hourly_wage"

ATTESTED = [
    *((JOBROTATION, y, "jobrotation_from_dagpenge") for y in (2021, 2022, 2023, 2024)),
    *((VEU, y, "veu_from_dagpenge") for y in (2018, 2019, 2022, 2023, 2024)),
    *((PRIVATE, y, "uprated") for y in (2018, 2019, 2021, 2022, 2023, 2024)),
    *((PUBLIC, y, "uprated") for y in (2018, 2021, 2023, 2024)),
    (JOBROTATION, 2015, "uprated"), (JOBROTATION, 2017, "uprated"),
    *((MAX_WAGE, y, "public_max_wage_from_dagpenge") for y in (2020, 2023)),
]
# (parameter, year, formula, what it gives in øre, the attested value in øre)
KNOWN_EXCEPTIONS = [
    (JOBROTATION, 2020, "jobrotation_from_dagpenge", 19043, 19044),
    (JOBROTATION, 2019, "uprated", 19250, 18951),
    (JOBROTATION, 2016, "uprated", 18134, 18135),  # 181,35 from the unrounded 2015 rate
]


def rederive(params: ParameterSet, name: str, year: int, formula: str) -> int:
    return FORMULAS[formula].compute(params.value_at, name, dt.date(year, 1, 1))


@pytest.mark.parametrize(("name", "year", "formula"), ATTESTED,
                         ids=[f"{n} {y}" for n, y, _ in ATTESTED])
def test_the_formula_rederives_the_attested_rate(name: str, year: int, formula: str) -> None:
    entry = PARAMS.entry(name, dt.date(year, 1, 1))
    assert entry.formula is None  # it is attested, with its source
    assert rederive(PARAMS, name, year, formula) == entry.value


@pytest.mark.parametrize(("name", "year", "formula", "gives", "attested"), KNOWN_EXCEPTIONS)
def test_the_known_exceptions_stay_exceptions(name: str, year: int, formula: str,
                                              gives: int, attested: int) -> None:
    assert PARAMS.value_at(name, dt.date(year, 1, 1)) == attested
    assert rederive(PARAMS, name, year, formula) == gives


@pytest.mark.parametrize(("name", "year", "ore"), [
    (JOBROTATION, 2025, 21048), (JOBROTATION, 2026, 21995),
    (VEU, 2020, 440500), (VEU, 2021, 446000), (VEU, 2025, 486500), (VEU, 2026, 508500),
    (PRIVATE, 2016, 7509), (PRIVATE, 2017, 7659), (PRIVATE, 2020, 8127),
    (PRIVATE, 2025, 9212), (PRIVATE, 2026, 9627),
    (PUBLIC, 2016, 10906), (PUBLIC, 2017, 11124), (PUBLIC, 2019, 11573), (PUBLIC, 2020, 11804),
    (PUBLIC, 2022, 12184), (PUBLIC, 2025, 13378), (PUBLIC, 2026, 13980),
    (MAX_WAGE, 2024, 13802),
])
def test_derived_rates_are_the_figures_of_the_research(name: str, year: int, ore: int) -> None:
    """The values ../shared/domain.md § 4a gives (≈ where derived)."""
    entry = PARAMS.entry(name, dt.date(year, 1, 1))
    assert entry.derived and entry.estimate
    assert entry.value == ore
    assert entry.inputs  # the dated values it was computed from


def test_a_wrong_input_moves_the_derived_rate_and_a_what_if_derives_again() -> None:
    reform = PARAMS.with_overrides({"rate.max_dagpenge_monthly": {"values": {
        "2018-01-01": {"value": "18633.00", "source": "test", "confidence": "H"},
        "2026-01-01": {"value": "23000.00", "source": "reform", "confidence": "L"}}}})
    # 23.000 × 12/52 × 1,6 / 37 = 229,52
    assert reform.value_at(JOBROTATION, dt.date(2026, 6, 1)) == 22952
    assert PARAMS.value_at(JOBROTATION, dt.date(2026, 6, 1)) == 21995  # shipped unchanged


def test_an_unknown_input_leaves_the_derived_rate_unknown() -> None:
    without = PARAMS.with_overrides({"rate.satsreguleringsprocent": {"values": {
        "2015-01-01": {"value": None, "source": "test", "confidence": "L"}}}})
    entry = without.entry_or_none(PRIVATE, dt.date(2016, 1, 1))
    assert entry is not None and entry.derived and entry.value is None
    assert without.entry(PRIVATE, dt.date(2018, 1, 1)).value == 7812  # attested stays


def test_a_chain_with_no_attested_start_is_unknown_not_a_crash() -> None:
    p = PARAMS[PRIVATE]
    chain = replace(p, values=tuple(replace(v, formula="uprated") for v in p.values))
    params = ParameterSet({**PARAMS.parameters, PRIVATE: chain})
    assert all(v.value is None for v in params[PRIVATE].values)
