"""The case format: the JSON Schema built from FACTS, and the example cases in examples/.

Every example is validated against ``case_schema()``, evaluated, and checked against its
``expected`` block (route verdicts, chosen condition verdicts, amounts in kroner, the
missing facts). ``expected`` is not a fact, so it is removed before evaluating.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from jobrotation.domain.errors import InvalidInput
from jobrotation.entrypoints.caseformat import case_format_markdown
from jobrotation.law.case import Evaluation, evaluate
from jobrotation.law.facts import DOCUMENT_KEYS, FACTS
from jobrotation.law.routes import ROUTES
from jobrotation.law.schema import case_schema

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))


class _TextDates(yaml.SafeLoader):
    """YAML as JSON sees it: an unquoted 2024-04-08 stays the text "2024-04-08"."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path: Path) -> dict[str, Any]:
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)
    assert isinstance(doc, dict)
    return doc


def validator(expected: bool = False) -> jsonschema.Draft202012Validator:
    schema = case_schema(expected=expected)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def without_expected(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "expected"}


def ore(kroner: Any) -> int:
    return int(Decimal(str(kroner)) * 100)


def errors(doc: dict[str, Any], expected: bool = False) -> list[str]:
    return [e.message for e in validator(expected).iter_errors(doc)]


# --- the schema ------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    validator()
    validator(expected=True)


def test_schema_has_every_fact_and_nothing_else() -> None:
    schema = case_schema()
    found = {f"{section}.{name}"
             for section, sub in schema["properties"].items() if "properties" in sub
             for name in sub["properties"]}
    assert found == set(FACTS)
    assert not schema.get("required")
    for sub in schema["properties"].values():
        assert not sub.get("required")
        if sub.get("type") == "object":
            assert sub["additionalProperties"] is False
    for name, spec in FACTS.items():
        section, leaf = name.split(".")
        assert schema["properties"][section]["properties"][leaf]["description"] \
            .startswith(spec.question)


def test_top_level_keys_are_the_document_keys_and_sections() -> None:
    sections = {name.split(".")[0] for name in FACTS}
    assert set(case_schema(expected=True)["properties"]) == set(DOCUMENT_KEYS) | sections
    assert set(case_schema()["properties"]) == set(DOCUMENT_KEYS) - {"expected"} | sections


def test_empty_case_is_valid() -> None:
    assert errors({}) == []
    assert errors({"name": "Tom sag", "as_of": "2024-01-31", "employee": {}}) == []


@pytest.mark.parametrize("doc", [
    {"cpr": "010190-1234"},
    {"employee": {"employed_since": "2020-01-01", "cpr": "010190-1234"}},
    {"employee": {"employed_since": "2020-01-01"}, "vikar": {}},
    {"expected": {"route1": "opfyldt"}},  # only examples may carry ``expected``
], ids=["top-level", "in-section", "unknown-section", "expected-in-a-case"])
def test_unknown_field_is_rejected(doc: dict[str, Any]) -> None:
    assert errors(doc)


def test_unknown_fact_is_rejected_by_evaluate_too() -> None:
    with pytest.raises(InvalidInput):
        evaluate({"employee": {"employed_since": "2020-01-01", "cpr": "010190-1234"}})


@pytest.mark.parametrize(("doc", "ok"), [
    ({"training": {"start": "2024-04-08"}}, True),
    ({"training": {"start": "08-04-2024"}}, False),
    ({"training": {"start": "2024-13-01"}}, False),
    ({"training": {"hours_per_week": 37.5}}, True),
    ({"training": {"hours_per_week": -1}}, False),
    ({"training": {"hours_per_week": "37"}}, False),
    ({"employee": {"hourly_wage": 246.8}}, True),
    ({"employee": {"hourly_wage": "246,80"}}, True),
    ({"employee": {"hourly_wage": "246.80"}}, True),
    ({"employee": {"hourly_wage": "1.246,80"}}, False),
    ({"employee": {"hourly_wage": "246,805"}}, False),
    ({"employee": {"hourly_wage": -5}}, False),
    ({"employee": {"full_wage": True}}, True),
    ({"employee": {"full_wage": "ja"}}, False),
    ({"employer": {"sector": "public"}}, True),
    ({"employer": {"sector": "offentlig"}}, False),
    ({"employee": {"education_level": "kandidat"}}, True),
    ({"employee": {"education_level": 2}}, True),
    ({"employee": {"education_level": 8}}, False),
    ({"employee": {"education_level": "master"}}, False),
    ({"employee": "ordinært ansat"}, False),
], ids=lambda v: repr(v) if isinstance(v, dict) else str(v))
def test_types_by_kind(doc: dict[str, Any], ok: bool) -> None:
    assert (errors(doc) == []) is ok


