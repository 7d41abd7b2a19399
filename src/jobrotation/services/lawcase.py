"""The law boundary of a project: where stored rows become law cases, and the answers.

Each training with the substitute covering it is one case (``case_facts``), evaluated by
the law core (``law.case.evaluate``); ``blocking`` lists what stops the chosen route.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from jobrotation.adapters.tables import assignments, organisations, people, trainings
from jobrotation.domain.units import hours, kroner
from jobrotation.law.case import Evaluation, evaluate
from jobrotation.services.policy import Actor, require
from jobrotation.services.project_reads import project_target
from jobrotation.services.store import Row, Store


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
    weekly = hours(training["hours_per_day"]) * len(training["weekdays"])
    facts: dict[str, Any] = {
        **employer["facts"], **employee["facts"], **training["facts"],
        "employer.sector": employer["sector"],
        "training.start": training["start"], "training.end": training["end"],
        "training.type": training["type"], "training.hours_per_week": weekly,
        "training.weekdays": training["weekdays"],
        # The estimate is priced per the project's pay period, like its claims.
        "rotation.pay_frequency": project["pay_frequency"],
        "training.veu_eligible": training["veu_eligible"],
        "training.course_fee": kroner(training["fee"]),
    }
    if substitute is not None and assignment is not None:
        facts.update(substitute["facts"])
        facts.update(assignment["facts"])
        facts.update({"substitute.start": assignment["start"], "substitute.end": assignment["end"],
                      "substitute.hours_per_week": hours(assignment["hours_per_week"])})
        if assignment["hourly_wage"] is not None:
            facts["substitute.hourly_wage"] = kroner(assignment["hourly_wage"])
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
        # VEU's conditions decide the allowance, not the route: they do not block it.
        for c in r.evaluation.blocking(route):
            if not str(exceptions.get(c.condition.id, "")).strip():
                problems.append(f"{c.text()} — {c.verdict.label}")
    return list(dict.fromkeys(problems))
