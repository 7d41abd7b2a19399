"""Use cases of a project: create, plan, check, apply, decide, run, close.

Every function takes the store, the acting user and plain values; it checks the access
policy, changes the database in one transaction and writes one audit entry with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from jobrotation.adapters.tables import (
    assignments,
    audit,
    comments,
    organisations,
    people,
    projects,
    signatures,
    trainings,
    users,
)
from jobrotation.domain.errors import IllegalTransition, InvalidInput, NotFound
from jobrotation.domain.project import (
    CHECKLIST,
    CONTACT_ROLES,
    PAY_FREQUENCIES,
    ROUTES,
    missing_checklist,
)
from jobrotation.domain.workflow import project_transition
from jobrotation.law import bounds
from jobrotation.law.conditions import CONDITIONS
from jobrotation.law.evaluate import Evaluation, Verdict, evaluate
from jobrotation.law.expr import centi
from jobrotation.law.facts import FACTS, checked_facts
from jobrotation.services.policy import Actor, Target, require
from jobrotation.services.store import Row, Store, Transaction

EDITABLE_STATES = ("draft", "ready", "rejected")
# Bounds of what can be typed (not rules of the scheme: those are the law's parameters).
MAX_DAY_HOURS, MAX_WEEK_HOURS = bounds.MAX_DAY_HOURS, bounds.MAX_WEEK_HOURS
# The policy action each transition needs.
TRANSITION_ACTIONS = {"ready": "project.apply", "draft": "project.apply",
                      "applied": "project.apply", "approved": "project.decide",
                      "rejected": "project.decide", "running": "project.run",
                      "closed": "project.run"}


def project_target(conn: Connection, project_id: int) -> tuple[Row, Target]:
    """The project row and what the policy needs to know about it."""
    row = conn.execute(select(projects).where(projects.c.id == project_id)).mappings().first()
    if row is None:
        raise NotFound(f"Projekt {project_id} findes ikke.")
    return row, employer_target(conn, row["employer_id"], project_id)


def project_members(conn: Connection, project_id: int) -> set[int]:
    """Everyone in the project: the employees in training and their substitutes."""
    employees = conn.execute(select(trainings.c.employee_id)
                             .where(trainings.c.project_id == project_id)).scalars()
    subs = conn.execute(select(assignments.c.substitute_id)
                        .where(assignments.c.project_id == project_id)).scalars()
    return set(employees) | set(subs)


def employer_target(conn: Connection, employer_id: int, project_id: int | None = None) -> Target:
    muni = conn.execute(select(organisations.c.municipality)
                        .where(organisations.c.id == employer_id)).scalar()
    if muni is None:
        raise NotFound(f"Arbejdsgiver {employer_id} findes ikke.")
    persons: frozenset[int] = frozenset()
    if project_id is not None:
        persons = frozenset(conn.execute(select(assignments.c.substitute_id)
                                         .where(assignments.c.project_id == project_id))
                            .scalars())
    return Target(employer_id, muni, persons)


def _check_frequency(frequency: str) -> None:
    if frequency not in PAY_FREQUENCIES:
        raise InvalidInput("Lønperioden skal være 'monthly' (månedsløn) eller "
                           "'fortnightly' (14-dagesløn)")


def _check_route(route: str) -> None:
    if route not in ROUTES:
        raise InvalidInput("Ordningen skal være 'route1' (jobrotationsydelse) eller "
                           "'route2' (løntilskud)")


def create_project(store: Store, actor: Actor, employer_id: int, title: str, purpose: str,
                   route: str, pay_frequency: str = "monthly") -> int:
    _check_route(route)
    _check_frequency(pay_frequency)
    if not title.strip():
        raise InvalidInput("Projektet skal have en titel")
    with store.transaction(actor) as tx:
        require(actor, "project.create", employer_target(tx.conn, employer_id))
        if tx.one(organisations, employer_id, "Organisation")["kind"] != "employer":
            raise InvalidInput("Et projekt skal høre til en arbejdsgiver, ikke et jobcenter")
        project_id = tx.insert(projects, employer_id=employer_id, title=title.strip(),
                               purpose=purpose, route=route, state="draft", checklist={},
                               contacts={}, exceptions={}, pay_frequency=pay_frequency,
                               created_at=tx.now, version=1)
        tx.audit("project.created", "project", project_id, project_id,
                 {"title": title, "route": route})
    return project_id


def update_project(store: Store, actor: Actor, project_id: int, version: int,
                   **changes: Any) -> None:
    """Change title, purpose, route, checklist, contacts, exceptions or pay frequency."""
    allowed = {"title", "purpose", "route", "checklist", "contacts", "exceptions",
               "pay_frequency"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput("Kan ikke ændre: " + ", ".join(sorted(unknown)))
    if "route" in changes:
        _check_route(changes["route"])
    if set(changes.get("checklist", {})) - set(CHECKLIST):
        raise InvalidInput("Ukendt punkt i tjeklisten")
    if set(changes.get("contacts", {})) - set(CONTACT_ROLES):
        raise InvalidInput("Ukendt kontaktrolle")
    if set(changes.get("exceptions", {})) - {c.id for c in CONDITIONS}:
        raise InvalidInput("En begrundet undtagelse skal henvise til en kendt betingelse")
    if "pay_frequency" in changes:
        _check_frequency(changes["pay_frequency"])
    with store.transaction(actor) as tx:
        _editable_project(tx, actor, project_id)
        tx.update_versioned(projects, project_id, version, "Projektet", **changes)
        tx.audit("project.updated", "project", project_id, project_id, _without_people(changes))


def _editable_project(tx: Transaction, actor: Actor, project_id: int) -> Row:
    """The project, if the actor may edit it and its state still allows changes."""
    row, target = project_target(tx.conn, project_id)
    require(actor, "project.edit", target)
    if row["state"] not in EDITABLE_STATES:
        raise IllegalTransition("Projektet kan ikke ændres, når det er ansøgt, godkendt, i "
                                "gang eller afsluttet.")
    return row


def _without_people(changes: Mapping[str, Any]) -> dict[str, Any]:
    # Contacts name people: the trail records which roles changed, not who they are.
    return {k: (sorted(v) if k == "contacts" else v) for k, v in changes.items()}


def add_training(store: Store, actor: Actor, project_id: int, employee_id: int, *,
                 provider: str, course: str, type: str, start: dt.date, end: dt.date,
                 hours_per_day: float, weekdays: str = "12345", fee_ore: int = 0,
                 veu_eligible: bool = False, facts: Row | None = None) -> int:
    if type not in FACTS["training.type"].choices:
        raise InvalidInput(f"Ukendt uddannelsestype '{type}'")
    if end < start:
        raise InvalidInput("Uddannelsens slutdato ligger før startdatoen")
    if not weekdays or set(weekdays) - set("1234567"):
        raise InvalidInput("Ugedage skrives som cifre 1-7 (mandag = 1)")
    if not 0 < hours_per_day <= MAX_DAY_HOURS:
        raise InvalidInput(f"Timer pr. dag skal være mellem 0 og {MAX_DAY_HOURS}")
    with store.transaction(actor) as tx:
        row = _editable_project(tx, actor, project_id)
        _person_of(tx, employee_id, "employee", row["employer_id"])
        training_id = tx.insert(trainings, project_id=project_id, employee_id=employee_id,
                                provider=provider, course=course, type=type, start=start,
                                end=end, weekdays=weekdays, hours_per_day=centi(hours_per_day),
                                fee=fee_ore, veu_eligible=veu_eligible,
                                facts=checked_facts(facts or {}))
        tx.audit("training.added", "training", training_id, project_id,
                 {"employee_id": employee_id, "course": course, "start": start, "end": end,
                  "hours_per_day": hours_per_day, "weekdays": weekdays})
    return training_id


def add_assignment(store: Store, actor: Actor, project_id: int, substitute_id: int, *,
                   start: dt.date, end: dt.date, hours_per_week: float,
                   covers: list[int], hourly_wage_ore: int | None = None,
                   facts: Row | None = None) -> int:
    if end < start:
        raise InvalidInput("Vikarens slutdato ligger før startdatoen")
    if not covers:
        raise InvalidInput("Angiv hvilke medarbejdere vikaren dækker")
    if not 0 < hours_per_week <= MAX_WEEK_HOURS:
        raise InvalidInput(f"Vikarens timer pr. uge skal være mellem 0 og {MAX_WEEK_HOURS}")
    with store.transaction(actor) as tx:
        row = _editable_project(tx, actor, project_id)
        _person_of(tx, substitute_id, "substitute", row["employer_id"])
        trained = set(tx.conn.execute(select(trainings.c.employee_id)
                                      .where(trainings.c.project_id == project_id)).scalars())
        if set(covers) - trained:
            raise InvalidInput("Vikaren kan kun dække medarbejdere, der er på uddannelse i "
                               "projektet")
        assignment_id = tx.insert(assignments, project_id=project_id,
                                  substitute_id=substitute_id, start=start, end=end,
                                  hours_per_week=centi(hours_per_week), covers=list(covers),
                                  hourly_wage=hourly_wage_ore, facts=checked_facts(facts or {}))
        tx.audit("assignment.added", "assignment", assignment_id, project_id,
                 {"substitute_id": substitute_id, "start": start, "end": end,
                  "hours_per_week": hours_per_week, "covers": covers})
    return assignment_id


def _person_of(tx: Transaction, person_id: int, kind: str, employer_id: int) -> None:
    row = tx.one(people, person_id, "Person")
    if row["kind"] != kind or row["employer_id"] != employer_id:
        what = "en medarbejder" if kind == "employee" else "en vikar"
        what += " hos arbejdsgiveren"
        raise InvalidInput(f"Person {person_id} er ikke {what}")


# --- eligibility: the law core on the project's plan ------------------------------------


@dataclass(frozen=True)
class PairResult:
    """The law core's answer for one employee in training and the substitute covering."""

    training_id: int
    employee_id: int
    assignment_id: int | None
    substitute_id: int | None
    evaluation: Evaluation


