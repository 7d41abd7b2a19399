"""The access matrix: every role × every action × own and other organisation.

The expected matrix below is written from the issue, not computed from ``policy.RULES``:

    employer      its own organisation;
    steward       its own workplace: reads the project, comments, co-signs the
                  application and the agreement;
    substitute    its own data and its own agreements only;
    caseworker    projects of employers in its jobcentre's municipality: approves or
                  rejects applications and claims;
    admin         everything.

"own" means the record belongs to the actor's organisation (employer, steward), to an
employer in the actor's municipality (caseworker) or concerns the actor's own person
(substitute); "other" means it does not. Cells:

    own   allowed on own records, refused on other records
    all   allowed on both
    -     refused on both

Where the issue names no action for a role, the cell follows the role's scope and the
design; these are judgement calls, to be revisited if the issue is read otherwise: the
caseworker also comments, reads the trail, marks claims paid, records follow-up, reads and
adds people (the jobcentre proposes substitutes) and reads the dashboard; the steward
reads the trail and the agreement it co-signs but not the people list or the dashboard;
only the person themself (a substitute) and the admin export a person's data, and only
the admin erases.

The policy is checked directly (every cell) and through the services that enforce it (a
refusal raises ``NotAllowed``, changes nothing and is logged without personal data).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select

from jobrotation.adapters.tables import audit, metadata, projects
from jobrotation.domain.errors import JobrotationError, NotAllowed
from jobrotation.domain.project import CHECKLIST
from jobrotation.services import claims as claim_service
from jobrotation.services import followup, lawcase, overview, policy, project_reads
from jobrotation.services import people as people_service
from jobrotation.services import projects as p
from jobrotation.services.policy import Actor, Target
from jobrotation.services.store import Store

from .conftest import ADMIN

MATRIX = """
action              employer steward substitute caseworker admin
project.create      own      -       -          -          all   # employer: own organisation
project.read        own      own     -          own        all   # steward "reads the project"
project.edit        own      -       -          -          all
project.apply       own      -       -          -          all
project.decide      -        -       -          own        all   # jobcentre "approves or rejects"
project.run         own      -       -          -          all   # start and close
project.comment     own      own     -          own        all   # steward "comments"
project.sign        own      own     -          -          all   # steward "co-signs"
project.audit       own      own     -          own        all   # part of reading the project
payrun.record       own      -       -          -          all
claim.create        own      -       -          -          all
claim.submit        own      -       -          -          all
claim.decide        -        -       -          own        all   # jobcentre "approves or rejects"
claim.pay           -        -       -          own        all   # the jobcentre pays
followup.record     own      -       -          own        all   # triple gain: both follow up
person.read         own      -       own        own        all   # substitute: "own data"
person.edit         own      -       -          own        all   # jobcentre proposes substitutes
person.export       -        -       own        -          all   # substitute: "own data"
person.erase        -        -       -          -          all   # after retention: admin only
agreement.read      own      own     own        own        all   # "own agreements"; co-signed
dashboard.read      own      -       -          own        all
organisation.edit   own      -       -          -          all   # "the organisation" step
organisation.manage -        -       -          -          all   # organisations and users
"""

SCOPES = ("own", "other")
CELL = {"own": {"own": True, "other": False}, "all": {"own": True, "other": True},
        "-": {"own": False, "other": False}}


def _parse(table: str) -> dict[str, dict[str, dict[str, bool]]]:
    lines = [line.split("#")[0].split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    roles = header[1:]
    return {row[0]: {role: CELL[cell] for role, cell in zip(roles, row[1:], strict=True)}
            for row in rows}


EXPECTED = _parse(MATRIX)


def expected(action: str, role: str, scope: str) -> bool:
    return EXPECTED[action][role][scope]


# --- the policy itself, cell by cell ------------------------------------------------------


def test_matrix_covers_exactly_the_policys_actions_and_roles():
    assert set(EXPECTED) == set(policy.RULES)
    for action, row in EXPECTED.items():
        assert set(row) == set(policy.ROLES), action


OWN_ORG, OTHER_ORG = 10, 20
OWN_MUNI, OTHER_MUNI = "Randers", "Aarhus"
OWN_PERSON, OTHER_PERSON = 100, 200

# The actor is linked to "own" in every way an actor can be (organisation, municipality,
# person), so that a role can only reach what its own scope gives it — a substitute who
# works at the employer does not thereby read the employer's projects.
TARGETS = {
    "own": Target(OWN_ORG, OWN_MUNI, frozenset({OWN_PERSON})),
    "other": Target(OTHER_ORG, OTHER_MUNI, frozenset({OTHER_PERSON})),
}


def linked(role: str) -> Actor:
    return Actor(7, role, "bruger", organisation_id=OWN_ORG, municipality=OWN_MUNI,
                 person_id=OWN_PERSON)


def unlinked(role: str) -> Actor:
    return Actor(8, role, "bruger")


CELLS = [(action, role, scope) for action in sorted(policy.RULES) for role in policy.ROLES
         for scope in SCOPES]


@pytest.mark.parametrize(("action", "role", "scope"), CELLS)
def test_policy_cell(action, role, scope):
    assert policy.allowed(linked(role), action, TARGETS[scope]) is \
        expected(action, role, scope)


@pytest.mark.parametrize(("action", "role"), [(a, r) for a in sorted(policy.RULES)
                                              for r in policy.ROLES])
def test_an_actor_linked_to_nothing_reaches_only_what_admin_reaches(action, role):
    """A user without organisation, municipality or person owns nothing."""
    for target in (*TARGETS.values(), Target()):
        assert policy.allowed(unlinked(role), action, target) is (role == "admin")


def test_require_refuses_an_unknown_action():
    with pytest.raises(KeyError):
        policy.require(ADMIN, "project.delete", Target())


# --- a world with two employers in two municipalities -------------------------------------

EMPLOYER_FACTS = {"employer.ordinary_employees": 40, "employer.subsidised_employees": 1}
EMPLOYEE_FACTS = {"employee.employed_since": "2019-03-01", "employee.employment_type": "ordinary",
                  "employee.education_level": "erhvervsuddannelse", "employee.full_wage": True,
                  "employee.receives_veu_svu": False}
SUBSTITUTE_FACTS = {"substitute.benefit": "dagpenge", "substitute.benefit_months_total": 8,
                    "substitute.last_employer_is_this": False,
                    "employer.owned_by_substitute_partner": False}
START, END = dt.date(2024, 2, 5), dt.date(2024, 3, 29)
PERIOD = (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(d) for d in range((end - start).days + 1)
            if (start + dt.timedelta(d)).weekday() < 5]


@dataclass
class Side:
    """One employer with an employee and a substitute: the "own" or the "other" side."""

    employer: int
    municipality: str
    employee: int
    substitute: int
    steward: Actor | None = None


@dataclass
class World:
    """Employer A (Randers, with a shop steward) is "own"; employer B (Aarhus) is "other".

    The acting users belong to A's side: A's HR and shop steward, the Randers caseworker,
    the substitute working in A's projects, and an admin. Cases are built by the admin
    (and A's steward, who must co-sign A's applications)."""

    store: Store
    actors: dict[str, Actor]
    sides: dict[str, Side]
    admin: Actor

    @classmethod
    def build(cls, store: Store, *, cpr: tuple[str, str, str, str] = (
            "010185-1234", "020290-4321", "030375-2468", "040480-1357")) -> World:
        admin_id = people_service.create_user(store, ADMIN, email="admin@drift.dk",
                                              name="Drift", role="admin")
        admin = Actor(admin_id, "admin", "Drift")
        a = people_service.create_employer(store, ADMIN, name="Smedjen A/S", cvr="13585628",
                                           sector="private", municipality="Randers",
                                           facts=EMPLOYER_FACTS)
        b = people_service.create_employer(store, ADMIN, name="Bageriet ApS", cvr="29403473",
                                           sector="private", municipality="Aarhus",
                                           facts=EMPLOYER_FACTS)
        people_service.create_jobcentre(store, ADMIN, municipality="Randers")
        people_service.create_jobcentre(store, ADMIN, municipality="Aarhus")
        sides = {}
        for (scope, employer, muni), (ecpr, scpr) in zip(
                (("own", a, "Randers"), ("other", b, "Aarhus")), (cpr[:2], cpr[2:]),
                strict=True):
            employee = people_service.add_person(
                store, admin, kind="employee", name=f"Medarbejder {scope}",
                employer_id=employer, cpr=ecpr, facts=EMPLOYEE_FACTS)
            substitute = people_service.add_person(
                store, admin, kind="substitute", name=f"Vikar {scope}", employer_id=employer,
                cpr=scpr, email=f"vikar-{scope}@example.dk", facts=SUBSTITUTE_FACTS)
            sides[scope] = Side(employer, muni, employee, substitute)

        def user(role: str, **links: Any) -> Actor:
            uid = people_service.create_user(store, ADMIN, email=f"{role}@example.dk",
                                             name=role.capitalize(), role=role,
                                             organisation_id=links.get("organisation_id"),
                                             person_id=links.get("person_id"))
            return Actor(uid, role, role.capitalize(), **links)

        actors = {
            "employer": user("employer", organisation_id=a),
            "steward": user("steward", organisation_id=a),
            "substitute": user("substitute", person_id=sides["own"].substitute),
            "caseworker": user("caseworker", municipality="Randers"),
            "admin": admin,
        }
        sides["own"].steward = actors["steward"]
        return cls(store, actors, sides, admin)

    # --- building cases in a given state (as admin) -------------------------------------

    def version(self, project_id: int) -> int:
        with self.store.read() as conn:
            return int(conn.execute(select(projects.c.version)
                                    .where(projects.c.id == project_id)).scalar_one())

    def step(self, project_id: int, state: str, reason: str | None = None) -> None:
        p.move(self.store, self.admin, project_id, self.version(project_id), state, reason)

    def project(self, scope: str, state: str = "draft") -> int:
        """A project of the side's employer, planned (training, substitute, checklist)
        unless ``state`` is "draft", and taken through the workflow up to ``state``."""
        side, store, admin = self.sides[scope], self.store, self.admin
        pid = p.create_project(store, admin, side.employer, "CNC-kursus", "Opkvalificering",
                               "route1")
        if state == "draft":
            return pid
        p.add_training(store, admin, pid, side.employee, provider="AMU Øst", course="CNC",
                       type="amu", start=START, end=END, hours_per_day=7.4, veu_eligible=True,
                       facts={"training.strengthens_competences": True})
        if state == "trained":
            return pid
        p.add_assignment(store, admin, pid, side.substitute, start=START, end=END,
                         hours_per_week=37, covers=[side.employee], hourly_wage_ore=18500,
                         facts={"substitute.same_or_similar_job": True})
        p.update_project(store, admin, pid, 1, checklist={k: True for k in CHECKLIST})
        path = ["ready", "applied", "approved", "running", "closed"]
        for target in path[:path.index(state) + 1] if state in path else []:
            if target == "applied" and side.steward is not None:
                p.sign(store, side.steward, pid, "application")
            self.step(pid, target, "Godkendt" if target == "approved" else None)
        return pid

    def pay_run(self, scope: str, project_id: int | None = None) -> int:
        """A pay run for February (on a new running project unless one is given)."""
        side = self.sides[scope]
        pid = project_id or self.project(scope, "running")
        days = weekdays(START, PERIOD[1])
        return claim_service.record_pay_run(
            self.store, self.admin, pid, period_start=PERIOD[0], period_end=PERIOD[1],
            paid_on=PERIOD[1], wages_ore={side.employee: 3_000_000, side.substitute: 2_700_000},
            hours={side.employee: {d: 7.4 for d in days}, side.substitute: {d: 7.4 for d in days}})

    def claim(self, scope: str, state: str = "draft") -> int:
        claim_id = claim_service.compute_claim(self.store, self.admin, self.pay_run(scope))
        path = ["submitted", "approved", "paid"]
        for version, target in enumerate(path[:path.index(state) + 1] if state in path else [],
                                         start=1):
            claim_service.move_claim(self.store, self.admin, claim_id, version, target, "OK")
        return claim_id

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table: a refusal must leave all of it as it was."""
        with self.store.read() as conn:
            return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                    for t in metadata.sorted_tables}

    def audit_rows(self) -> int:
        with self.store.read() as conn:
            return int(conn.execute(select(func.count()).select_from(audit)).scalar_one())


