"""The public part of the API: evaluating a case, comparing the routes, the description.

The examples in ``examples/`` are sent as JSON exactly as they are written (dates as
text) and must give their ``expected`` block; the 2024 comparison must give the guide's
table to the øre.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from jobrotation.entrypoints.api import create_api_app, openapi_document
from jobrotation.law.facts import flatten

from .conftest import Api

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))
LABELS = {"opfyldt": "met", "ikke opfyldt": "not_met", "ikke relevant": "not_applicable",
          "mangler oplysninger": "unknown"}


def load(path: Path) -> dict[str, Any]:
    """The YAML as a JSON client would send it (dates as ÅÅÅÅ-MM-DD text)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return _text_dates(doc)


def _text_dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _text_dates(v) for k, v in value.items()}
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_evaluate_gives_each_examples_expected_outcome(api: Api, path: Path) -> None:
    doc = load(path)
    expected = doc.pop("expected")
    response = api.post("/evaluate", doc)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["name"] == doc["name"]
    for route in ("route1", "route2", "veu"):
        assert result["routes"][route]["verdict"] == LABELS[expected[route]], route
        assert result["routes"][route]["label"] == expected[route]
    verdicts = {c["id"]: c["label"] for c in result["conditions"]}
    for condition, label in expected.get("conditions", {}).items():
        assert verdicts[condition] == label, condition
    for amount, kroner in expected.get("amounts", {}).items():
        got = result["amounts_kr"][amount]
        assert (got if kroner is None else Decimal(got)) == \
            (None if kroner is None else Decimal(str(kroner))), amount
    if "missing" in expected:
        assert set(result["missing"]) == set(expected["missing"])


def test_evaluate_gives_the_guides_weekly_amount_as_a_kroner_string(api: Api) -> None:
    doc = load(EXAMPLES[0])
    doc.pop("expected")
    result = api.post("/evaluate", doc).json()
    assert result["amounts_kr"]["route1_week"] == "7517.29"
    assert result["amounts_kr"]["route2_week"] == "7990.04"
    first = result["conditions"][0]
    assert {"id", "text", "observed", "reference", "parameters"} <= set(first)
    assert result["before"] is None and result["changes"] is None


def test_a_flat_case_gives_the_same_answer_as_the_nested_one(api: Api) -> None:
    doc = load(EXAMPLES[0])
    doc.pop("expected")
    nested = api.post("/evaluate", doc).json()
    flat = api.post("/evaluate", flatten(doc)).json()
    assert flat == nested


def test_evaluate_in_english(api: Api) -> None:
    doc = load(EXAMPLES[0])
    doc.pop("expected")
    result = api.request("POST", "/evaluate", json=doc, lang="en").json()
    assert result["routes"]["route1"]["label"] == "met"


def test_what_if_reports_the_changes_against_the_rules_in_force(api: Api) -> None:
    doc = load(EXAMPLES[0])
    doc.pop("expected")
    doc["what_if"] = {"rate.jobrotation_hourly": {"values": {
        "2024-01-01": {"value": "250.00", "source": "Reformforslag", "confidence": "L"}}}}
    response = api.post("/evaluate", doc)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["amounts_kr"]["route1_week"] == "9250.00"  # 37 × 250,00
    assert result["before"]["amounts_kr"]["route1_week"] == "7517.29"
    changes = {c["what"]: (c["before"], c["after"]) for c in result["changes"]}
    assert changes["route1_week"] == ("7517.29", "9250.00")
    assert "route1" not in changes  # the verdicts stay


def test_what_if_that_changes_a_verdict_names_it(api: Api) -> None:
    doc = load(EXAMPLES[2])  # employed 2 months; 3 required
    doc.pop("expected")
    doc["what_if"] = {"employee.min_employment_months": {"values": {
        "2000-01-01": {"value": 1}}}}
    response = api.post("/evaluate", doc)
    assert response.status_code == 200, response.text
    changes = {c["what"]: (c["before"], c["after"]) for c in response.json()["changes"]}
    assert changes["employee.employed_before_start"] == ("not_met", "met")


@pytest.mark.parametrize(("body", "message"), [
    ({"employer": {"sectr": "private"}}, "Ukendte oplysninger i sagen: employer.sectr"),
    ({"employer": {"sector": "kommunal"}}, "'kommunal' er ikke en mulighed"),
    ({"training": {"start": "8. april"}}, "er ikke en dato"),
    ({"employer": "privat"}, "employer: skal være et objekt"),
    ({"what_if": {"rate.ukendt": {"values": {"2024-01-01": {"value": 1}}}}},
     "ukendt parameter"),
    ({"what_if": {"rate.jobrotation_hourly": {"values": {"2024-01-01": {"value": "x"}}}}},
     "er ikke et tal"),
])
def test_a_malformed_case_is_422_in_danish(api: Api, body: dict[str, Any],
                                           message: str) -> None:
    response = api.post("/evaluate", body)
    assert response.status_code == 422
    assert message in response.json()["fejl"]