def case_facts(project: Row, employer: Row,
               employee: Row, training: Row,
               substitute: Row | None,
               assignment: Row | None) -> dict[str, Any]:
    """One law-core case (flat facts) from the stored rows."""
    weekly = training["hours_per_day"] * len(training["weekdays"]) / 100
    facts: dict[str, Any] = {
        **employer["facts"], **employee["facts"], **training["facts"],
        "employer.sector": employer["sector"],
        "training.start": training["start"], "training.end": training["end"],
        "training.type": training["type"], "training.hours_per_week": weekly,
        "training.weekdays": training["weekdays"],
        # The estimate is priced per the project's pay period, like its claims.
        "rotation.pay_frequency": project["pay_frequency"],
        "training.veu_eligible": training["veu_eligible"],
        "training.course_fee": training["fee"] / 100,
    }
    if substitute is not None and assignment is not None:
        facts.update(substitute["facts"])
        facts.update(assignment["facts"])
        facts.update({"substitute.start": assignment["start"], "substitute.end": assignment["end"],
                      "substitute.hours_per_week": assignment["hours_per_week"] / 100})
        if assignment["hourly_wage"] is not None:
            facts["substitute.hourly_wage"] = assignment["hourly_wage"] / 100
    return facts


def project_eligibility(store: Store, actor: Actor, project_id: int) -> list[PairResult]:
    """Each training with the substitute covering it, evaluated by the law core."""
    with store.read() as conn:
        project, target = project_target(conn, project_id)
        require(actor, "project.read", target)
        return eligibility_of(conn, project)