@pytest.fixture
def world(store) -> World:
    return World.build(store)


# --- the services, cell by cell -----------------------------------------------------------


@dataclass
class Case:
    """What one call acts on: built fresh for each scope, rebuilt after a change."""

    side: Side
    ids: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Op:
    """A service call that enforces ``action``; ``needs`` builds the record it acts on."""

    name: str
    action: str
    needs: Callable[[World, str], dict[str, int]]
    call: Callable[[World, Actor, Case], object]
    writes: bool = True
    roles: tuple[str, ...] = tuple(policy.ROLES)


def _org(w: World, s: str) -> dict[str, int]:
    return {}


def _project(state: str) -> Callable[[World, str], dict[str, int]]:
    return lambda w, s: {"project": w.project(s, state)}


def _claim(state: str) -> Callable[[World, str], dict[str, int]]:
    return lambda w, s: {"claim": w.claim(s, state)}


def _move(state: str, reason: str | None = None) -> Callable[[World, Actor, Case], None]:
    def call(w: World, actor: Actor, c: Case) -> None:
        pid = c.ids["project"]
        p.move(w.store, actor, pid, w.version(pid), state, reason)
    return call


def _move_claim(state: str, version: int,
                reason: str | None = None) -> Callable[[World, Actor, Case], None]:
    def call(w: World, actor: Actor, c: Case) -> None:
        claim_service.move_claim(w.store, actor, c.ids["claim"], version, state, reason)
    return call


