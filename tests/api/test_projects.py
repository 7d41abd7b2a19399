"""A project's whole life through the API, and how the API answers when a step fails.

The flow is the store's story (``tests/store/test_story.py``) told over HTTP by the demo's
users: the employer's HR user registers two people, creates the project, plans it, ticks
the checklist and applies; the shop steward co-signs; the jobcentre approves; the project
runs; a pay run gives a claim, which is submitted, approved and paid; follow-up closes
the loop.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from sqlalchemy import select, update

from jobrotation.adapters.tables import claims, pay_runs, projects, users
from jobrotation.domain.errors import JobrotationError
from jobrotation.domain.project import CHECKLIST
from jobrotation.entrypoints.api import router
from jobrotation.services.demo import demo_cprs

from .conftest import ADMIN, CASEWORKER, Api, TestClient, hr, steward

HR, TR = hr("metal"), steward("metal")
EMPLOYEE_CPR, SUBSTITUTE_CPR = "010185-1234", "020290-4321"


def weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(d) for d in range((end - start).days + 1)
            if (start + dt.timedelta(d)).weekday() < 5]


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def paid_to_metal(api: Api) -> Decimal:
    rows = ok(api.get("/dashboard", CASEWORKER))
    return Decimal(next(r["subsidies_paid_kr"] for r in rows
                        if r["employer"] == "Randers Maskinværksted ApS"))


def test_a_project_runs_from_draft_to_paid_claim_and_follow_up_over_http(api: Api) -> None:
    seen: list[str] = []  # every answer, to look for CPR numbers afterwards

    def call(method: str, path: str, who: str, body: Any = None, status: int = 200) -> Any:
        response = api.request(method, path, who, json=body)
        seen.append(response.text)
        return ok(response, status)

    metal = api.demo.employer_ids["metal"]
    paid_before = paid_to_metal(api)

    employee = call("POST", f"/employers/{metal}/people", HR, {
        "kind": "employee", "name": "Mette Smed", "cpr": EMPLOYEE_CPR,
        "facts": {"employee.employed_since": "2019-03-01",
                  "employee.employment_type": "ordinary",
                  "employee.education_level": "erhvervsuddannelse",
                  "employee.full_wage": True, "employee.receives_veu_svu": False}}, 201)["id"]
    substitute = call("POST", f"/employers/{metal}/people", HR, {
        "kind": "substitute", "name": "Ali Vikar", "cpr": SUBSTITUTE_CPR,
        "facts": {"substitute.benefit": "dagpenge", "substitute.benefit_months_total": 8,
                  "substitute.last_employer_is_this": False,
                  "employer.owned_by_substitute_partner": False}}, 201)["id"]
    listed = {p["id"]: p for p in call("GET", f"/employers/{metal}/people", HR)}
    assert listed[employee]["cpr"] == "010185-XXXX"
    assert listed[substitute]["cpr"] == "020290-XXXX"

    project = call("POST", "/projects", HR, {"title": "CNC-kursus", "purpose": "Opkvalificering",
                                             "route": "route1"}, 201)
    pid = project["id"]
    assert (project["employer_id"], project["state"], project["version"]) == (metal, "draft", 1)
    start, end = "2024-02-05", "2024-03-29"
    call("POST", f"/projects/{pid}/trainings", HR, {
        "employee_id": employee, "provider": "AMU Øst", "course": "CNC", "type": "amu",
        "start": start, "end": end, "hours_per_day": 7.4, "veu_eligible": True,
        "facts": {"training.strengthens_competences": True}}, 201)
    call("POST", f"/projects/{pid}/assignments", HR, {
        "substitute_id": substitute, "start": start, "end": end, "hours_per_week": 37,
        "covers": [employee], "hourly_wage_kr": "185.00",
        "facts": {"substitute.same_or_similar_job": True}}, 201)

    detail = call("GET", f"/projects/{pid}", HR)
    assert [p["evaluation"]["routes"]["route1"]["verdict"] for p in detail["eligibility"]] \
        == ["met"]
    assert detail["blocking"] == []
    assert detail["assignments"][0]["hourly_wage_kr"] == "185.00"
    assert detail["eligibility"][0]["evaluation"]["amounts_kr"]["route1_week"] == "7517.29"
    assert detail["subsidy_total_kr"] is not None

    refused = api.post(f"/projects/{pid}/transitions", {"to": "ready", "version": 1}, HR)
    assert refused.status_code == 409 and "Tjekliste" in refused.json()["fejl"]
    assert call("PATCH", f"/projects/{pid}", HR, {
        "version": 1, "checklist": {k: True for k in CHECKLIST}})["version"] == 2
    call("POST", f"/projects/{pid}/transitions", HR, {"to": "ready", "version": 2})
    assert call("POST", f"/projects/{pid}/transitions", HR,
                {"to": "applied", "version": 3})["state"] == "applied"
    unsigned = api.post(f"/projects/{pid}/transitions",
                        {"to": "approved", "reason": "Godkendt", "version": 4}, CASEWORKER)
    assert unsigned.status_code == 409 and "tillidsrepræsentanten" in unsigned.json()["fejl"]
    call("POST", f"/projects/{pid}/signatures", TR, {"document": "application"}, 201)
    approved = call("POST", f"/projects/{pid}/transitions", CASEWORKER,
                    {"to": "approved", "reason": "Godkendt", "version": 4})
    assert (approved["state"], approved["decision_reason"]) == ("approved", "Godkendt")
    running = call("POST", f"/projects/{pid}/transitions", HR, {"to": "running", "version": 5})
    assert [s["to"] for s in running["next_steps"]] == ["closed"]

    days = weekdays(dt.date(2024, 2, 5), dt.date(2024, 2, 29))
    run = call("POST", f"/projects/{pid}/pay-runs", HR, {
        "period_start": "2024-02-01", "period_end": "2024-02-29", "paid_on": "2024-02-29",
        "wages_kr": {str(employee): "30000.00", str(substitute): "27000.00"},
        "hours": {str(employee): {d.isoformat(): 7.4 for d in days},
                  str(substitute): {d.isoformat(): 7.4 for d in days}}}, 201)["id"]
    with api.store.read() as conn:
        wages = conn.execute(select(pay_runs.c.wages).where(pay_runs.c.id == run)).scalar_one()
    assert wages == {str(employee): 3_000_000, str(substitute): 2_700_000}

    claim = call("POST", f"/pay-runs/{run}/claim", HR, status=201)
    # 19 weekdays × 7,4 h = 140,6 h at 203,17 kr. = 28.565,70 kr. (LAB § 152, 2024 rate)
    assert (claim["state"], claim["amount_kr"], claim["version"]) == ("draft", "28565.70", 1)
    assert "140,6 timer à 203,17 kr." in claim["explanation"][0]
    assert claim["lines"][0]["rate_kr"] == "203.17"
    cid = claim["id"]
    call("POST", f"/claims/{cid}/transitions", HR, {"to": "submitted", "version": 1})
    call("POST", f"/claims/{cid}/transitions", CASEWORKER,
         {"to": "approved", "reason": "OK", "version": 2})
    paid = call("POST", f"/claims/{cid}/transitions", CASEWORKER, {"to": "paid", "version": 3})
    assert (paid["state"], paid["state_label"], paid["next_steps"]) == ("paid", "udbetalt", [])
    assert [c["state"] for c in call("GET", f"/projects/{pid}/claims", TR)] == ["paid"]

    call("POST", f"/projects/{pid}/follow-ups", HR, {
        "stage": "end", "substitutes": {str(substitute): "job_same_employer"},
        "employees": {str(employee): {"completed": True, "using_skills": True}},
        "employer": {"production_kept": True, "would_repeat": True}}, 201)
    assert paid_to_metal(api) - paid_before == Decimal("28565.70")

    actions = [e["action"] for e in call("GET", f"/projects/{pid}/audit", TR)]
    assert actions[:3] == ["project.created", "training.added", "assignment.added"]
    assert {"project.applied", "application.signed", "project.approved", "project.started",
            "payrun.recorded", "claim.computed", "claim.submitted", "claim.approved",
            "claim.paid", "followup.recorded"} <= set(actions)

    text = "\n".join(seen)
    for cpr in (EMPLOYEE_CPR, SUBSTITUTE_CPR):
        assert cpr not in text and cpr.replace("-", "") not in text


def test_no_answer_shows_a_cpr_number_except_masked(api: Api) -> None:
    """Everything the admin can read about every demo project and person."""
    texts = []
    for pid in api.demo.project_ids.values():
        for path in (f"/projects/{pid}", f"/projects/{pid}/audit", f"/projects/{pid}/claims"):
            response = api.get(path, ADMIN)
            ok(response)
            texts.append(response.text)
    for employer in api.demo.employer_ids.values():
        response = api.get(f"/employers/{employer}/people", ADMIN)
        for person in ok(response):
            assert re.fullmatch(r"\d{6}-XXXX", person["cpr"]), person["cpr"]
        texts.append(response.text)
    texts.append(api.get("/projects", ADMIN).text)
    everything = "\n".join(texts)
    for cpr in demo_cprs().values():
        assert cpr not in everything and cpr.replace("-", "") not in everything


# --- failures -----------------------------------------------------------------------------


def lean(api: Api) -> int:
    return api.demo.project_ids["lean"]


def test_a_stale_edit_is_409_and_changes_nothing(api: Api) -> None:
    pid = lean(api)
    current = ok(api.get(f"/projects/{pid}", HR))
    first = ok(api.patch(f"/projects/{pid}", {"version": current["version"], "title": "A"}, HR))
    assert first["version"] == current["version"] + 1
    stale = api.patch(f"/projects/{pid}", {"version": current["version"], "title": "B"}, HR)
    assert stale.status_code == 409
    assert "ændret af en anden" in stale.json()["fejl"]
    assert ok(api.get(f"/projects/{pid}", HR))["title"] == "A"


def test_a_stale_transition_is_409(api: Api) -> None:
    pid = api.demo.project_ids["velfaerd"]
    current = ok(api.get(f"/projects/{pid}", ADMIN))["version"]
    response = api.post(f"/projects/{pid}/transitions",
                        {"to": "running", "version": current - 1}, ADMIN)
    assert response.status_code == 409
    assert ok(api.get(f"/projects/{pid}", ADMIN))["state"] == "approved"


def test_a_stale_claim_step_is_409(api: Api) -> None:
    with api.store.read() as conn:
        row = conn.execute(select(claims.c.id, claims.c.version).where(
            claims.c.state == "submitted")).first()
    assert row is not None
    cid, version = row
    response = api.post(f"/claims/{cid}/transitions",
                        {"to": "approved", "reason": "OK", "version": version + 1}, CASEWORKER)
    assert response.status_code == 409


def test_an_illegal_step_is_409_in_danish(api: Api) -> None:
    pid = lean(api)
    version = ok(api.get(f"/projects/{pid}", ADMIN))["version"]
    response = api.post(f"/projects/{pid}/transitions",
                        {"to": "approved", "reason": "ok", "version": version}, ADMIN)
    assert response.status_code == 409
    assert "kan ikke gå fra 'kladde' til 'godkendt'" in response.json()["fejl"]


def test_an_unknown_record_is_404(api: Api) -> None:
    response = api.get("/projects/999999", ADMIN)
    assert response.status_code == 404
    assert response.json() == {"fejl": "Projekt 999999 findes ikke."}
    assert api.post("/pay-runs/999999/claim", None, ADMIN).status_code == 404
    assert api.get("/ingen-adresse", ADMIN).status_code == 404


@pytest.mark.parametrize(("path_id", "status"), [("0", 422), ("abc", 422),
                                                  ("99999999999999999999", 422)])
def test_a_malformed_id_is_422_not_an_error(api: Api, path_id: str, status: int) -> None:
    assert api.get(f"/projects/{path_id}", ADMIN).status_code == status


def test_bad_input_is_422_in_danish(api: Api) -> None:
    response = api.post(f"/projects/{lean(api)}/trainings", {
        "employee_id": api.demo.person_ids["bent"], "provider": "AMU", "course": "X",
        "type": "amu", "start": "2026-02-01", "end": "2026-01-01", "hours_per_day": 7.4}, HR)
    assert response.status_code == 422
    assert response.json() == {"fejl": "Uddannelsens slutdato ligger før startdatoen"}
    typo = api.post(f"/projects/{lean(api)}/comments", {"txt": "hej"}, HR)
    assert typo.status_code == 422
    assert "text: mangler" in typo.json()["fejl"] and "txt: kendes ikke" in typo.json()["fejl"]


def test_facts_the_law_would_refuse_are_refused_before_they_are_stored(api: Api) -> None:
    response = api.post(f"/projects/{lean(api)}/trainings", {
        "employee_id": api.demo.person_ids["bent"], "provider": "AMU", "course": "X",
        "type": "amu", "start": "2026-01-05", "end": "2026-01-30", "hours_per_day": 7.4,
        "facts": {"training.strenghtens_competences": True}}, HR)
    assert response.status_code == 422
    assert "training.strenghtens_competences" in response.json()["fejl"]
    assert ok(api.get(f"/projects/{lean(api)}", HR))  # the project still reads


def test_money_with_more_than_two_decimals_is_422(api: Api) -> None:
    response = api.post(f"/projects/{lean(api)}/assignments", {
        "substitute_id": api.demo.person_ids["peter"], "start": "2026-01-05",
        "end": "2026-01-30", "hours_per_week": 37, "covers": [api.demo.person_ids["jonas"]],
        "hourly_wage_kr": "201.005"}, HR)
    assert response.status_code == 422
    assert "hourly_wage_kr: højst 2 decimaler" in response.json()["fejl"]


def test_an_unknown_rate_is_422(api: Api) -> None:
    """The demo's route-2 project in 2025, its pay run without a claim, under a what-if in
    which the 2025 løntilskud rate is not known."""
    with api.store.read() as conn:
        run = conn.execute(select(pay_runs.c.id).where(
            pay_runs.c.project_id == api.demo.project_ids["medicin"])
            .order_by(pay_runs.c.period_start.desc())).scalars().first()
    unknown = {"values": {"2025-01-01": {"value": None, "source": "test", "confidence": "L"}}}
    shipped = api.store.params
    api.store.params = api.store.parameters.with_overrides(
        {"rate.wage_subsidy_public_hourly": unknown})
    try:
        response = api.post(f"/pay-runs/{run}/claim", None, hr("pleje"))
    finally:
        api.store.params = shipped
    assert response.status_code == 422
    assert "Sats ikke kendt for 2025" in response.json()["fejl"]


def test_a_claim_on_a_derived_rate_says_so(api: Api) -> None:
    with api.store.read() as conn:
        run = conn.execute(select(pay_runs.c.id).where(
            pay_runs.c.project_id == api.demo.project_ids["medicin"])
            .order_by(pay_runs.c.period_start.desc())).scalars().first()
    response = api.post(f"/pay-runs/{run}/claim", None, hr("pleje"))
    assert response.status_code in (200, 201), response.text
    claim = response.json()
    assert any(line["derived"] for line in claim["lines"])
    assert any("beregnet efter formel, ikke offentliggjort" in w for w in claim["warnings"])


def test_a_deactivated_users_token_is_401(api: Api) -> None:
    assert api.get("/projects", HR).status_code == 200
    with api.store.engine.begin() as conn:
        conn.execute(update(users).where(users.c.email == HR).values(active=False))
    response = api.get("/projects", HR)
    assert response.status_code == 401
    assert response.json() == {"fejl": "Ugyldig eller udløbet API-nøgle."}


def test_a_token_of_another_scheme_is_401(api: Api) -> None:
    response = api.client.get("/api/v1/projects",
                              headers={"Authorization": f"Basic {api.demo.tokens[HR]}"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_router_answers_json_inside_an_app_that_renders_html_errors(api: Api) -> None:
    """The web app turns product errors into pages; the API's own routes stay JSON."""
    app = FastAPI()
    app.state.store = api.store

    @app.exception_handler(JobrotationError)
    async def page(request: Request, exc: JobrotationError) -> HTMLResponse:
        return HTMLResponse("<h1>Fejl</h1>", status_code=400)

    @app.exception_handler(RequestValidationError)
    async def bad(request: Request, exc: RequestValidationError) -> HTMLResponse:
        return HTMLResponse("<h1>Fejl</h1>", status_code=400)

    app.include_router(router)
    client = TestClient(app)
    other = api.demo.project_ids["surdej"]  # the bakery's: not the metal workshop's
    headers = {"Authorization": f"Bearer {api.demo.tokens[HR]}"}
    assert client.get(f"/api/v1/projects/{other}", headers=headers).json()["fejl"].startswith(
        "Du har ikke adgang")
    assert client.get("/api/v1/projects").status_code == 401
    assert client.get("/api/v1/compare", params={"hours": -1}).status_code == 422
    assert client.get("/api/v1/compare", params={"hours": -1}).json()["fejl"]


def test_a_projects_detail_lists_plan_and_law_without_touching_it(api: Api) -> None:
    pid = api.demo.project_ids["cnc"]
    detail = ok(api.get(f"/projects/{pid}", steward("metal")))
    assert detail["state"] == "closed" and detail["state_label"] == "afsluttet"
    assert len(detail["trainings"]) == 2 and len(detail["assignments"]) == 2
    assert detail["trainings"][0]["fee_kr"] == "2150.00"
    assert {p["evaluation"]["routes"]["route1"]["verdict"] for p in detail["eligibility"]} \
        == {"met"}
    with api.store.read() as conn:
        assert conn.execute(select(projects.c.version).where(projects.c.id == pid)) \
            .scalar_one() == detail["version"]
