"""Pay runs and claims. A claim is computed by the law core from the recorded pay runs —
never typed in — and keeps its priced lines as its explanation.

The ydelse may be claimed after the wages to the employee and the substitute are paid,
after each pay run (the union guide, "Det praktiske"); so a pay run records the wages
actually paid and the hours actually trained and worked, day by day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from jobrotation.adapters.tables import (
    assignments,
    claims,
    organisations,
    pay_runs,
    people,
    projects,
    trainings,
)
from jobrotation.domain import format as fmt
from jobrotation.domain.errors import IllegalTransition, InvalidInput, NotFound, RateUnknown
from jobrotation.domain.units import hours as hours_of
from jobrotation.domain.units import to_centi as centi
from jobrotation.domain.workflow import (
    CLAIM_PERMISSIONS,
    DECISIONS,
    IN_PAYMENT,
    claim_transition,
)
from jobrotation.law import bounds
from jobrotation.law.reasons import DERIVED_WARNING
from jobrotation.law.routes import Verdict
from jobrotation.law.schedule import Line, Schedule, Substitute, claim_lines
from jobrotation.services.lawcase import eligibility_of
from jobrotation.services.policy import Actor, require
from jobrotation.services.project_reads import project_members, project_target
from jobrotation.services.store import Row, Store


def record_pay_run(store: Store, actor: Actor, project_id: int, *, period_start: dt.date,
                   period_end: dt.date, paid_on: dt.date, wages_ore: Mapping[int, int],
                   hours: Mapping[int, Mapping[dt.date, float]]) -> int:
    """Record a paid pay period: wages per person (øre) and hours per person per day."""
    if period_end < period_start:
        raise InvalidInput("Lønperiodens slutdato ligger før startdatoen")
    if paid_on < period_start:
        raise InvalidInput("Lønnen kan ikke være udbetalt, før lønperioden begynder")
    with store.transaction(actor) as tx:
        project, target = project_target(tx.conn, project_id)
        require(actor, "payrun.record", target)
        if project["state"] not in IN_PAYMENT:
            raise IllegalTransition("Lønkørsler registreres, når projektet er i gang.")
        members = project_members(tx.conn, project_id)
        _check_pay_run(tx.conn, project_id, period_start, period_end, members, wages_ore, hours)
        run_id = tx.insert(
            pay_runs, project_id=project_id, period_start=period_start, period_end=period_end,
            paid_on=paid_on, recorded_at=tx.now,
            wages={str(p): int(w) for p, w in wages_ore.items()},
            hours={str(p): {d.isoformat(): centi(h) for d, h in days.items() if h}
                   for p, days in hours.items()})
        tx.audit("payrun.recorded", "pay_run", run_id, project_id,
                 {"period": [period_start, period_end], "paid_on": paid_on,
                  "people": sorted(hours), "wages_total_ore": sum(wages_ore.values())})
    return run_id


def _check_pay_run(conn: Connection, project_id: int, start: dt.date, end: dt.date,
                   members: set[int], wages: Mapping[int, int],
                   hours: Mapping[int, Mapping[dt.date, float]]) -> None:
    overlap = conn.execute(select(pay_runs.c.id).where(
        pay_runs.c.project_id == project_id, pay_runs.c.period_start <= end,
        pay_runs.c.period_end >= start)).first()
    if overlap:
        raise InvalidInput("Der er allerede registreret en lønkørsel for en del af perioden")
    strangers = (set(hours) | set(wages)) - members
    if strangers:
        raise InvalidInput(f"Person {sorted(strangers)} er ikke med i projektet")
    for person, days in hours.items():
        outside = [d for d in days if not start <= d <= end]
        if outside:
            raise InvalidInput(f"Timer den {fmt.day(outside[0])} ligger uden for lønperioden")
        if any(h < 0 or h > bounds.MAX_DAY_HOURS for h in days.values()):
            raise InvalidInput(f"Timer pr. dag skal være mellem 0 og {bounds.MAX_DAY_HOURS}")
        if sum(days.values()) > 0 and wages.get(person, 0) <= 0:
            raise InvalidInput(f"Lønnen til person {person} er ikke registreret som udbetalt; "
                               "tilskud kan først søges, når lønnen er udbetalt")


def schedule_of(conn: Connection, project: Row, upto: dt.date) -> Schedule:
    """The project's actual schedule from its pay runs up to ``upto`` (for the caps)."""
    runs = conn.execute(select(pay_runs).where(
        pay_runs.c.project_id == project["id"], pay_runs.c.period_start <= upto)).mappings()
    actual: dict[int, dict[dt.date, float]] = {}
    for run in runs:
        for person, days in run["hours"].items():
            actual.setdefault(int(person), {}).update(
                {dt.date.fromisoformat(d): hours_of(ch) for d, ch in days.items()})
    trained = conn.execute(select(trainings).where(trainings.c.project_id == project["id"])
                           ).mappings().all()
    subs = conn.execute(select(assignments).where(assignments.c.project_id == project["id"])
                        ).mappings().all()
    # The benefit group decides a public løntilskud rate (law.schedule.wage_subsidy_rate).
    benefit = {p["id"]: (p["facts"] or {}).get("substitute.benefit") for p in conn.execute(
        select(people.c.id, people.c.facts).where(
            people.c.id.in_([a["substitute_id"] for a in subs]))).mappings()}
    # VEU is paid in route 2 only; the law core decides who qualifies.
    veu = frozenset() if project["route"] != "route2" else frozenset(
        str(r.employee_id) for r in eligibility_of(conn, project)
        if r.evaluation.routes["veu"] is Verdict.MET
        and any(t["veu_eligible"] and t["id"] == r.training_id for t in trained))
    employer_sector = conn.execute(select(organisations.c.sector).where(
        organisations.c.id == project["employer_id"])).scalar_one()
    return Schedule(
        sector=employer_sector,
        training={str(t["employee_id"]): actual.get(t["employee_id"], {}) for t in trained},
        substitutes=tuple(Substitute(str(a["substitute_id"]), a["start"], a["end"],
                                     actual.get(a["substitute_id"], {}),
                                     tuple(str(c) for c in a["covers"]),
                                     benefit.get(a["substitute_id"])) for a in subs),
        veu_employees=veu)


