"""The law tests as data: every row of every table in ``cases/`` is run twice.

A row is a case document: ``name``, the facts it changes from the base case (flat names
such as ``training.start``) and ``expected`` — route verdicts, condition verdicts (Danish
labels: opfyldt, ikke opfyldt, ikke relevant, mangler oplysninger), amounts in kroner
(``null`` = cannot be computed) and the facts reported ``missing``. A row may carry
``known_bug``: the core does not yet give the expected result (a strict xfail).

Each row goes through ``evaluate`` (one case) and, as a one-row table of text cells
like a caseworker's spreadsheet, through ``evaluate_table``; both must give the expected
result, and the two must agree on every condition.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl
import pytest
import yaml

from jobrotation.law.case import evaluate
from jobrotation.law.conditions import CONDITIONS
from jobrotation.law.facts import FACTS
from jobrotation.law.routes import ROUTES, Verdict
from jobrotation.law.schema import case_schema
from jobrotation.law.table import evaluate_table, failed_ids

HERE = Path(__file__).parent
TABLES = sorted((HERE / "cases").glob("*.yaml"))
BASE = yaml.safe_load((HERE / "base_case.yaml").read_text(encoding="utf-8"))
LABELS = {v.label: v for v in Verdict}
INDEX = {c.id: i for i, c in enumerate(CONDITIONS)}


def rows() -> list[Any]:
    params = []
    for path in TABLES:
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        for row in table["rows"]:
            row = dict(row)
            bug = row.pop("known_bug", None)
            case = {**BASE, **row}
            marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
            params.append(pytest.param(case, id=f"{path.stem}: {row['name']}", marks=marks))
    return params


def ore(kroner: Any) -> int | None:
    return None if kroner is None else int(Decimal(str(kroner)) * 100)


def text(value: Any) -> str | None:
    """A cell as a spreadsheet export would have it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def one_row_table(case: dict[str, Any]) -> dict[str, Any]:
    frame = pl.DataFrame({name: [text(case.get(name))] for name in FACTS},
                         schema={name: pl.String for name in FACTS})
    return evaluate_table(frame, detail=True).row(0, named=True)


def as_document(case: dict[str, Any]) -> dict[str, Any]:
    """The row as a nested case document: dates as text (as JSON has them), an unknown
    fact left out."""
    doc: dict[str, Any] = {}
    for key, value in case.items():
        value = value.isoformat() if isinstance(value, dt.date) else value
        if key in FACTS and value in (None, ""):
            continue
        if key in FACTS:
            section, leaf = key.split(".")
            doc.setdefault(section, {})[leaf] = value
        else:
            doc[key] = value
    return doc


def test_every_condition_has_rows_in_the_tables() -> None:
    tested = {cid for p in rows() for cid in p.values[0]["expected"].get("conditions", {})}
    assert tested == set(INDEX)


@pytest.mark.parametrize("case", rows())
def test_row(case: dict[str, Any]) -> None:
    expected = case["expected"]
    assert set(expected) <= {*ROUTES, "conditions", "amounts", "missing"}, expected
    jsonschema.validate(as_document({k: v for k, v in case.items() if k != "expected"}),
                        case_schema())
    one = evaluate(case)
    row = one_row_table(case)
    by_id = {r.condition.id: r for r in one.conditions}

    for cid, label in expected.get("conditions", {}).items():
        assert by_id[cid].verdict is LABELS[label], (cid, by_id[cid].observed())
        assert row[f"c{INDEX[cid]}"] == LABELS[label].value, (cid, "tabel")
    for route in ROUTES:
        if route in expected:
            assert one.routes[route] is LABELS[expected[route]], route
            assert row[route] == LABELS[expected[route]].value, (route, "tabel")
    for name, kroner in expected.get("amounts", {}).items():
        assert one.amounts[name] == ore(kroner), name
        assert row[name] == ore(kroner), (name, "tabel")
    if "missing" in expected:
        assert sorted(one.missing) == sorted(expected["missing"])

    # Whatever the row checks, the two paths agree on every condition.
    assert [row[f"c{i}"] for i in range(len(CONDITIONS))] == \
        [r.verdict.value for r in one.conditions]
    assert failed_ids(row["failed"]) == \
        [r.condition.id for r in one.conditions if r.verdict is Verdict.NOT_MET]
