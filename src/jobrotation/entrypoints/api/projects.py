"""Projects: create, read, change and move through the workflow; the plan (trainings and
substitutes), signatures, comments and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from jobrotation.domain.errors import InvalidInput
from jobrotation.domain.units import hours, to_ore
from jobrotation.domain.workflow import PROJECT_STATES, next_project_steps
from jobrotation.entrypoints.present import evaluation_json, kr
from jobrotation.law.bounds import MAX_DAY_HOURS, MAX_WEEK_HOURS
from jobrotation.law.facts import flatten, normalise
from jobrotation.services import project_reads
from jobrotation.services import projects as project_service
from jobrotation.services.overview import project_overview
from jobrotation.services.policy import Actor
from jobrotation.services.project_reads import project_with_employer
from jobrotation.services.store import Row, Store

from .deps import ActorDep, StoreDep
from .errors import ERRORS, JsonErrorRoute
from .law import EvaluationOut
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
    Version,
    VersionOut,
    workflow_out,
)

router = APIRouter(route_class=JsonErrorRoute)

Route = Literal["route1", "route2"]

# --- requests -----------------------------------------------------------------------------


class ProjectIn(Input):
    employer_id: PersonRef | None = Field(None, description=(
        "Arbejdsgiverens id (standard: brugerens egen organisation)"))
    title: str = Field(min_length=1, max_length=200, description="Projektets titel")
    purpose: str = Field("", max_length=10_000, description="Projektets formål")
    route: Route = Field(description=(
        "Ordning: route1 = jobrotationsydelse, route2 = løntilskud og VEU-godtgørelse"))
    pay_frequency: str = Field("monthly", max_length=16, description="Lønperiode")


class ProjectPatch(Input):
    version: Version
    title: str | None = Field(None, min_length=1, max_length=200, description="Ny titel")
    purpose: str | None = Field(None, max_length=10_000, description="Nyt formål")
    route: Route | None = Field(None, description="Ny ordning")
    checklist: dict[str, bool] | None = Field(None, description=(
        "Tjeklisten for den tredobbelte gevinst: punkt → afkrydset"))
    contacts: dict[str, str] | None = Field(None, description="Kontakter: rolle → navn")
    exceptions: dict[str, str] | None = Field(None, description=(
        "Skriftlige begrundelser for undtagelser: betingelsens id → begrundelse"))
    pay_frequency: str | None = Field(None, max_length=16, description="Lønperiode")


def _checked_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Facts in the case format, flat; refused (422) if the law core would refuse them."""
    flat = flatten(facts)
    normalise(flat)
    return flat


class TrainingIn(Input):
    employee_id: PersonRef = Field(description="Medarbejderens id")
    provider: str = Field(max_length=200, description="Uddannelsessted")
    course: str = Field(max_length=200, description="Kursus eller uddannelse")
    type: str = Field(description="Uddannelsestype: amu, other, eud, maritime, "
                                  "company_practice")
    start: dt.date = Field(description="Første dag")
    end: dt.date = Field(description="Sidste dag")
    hours_per_day: float = Field(gt=0, le=MAX_DAY_HOURS, description="Timer pr. uddannelsesdag")
    weekdays: str = Field("12345", max_length=7, description="Ugedage som cifre, mandag = 1")
    fee_kr: KronerIn = Field(Decimal(0), description="Deltagerbetaling i kroner")
    veu_eligible: bool = Field(False, description="Giver kurset ret til VEU-godtgørelse?")
    facts: dict[str, Any] = Field(default_factory=dict, description=(
        "Andre oplysninger i sagsformatet, fx training.strengthens_competences"))


class AssignmentIn(Input):
    substitute_id: PersonRef = Field(description="Vikarens id")
    start: dt.date = Field(description="Vikarens første dag")
    end: dt.date = Field(description="Vikarens sidste dag")
    hours_per_week: float = Field(gt=0, le=MAX_WEEK_HOURS, description="Vikarens timer pr. uge")
    covers: list[PersonRef] = Field(description="Medarbejdere (id), vikaren dækker")
    hourly_wage_kr: KronerIn | None = Field(None, description="Vikarens timeløn i kroner")
    facts: dict[str, Any] = Field(default_factory=dict, description=(
        "Andre oplysninger i sagsformatet, fx substitute.same_or_similar_job"))


class SignatureIn(Input):
    document: Literal["application", "agreement"] = Field(description=(
        "application = ansøgningen, agreement = aftalen"))


class CommentIn(Input):
    text: str = Field(max_length=10_000, description="Kommentaren")


# --- responses ----------------------------------------------------------------------------

FactsOut = Annotated[dict[str, Any], Field(description="Andre oplysninger i sagsformatet")]