# --- the examples ----------------------------------------------------------------------


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 8


def check_expected(result: Evaluation, expected: dict[str, Any]) -> None:
    for route in ROUTES:
        if route in expected:
            assert result.routes[route].label == expected[route], route
    by_id = {r.condition.id: r for r in result.conditions}
    for cid, label in expected.get("conditions", {}).items():
        assert by_id[cid].verdict.label == label, (cid, by_id[cid].observed())
    for name, kroner in expected.get("amounts", {}).items():
        assert result.amounts[name] == (None if kroner is None else ore(kroner)), name
    if "missing" in expected:
        assert set(result.missing) == set(expected["missing"])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example(path: Path) -> None:
    doc = load(path)
    assert errors(doc, expected=True) == []
    case = without_expected(doc)
    assert errors(case) == []
    assert isinstance(case.get("name"), str) and case["name"].strip()
    assert isinstance(case.get("description"), str) and len(case["description"]) > 80
    assert "expected" in doc, "hvert eksempel skal have et forventet udfald"
    check_expected(evaluate(case), doc["expected"])


def test_yaml_dates_as_dates_evaluate_the_same() -> None:
    """An ordinary YAML load (dates as ``datetime.date``) gives the same result."""
    for path in EXAMPLES:
        as_text = evaluate(without_expected(load(path)))
        as_dates = evaluate(without_expected(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert as_text.routes == as_dates.routes
        assert as_text.amounts == as_dates.amounts


def test_examples_cover_routes_sectors_and_unknowns() -> None:
    docs = [load(p) for p in EXAMPLES]
    sectors = {d.get("employer", {}).get("sector") for d in docs}
    assert {"private", "public"} <= sectors
    for route in ("route1", "route2"):
        outcomes = {d["expected"][route] for d in docs}
        assert {"opfyldt", "ikke opfyldt", "mangler oplysninger"} <= outcomes, route
    assert any(d["expected"]["route1"] != d["expected"]["route2"] for d in docs)


def test_2021_trial_example_fails_outside_the_trial() -> None:
    """Moved two years later, 3 months on dagpenge is no longer enough (6 months)."""
    path = next(p for p in EXAMPLES if "2021" in p.stem)
    case = without_expected(load(path))
    assert evaluate(case).routes["route1"].label == "opfyldt"
    later = copy.deepcopy(case)
    for section in ("employee", "training", "substitute"):
        for key, value in later[section].items():
            if isinstance(value, str) and value.startswith("2021-"):
                later[section][key] = "2023-" + value[5:]
    result = evaluate(later)
    assert result.routes["route1"].label == "ikke opfyldt"
    failed = [r.condition.id for r in result.conditions if r.verdict.label == "ikke opfyldt"]
    assert failed == ["substitute.benefit_months_total"]


# --- the documentation -------------------------------------------------------------------

DOC = Path(__file__).parent.parent / "docs" / "case-format.md"


def test_case_format_doc_is_generated_from_the_definitions() -> None:
    stale = DOC.read_text(encoding="utf-8")
    assert stale == case_format_markdown(), "docs/case-format.md er forældet: kør `make docs`"


def test_doc_names_every_fact() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [name for name in FACTS if f"`{name}`" not in text] == []


def test_doc_example_is_valid_and_as_described() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    doc = yaml.load(block, Loader=_TextDates)
    assert errors(doc) == []
    result = evaluate(doc)
    assert result.routes["route1"].label == "opfyldt"
    assert result.routes["route2"].label == "mangler oplysninger"
    assert result.amounts["route1_week"] == ore("7517.29")