def _pay_run(w: World, actor: Actor, c: Case) -> int:
    days = weekdays(START, PERIOD[1])
    return claim_service.record_pay_run(
        w.store, actor, c.ids["project"], period_start=PERIOD[0], period_end=PERIOD[1],
        paid_on=PERIOD[1], wages_ore={c.side.substitute: 2_700_000},
        hours={c.side.substitute: {d: 7.4 for d in days}})


OPS = [
    Op("create_project", "project.create", _org,
       lambda w, a, c: p.create_project(w.store, a, c.side.employer, "Nyt", "", "route1")),
    Op("project_eligibility", "project.read", _project("ready"),
       lambda w, a, c: lawcase.project_eligibility(w.store, a, c.ids["project"]), writes=False),
    Op("project_overview", "project.read", _project("ready"),
       lambda w, a, c: overview.project_overview(w.store, a, c.ids["project"]), writes=False),
    Op("project_trail", "project.audit", _project("draft"),
       lambda w, a, c: overview.project_trail(w.store, a, c.ids["project"]), writes=False),
    Op("update_project", "project.edit", _project("draft"),
       lambda w, a, c: p.update_project(w.store, a, c.ids["project"],
                                        w.version(c.ids["project"]), title="Ny titel")),
    Op("add_training", "project.edit", _project("draft"),
       lambda w, a, c: p.add_training(w.store, a, c.ids["project"], c.side.employee,
                                      provider="AMU", course="Svejsning", type="amu",
                                      start=START, end=END, hours_per_day=7.4)),
    Op("add_assignment", "project.edit", _project("trained"),
       lambda w, a, c: p.add_assignment(w.store, a, c.ids["project"], c.side.substitute,
                                        start=START, end=END, hours_per_week=37,
                                        covers=[c.side.employee])),
    Op("move to ready", "project.apply", _project("planned"), _move("ready")),
    Op("move to applied", "project.apply", _project("ready"), _move("applied")),
    Op("move to approved", "project.decide", _project("applied"), _move("approved", "Fint")),
    Op("move to rejected", "project.decide", _project("applied"),
       _move("rejected", "Mangler plan")),
    Op("move to running", "project.run", _project("approved"), _move("running")),
    Op("move to closed", "project.run", _project("running"), _move("closed")),
    Op("audit_trail", "project.audit", _project("draft"),
       lambda w, a, c: project_reads.audit_trail(w.store, a, c.ids["project"]), writes=False),
    Op("agreements", "agreement.read", _project("planned"),
       lambda w, a, c: project_reads.agreements(w.store, a, c.side.substitute), writes=False),
    Op("comment", "project.comment", _project("draft"),
       lambda w, a, c: p.comment(w.store, a, c.ids["project"], "Hvornår starter kurset?")),
    Op("sign application", "project.sign", _project("ready"),
       lambda w, a, c: p.sign(w.store, a, c.ids["project"], "application")),
    Op("sign agreement", "project.sign", _project("approved"),
       lambda w, a, c: p.sign(w.store, a, c.ids["project"], "agreement")),
    Op("record_pay_run", "payrun.record", _project("running"), _pay_run),
    Op("compute_claim", "claim.create", lambda w, s: {"run": w.pay_run(s)},
       lambda w, a, c: claim_service.compute_claim(w.store, a, c.ids["run"])),
    Op("claim to submitted", "claim.submit", _claim("draft"), _move_claim("submitted", 1)),
    Op("claim to approved", "claim.decide", _claim("submitted"),
       _move_claim("approved", 2, "OK")),
    Op("claim to rejected", "claim.decide", _claim("submitted"),
       _move_claim("rejected", 2, "Timerne passer ikke")),
    Op("claim to paid", "claim.pay", _claim("approved"), _move_claim("paid", 3)),
    Op("record_follow_up", "followup.record", _project("running"),
       lambda w, a, c: followup.record_follow_up(
           w.store, a, c.ids["project"], "end", substitutes={c.side.substitute: "education"},
           employees={c.side.employee: {"completed": True}},
           employer={"production_kept": True})),
    # find_people lists an employer's people: a substitute's "own data" is reached through
    # export_person instead, so the substitute's cells of person.read are not walked here.
    Op("find_people", "person.read", _org,
       lambda w, a, c: people_service.find_people(w.store, a, c.side.employer), writes=False,
       roles=("employer", "steward", "caseworker", "admin")),
    Op("add_person", "person.edit", _org,
       lambda w, a, c: people_service.add_person(w.store, a, kind="employee", name="Ny Ansat",
                                                 employer_id=c.side.employer)),
    Op("export_person", "person.export", _org,
       lambda w, a, c: people_service.export_person(w.store, a, c.side.substitute),
       writes=False),
    # The substitutes are in open projects, so the admin's erasure stops at the retention
    # rule (IllegalTransition) — past the policy. Erasure itself: test_personal_data.py.
    Op("erase_person", "person.erase", lambda w, s: {"project": w.project(s, "running")},
       lambda w, a, c: people_service.erase_person(w.store, a, c.side.substitute)),
    Op("update_employer", "organisation.edit", _org,
       lambda w, a, c: people_service.update_employer(
           w.store, a, c.side.employer, {"employer.ordinary_employees": 12})),
    Op("create_jobcentre", "organisation.manage", _org,
       lambda w, a, c: people_service.create_jobcentre(w.store, a, municipality="Viborg")),
]


