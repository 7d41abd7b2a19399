"""Use cases of a project: create, plan, apply, decide, run, close, sign, comment.

The law's answer on the plan is ``lawcase``; reads (and the access targets) are
``project_reads``.

Every function takes the store, the acting user and plain values; it checks the access
policy, changes the database in one transaction and writes one audit entry with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from jobrotation.adapters.tables import (
    assignments,
    comments,
    organisations,
    people,
    projects,
    signatures,
    trainings,
)
from jobrotation.domain.errors import IllegalTransition, InvalidInput
from jobrotation.domain.project import (
    CHECKLIST,
    CONTACT_ROLES,
    PAY_FREQUENCIES,
    ROUTES,
    missing_checklist,
)
from jobrotation.domain.units import to_centi as centi
from jobrotation.domain.workflow import (
    DECISIONS,
    EDITABLE,
    PROJECT_PERMISSIONS,
    SIGNABLE,
    can_sign,
    project_transition,
    sign_phase_text,
)
from jobrotation.law import bounds
from jobrotation.law.conditions import CONDITIONS
from jobrotation.law.facts import FACTS, checked_facts
from jobrotation.services.lawcase import blocking, eligibility_of
from jobrotation.services.policy import Actor, require
from jobrotation.services.project_reads import (
    employer_target,
    missing_signatures,
    project_target,
)
from jobrotation.services.store import Row, Store, Transaction


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
    if row["state"] not in EDITABLE:
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
    if not 0 < hours_per_day <= bounds.MAX_DAY_HOURS:
        raise InvalidInput(f"Timer pr. dag skal være mellem 0 og {bounds.MAX_DAY_HOURS}")
    with store.transaction(actor) as tx:
        _editable_with(tx, actor, project_id, employee_id, "employee")
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
    if not 0 < hours_per_week <= bounds.MAX_WEEK_HOURS:
        raise InvalidInput(f"Vikarens timer pr. uge skal være mellem 0 og {bounds.MAX_WEEK_HOURS}")
    with store.transaction(actor) as tx:
        _editable_with(tx, actor, project_id, substitute_id, "substitute")
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


def _editable_with(tx: Transaction, actor: Actor, project_id: int, person_id: int,
                   kind: str) -> None:
    """The project is editable by the actor, and the person is its employer's ``kind``."""
    row = _editable_project(tx, actor, project_id)
    _person_of(tx, person_id, kind, row["employer_id"])


def _person_of(tx: Transaction, person_id: int, kind: str, employer_id: int) -> None:
    row = tx.one(people, person_id, "Person")
    if row["kind"] != kind or row["employer_id"] != employer_id:
        what = "en medarbejder" if kind == "employee" else "en vikar"
        what += " hos arbejdsgiveren"
        raise InvalidInput(f"Person {person_id} er ikke {what}")


# --- workflow -----------------------------------------------------------------------------


def move(store: Store, actor: Actor, project_id: int, version: int, target_state: str,
         reason: str | None = None) -> None:
    """Take the project one step in its workflow (see ``domain.workflow``)."""
    with store.transaction(actor) as tx:
        row, target = project_target(tx.conn, project_id)
        if target_state not in PROJECT_PERMISSIONS:
            raise InvalidInput(f"Ukendt tilstand '{target_state}'")
        require(actor, PROJECT_PERMISSIONS[target_state], target)  # before the state shows
        step = project_transition(row["state"], target_state)
        _guard(tx, row, target_state, reason)
        values: dict[str, Any] = {"state": target_state}
        if target_state in DECISIONS:
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


def sign(store: Store, actor: Actor, project_id: int, document: str) -> None:
    """Sign the application or the agreement (employer or shop steward)."""
    if document not in SIGNABLE:
        raise InvalidInput("Kan kun underskrive 'application' (ansøgning) eller "
                           "'agreement' (aftale)")
    with store.transaction(actor) as tx:
        row, target = project_target(tx.conn, project_id)
        require(actor, "project.sign", target)
        if not can_sign(document, row["state"]):
            raise IllegalTransition(sign_phase_text(document))
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