def test_a_body_that_is_not_json_is_422(api: Api) -> None:
    response = api.client.post("/api/v1/evaluate", content=b"{ikke json",
                               headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "ikke gyldig JSON" in response.json()["fejl"]


@pytest.mark.parametrize(("sector", "veu", "subsidy", "total"), [
    ("public", "4700.00", "4777.81", "9477.81"),
    ("private", "4700.00", "3290.04", "7990.04"),
])
def test_compare_gives_the_guides_2024_table(api: Api, sector: str, veu: str, subsidy: str,
                                             total: str) -> None:
    response = api.get("/compare", year=2024, sector=sector, hours=37)
    assert response.status_code == 200
    assert response.json() == {
        "year": 2024, "sector": sector, "hours_per_week": 37.0,
        "route1": {"jobrotationsydelse": "7517.29", "total": "7517.29"},
        "route2": {"veu": veu, "loentilskud": subsidy, "total": total}, "estimates": [],
        "unknown": [], "wage_subsidy_hours_per_week": 37.0 if sector == "public" else None}


def test_compare_gives_the_known_parts_of_2014_and_names_the_rest(api: Api) -> None:
    result = api.get("/compare", year=2014, sector="private").json()
    assert result["route1"]["total"] == "6519.40"
    assert result["route2"]["total"] is None
    assert result["unknown"] == ["veu: sats ikke kendt for 2014",
                                 "loentilskud: sats ikke kendt for 2014"]


def test_compare_2026_marks_derived_rates(api: Api) -> None:
    result = api.get("/compare", year=2026).json()
    assert result["route1"]["total"] == "8138.15"
    assert all("beregnet efter formel" in e for e in result["estimates"])


def test_compare_defaults_to_the_newest_year_with_known_rates(api: Api) -> None:
    result = api.get("/compare").json()
    assert (result["year"], result["sector"], result["hours_per_week"]) == (2024, "private", 37)


@pytest.mark.parametrize(("params", "message"), [
    ({"year": 1999}, "year: skal være mindst 2000"),
    ({"sector": "kommunal"}, "sector: skal være 'private' eller 'public'"),
    ({"hours": 0}, "hours: skal være over 0"),
    ({"year": 99999}, "year: må højst være 2100"),
])
def test_compare_refuses_in_danish(api: Api, params: dict[str, Any], message: str) -> None:
    response = api.get("/compare", **params)
    assert response.status_code == 422
    assert message in response.json()["fejl"]


# --- the description --------------------------------------------------------------------

ENDPOINTS = {
    ("post", "/api/v1/evaluate"), ("get", "/api/v1/compare"),
    ("get", "/api/v1/projects"), ("post", "/api/v1/projects"),
    ("get", "/api/v1/projects/{project_id}"), ("patch", "/api/v1/projects/{project_id}"),
    ("post", "/api/v1/projects/{project_id}/transitions"),
    ("post", "/api/v1/projects/{project_id}/trainings"),
    ("post", "/api/v1/projects/{project_id}/assignments"),
    ("post", "/api/v1/projects/{project_id}/signatures"),
    ("post", "/api/v1/projects/{project_id}/comments"),
    ("get", "/api/v1/projects/{project_id}/audit"),
    ("post", "/api/v1/projects/{project_id}/pay-runs"),
    ("post", "/api/v1/pay-runs/{pay_run_id}/claim"),
    ("get", "/api/v1/projects/{project_id}/claims"),
    ("post", "/api/v1/claims/{claim_id}/transitions"),
    ("post", "/api/v1/projects/{project_id}/follow-ups"),
    ("get", "/api/v1/dashboard"),
    ("get", "/api/v1/employers/{employer_id}/people"),
    ("post", "/api/v1/employers/{employer_id}/people"),
}


def test_openapi_describes_every_endpoint(api: Api) -> None:
    response = api.client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    found = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    assert found == ENDPOINTS


def test_openapi_marks_the_law_public_and_the_rest_token_protected(api: Api) -> None:
    spec = api.client.get("/api/v1/openapi.json").json()
    assert spec["components"]["securitySchemes"]["API-nøgle"] == {
        "type": "http", "scheme": "bearer",
        "description": "Brugerens API-nøgle: `Authorization: Bearer <nøgle>`."}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            public = path in ("/api/v1/evaluate", "/api/v1/compare")
            assert bool(op.get("security")) is not public, (method, path)
            if not public:
                assert {"401", "403", "404", "409", "422"} <= set(op["responses"])


def test_openapi_describes_fields_in_danish(api: Api) -> None:
    schemas = api.client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    training = schemas["TrainingIn"]["properties"]
    assert training["hours_per_day"]["description"] == "Timer pr. uddannelsesdag"
    case = schemas["CaseIn"]["properties"]
    assert case["employee"]["properties"]["employed_since"]["description"] == (
        "Hvornår blev medarbejderen ansat hos arbejdsgiveren?")
    assert "Hvad nu hvis" in case["what_if"]["description"]
    undescribed = [f"{name}.{field}" for name, schema in schemas.items()
                   if name.endswith("In") for field, prop in schema.get("properties", {}).items()
                   if not prop.get("description") and field != "version"]
    assert not undescribed


def test_openapi_is_the_routers_own_whatever_app_includes_it(api: Api) -> None:
    create_api_app(api.store)  # another app on the same router changes nothing
    assert openapi_document() == api.client.get("/api/v1/openapi.json").json()
