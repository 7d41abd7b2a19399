"""Follow-up at the project's end and three months later: the triple gain, measured.

The employee upskilled (training completed, back at work, using what was learned), the
employer's production kept (and would do it again), the substitute in work or education
afterwards (the municipal letter, seed 000).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from jobrotation.adapters.tables import (
    assignments,
    claims,
    follow_ups,
    organisations,
    pay_runs,
    projects,
    trainings,
)
from jobrotation.domain.errors import IllegalTransition, InvalidInput
from jobrotation.domain.project import FOLLOW_UP_STAGES, SUBSTITUTE_OUTCOMES
from jobrotation.domain.units import hours as hours_of
from jobrotation.domain.workflow import IN_PAYMENT
from jobrotation.services.policy import Actor, Target, require
from jobrotation.services.project_reads import project_members, project_target
from jobrotation.services.store import Store

EMPLOYEE_KEYS = ("completed", "back_at_work", "using_skills")
EMPLOYER_KEYS = ("production_kept", "would_repeat")


def record_follow_up(store: Store, actor: Actor, project_id: int, stage: str, *,
                     substitutes: Mapping[int, str], employees: Mapping[int, Mapping[str, bool]],
                     employer: Mapping[str, bool]) -> int:
    if stage not in FOLLOW_UP_STAGES:
        raise InvalidInput("Opfølgning sker 'end' (ved afslutning) eller '3_months' (3 mdr. efter)")
    bad = set(substitutes.values()) - set(SUBSTITUTE_OUTCOMES)
    if bad:
        raise InvalidInput("Ukendt udfald for vikar: " + ", ".join(sorted(bad)))
    if any(set(e) - set(EMPLOYEE_KEYS) for e in employees.values()) or \
            set(employer) - set(EMPLOYER_KEYS):
        raise InvalidInput("Ukendt punkt i opfølgningen")
    with store.transaction(actor) as tx:
        project, target = project_target(tx.conn, project_id)
        require(actor, "followup.record", target)
        strangers = (set(substitutes) | set(employees)) - project_members(tx.conn, project_id)
        if strangers:
            raise InvalidInput(f"Person {sorted(strangers)} er ikke med i projektet")
        if project["state"] not in IN_PAYMENT:
            raise IllegalTransition("Opfølgning registreres, når projektet er i gang eller "
                                    "afsluttet.")
        exists = tx.conn.execute(select(follow_ups.c.id).where(
            follow_ups.c.project_id == project_id, follow_ups.c.stage == stage)).first()
        if exists:
            raise IllegalTransition(f"Opfølgningen {FOLLOW_UP_STAGES[stage]} er allerede "
                                    "registreret.")
        fid = tx.insert(follow_ups, project_id=project_id, stage=stage, recorded_at=tx.now,
                        substitute_outcomes={str(k): v for k, v in substitutes.items()},
                        employee_outcomes={str(k): dict(v) for k, v in employees.items()},
                        employer_outcome=dict(employer))
        tx.audit("followup.recorded", "follow_up", fid, project_id,
                 {"stage": stage, "substitute_outcomes": sorted(substitutes.values())})
    return fid


def triple_gain(store: Store, actor: Actor) -> list[dict[str, Any]]:
    """Per employer: substitutes in work afterwards, hours trained, subsidies paid.

    Only the projects the actor may see (employer: own; caseworker: municipality)."""
    with store.read() as conn:
        query = select(projects.c.id, projects.c.employer_id, organisations.c.name,
                       organisations.c.municipality).join(
            organisations, organisations.c.id == projects.c.employer_id).order_by(
            organisations.c.name, projects.c.id)
        if actor.role == "employer":
            query = query.where(projects.c.employer_id == actor.organisation_id)
        elif actor.role == "caseworker":
            query = query.where(organisations.c.municipality == actor.municipality)
        elif actor.role != "admin":
            require(actor, "dashboard.read", Target())
        rows = conn.execute(query).all()
        stats: dict[int, dict[str, Any]] = {}
        for project_id, employer_id, name, municipality in rows:
            s = stats.setdefault(employer_id, {
                "employer": name, "municipality": municipality, "projects": 0,
                "substitutes": 0, "substitutes_in_work": 0, "hours_trained": 0.0,
                "subsidies_paid_ore": 0, "employees_using_skills": 0})
            s["projects"] += 1
            s["substitutes"] += conn.execute(select(func.count()).select_from(assignments)
                                             .where(assignments.c.project_id == project_id)
                                             ).scalar_one()
            s["subsidies_paid_ore"] += int(conn.execute(
                select(func.coalesce(func.sum(claims.c.amount), 0)).where(
                    claims.c.project_id == project_id, claims.c.state == "paid")).scalar_one())
            s["hours_trained"] += _hours_trained(conn, project_id)
            latest = conn.execute(select(follow_ups).where(
                follow_ups.c.project_id == project_id).order_by(
                follow_ups.c.recorded_at.desc(), follow_ups.c.id.desc())).mappings().first()
            if latest:
                s["substitutes_in_work"] += sum(
                    1 for o in latest["substitute_outcomes"].values()
                    if o in ("job_same_employer", "job_other_employer", "education"))
                s["employees_using_skills"] += sum(
                    1 for o in latest["employee_outcomes"].values() if o.get("using_skills"))
        return list(stats.values())


def _hours_trained(conn: Any, project_id: int) -> float:
    employees = {str(e) for e in conn.execute(select(trainings.c.employee_id).where(
        trainings.c.project_id == project_id)).scalars()}
    total = 0
    for hours in conn.execute(select(pay_runs.c.hours).where(
            pay_runs.c.project_id == project_id)).scalars():
        total += sum(ch for person, days in hours.items() if person in employees
                     for ch in days.values())
    return hours_of(total)
