"""The one-case path and the table path agree on every verdict, route and amount.

Hypothesis generates batches of random, already normalised cases (any fact may be
missing) and runs each batch once case by case through ``evaluate`` and once as a
single frame through ``evaluate_table``.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from jobrotation.law.case import evaluate
from jobrotation.law.conditions import CONDITIONS
from jobrotation.law.facts import EDUCATION_LABELS, FACTS, as_facts
from jobrotation.law.routes import ROUTES, Verdict
from jobrotation.law.table import evaluate_table

FIRST, LAST = dt.date(2014, 1, 1), dt.date(2027, 12, 31)
# Days where calendar-month arithmetic, year changes and rate changes bite.
EDGE_DAYS = [dt.date(y, m, d) for y in (2020, 2021, 2023, 2024, 2025, 2026)
             for m, d in ((1, 1), (1, 31), (2, 28), (2, 29) if y % 4 == 0 else (3, 1),
                          (3, 31), (5, 31), (6, 30), (7, 1), (8, 31), (11, 30), (12, 31))]
EDGE_NUMBERS = [0.0, 2.99, 3.0, 5.99, 6.0, 7.4, 9.99, 10.0, 36.99, 37.0, 37.01]
TYPES = {"date": pl.Date, "number": pl.Float64, "money": pl.Float64, "bool": pl.Boolean,
         "level": pl.Int64, "choice": pl.String, "weekdays": pl.String}


def sometimes_missing(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """The value, or None (unknown) about one time in five."""
    return st.tuples(st.integers(0, 4), values).map(lambda t: None if t[0] == 0 else t[1])


VALUES = {
    "number": st.one_of(st.integers(0, 20_000).map(lambda n: n / 100),
                        st.sampled_from(EDGE_NUMBERS)),
    "money": st.integers(0, 10**10),  # øre
    "bool": st.booleans(),
    "level": st.sampled_from(sorted(EDUCATION_LABELS)),
    "weekdays": st.sampled_from(["12345", "1234", "135", "12345", "67", "1234567"]),
}
OTHER_FACTS = {name: sometimes_missing(VALUES.get(spec.kind, st.sampled_from(sorted(spec.choices))))
               for name, spec in FACTS.items() if spec.kind != "date"}


# A date is absolute, an edge day, or (as an int) days from the case's anchor date, so
# that related dates (employed since / training start / substitute start) often line up.
DATES = sometimes_missing(st.one_of(st.integers(-200, 400), st.dates(FIRST, LAST),
                                    st.sampled_from(EDGE_DAYS)))


@st.composite
def cases(draw: st.DrawFn) -> dict[str, object]:
    anchor = draw(st.dates(FIRST, LAST))
    case = {}
    for name, spec in FACTS.items():
        value = draw(DATES if spec.kind == "date" else OTHER_FACTS[name])
        if isinstance(value, int) and spec.kind == "date":
            value = min(max(anchor + dt.timedelta(days=value), FIRST), LAST)
        case[name] = value
    return case


def as_frame(batch: list[dict[str, object]]) -> pl.DataFrame:
    """Normalised facts as a table; money goes in as kroner, as a user's table has it."""
    columns = []
    for name, spec in FACTS.items():
        values = [case[name] for case in batch]
        if spec.kind == "money":
            values = [None if v is None else v / 100 for v in values]
        columns.append(pl.Series(name, values, dtype=TYPES[spec.kind]))
    return pl.DataFrame(columns)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(cases(), min_size=1, max_size=50))
def test_one_case_and_table_agree_on_every_verdict_route_and_amount(batch):
    table = evaluate_table(as_frame(batch), detail=True).to_dicts()
    for facts, row in zip(batch, table, strict=True):
        one = evaluate(as_facts(facts))
        for i, result in enumerate(one.conditions):
            assert row[f"c{i}"] == result.verdict.value, (CONDITIONS[i].id, facts)
        for route in ROUTES:
            assert row[route] == one.routes[route].value, (route, facts)
        for name, amount in one.amounts.items():
            assert row[name] == amount, (name, facts)
        failed = sum(1 << i for i, r in enumerate(one.conditions)
                     if r.verdict is Verdict.NOT_MET)
        assert row["failed"] == failed, facts
