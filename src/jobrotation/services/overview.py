"""Everything a screen shows of one project, read in one go and checked once.

``project_overview`` is the read side of the project use cases: the project with its
employer, the plan (trainings and assignments with the people's names), the law core's
answer per pair, what still blocks the application, signatures, comments, pay runs,
claims and follow-ups — and which actions the reader may take (from ``policy``, so no
screen decides a role by itself). People appear by name (or pseudonym once erased); a
CPR number never leaves ``people``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from jobrotation.adapters.tables import (
    assignments,
    claims,
    comments,
    follow_ups,
    organisations,
    pay_runs,
    people,
    projects,
    signatures,
    trainings,
    users,
)
from jobrotation.domain.project import missing_checklist
from jobrotation.domain.workflow import EDITABLE
from jobrotation.services.lawcase import PairResult, blocking, eligibility_of
from jobrotation.services.policy import RULES, Actor, Target, allowed, require
from jobrotation.services.project_reads import (
    agreements,
    audit_trail,
    missing_signatures,
    project_target,
)
from jobrotation.services.store import Row, Store

# The actions a project screen offers; ``can`` says which the reader may take.
# A condition of another party that the substitute must know about (the union guide).
SUBSTITUTE_ALSO = ("employer.not_owned_by_partner",)
SCREEN_ACTIONS = tuple(a for a in RULES if a.startswith(("project.", "payrun.", "claim.",
                                                         "followup.", "person.",
                                                         "organisation.edit")))


@dataclass(frozen=True)
class ProjectOverview:
    project: Row
    employer: Row
    trainings: list[Row]
    assignments: list[Row]
    names: dict[int, str]
    pairs: list[PairResult]
    blocking: list[str]
    missing_checklist: list[str]
    missing_signatures: list[str]
    signatures: list[Row]
    comments: list[Row]
    pay_runs: list[Row]
    claims: list[Row]
    follow_ups: list[Row]
    can: frozenset[str]
    target: Target  # what the policy needs to decide a further action on the project

    @property
    def editable(self) -> bool:
        return "project.edit" in self.can and self.project["state"] in EDITABLE

    def name(self, person_id: int | str) -> str:
        return self.names.get(int(person_id), f"person {person_id}")

    @property
    def warnings(self) -> list[str]:
        """The law core's warnings (estimated rates) for any pair, once each."""
        return list(dict.fromkeys(w for p in self.pairs for w in p.evaluation.warnings))

    def open_conditions(self) -> list[Any]:
        """Each pair's conditions that stop the chosen route: not met or short of facts."""
        route = self.project["route"]
        return [r for p in self.pairs for r in p.evaluation.blocking(route)]

    def amount_total(self, name: str) -> int | None:
        """An amount summed over the plan's pairs; None if any pair's is unknown."""
        values = [p.evaluation.amounts.get(name) for p in self.pairs]
        if not values or None in values:
            return None
        return sum(v for v in values if v is not None)


def project_overview(store: Store, actor: Actor, project_id: int) -> ProjectOverview:
    """The project as its reader may see it (``project.read``)."""
    with store.read() as conn:
        project, target = project_target(conn, project_id)
        require(actor, "project.read", target)
        return _overview(conn, actor, project, target)


def _overview(conn: Connection, actor: Actor, project: Row, target: Target) -> ProjectOverview:
    pid = project["id"]
    employer = conn.execute(select(organisations).where(
        organisations.c.id == project["employer_id"])).mappings().one()
    trained = _rows(conn, select(trainings).where(trainings.c.project_id == pid)
                    .order_by(trainings.c.start, trainings.c.id))
    hired = _rows(conn, select(assignments).where(assignments.c.project_id == pid)
                  .order_by(assignments.c.start, assignments.c.id))
    names = people_names(conn, {t["employee_id"] for t in trained}
                         | {a["substitute_id"] for a in hired})
    pairs = eligibility_of(conn, project)
    who = select(users.c.name, users.c.role)
    return ProjectOverview(
        project=project, employer=employer, trainings=trained, assignments=hired,
        names=names, pairs=pairs, blocking=blocking(project, pairs),
        missing_checklist=missing_checklist(project["checklist"] or {}),
        missing_signatures=missing_signatures(conn, project, "application"),
        signatures=_rows(conn, who.add_columns(signatures.c.document, signatures.c.signed_at)
                         .join(users, users.c.id == signatures.c.user_id)
                         .where(signatures.c.project_id == pid).order_by(signatures.c.id)),
        comments=_rows(conn, who.add_columns(comments.c.text, comments.c.created_at)
                       .join(users, users.c.id == comments.c.author_id)
                       .where(comments.c.project_id == pid).order_by(comments.c.id)),
        pay_runs=_rows(conn, select(pay_runs).where(pay_runs.c.project_id == pid)
                       .order_by(pay_runs.c.period_start)),
        claims=_rows(conn, select(claims).where(claims.c.project_id == pid)
                     .order_by(claims.c.id)),
        follow_ups=_rows(conn, select(follow_ups).where(follow_ups.c.project_id == pid)
                         .order_by(follow_ups.c.id)),
        can=frozenset(a for a in SCREEN_ACTIONS if allowed(actor, a, target)), target=target)


