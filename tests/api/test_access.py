"""The access matrix through HTTP: every route × every role, on own and other records.

For each route a demo record is chosen in a state where the step can actually be taken
(a draft project to edit, an applied one to approve, a submitted claim to approve, …).
"Own" actors are the record's own: its employer's HR user and shop steward, the
caseworker of its municipality (Randers), a substitute working in the project. "Other"
actors hold the same role elsewhere: another employer's HR user and shop steward, the
caseworker of Aarhus, a substitute from another employer's project. The admin is the same
in both. Each cell runs on its own copy of the database.

The expected answer is what ``services.policy.allowed`` says for the route's action on the
record (its ``Target`` as the services compute it): allowed → a 2xx answer; refused → 403
with the policy's sentence and nothing written; no token → 401 with
``WWW-Authenticate: Bearer``. The lists (``/projects``, ``/dashboard``) are checked
against the policy row by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from jobrotation.adapters.tables import audit, claims, organisations, pay_runs, projects
from jobrotation.services import accounts, policy
from jobrotation.services.policy import ACTION_LABELS, Target
from jobrotation.services.project_reads import employer_target, project_target

from .conftest import (
    ADMIN,
    CASEWORKER,
    CASEWORKER_ELSEWHERE,
    SUBSTITUTE,
    Api,
    Demo,
    hr,
    steward,
    substitute_of,
)

ROLES = ("employer", "steward", "substitute", "caseworker", "admin")
OTHER_EMPLOYER = {"metal": "bageri", "bageri": "pleje", "pleje": "dagtilbud",
                  "dagtilbud": "metal"}

Request = tuple[str, Any]  # path, JSON body


def version(api: Api, table: Any, row_id: int) -> int:
    with api.store.read() as conn:
        return int(conn.execute(select(table.c.version).where(table.c.id == row_id))
                   .scalar_one())


def claim_in(api: Api, plan: str, state: str) -> tuple[int, int]:
    """(id, version) of the demo project's first claim in ``state``."""
    with api.store.read() as conn:
        row = conn.execute(select(claims.c.id, claims.c.version).where(
            claims.c.project_id == api.demo.project_ids[plan], claims.c.state == state)
            .order_by(claims.c.id)).first()
    assert row is not None, (plan, state)
    return int(row[0]), int(row[1])


def pay_run_to_claim_again(api: Api, plan: str) -> int:
    """A pay run whose only claim was rejected: a new claim may be computed for it."""
    with api.store.read() as conn:
        return int(conn.execute(select(claims.c.pay_run_id).where(
            claims.c.project_id == api.demo.project_ids[plan], claims.c.state == "rejected"))
            .scalar_one())


def next_period(api: Api, plan: str) -> dict[str, Any]:
    """A pay run for the month after the project's last one (nobody paid: no hours)."""
    with api.store.read() as conn:
        last = conn.execute(select(func.max(pay_runs.c.period_end)).where(
            pay_runs.c.project_id == api.demo.project_ids[plan])).scalar_one()
    start = last + dt.timedelta(days=1)
    end = start + dt.timedelta(days=27)
    return {"period_start": start.isoformat(), "period_end": end.isoformat(),
            "paid_on": end.isoformat(), "wages_kr": {}, "hours": {}}


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    action: str
    make: Callable[[Api], Request]
    project: str | None = None  # the demo project acted on …
    employer: str | None = None  # … or the demo employer

    def employer_key(self, demo: Demo) -> str:
        if self.project is not None:
            return demo.project_employers[self.project]
        assert self.employer is not None
        return self.employer


def pid(api: Api, plan: str) -> int:
    return api.demo.project_ids[plan]


def _project_move(plan: str, to: str, reason: str | None = None) -> Callable[[Api], Request]:
    return lambda a: (f"/projects/{pid(a, plan)}/transitions",
                      {"to": to, "reason": reason,
                       "version": version(a, projects, pid(a, plan))})


def _claim_move(plan: str, state: str, to: str,
                reason: str | None = None) -> Callable[[Api], Request]:
    def make(a: Api) -> Request:
        claim_id, claim_version = claim_in(a, plan, state)
        return f"/claims/{claim_id}/transitions", {"to": to, "reason": reason,
                                                   "version": claim_version}
    return make


