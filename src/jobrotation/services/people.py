"""Organisations, users and people — and the people's rights over their data.

CPR numbers go in through ``CprVault.seal`` and come out only masked. Export gives a
person everything held about them (JSON); erasure replaces their identity with a
pseudonym once their projects are closed and the retention period has passed, so the
audit trail (which holds ids, never names) stays consistent.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import or_, select, update

from jobrotation.adapters.crypto import mask
from jobrotation.adapters.tables import (
    assignments,
    audit,
    claims,
    follow_ups,
    organisations,
    pay_runs,
    people,
    projects,
    trainings,
    users,
)
from jobrotation.domain.errors import IllegalTransition, InvalidInput, NotFound
from jobrotation.domain.identifiers import normalise_cvr
from jobrotation.domain.workflow import ABANDONED
from jobrotation.law.facts import checked_facts
from jobrotation.services.policy import ROLES, Actor, Target, require
from jobrotation.services.project_reads import employer_target
from jobrotation.services.store import Row, Store

MUNICIPALITY_REQUIRED = "Angiv kommunen"


def create_employer(store: Store, actor: Actor, *, name: str, cvr: str, sector: str,
                    municipality: str, full_time_staff: int | None = None,
                    monthly_wage_costs_ore: int | None = None,
                    facts: Mapping[str, Any] | None = None) -> int:
    require(actor, "organisation.manage", Target())
    if sector not in ("private", "public"):
        raise InvalidInput("Sektor skal være 'private' (privat) eller 'public' (offentlig)")
    if not municipality.strip():
        raise InvalidInput(MUNICIPALITY_REQUIRED)
    checked = checked_facts(facts or {})
    with store.transaction(actor) as tx:
        org_id = tx.insert(organisations, kind="employer", name=name, cvr=normalise_cvr(cvr),
                           sector=sector, municipality=municipality.strip(),
                           full_time_staff=full_time_staff,
                           monthly_wage_costs=monthly_wage_costs_ore, facts=checked)
        tx.audit("organisation.created", "organisation", org_id, None,
                 {"kind": "employer", "sector": sector, "municipality": municipality})
    return org_id


# The figures an employer gives about its own workplace (route 2's employer conditions).
EMPLOYER_FACTS = ("employer.ordinary_employees", "employer.subsidised_employees",
                  "employer.annual_wage_costs", "employer.annual_public_aid")


def update_employer(store: Store, actor: Actor, employer_id: int,
                    facts: Mapping[str, Any]) -> None:
    """Replace the workplace's own figures; a fact left out becomes unknown."""
    if set(facts) - set(EMPLOYER_FACTS):
        raise InvalidInput("Arbejdspladsen kan kun oplyse: antal ansatte, lønomkostninger og "
                           "offentlig støtte")
    checked = checked_facts(facts)
    with store.transaction(actor) as tx:
        require(actor, "organisation.edit", employer_target(tx.conn, employer_id))
        row = tx.one(organisations, employer_id, "Arbejdsgiver")
        kept = {k: v for k, v in (row["facts"] or {}).items() if k not in EMPLOYER_FACTS}
        tx.conn.execute(update(organisations).where(organisations.c.id == employer_id)
                        .values(facts={**kept, **checked}))
        tx.audit("organisation.updated", "organisation", employer_id, None,
                 {"facts": sorted(checked)})


def create_jobcentre(store: Store, actor: Actor, *, municipality: str) -> int:
    require(actor, "organisation.manage", Target())
    if not municipality.strip():
        raise InvalidInput(MUNICIPALITY_REQUIRED)
    with store.transaction(actor) as tx:
        org_id = tx.insert(organisations, kind="jobcentre", name=f"Jobcenter {municipality}",
                           municipality=municipality.strip(), facts={})
        tx.audit("organisation.created", "organisation", org_id, None,
                 {"kind": "jobcentre", "municipality": municipality})
    return org_id


def create_user(store: Store, actor: Actor, *, email: str, name: str, role: str,
                organisation_id: int | None = None, person_id: int | None = None,
                password_hash: str | None = None) -> int:
    require(actor, "organisation.manage", Target())
    if role not in ROLES:
        raise InvalidInput(f"Ukendt rolle '{role}'")
    if "@" not in email:
        raise InvalidInput("E-mailadressen er ikke gyldig")
    with store.transaction(actor) as tx:
        user_id = tx.insert(users, email=email.lower(), name=name, role=role,
                            organisation_id=organisation_id, person_id=person_id,
                            password_hash=password_hash, active=True)
        tx.audit("user.created", "user", user_id, None, {"role": role})
    return user_id


def add_person(store: Store, actor: Actor, *, kind: str, name: str, employer_id: int,
               cpr: str | None = None, email: str | None = None,
               facts: Mapping[str, Any] | None = None) -> int:
    """An employee of ``employer_id``, or a substitute the employer hires (or a jobcentre
    proposes to it). The CPR number is sealed, never stored in clear."""
    if kind not in ("employee", "substitute"):
        raise InvalidInput("En person er 'employee' (medarbejder) eller 'substitute' (vikar)")
    if not name.strip():
        raise InvalidInput("Skriv personens navn")
    token, birth = store.vault.seal(cpr) if cpr else (None, None)
    checked = checked_facts(facts or {})
    with store.transaction(actor) as tx:
        require(actor, "person.edit", employer_target(tx.conn, employer_id))
        person_id = tx.insert(people, kind=kind, name=name.strip(), cpr_token=token,
                              cpr_birth=birth, employer_id=employer_id, email=email,
                              facts=checked, version=1)
        tx.audit("person.created", "person", person_id, None,
                 {"kind": kind, "facts": sorted(checked)})
    return person_id