WALKED = sorted({op.action for op in OPS})
# One database per group (a fresh migrated database is the slow part); every op builds
# its own cases, so the ops of a group do not disturb each other.
GROUPS = {"project": ("project.", "agreement."),
          "pay runs, claims, follow-up": ("payrun.", "claim.", "followup."),
          "people and organisations": ("person.", "organisation.")}


@pytest.mark.parametrize("group", GROUPS)
def test_service_enforces_the_matrix(world, group, caplog):
    """Each service call, as each role, on own and other records: refused exactly where
    the matrix says so. Every mismatching cell is listed."""
    caplog.set_level(logging.WARNING, logger="jobrotation.access")
    mismatches: list[str] = []
    for op in OPS:
        if op.action.startswith(GROUPS[group]):
            mismatches += walk(world, op, caplog)
    assert not mismatches, "\n".join(mismatches)


def test_every_op_belongs_to_a_group():
    assert all(op.action.startswith(sum(GROUPS.values(), ())) for op in OPS)


def walk(world: World, op: Op, caplog: pytest.LogCaptureFixture) -> list[str]:
    cases: dict[str, Case] = {}
    mismatches: list[str] = []
    passed = 0
    for role in op.roles:
        for scope in SCOPES:
            if scope not in cases:
                cases[scope] = Case(world.sides[scope], op.needs(world, scope))
            cell = f"{op.action} via {op.name}: {role} on {scope}"
            before, rows = world.snapshot(), world.audit_rows()
            logged = len([r for r in caplog.records if r.name == "jobrotation.access"])
            try:
                op.call(world, world.actors[role], cases[scope])
            except NotAllowed:
                if expected(op.action, role, scope):
                    mismatches.append(f"{cell}: refused, the matrix allows it")
                assert world.audit_rows() == rows, f"{cell}: a refusal wrote to the trail"
                assert world.snapshot() == before, f"{cell}: a refusal changed data"
                refusals = [r for r in caplog.records if r.name == "jobrotation.access"]
                assert len(refusals) == logged + 1, f"{cell}: the refusal was not logged"
                continue
            except JobrotationError:
                # Past the policy, stopped by the workflow or the data: nothing changed.
                assert world.snapshot() == before, cell
            else:
                passed += 1
                # One use case, one audit entry (reads write none); the case has changed,
                # so the next role gets a fresh one.
                assert world.audit_rows() == rows + op.writes, cell
                if op.writes:
                    del cases[scope]
            if not expected(op.action, role, scope):
                mismatches.append(f"{cell}: allowed, the matrix refuses it")
    if op.name != "erase_person":
        assert passed, f"{op.name}: no allowed call succeeded; the walk proves nothing"
    return mismatches