def eligibility_of(conn: Connection, project: Row) -> list[PairResult]:
    employer = conn.execute(select(organisations)
                            .where(organisations.c.id == project["employer_id"])).mappings().one()
    rows = conn.execute(select(trainings).where(trainings.c.project_id == project["id"])
                        .order_by(trainings.c.id)).mappings().all()
    subs = conn.execute(select(assignments).where(assignments.c.project_id == project["id"])
                        .order_by(assignments.c.id)).mappings().all()
    person_ids = {r["employee_id"] for r in rows} | {a["substitute_id"] for a in subs}
    persons = {p["id"]: p for p in conn.execute(select(people)
                                                .where(people.c.id.in_(person_ids))).mappings()}
    results = []
    for t in rows:
        covering: list[Row | None] = [a for a in subs if t["employee_id"] in a["covers"]]
        for a in covering or [None]:
            sub = persons[a["substitute_id"]] if a else None
            facts = case_facts(project, employer, persons[t["employee_id"]], t, sub, a)
            results.append(PairResult(t["id"], t["employee_id"], a["id"] if a else None,
                                      a["substitute_id"] if a else None, evaluate(facts)))
    return results


def blocking(project: Row, results: list[PairResult]) -> list[str]:
    """Conditions that stop the chosen route and have no written justification."""
    route = project["route"]
    exceptions = project["exceptions"] or {}
    problems = []
    if not results:
        problems.append("Projektet har ingen medarbejdere på uddannelse.")
    for r in results:
        if r.substitute_id is None:
            problems.append(f"Medarbejder {r.employee_id} har ingen vikar.")
        for c in r.evaluation.conditions:
            if route not in c.condition.blocks:
                continue  # VEU's conditions decide the allowance, not the route
            if c.verdict in (Verdict.NOT_MET, Verdict.UNKNOWN) and \
                    not str(exceptions.get(c.condition.id, "")).strip():
                problems.append(f"{c.text()} — {c.verdict.label}")
    return list(dict.fromkeys(problems))


