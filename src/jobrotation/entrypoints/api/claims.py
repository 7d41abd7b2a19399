"""Pay runs and claims: record a paid pay run, let the law compute its claim, list a
project's claims and move a claim through its workflow."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from jobrotation.domain.units import to_ore
from jobrotation.domain.workflow import CLAIM_STATES, next_claim_steps
from jobrotation.entrypoints.present import kr
from jobrotation.services import claims as claim_service
from jobrotation.services.store import Row

from .deps import ActorDep, StoreDep
from .errors import ERRORS, JsonErrorRoute
from .models import (
    Created,
    DecisionReason,
    Input,
    Kroner,
    KronerIn,
    PersonRef,
    ProjectId,
    RouteName,
    State,
    StateLabel,
    StepOut,
    TransitionIn,
    VersionOut,
    path_id,
    workflow_out,
)

router = APIRouter(route_class=JsonErrorRoute)


class ClaimTransitionIn(TransitionIn):
    to: str = Field(description="Næste tilstand: " + ", ".join(
        f"{k} = {v}" for k, v in CLAIM_STATES.items()))


class PayRunIn(Input):
    period_start: dt.date = Field(description="Lønperiodens første dag")
    period_end: dt.date = Field(description="Lønperiodens sidste dag")
    paid_on: dt.date = Field(description="Udbetalingsdag")
    wages_kr: dict[PersonRef, KronerIn] = Field(description=(
        "Udbetalt løn i kroner pr. person (id)"))
    hours: dict[PersonRef, dict[dt.date, float]] = Field(description=(
        "Timer pr. person (id) pr. dag (ÅÅÅÅ-MM-DD)"))


class ClaimLineOut(BaseModel):
    period_start: dt.date
    period_end: dt.date
    kind: str = Field(description="Tilskudsart")
    person_id: int = Field(description="Personen")
    hours: float = Field(description="Timer")
    rate_kr: Kroner = Field(description="Sats i kroner")
    amount_kr: Kroner = Field(description="Beløb i kroner")
    estimate: bool = Field(description="Skønnet sats: beregnet efter formel eller usikker (L)")
    derived: bool = Field(description="Satsen er beregnet efter formel, ikke offentliggjort")


class ClaimOut(BaseModel):
    id: int
    project_id: int
    pay_run_id: int = Field(description="Lønkørslen, kravet er beregnet fra")
    route: RouteName
    state: State
    state_label: StateLabel
    amount_kr: Kroner = Field(description="Kravet i kroner")
    lines: list[ClaimLineOut] = Field(description="Kravets linjer fra loven")
    explanation: list[str] = Field(description="Linjerne forklaret på dansk")
    warnings: list[str] = Field(description="Advarsler")
    decision_reason: DecisionReason
    created_at: dt.datetime
    version: VersionOut
    next_steps: list[StepOut] = Field(description="Mulige næste trin")


def _line_out(line: Row) -> dict[str, Any]:
    return {"period_start": line["period"][0], "period_end": line["period"][1],
            "kind": line["kind"], "person_id": line["person_id"], "hours": line["hours"],
            "rate_kr": kr(line["rate_ore"]), "amount_kr": kr(line["amount_ore"]),
            "estimate": line["estimate"], "derived": bool(line.get("derived"))}


def _claim_out(row: Row) -> dict[str, Any]:
    return {
        **{k: row[k] for k in ("id", "project_id", "pay_run_id", "route", "state",
                               "decision_reason", "created_at", "version")},
        **workflow_out(row["state"], CLAIM_STATES, next_claim_steps),
        "amount_kr": kr(row["amount"]),
        "lines": [_line_out(line) for line in row["lines"]],
        "explanation": claim_service.explain(row),
        "warnings": list(row["warnings"] or []),
    }


@router.post("/projects/{project_id}/pay-runs", response_model=Created, status_code=201,
             tags=["krav"], summary="Registrér en udbetalt lønkørsel", responses=ERRORS)
def record_pay_run(project_id: ProjectId, body: PayRunIn, store: StoreDep,
                   actor: ActorDep) -> dict[str, int]:
    """Udbetalt løn pr. person og timer pr. person pr. dag; kravet beregnes bagefter."""
    run_id = claim_service.record_pay_run(
        store, actor, project_id, period_start=body.period_start, period_end=body.period_end,
        paid_on=body.paid_on, wages_ore={p: to_ore(w) for p, w in body.wages_kr.items()},
        hours=body.hours)
    return {"id": run_id}


@router.post("/pay-runs/{pay_run_id}/claim", response_model=ClaimOut, status_code=201,
             tags=["krav"], summary="Beregn kravet for en lønkørsel", responses=ERRORS)
def compute_claim(pay_run_id: Annotated[int, path_id("Lønkørslen")], store: StoreDep,
                  actor: ActorDep) -> dict[str, Any]:
    """Loven beregner kravet ud fra lønkørslerne; det gemmes som kladde."""
    claim_id = claim_service.compute_claim(store, actor, pay_run_id)
    return _claim_out(claim_service.claim_of(store, actor, claim_id))


@router.get("/projects/{project_id}/claims", response_model=list[ClaimOut], tags=["krav"],
            summary="Projektets krav", responses=ERRORS)
def list_claims(project_id: ProjectId, store: StoreDep, actor: ActorDep
                ) -> list[dict[str, Any]]:
    return [_claim_out(r) for r in claim_service.project_claims(store, actor, project_id)]


@router.post("/claims/{claim_id}/transitions", response_model=ClaimOut, tags=["krav"],
             summary="Tag et trin med kravet", responses=ERRORS)
def move_claim(claim_id: Annotated[int, path_id("Kravet")], body: ClaimTransitionIn,
               store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """kladde → indsendt → godkendt/afvist → udbetalt."""
    claim_service.move_claim(store, actor, claim_id, body.version, body.to, body.reason)
    return _claim_out(claim_service.claim_of(store, actor, claim_id))