def test_every_enforced_action_is_walked():
    """Actions no service enforces yet are listed here, so a new service is not missed."""
    not_enforced = {"dashboard.read"}  # checked in triple_gain, walked in its own test
    assert set(WALKED) | not_enforced == set(policy.RULES)
    assert not set(WALKED) & not_enforced


def test_dashboard_shows_each_role_its_own_scope_only(world):
    world.claim("own", "paid")
    world.claim("other", "paid")
    seen = {}
    for role, actor in world.actors.items():
        try:
            seen[role] = {row["municipality"] for row in followup.triple_gain(world.store, actor)}
        except NotAllowed:
            seen[role] = None
    assert seen == {"employer": {"Randers"}, "steward": None, "substitute": None,
                    "caseworker": {"Randers"}, "admin": {"Randers", "Aarhus"}}
    for role, muni in seen.items():
        assert (muni is not None) == expected("dashboard.read", role, "own"), role


@pytest.mark.parametrize("role", policy.ROLES)
def test_the_project_list_shows_exactly_the_projects_the_role_may_read(world, role):
    pids = [world.project("own", "ready"), world.project("other", "ready")]
    actor = world.actors[role]
    with world.store.read() as conn:
        readable = {pid for pid in pids if policy.allowed(
            actor, "project.read", project_reads.project_target(conn, pid)[1])}
    assert {row["id"] for row in project_reads.visible_projects(world.store, actor)} == readable