ROUTES = (
    Route("get project", "GET", "project.read",
          lambda a: (f"/projects/{pid(a, 'lean')}", None), project="lean"),
    Route("edit project", "PATCH", "project.edit",
          lambda a: (f"/projects/{pid(a, 'lean')}",
                     {"version": version(a, projects, pid(a, "lean")), "title": "Lean 2"}),
          project="lean"),
    Route("back to draft", "POST", "project.apply", _project_move("ovn", "draft"),
          project="ovn"),
    Route("approve application", "POST", "project.decide",
          _project_move("special", "approved", "Betingelserne er opfyldt."),
          project="special"),
    Route("start project", "POST", "project.run", _project_move("velfaerd", "running"),
          project="velfaerd"),
    Route("close project", "POST", "project.run", _project_move("sprog", "closed"),
          project="sprog"),
    Route("add training", "POST", "project.edit",
          lambda a: (f"/projects/{pid(a, 'lean')}/trainings",
                     {"employee_id": a.demo.person_ids["bent"], "provider": "AMU Randers",
                      "course": "Lean (AMU)", "type": "amu", "start": "2026-01-05",
                      "end": "2026-01-30", "hours_per_day": 7.4, "fee_kr": "1200.00",
                      "veu_eligible": True,
                      "facts": {"training.strengthens_competences": True}}),
          project="lean"),
    Route("add substitute", "POST", "project.edit",
          lambda a: (f"/projects/{pid(a, 'lean')}/assignments",
                     {"substitute_id": a.demo.person_ids["peter"], "start": "2026-01-05",
                      "end": "2026-01-30", "hours_per_week": 37,
                      "covers": [a.demo.person_ids["jonas"]], "hourly_wage_kr": "201.00",
                      "facts": {"substitute.same_or_similar_job": True}}),
          project="lean"),
    Route("sign agreement", "POST", "project.sign",
          lambda a: (f"/projects/{pid(a, 'ovn')}/signatures", {"document": "agreement"}),
          project="ovn"),
    Route("comment", "POST", "project.comment",
          lambda a: (f"/projects/{pid(a, 'lean')}/comments", {"text": "Et spørgsmål."}),
          project="lean"),
    Route("audit trail", "GET", "project.audit",
          lambda a: (f"/projects/{pid(a, 'lean')}/audit", None), project="lean"),
    Route("record pay run", "POST", "payrun.record",
          lambda a: (f"/projects/{pid(a, 'sprog')}/pay-runs", next_period(a, "sprog")),
          project="sprog"),
    Route("compute claim", "POST", "claim.create",
          lambda a: (f"/pay-runs/{pay_run_to_claim_again(a, 'svejs')}/claim", None),
          project="svejs"),
    Route("list claims", "GET", "project.read",
          lambda a: (f"/projects/{pid(a, 'surdej')}/claims", None), project="surdej"),
    Route("submit claim", "POST", "claim.submit", _claim_move("surdej", "draft", "submitted"),
          project="surdej"),
    Route("approve claim", "POST", "claim.decide",
          _claim_move("surdej", "submitted", "approved", "Kontrolleret."), project="surdej"),
    Route("pay claim", "POST", "claim.pay", _claim_move("surdej", "approved", "paid"),
          project="surdej"),
    Route("record follow-up", "POST", "followup.record",
          lambda a: (f"/projects/{pid(a, 'sprog')}/follow-ups",
                     {"stage": "end", "employer": {"production_kept": True}}),
          project="sprog"),
    Route("list people", "GET", "person.read",
          lambda a: (f"/employers/{a.demo.employer_ids['metal']}/people", None),
          employer="metal"),
    Route("add person", "POST", "person.edit",
          lambda a: (f"/employers/{a.demo.employer_ids['metal']}/people",
                     {"kind": "substitute", "name": "Ny Vikar", "cpr": "010203-0007",
                      "facts": {"substitute.benefit": "dagpenge"}}),
          employer="metal"),
    Route("create project", "POST", "project.create",
          lambda a: ("/projects", {"employer_id": a.demo.employer_ids["metal"],
                                   "title": "Truckcertifikat", "route": "route1"}),
          employer="metal"),
)


def actor_email(demo: Demo, route: Route, role: str, scope: str) -> str:
    employer = route.employer_key(demo)
    if scope == "other":
        employer = OTHER_EMPLOYER[employer]
    if role == "employer":
        return hr(employer)
    if role == "steward":
        return steward(employer)
    if role == "caseworker":
        return CASEWORKER if scope == "own" else CASEWORKER_ELSEWHERE
    if role == "substitute":
        if scope == "own":
            return substitute_of(route.project) if route.project else SUBSTITUTE
        return substitute_of(next(p for p, e in demo.project_employers.items()
                                  if e == employer))
    return ADMIN


def target_of(api: Api, route: Route) -> Target:
    with api.store.read() as conn:
        if route.project is not None:
            return project_target(conn, pid(api, route.project))[1]
        assert route.employer is not None
        return employer_target(conn, api.demo.employer_ids[route.employer])


def audit_count(api: Api) -> int:
    with api.store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(audit)).scalar_one())


CELLS = [(r, role, scope) for r in ROUTES for role in ROLES for scope in ("own", "other")]