def person_view(row: Row) -> dict[str, Any]:
    """What a screen may show of a person: the CPR only masked."""
    return {"id": row["id"], "kind": row["kind"], "name": row["pseudonym"] or row["name"],
            "cpr": mask(row["cpr_birth"]), "email": row["email"], "facts": row["facts"],
            "erased": row["pseudonym"] is not None}


def _person_target(store: Store, person_id: int) -> tuple[Row, Target]:
    with store.read() as conn:
        row = conn.execute(select(people).where(people.c.id == person_id)).mappings().first()
        if row is None:
            raise NotFound(f"Person {person_id} findes ikke")
        target = employer_target(conn, row["employer_id"])
    return row, Target(target.employer_id, target.municipality, frozenset({person_id}))


def export_person(store: Store, actor: Actor, person_id: int) -> dict[str, Any]:
    """Everything held about a person, as plain data (CPR masked)."""
    row, target = _person_target(store, person_id)
    require(actor, "person.export", target)
    with store.read() as conn:
        trained = conn.execute(select(trainings).where(trainings.c.employee_id == person_id))
        hired = conn.execute(select(assignments).where(assignments.c.substitute_id == person_id))
        key = str(person_id)
        outcomes = [
            {"project_id": f["project_id"], "stage": f["stage"],
             "substitute": f["substitute_outcomes"].get(key),
             "employee": f["employee_outcomes"].get(key)}
            for f in conn.execute(select(follow_ups)).mappings()
            if key in f["substitute_outcomes"] or key in f["employee_outcomes"]
        ]
        runs = [{"project_id": r["project_id"], "period": [r["period_start"].isoformat(),
                                                           r["period_end"].isoformat()],
                 "wage_paid_ore": r["wages"].get(key), "hours": r["hours"].get(key, {})}
                for r in conn.execute(select(pay_runs)).mappings()
                if key in r["wages"] or key in r["hours"]]
        claim_lines = [{"claim_id": c["id"], "state": c["state"], **line}
                       for c in conn.execute(select(claims)).mappings()
                       for line in c["lines"] if line["person_id"] == person_id]
        trail = [_plain(a) for a in conn.execute(select(
            audit.c.at, audit.c.action, audit.c.entity, audit.c.entity_id, audit.c.project_id,
            audit.c.data)).mappings()
                 if _mentions(a, person_id)]
        return {
            "person": person_view(row),
            "trainings": [_plain(t) for t in trained.mappings()],
            "substitute_jobs": [_plain(a) for a in hired.mappings()],
            "pay_runs": runs,
            "claim_lines": claim_lines,
            "follow_up": outcomes,
            "audit": trail,
        }


def _mentions(entry: Row, person_id: int) -> bool:
    """Whether an audit entry concerns the person (audit data holds ids, never names)."""
    data = entry["data"]
    return (data.get("employee_id") == person_id or data.get("substitute_id") == person_id
            or person_id in data.get("covers", []) or person_id in data.get("people", [])
            or (entry.get("entity") == "person" and entry.get("entity_id") == person_id))


def _plain(row: Row) -> dict[str, Any]:
    return {str(k): (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()
            if k != "cpr_token"}


def erase_person(store: Store, actor: Actor, person_id: int) -> str:
    """Pseudonymise a person once every project of theirs has ended and the retention
    period has run out: closed projects count from their closing day, projects that
    never started (draft, rejected) from their creation."""
    row, target = _person_target(store, person_id)
    require(actor, "person.erase", target)
    if row["pseudonym"]:
        raise IllegalTransition("Personen er allerede slettet.")
    pseudonym = f"Person {secrets.token_hex(4)}"
    with store.transaction(actor) as tx:
        involved = tx.conn.execute(select(projects.c.state, projects.c.closed_on,
                                          projects.c.created_at).where(
            projects.c.id.in_(select(trainings.c.project_id)
                              .where(trainings.c.employee_id == person_id)
                              .union(select(assignments.c.project_id)
                                     .where(assignments.c.substitute_id == person_id))))).all()
        limit = tx.now.date() - dt.timedelta(days=store.retention_days)
        if not all(_ended_before(state, closed_on, created, limit)
                   for state, closed_on, created in involved):
            raise IllegalTransition(
                f"Personen kan først slettes, når alle personens projekter er afsluttet og "
                f"opbevaringsperioden på {store.retention_days} dage er udløbet.")
        tx.conn.execute(update(people).where(people.c.id == person_id).values(
            name=pseudonym, pseudonym=pseudonym, cpr_token=None, cpr_birth=None, email=None,
            phone=None, facts={}, version=people.c.version + 1))
        tx.conn.execute(update(users).where(users.c.person_id == person_id).values(
            name=pseudonym, email=f"{pseudonym.replace(' ', '-').lower()}@slettet.invalid",
            password_hash=None, api_token_hash=None, active=False))
        tx.audit("person.erased", "person", person_id, None, {"pseudonym": pseudonym})
    return pseudonym


def _ended_before(state: str, closed_on: dt.date | None, created: dt.datetime,
                  limit: dt.date) -> bool:
    if state == "closed":
        return closed_on is not None and closed_on <= limit
    return state in ABANDONED and created.date() <= limit


def find_people(store: Store, actor: Actor, employer_id: int) -> list[dict[str, Any]]:
    """The employer's employees and the substitutes in its projects, masked."""
    with store.read() as conn:
        require(actor, "person.read", employer_target(conn, employer_id))
        rows = conn.execute(select(people).where(or_(
            people.c.employer_id == employer_id,
            people.c.id.in_(select(assignments.c.substitute_id).join(
                projects, projects.c.id == assignments.c.project_id).where(
                projects.c.employer_id == employer_id)))).order_by(people.c.id)).mappings()
        return [person_view(r) for r in rows]