def compute_claim(store: Store, actor: Actor, pay_run_id: int) -> int:
    """Compute the claim for one pay run with the law core and store it as a draft."""
    with store.transaction(actor) as tx:
        run = tx.one(pay_runs, pay_run_id, "Lønkørsel")
        project, target = project_target(tx.conn, run["project_id"])
        require(actor, "claim.create", target)
        existing = tx.conn.execute(select(claims.c.id).where(
            claims.c.pay_run_id == pay_run_id, claims.c.state != "rejected")).first()
        if existing:
            raise IllegalTransition("Der er allerede et krav for denne lønkørsel.")
        schedule = schedule_of(tx.conn, project, run["period_end"])
        try:
            lines = claim_lines(schedule, store.parameters, project["route"],
                                periods=[(run["period_start"], run["period_end"])])
        except RateUnknown as exc:
            raise InvalidInput(f"Kravet kan ikke beregnes: {exc}") from None
        amount = sum(line.amount for line in lines)
        warnings = sorted({rate_warning(line.period[0].year, line.kind, line.derived)
                           for line in lines if line.estimate})
        claim_id = tx.insert(claims, project_id=project["id"], pay_run_id=pay_run_id,
                             route=project["route"], state="draft", amount=amount,
                             lines=[line_json(line) for line in lines], warnings=warnings,
                             created_at=tx.now, version=1)
        tx.audit("claim.computed", "claim", claim_id, project["id"],
                 {"pay_run_id": pay_run_id, "amount_ore": amount, "lines": len(lines)})
    return claim_id


def rate_warning(year: int, kind: str, derived: bool) -> str:
    if derived:
        return (f"Satsen for {year} er {DERIVED_WARNING}: {kind}. Sagsbehandleren bør "
                "bekræfte satsen, før kravet godkendes.")
    return f"Sats for {year} er et skøn (L): {kind}"