@pytest.mark.parametrize(("route", "role", "scope"), CELLS,
                         ids=[f"{r.name}-{role}-{scope}" for r, role, scope in CELLS])
def test_route_answers_as_the_policy_decides(api: Api, route: Route, role: str,
                                             scope: str) -> None:
    email = actor_email(api.demo, route, role, scope)
    actor = accounts.actor_for_token(api.store, api.demo.tokens[email])
    assert actor.role == role
    allowed = policy.allowed(actor, route.action, target_of(api, route))
    path, body = route.make(api)
    before = audit_count(api)
    response = api.request(route.method, path, email, json=body)
    if allowed:
        assert 200 <= response.status_code < 300, (response.status_code, response.text)
    else:
        assert response.status_code == 403, (response.status_code, response.text)
        assert response.json() == {
            "fejl": f"Du har ikke adgang til at {ACTION_LABELS[route.action]}."}
        assert audit_count(api) == before


def test_matrix_has_own_roles_allowed_and_everyone_elsewhere_refused(api: Api) -> None:
    """The cells above are not trivial: on each route some role besides the admin may act
    on its own record, some may not, and nobody but the admin reaches another's record."""
    for route in ROUTES:
        target = target_of(api, route)
        cells = {(role, scope): policy.allowed(accounts.actor_for_token(
            api.store, api.demo.tokens[actor_email(api.demo, route, role, scope)]),
            route.action, target) for role in ROLES for scope in ("own", "other")}
        own = [cells[(role, "own")] for role in ROLES if role != "admin"]
        assert any(own) and not all(own), route.name
        assert cells[("admin", "own")] and cells[("admin", "other")], route.name
        assert not any(cells[(role, "other")] for role in ROLES if role != "admin"), route.name


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_route_without_a_token_is_401(api: Api, route: Route) -> None:
    path, body = route.make(api)
    response = api.request(route.method, path, None, json=body)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    bad = api.client.request(route.method, "/api/v1" + path, json=body,
                             headers={"Authorization": "Bearer ikke-en-noegle"})
    assert bad.status_code == 401
    assert bad.headers["www-authenticate"].startswith("Bearer")


def test_every_route_of_the_router_is_in_the_matrix(api: Api) -> None:
    """A new authenticated route must be added to ``ROUTES`` (or to the list tests)."""
    spec = api.client.get("/api/v1/openapi.json").json()
    secured = {(method.upper(), path) for path, ops in spec["paths"].items()
               for method, op in ops.items() if op.get("security")}
    covered = set()
    for route in ROUTES:
        path, _ = route.make(api)
        covered.add((route.method, path))
    templates = {(m, p.removeprefix("/api/v1")) for m, p in secured}
    lists = {("GET", "/projects"), ("GET", "/dashboard")}
    unmatched = {(m, p) for m, p in templates - lists
                 if not any(m == cm and _matches(p, cp) for cm, cp in covered)}
    assert not unmatched


def _matches(template: str, path: str) -> bool:
    parts, actual = template.strip("/").split("/"), path.strip("/").split("/")
    return len(parts) == len(actual) and all(
        t.startswith("{") or t == a for t, a in zip(parts, actual, strict=True))


# --- the lists --------------------------------------------------------------------------

EVERYONE = (ADMIN, CASEWORKER, CASEWORKER_ELSEWHERE, SUBSTITUTE, hr("metal"),
            steward("metal"), hr("pleje"), steward("dagtilbud"), substitute_of("surdej"))


@pytest.mark.parametrize("email", EVERYONE)
def test_project_list_is_exactly_the_projects_the_policy_lets_one_read(api: Api,
                                                                       email: str) -> None:
    actor = accounts.actor_for_token(api.store, api.demo.tokens[email])
    with api.store.read() as conn:
        readable = {p for p in api.demo.project_ids.values()
                    if policy.allowed(actor, "project.read", project_target(conn, p)[1])}
    response = api.get("/projects", email)
    assert response.status_code == 200
    assert {p["id"] for p in response.json()} == readable


@pytest.mark.parametrize("email", EVERYONE)
def test_dashboard_shows_only_what_the_policy_lets_one_see(api: Api, email: str) -> None:
    actor = accounts.actor_for_token(api.store, api.demo.tokens[email])
    may = policy.RULES["dashboard.read"].get(actor.role)
    response = api.get("/dashboard", email)
    if may is None:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    with api.store.read() as conn:
        visible = {api.demo.employer_ids[e]: e for e in api.demo.employer_ids
                   if policy.allowed(actor, "dashboard.read",
                                     employer_target(conn, api.demo.employer_ids[e]))}
    names = {row["employer"] for row in response.json()}
    with api.store.read() as conn:
        expected = set(conn.execute(select(organisations.c.name).where(
            organisations.c.id.in_(visible))).scalars())
    assert names == expected