# --- workflow -----------------------------------------------------------------------------


def move(store: Store, actor: Actor, project_id: int, version: int, target_state: str,
         reason: str | None = None) -> None:
    """Take the project one step in its workflow (see ``domain.workflow``)."""
    with store.transaction(actor) as tx:
        row, target = project_target(tx.conn, project_id)
        if target_state not in TRANSITION_ACTIONS:
            raise InvalidInput(f"Ukendt tilstand '{target_state}'")
        require(actor, TRANSITION_ACTIONS[target_state], target)  # before the state shows
        step = project_transition(row["state"], target_state)
        _guard(tx, row, target_state, reason)
        values: dict[str, Any] = {"state": target_state}
        if target_state in ("approved", "rejected"):
            values["decision_reason"] = reason
        if target_state == "closed":
            values["closed_on"] = tx.now.date()
        tx.update_versioned(projects, project_id, version, "Projektet", **values)
        tx.audit(step.action, "project", project_id, project_id,
                 {"from": row["state"], "to": target_state, "reason": reason})


def _guard(tx: Transaction, row: Row, target_state: str,
           reason: str | None) -> None:
    if target_state == "ready":
        problems = [f"Tjekliste: {m}" for m in missing_checklist(row["checklist"] or {})]
        problems += blocking(row, eligibility_of(tx.conn, row))
        if problems:
            raise IllegalTransition("Projektet er ikke klar til ansøgning:\n- "
                                    + "\n- ".join(problems))
    if target_state == "rejected" and not (reason or "").strip():
        raise InvalidInput("Skriv en begrundelse for afvisningen")
    if target_state == "approved":
        missing = missing_signatures(tx.conn, row, "application")
        if missing:
            raise IllegalTransition("Ansøgningen mangler underskrift fra " + " og ".join(missing))


def missing_signatures(conn: Connection, row: Row, document: str) -> list[str]:
    """The employer signs by applying; a shop steward of the workplace must co-sign."""
    stewards = set(conn.execute(select(users.c.id).where(
        users.c.organisation_id == row["employer_id"], users.c.role == "steward",
        users.c.active.is_(True))).scalars())
    signed = set(conn.execute(select(signatures.c.user_id).where(
        signatures.c.project_id == row["id"], signatures.c.document == document)).scalars())
    return ["tillidsrepræsentanten"] if stewards and not stewards & signed else []