def people_names(conn: Connection, ids: set[int]) -> dict[int, str]:
    """Person id → name, or the pseudonym once the person is erased."""
    return {r["id"]: r["pseudonym"] or r["name"] for r in conn.execute(
        select(people.c.id, people.c.name, people.c.pseudonym)
        .where(people.c.id.in_(ids))).mappings()}


@dataclass(frozen=True)
class Trail:
    title: str
    entries: list[Row]
    names: dict[int, str]


def project_trail(store: Store, actor: Actor, project_id: int) -> Trail:
    """The project's audit trail (``project.audit``) with the names its entries refer to."""
    entries = audit_trail(store, actor, project_id)
    with store.read() as conn:
        project = conn.execute(select(projects.c.title).where(projects.c.id == project_id)
                               ).scalar_one()
        ids = set(conn.execute(select(trainings.c.employee_id)
                               .where(trainings.c.project_id == project_id)).scalars())
        ids |= set(conn.execute(select(assignments.c.substitute_id)
                                .where(assignments.c.project_id == project_id)).scalars())
        return Trail(project, entries, people_names(conn, ids))


def _rows(conn: Connection, query: Any) -> list[Row]:
    return list(conn.execute(query).mappings())


# --- the jobcentre's inbox ------------------------------------------------------------------


@dataclass(frozen=True)
class Inbox:
    """What waits for the jobcentre: applications to decide, claims to decide or pay."""

    applications: list[ProjectOverview]
    claims: list[Row]  # each with the project's title, employer_name and p_route
    names: dict[int, str]  # the people the claims' lines name


def inbox(store: Store, actor: Actor) -> Inbox:
    """Applied projects and submitted or approved claims the actor may decide on."""
    require(actor, "project.decide", Target(municipality=actor.municipality))
    query = select(projects, organisations.c.name.label("employer_name"),
                   organisations.c.municipality).join(
        organisations, organisations.c.id == projects.c.employer_id)
    if actor.role != "admin":
        query = query.where(organisations.c.municipality == actor.municipality)
    with store.read() as conn:
        applied = [_overview(conn, actor, p, project_target(conn, p["id"])[1])
                   for p in conn.execute(query.where(projects.c.state == "applied")
                                         .order_by(projects.c.id)).mappings()]
        sub = query.subquery()
        waiting = conn.execute(
            select(claims, sub.c.title, sub.c.employer_name, sub.c.route.label("p_route"))
            .join(sub, sub.c.id == claims.c.project_id)
            .where(claims.c.state.in_(("submitted", "approved")))
            .order_by(claims.c.state.desc(), claims.c.id)).mappings().all()
        names = people_names(conn, {line["person_id"] for c in waiting for line in c["lines"]})
    return Inbox(applied, list(waiting), names)


# --- a substitute's own page ----------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """One of the substitute's jobs with the law's answer on the substitute's conditions."""

    row: Row
    results: list[Any]  # ConditionResult of the substitute's own conditions


def my_agreements(store: Store, actor: Actor) -> list[Agreement]:
    """The actor's own substitute jobs (``agreement.read`` on self) and, for each, the
    conditions that concern the substitute, judged by the law core."""
    if actor.person_id is None:
        return []
    rows = agreements(store, actor, actor.person_id)
    out = []
    with store.read() as conn:
        for row in rows:
            project = conn.execute(select(projects).where(projects.c.id == row["id"])
                                   ).mappings().one()
            pair = next((p for p in eligibility_of(conn, project)
                         if p.substitute_id == actor.person_id), None)
            results = [] if pair is None else [
                r for r in pair.evaluation.conditions
                if r.condition.party == "substitute" or r.condition.id in SUBSTITUTE_ALSO]
            out.append(Agreement(row, results))
    return out
