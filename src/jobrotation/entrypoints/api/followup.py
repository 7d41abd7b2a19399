"""Follow-up and the dashboard: the triple gain (substitutes, employees, employer)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from jobrotation.entrypoints.present import kr
from jobrotation.services import followup

from .deps import ActorDep, StoreDep
from .errors import ERRORS, JsonErrorRoute
from .models import Created, Input, Kroner, PersonRef, ProjectId

router = APIRouter(route_class=JsonErrorRoute)


class FollowUpIn(Input):
    stage: str = Field(description="end = ved afslutning, 3_months = 3 måneder efter")
    substitutes: dict[PersonRef, str] = Field(default_factory=dict, description=(
        "Vikarens udfald pr. person (id): job_same_employer, job_other_employer, "
        "education, unemployed"))
    employees: dict[PersonRef, dict[str, bool]] = Field(default_factory=dict, description=(
        "Medarbejderens udfald pr. person (id): completed, back_at_work, using_skills"))
    employer: dict[str, bool] = Field(default_factory=dict, description=(
        "Arbejdsgiverens udfald: production_kept, would_repeat"))


class GainOut(BaseModel):
    employer: str = Field(description="Arbejdsgiveren")
    municipality: str = Field(description="Kommunen")
    projects: int = Field(description="Antal projekter")
    substitutes: int = Field(description="Antal vikarer")
    substitutes_in_work: int = Field(description="Vikarer i job eller uddannelse bagefter")
    hours_trained: float = Field(description="Timer i uddannelse")
    subsidies_paid_kr: Kroner = Field(description="Udbetalte tilskud i kroner")
    employees_using_skills: int = Field(description="Medarbejdere, der bruger det lærte")


@router.post("/projects/{project_id}/follow-ups", response_model=Created, status_code=201,
             tags=["opfølgning"], summary="Registrér opfølgning", responses=ERRORS)
def record_follow_up(project_id: ProjectId, body: FollowUpIn, store: StoreDep,
                     actor: ActorDep) -> dict[str, int]:
    """Ved afslutningen og 3 måneder efter: den tredobbelte gevinst."""
    return {"id": followup.record_follow_up(store, actor, project_id, body.stage,
                                            substitutes=body.substitutes,
                                            employees=body.employees, employer=body.employer)}


@router.get("/dashboard", response_model=list[GainOut], tags=["opfølgning"],
            summary="Den tredobbelte gevinst pr. arbejdsgiver", responses=ERRORS)
def dashboard(store: StoreDep, actor: ActorDep) -> list[dict[str, Any]]:
    return [{**{k: v for k, v in s.items() if k != "subsidies_paid_ore"},
             "subsidies_paid_kr": kr(s["subsidies_paid_ore"])}
            for s in followup.triple_gain(store, actor)]