class ProjectOut(BaseModel):
    id: int
    employer_id: int = Field(description="Arbejdsgiverens id")
    employer_name: str = Field(description="Arbejdsgiverens navn")
    municipality: str = Field(description="Arbejdsgiverens kommune")
    title: str = Field(description="Titel")
    purpose: str = Field(description="Formål")
    route: RouteName
    state: State
    state_label: StateLabel
    checklist: dict[str, bool] = Field(description="Tjeklisten")
    contacts: dict[str, Any] = Field(description="Kontakter pr. rolle")
    exceptions: dict[str, str] = Field(description="Begrundede undtagelser pr. betingelse")
    decision_reason: DecisionReason
    pay_frequency: str = Field(description="Lønperiode")
    created_at: dt.datetime = Field(description="Oprettet")
    closed_on: dt.date | None = Field(description="Afsluttet")
    version: VersionOut
    next_steps: list[StepOut] = Field(description="Mulige næste trin i arbejdsgangen")


class TrainingOut(BaseModel):
    id: int
    employee_id: int = Field(description="Medarbejderens id")
    provider: str = Field(description="Uddannelsessted")
    course: str = Field(description="Kursus")
    type: str = Field(description="Uddannelsestype")
    start: dt.date
    end: dt.date
    weekdays: str = Field(description="Ugedage, mandag = 1")
    hours_per_day: float = Field(description="Timer pr. uddannelsesdag")
    fee_kr: Kroner = Field(description="Deltagerbetaling i kroner")
    veu_eligible: bool = Field(description="Giver ret til VEU-godtgørelse")
    facts: FactsOut


class AssignmentOut(BaseModel):
    id: int
    substitute_id: int = Field(description="Vikarens id")
    start: dt.date
    end: dt.date
    hours_per_week: float = Field(description="Timer pr. uge")
    covers: list[int] = Field(description="Medarbejdere (id), vikaren dækker")
    hourly_wage_kr: Kroner = Field(description="Timeløn i kroner")
    facts: FactsOut


class PairOut(BaseModel):
    training_id: int
    employee_id: int = Field(description="Medarbejderen i uddannelse")
    assignment_id: int | None
    substitute_id: int | None = Field(description="Vikaren, der dækker (null: ingen)")
    evaluation: EvaluationOut = Field(description="Lovens svar for parret")


class ProjectDetailOut(ProjectOut):
    trainings: list[TrainingOut] = Field(description="Medarbejdere i uddannelse")
    assignments: list[AssignmentOut] = Field(description="Vikarer")
    eligibility: list[PairOut] = Field(description=(
        "Hver uddannelse med vikaren, der dækker den, vurderet af loven"))
    blocking: list[str] = Field(description=(
        "Det, der forhindrer ansøgning i den valgte ordning (uden skriftlig begrundelse)"))
    subsidy_total_kr: Kroner = Field(description=(
        "Tilskud i alt i den valgte ordning efter planen (null: ukendt)"))


class AuditOut(BaseModel):
    id: int
    at: dt.datetime = Field(description="Tidspunkt")
    actor_id: int | None = Field(description="Brugerens id")
    actor_label: str = Field(description="Brugeren")
    action: str = Field(description="Handlingen, fx project.applied")
    entity: str = Field(description="Hvad handlingen gjaldt")
    entity_id: int | None
    data: dict[str, Any] = Field(description="Detaljer (uden CPR-numre og navne)")


class SignatureOut(BaseModel):
    project_id: int
    document: str = Field(description="Det underskrevne dokument")


# --- routes -------------------------------------------------------------------------------


def _project_out(row: Row) -> dict[str, Any]:
    return {**{k: row[k] for k in ProjectOut.model_fields if k in row},
            **workflow_out(row["state"], PROJECT_STATES, next_project_steps),
            "checklist": row["checklist"] or {}, "contacts": row["contacts"] or {},
            "exceptions": row["exceptions"] or {}}


def _written_project(store: Store, actor: Actor, project_id: int) -> dict[str, Any]:
    """The project just changed by the actor (who may read what they may change)."""
    return _project_out(project_with_employer(store, actor, project_id))


@router.get("/projects", response_model=list[ProjectOut], tags=["projekter"],
            summary="Projekterne, brugeren må se", responses=ERRORS)
def list_projects(store: StoreDep, actor: ActorDep) -> list[dict[str, Any]]:
    """Nyeste først. En vikar ser sine aftaler, ikke projekter: listen er tom."""
    return [_project_out(r) for r in project_reads.visible_projects(store, actor)]


@router.post("/projects", response_model=ProjectOut, status_code=201, tags=["projekter"],
             summary="Opret et projekt (kladde)", responses=ERRORS)