@pytest.mark.parametrize("record", ["project", "claim"])
def test_an_outsider_is_refused_before_learning_the_records_state(world, record):
    outsider = Actor(None, "employer", "Udefra", organisation_id=world.sides["other"].employer)
    if record == "project":
        pid = world.project("own", "draft")
        with pytest.raises(NotAllowed):
            p.move(world.store, outsider, pid, 1, "approved", "ok")
    else:
        claim_id = world.claim("own", "draft")
        with pytest.raises(NotAllowed):
            claim_service.move_claim(world.store, outsider, claim_id, 1, "paid")


# --- refusals are logged without personal data -------------------------------------------


def test_a_refusal_is_logged_with_ids_role_and_action_only(store, caplog):
    caplog.set_level(logging.WARNING, logger="jobrotation.access")
    world = World.build(store)  # CPR numbers 010185-1234, 020290-4321, 030375-2468, 040480-1357
    other = world.sides["other"]
    # A substitute whose user label is their full name asks for another person's data.
    snooper = Actor(4711, "substitute", "Ali Vikar Hansen", person_id=world.sides["own"].substitute)
    with pytest.raises(NotAllowed) as refused:
        people_service.export_person(store, snooper, other.substitute)
    employer = Actor(4712, "employer", "Mette Smed", organisation_id=world.sides["own"].employer)
    with pytest.raises(NotAllowed):
        people_service.add_person(store, employer, kind="employee", name="Jens Jensen",
                                  employer_id=other.employer, cpr="050590-9753")
    records = [r for r in caplog.records if r.name == "jobrotation.access"]
    assert len(records) == 2
    text = " ".join(r.getMessage() for r in records) + " " + str(refused.value)
    for personal in ("Ali", "Vikar", "Hansen", "Mette", "Smed", "Jens", "Medarbejder",
                     "1234", "4321", "2468", "1357", "9753", "010185", "020290", "030375",
                     "040480", "050590", "example.dk"):
        assert personal not in text, personal
    assert "user=4711" in text and "role=substitute" in text and "action=person.export" in text
    assert "user=4712" in text and "role=employer" in text and "action=person.edit" in text
    assert all(r.levelno == logging.WARNING for r in records)
