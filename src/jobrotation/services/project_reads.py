"""Reads of projects: what the access policy needs to know about a project or an
employer (``project_target``, ``employer_target``), the projects an actor may see, a
substitute's agreements and a project's audit trail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from jobrotation.adapters.tables import (
    assignments,
    audit,
    organisations,
    projects,
    signatures,
    trainings,
    users,
)
from jobrotation.domain.errors import NotFound
from jobrotation.domain.units import hours
from jobrotation.services.policy import Actor, Target, require
from jobrotation.services.store import Row, Store


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



def missing_signatures(conn: Connection, row: Row, document: str) -> list[str]:
    """The employer signs by applying; a shop steward of the workplace must co-sign."""
    stewards = set(conn.execute(select(users.c.id).where(
        users.c.organisation_id == row["employer_id"], users.c.role == "steward",
        users.c.active.is_(True))).scalars())
    signed = set(conn.execute(select(signatures.c.user_id).where(
        signatures.c.project_id == row["id"], signatures.c.document == document)).scalars())
    return ["tillidsrepræsentanten"] if stewards and not stewards & signed else []


# A project as a list shows it: its row with ``employer_name`` and ``municipality``.
_WITH_EMPLOYER = select(projects, organisations.c.name.label("employer_name"),
                        organisations.c.municipality).join(
    organisations, organisations.c.id == projects.c.employer_id)


def project_with_employer(store: Store, actor: Actor, project_id: int) -> Row:
    """One project as a list shows it (``project.read``)."""
    with store.read() as conn:
        _, target = project_target(conn, project_id)
        require(actor, "project.read", target)
        return conn.execute(_WITH_EMPLOYER.where(projects.c.id == project_id)).mappings().one()


def visible_projects(store: Store, actor: Actor) -> list[Row]:
    """The projects the actor may read (``project.read``), newest first."""
    query = _WITH_EMPLOYER.order_by(projects.c.id.desc())
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
    return [{**row, "hours_per_week": hours(row["hours_per_week"])} for row in rows]


def audit_trail(store: Store, actor: Actor, project_id: int) -> list[Row]:
    """The project's audit entries, oldest first (``project.audit``)."""
    with store.read() as conn:
        _, target = project_target(conn, project_id)
        require(actor, "project.audit", target)
        return list(conn.execute(select(audit).where(audit.c.project_id == project_id)
                                 .order_by(audit.c.id)).mappings())