def create_project(body: ProjectIn, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    employer_id = body.employer_id or actor.organisation_id
    if employer_id is None:
        raise InvalidInput("Angiv arbejdsgiveren (employer_id)")
    project_id = project_service.create_project(store, actor, employer_id, body.title,
                                                body.purpose, body.route, body.pay_frequency)
    return _written_project(store, actor, project_id)


@router.get("/projects/{project_id}", response_model=ProjectDetailOut, tags=["projekter"],
            summary="Et projekt med planen og lovens svar", responses=ERRORS)
def get_project(project_id: ProjectId, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Projektet, medarbejderne i uddannelse, vikarerne og for hvert par lovens svar og
    beløb; desuden det, der forhindrer ansøgning, og tilskuddet i alt efter planen."""
    ov = project_overview(store, actor, project_id)  # project.read
    return {
        **_project_out({**ov.project, "employer_name": ov.employer["name"],
                        "municipality": ov.employer["municipality"]}),
        "trainings": [{**t, "hours_per_day": hours(t["hours_per_day"]),
                       "fee_kr": kr(t["fee"])} for t in ov.trainings],
        "assignments": [{**a, "hours_per_week": hours(a["hours_per_week"]),
                         "hourly_wage_kr": kr(a["hourly_wage"])} for a in ov.assignments],
        "eligibility": [{"training_id": p.training_id, "employee_id": p.employee_id,
                         "assignment_id": p.assignment_id, "substitute_id": p.substitute_id,
                         "evaluation": evaluation_json(p.evaluation)} for p in ov.pairs],
        "blocking": ov.blocking,
        "subsidy_total_kr": kr(ov.amount_total(f"{ov.project['route']}_total")),
    }


@router.patch("/projects/{project_id}", response_model=ProjectOut, tags=["projekter"],
              summary="Ret projektet (med version)", responses=ERRORS)
def patch_project(project_id: ProjectId, body: ProjectPatch, store: StoreDep,
                  actor: ActorDep) -> dict[str, Any]:
    """Kun de felter, der sendes (null = uændret). Er projektet ændret siden `version`,
    svares 409, og intet ændres."""
    changes = body.model_dump(exclude_unset=True, exclude_none=True, exclude={"version"})
    project_service.update_project(store, actor, project_id, body.version, **changes)
    return _written_project(store, actor, project_id)


@router.post("/projects/{project_id}/transitions", response_model=ProjectOut,
             tags=["projekter"], summary="Tag et trin i arbejdsgangen", responses=ERRORS)
def move_project(project_id: ProjectId, body: TransitionIn, store: StoreDep,
                 actor: ActorDep) -> dict[str, Any]:
    """kladde → klar til ansøgning → ansøgt → godkendt/afvist → i gang → afsluttet."""
    project_service.move(store, actor, project_id, body.version, body.to, body.reason)
    return _written_project(store, actor, project_id)


@router.post("/projects/{project_id}/trainings", response_model=Created, status_code=201,
             tags=["projekter"], summary="Sæt en medarbejder på uddannelse", responses=ERRORS)
def add_training(project_id: ProjectId, body: TrainingIn, store: StoreDep,
                 actor: ActorDep) -> dict[str, int]:
    training_id = project_service.add_training(
        store, actor, project_id, body.employee_id, provider=body.provider,
        course=body.course, type=body.type, start=body.start, end=body.end,
        hours_per_day=body.hours_per_day, weekdays=body.weekdays, fee_ore=to_ore(body.fee_kr),
        veu_eligible=body.veu_eligible, facts=_checked_facts(body.facts))
    return {"id": training_id}


@router.post("/projects/{project_id}/assignments", response_model=Created, status_code=201,
             tags=["projekter"], summary="Ansæt en vikar", responses=ERRORS)
def add_assignment(project_id: ProjectId, body: AssignmentIn, store: StoreDep,
                   actor: ActorDep) -> dict[str, int]:
    wage = None if body.hourly_wage_kr is None else to_ore(body.hourly_wage_kr)
    assignment_id = project_service.add_assignment(
        store, actor, project_id, body.substitute_id, start=body.start, end=body.end,
        hours_per_week=body.hours_per_week, covers=list(body.covers), hourly_wage_ore=wage,
        facts=_checked_facts(body.facts))
    return {"id": assignment_id}


@router.post("/projects/{project_id}/signatures", response_model=SignatureOut,
             status_code=201, tags=["projekter"], summary="Underskriv", responses=ERRORS)
def sign(project_id: ProjectId, body: SignatureIn, store: StoreDep,
         actor: ActorDep) -> dict[str, Any]:
    """Arbejdsgiveren eller tillidsrepræsentanten underskriver ansøgningen eller aftalen."""
    project_service.sign(store, actor, project_id, body.document)
    return {"project_id": project_id, "document": body.document}


@router.post("/projects/{project_id}/comments", response_model=Created, status_code=201,
             tags=["projekter"], summary="Kommentér", responses=ERRORS)
def add_comment(project_id: ProjectId, body: CommentIn, store: StoreDep,
                actor: ActorDep) -> dict[str, int]:
    return {"id": project_service.comment(store, actor, project_id, body.text)}


@router.get("/projects/{project_id}/audit", response_model=list[AuditOut],
            tags=["projekter"], summary="Revisionssporet", responses=ERRORS)
def audit_trail(project_id: ProjectId, store: StoreDep, actor: ActorDep) -> list[Row]:
    """Alle handlinger på projektet, ældste først."""
    return project_reads.audit_trail(store, actor, project_id)