def line_json(line: Line) -> dict[str, Any]:
    return {"period": [line.period[0].isoformat(), line.period[1].isoformat()],
            "kind": line.kind, "person_id": int(line.person), "hours": line.hours,
            "rate_ore": line.rate, "amount_ore": line.amount, "estimate": line.estimate,
            "derived": line.derived}


def line_note(line: Mapping[str, Any]) -> str:
    """How a stored line's rate is marked: derived by formula, or an (L) estimate."""
    if line.get("derived"):
        return f" ({DERIVED_WARNING})"
    return " (skønnet sats)" if line.get("estimate") else ""


def explain(claim: Row) -> list[str]:
    """The claim's lines as Danish sentences (the law core's explanation)."""
    out = []
    for line in claim["lines"]:
        unit = "pr. uge (VEU pr. time = ugesats / 37)" if line["kind"] == "VEU-godtgørelse" \
            else "pr. time"
        out.append(f"{line['kind'][:1].upper()}{line['kind'][1:]} for person {line['person_id']}: "
                   f"{fmt.number(line['hours'])} timer à {fmt.money(line['rate_ore'])} {unit} "
                   f"= {fmt.money(line['amount_ore'])}"
                   + line_note(line))
    return out


def move_claim(store: Store, actor: Actor, claim_id: int, version: int, target_state: str,
               reason: str | None = None) -> None:
    with store.transaction(actor) as tx:
        claim = tx.one(claims, claim_id, "Krav")
        _, target = project_target(tx.conn, claim["project_id"])
        if target_state not in CLAIM_PERMISSIONS:
            raise InvalidInput(f"Ukendt tilstand '{target_state}'")
        require(actor, CLAIM_PERMISSIONS[target_state], target)  # before the state shows
        step = claim_transition(claim["state"], target_state)
        if target_state == "rejected" and not (reason or "").strip():
            raise InvalidInput("Skriv en begrundelse for afvisningen")
        values: dict[str, Any] = {"state": target_state}
        if target_state in DECISIONS:
            values["decision_reason"] = reason
        tx.update_versioned(claims, claim_id, version, "Kravet", **values)
        tx.audit(step.action, "claim", claim_id, claim["project_id"],
                 {"from": claim["state"], "to": target_state, "reason": reason,
                  "amount_ore": claim["amount"]})


# --- reads: a claim for a reader of its project ---------------------------------------------


def claim_of(store: Store, actor: Actor, claim_id: int) -> Row:
    """One claim (``project.read`` on its project)."""
    with store.read() as conn:
        return _readable_claim(conn, actor, claim_id)


def _readable_claim(conn: Connection, actor: Actor, claim_id: int) -> Row:
    claim = conn.execute(select(claims).where(claims.c.id == claim_id)).mappings().first()
    if claim is None:
        raise NotFound(f"Krav {claim_id} findes ikke.")
    _require_reader(conn, actor, claim["project_id"])
    return claim


def _require_reader(conn: Connection, actor: Actor, project_id: int) -> None:
    _, target = project_target(conn, project_id)
    require(actor, "project.read", target)


def project_claims(store: Store, actor: Actor, project_id: int) -> list[Row]:
    """The project's claims, oldest first (``project.read``)."""
    with store.read() as conn:
        _require_reader(conn, actor, project_id)
        return list(conn.execute(select(claims).where(claims.c.project_id == project_id)
                                 .order_by(claims.c.id)).mappings())


@dataclass(frozen=True)
class ClaimInContext:
    """A claim with what names it to a reader: its project's title, its pay period."""

    claim: Row
    project_title: str
    period: tuple[dt.date, dt.date]


def claim_in_context(store: Store, actor: Actor, claim_id: int) -> ClaimInContext:
    """The claim, its project's title and its pay run's period (``project.read``)."""
    with store.read() as conn:
        claim = _readable_claim(conn, actor, claim_id)
        title = conn.execute(select(projects.c.title).where(
            projects.c.id == claim["project_id"])).scalar_one()
        start, end = conn.execute(select(pay_runs.c.period_start, pay_runs.c.period_end)
                                  .where(pay_runs.c.id == claim["pay_run_id"])).one()
    return ClaimInContext(claim, title, (start, end))