def sign(store: Store, actor: Actor, project_id: int, document: str) -> None:
    """Sign the application or the agreement (employer or shop steward)."""
    if document not in ("application", "agreement"):
        raise InvalidInput("Kan kun underskrive 'application' (ansøgning) eller "
                           "'agreement' (aftale)")
    with store.transaction(actor) as tx:
        row, target = project_target(tx.conn, project_id)
        require(actor, "project.sign", target)
        if document == "application" and row["state"] not in ("ready", "applied"):
            raise IllegalTransition("Ansøgningen kan underskrives, når projektet er klar "
                                    "til ansøgning eller ansøgt.")
        if document == "agreement" and row["state"] not in ("ready", "applied", "approved",
                                                             "running"):
            raise IllegalTransition("Aftalen kan underskrives, når projektet er klar til "
                                    "ansøgning, ansøgt, godkendt eller i gang.")
        already = tx.conn.execute(select(signatures.c.id).where(
            signatures.c.project_id == project_id, signatures.c.user_id == actor.user_id,
            signatures.c.document == document)).first()
        if already:
            raise IllegalTransition("Du har allerede underskrevet.")
        sig_id = tx.insert(signatures, project_id=project_id, user_id=actor.user_id,
                           document=document, signed_at=tx.now)
        tx.audit(f"{document}.signed", "signature", sig_id, project_id, {"role": actor.role})


def comment(store: Store, actor: Actor, project_id: int, text: str) -> int:
    if not text.strip():
        raise InvalidInput("Kommentaren er tom")
    with store.transaction(actor) as tx:
        _, target = project_target(tx.conn, project_id)
        require(actor, "project.comment", target)
        comment_id = tx.insert(comments, project_id=project_id, author_id=actor.user_id,
                               text=text.strip(), created_at=tx.now)
        tx.audit("project.commented", "comment", comment_id, project_id, {"length": len(text)})
    return comment_id


def visible_projects(store: Store, actor: Actor) -> list[Row]:
    """The projects the actor may read (``project.read``), newest first."""
    query = select(projects, organisations.c.name.label("employer_name"),
                   organisations.c.municipality).join(
        organisations, organisations.c.id == projects.c.employer_id).order_by(
        projects.c.id.desc())
    if actor.role in ("employer", "steward"):
        query = query.where(projects.c.employer_id == actor.organisation_id)
    elif actor.role == "caseworker":
        query = query.where(organisations.c.municipality == actor.municipality)
    elif actor.role != "admin":
        return []  # a substitute sees their own agreements (``agreements``), not projects
    with store.read() as conn:
        return list(conn.execute(query).mappings())


def agreements(store: Store, actor: Actor, person_id: int) -> list[dict[str, Any]]:
    """A substitute's agreements: employer, dates, hours and the route — nothing more."""
    query = select(projects.c.id, projects.c.title, projects.c.route, projects.c.state,
                   projects.c.employer_id, organisations.c.name.label("employer_name"),
                   organisations.c.sector, assignments.c.start, assignments.c.end,
                   assignments.c.hours_per_week).join(
        assignments, assignments.c.project_id == projects.c.id).join(
        organisations, organisations.c.id == projects.c.employer_id).where(
        assignments.c.substitute_id == person_id).order_by(assignments.c.start)
    with store.read() as conn:
        rows = list(conn.execute(query).mappings())
        for row in rows:
            target = employer_target(conn, row["employer_id"], row["id"])
            require(actor, "agreement.read", target)
    return [{**row, "hours_per_week": row["hours_per_week"] / 100} for row in rows]


def audit_trail(store: Store, actor: Actor, project_id: int) -> list[Row]:
    """The project's audit entries, oldest first (``project.audit``)."""
    with store.read() as conn:
        _, target = project_target(conn, project_id)
        require(actor, "project.audit", target)
        return list(conn.execute(select(audit).where(audit.c.project_id == project_id)
                                 .order_by(audit.c.id)).mappings())
