"""The JSON API, ``/api/v1``: the same services as the pages, described by OpenAPI.

    app.include_router(api.router)     # in the web app (which sets app.state.store)
    app = create_api_app(store)        # standalone: tests and the benchmark

The law is public: ``POST /evaluate`` and ``GET /compare`` need no login. Everything else
needs ``Authorization: Bearer <API-nøgle>`` (``services.accounts``), and who may do what
is decided by the services' one access policy — nothing here decides access.

Errors are JSON ``{"fejl": "<Danish message>"}``, produced by the router itself (its
route class), so they are the same whichever app includes it:

    InvalidInput, InvalidParameters, RateUnknown, a malformed request   422
    no or an unknown API token                       401 (WWW-Authenticate: Bearer)
    NotAllowed                                       403 (the policy's message only)
    NotFound                                         404
    Conflict (optimistic locking), IllegalTransition 409
    any other product error                          400

Money is kroner as an exact decimal string (``"7517.29"``), in and out. CPR numbers
are never shown except masked (``DDMMÅÅ-XXXX``). The description is served at
``/api/v1/openapi.json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine, Mapping
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.responses import Response

from jobrotation.adapters.tables import claims, organisations, projects
from jobrotation.domain.errors import (
    Conflict,
    IllegalTransition,
    InvalidInput,
    InvalidParameters,
    JobrotationError,
    NotAllowed,
    NotFound,
    RateUnknown,
)
from jobrotation.domain.workflow import (
    CLAIM_STATES,
    PROJECT_STATES,
    next_claim_steps,
    next_project_steps,
)
from jobrotation.entrypoints.present import comparison_json, evaluation_json, kr
from jobrotation.law.bounds import (
    FIRST_DAY,
    LAST_DAY,
    MAX_AMOUNT,
    MAX_DAY_HOURS,
    MAX_WEEK_HOURS,
)
from jobrotation.law.compare import newest_known_year, weekly_comparison
from jobrotation.law.evaluate import Verdict, evaluate, what_if
from jobrotation.law.facts import flatten, normalise
from jobrotation.law.schema import case_schema
from jobrotation.services import accounts, followup
from jobrotation.services import claims as claim_service
from jobrotation.services import people as people_service
from jobrotation.services import projects as project_service
from jobrotation.services.overview import project_overview
from jobrotation.services.policy import Actor, require
from jobrotation.services.store import Row, Store

API_VERSION = "1"
MAX_ID = 2_147_483_647

# --- errors -----------------------------------------------------------------------------

STATUS: tuple[tuple[type[JobrotationError], int], ...] = (
    (InvalidInput, 422), (InvalidParameters, 422), (RateUnknown, 422),
    (NotAllowed, 403), (NotFound, 404), (Conflict, 409), (IllegalTransition, 409),
)


class Fejl(BaseModel):
    fejl: str = Field(description="Fejlen forklaret på dansk")


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Fejl, "description": text} for code, text in (
        (401, "Mangler eller ugyldig API-nøgle"),
        (403, "Adgangspolitikken tillader ikke handlingen"),
        (404, "Findes ikke"),
        (409, "Ændret af en anden siden læsningen, eller trinnet er ikke muligt nu"),
        (422, "Ugyldige oplysninger"))}
PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {422: ERRORS[422]}


def error_response(exc: Exception) -> JSONResponse:
    """A product error, an HTTP error or a malformed request as ``{"fejl": ...}``."""
    if isinstance(exc, RequestValidationError):
        return JSONResponse({"fejl": _validation_message(exc)}, status_code=422)
    if isinstance(exc, HTTPException):
        return JSONResponse({"fejl": str(exc.detail)}, status_code=exc.status_code,
                            headers=exc.headers)
    status = next((code for kind, code in STATUS if isinstance(exc, kind)), 400)
    return JSONResponse({"fejl": str(exc)}, status_code=status)


# Pydantic's error types in Danish (its own English message is the fallback).
VALIDATION_MESSAGES = {
    "missing": "mangler", "extra_forbidden": "kendes ikke",
    "json_invalid": "er ikke gyldig JSON", "dict_type": "skal være et objekt",
    "model_attributes_type": "skal være et objekt", "list_type": "skal være en liste",
    "int_parsing": "skal være et helt tal", "int_type": "skal være et helt tal",
    "int_from_float": "skal være et helt tal", "float_parsing": "skal være et tal",
    "float_type": "skal være et tal", "finite_number": "skal være et endeligt tal",
    "decimal_parsing": "skal være et beløb", "decimal_type": "skal være et beløb",
    "decimal_max_places": "højst {decimal_places} decimaler",
    "bool_parsing": "skal være true eller false", "bool_type": "skal være true eller false",
    "string_type": "skal være tekst", "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)", "literal_error": "skal være {expected}",
    "greater_than_equal": "skal være mindst {ge}", "greater_than": "skal være over {gt}",
    "less_than_equal": "må højst være {le}", "less_than": "skal være under {lt}",
    "string_too_short": "må ikke være tom", "string_too_long": "højst {max_length} tegn",
}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        template = VALIDATION_MESSAGES.get(error.get("type", ""))
        try:
            text = template.format(**error.get("ctx", {})).replace("' or '", "' eller '") \
                if template else None
        except (KeyError, IndexError):
            text = None
        parts.append(f"{where or 'indholdet'}: {text or error.get('msg', 'ugyldig')}")
    return "Forespørgslen er ikke gyldig — " + "; ".join(parts)


class JsonErrorRoute(APIRoute):
    """A route whose errors become ``{"fejl": ...}`` here, not in the including app (the
    web app turns errors into HTML pages)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except (JobrotationError, RequestValidationError, HTTPException) as exc:
                return error_response(exc)

        return route


router = APIRouter(prefix="/api/v1", route_class=JsonErrorRoute)

# --- context: the store and the actor -----------------------------------------------------

_bearer = HTTPBearer(auto_error=False, scheme_name="API-nøgle",
                     description="Brugerens API-nøgle: `Authorization: Bearer <nøgle>`.")


def app_store(request: Request) -> Store:
    """The including app's store (``app.state.store``)."""
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise RuntimeError("app.state.store er ikke sat")
    return store


async def store_of(request: Request) -> Store:
    """``app_store`` as a dependency; async, so it costs no thread hop."""
    return app_store(request)


def actor_of(request: Request,
             credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
             ) -> Actor:
    """The user behind the bearer token, or 401."""
    if credentials is None or not credentials.credentials:
        raise HTTPException(401, "Mangler API-nøgle: send 'Authorization: Bearer <nøgle>'.",
                            headers={"WWW-Authenticate": "Bearer"})
    try:
        return accounts.actor_for_token(app_store(request), credentials.credentials)
    except NotAllowed as exc:
        raise HTTPException(401, str(exc), headers={
            "WWW-Authenticate": 'Bearer error="invalid_token"'}) from None


StoreDep = Annotated[Store, Depends(store_of)]
ActorDep = Annotated[Actor, Depends(actor_of)]


def _id(what: str) -> Any:
    return Path(ge=1, le=MAX_ID, description=f"{what} (id)")


ProjectId = Annotated[int, _id("Projektet")]
PersonRef = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_ID, description=(
    "Versionen, som den blev læst (optimistisk låsning: er den ændret siden, svares 409)"))]

# --- money --------------------------------------------------------------------------------

KronerIn = Annotated[Decimal, Field(ge=0, le=Decimal(MAX_AMOUNT), decimal_places=2, description=(
    "Beløb i kroner med højst to decimaler, som tekst eller tal, fx \"7517.29\""))]
Kroner = Annotated[str | None, Field(description="Beløb i kroner, fx \"7517.29\"",
                                     examples=["7517.29"])]


def ore(kroner: Decimal) -> int:
    return int(kroner * 100)


# --- models: requests ---------------------------------------------------------------------


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


def _case_properties(schema: dict[str, Any]) -> None:
    """The case sections in the OpenAPI description, from the case format's JSON Schema."""
    properties = case_schema()["properties"]
    for section in ("employer", "employee", "training", "substitute"):
        schema["properties"][section] = properties[section]


class ParameterValue(Input):
    value: Any = Field(description="Værdien i parameterens enhed (beløb i kroner)")
    source: str = Field("Hvad nu hvis", description="Kilde eller begrundelse")
    confidence: Literal["H", "M", "L"] = Field("L", description="Sikkerhed: H, M eller L")


class ParameterOverride(Input):
    values: dict[dt.date, ParameterValue] = Field(
        description="Værdier efter den dato, de gælder fra (ÅÅÅÅ-MM-DD)")


class CaseIn(BaseModel):
    """A case in the case format (docs/case-format.md), nested or flat, plus a what-if."""

    model_config = ConfigDict(extra="allow", json_schema_extra=_case_properties)

    name: str | None = Field(None, description="Sagens navn")
    description: str | None = Field(None, description="Beskrivelse af sagen")
    as_of: dt.date | None = Field(None, description="Dato sagen er opgjort pr.")
    employer: dict[str, Any] | None = Field(None, description="Arbejdsgiveren")
    employee: dict[str, Any] | None = Field(None, description="Medarbejderen")
    training: dict[str, Any] | None = Field(None, description="Uddannelsen")
    substitute: dict[str, Any] | None = Field(None, description="Vikaren")
    what_if: dict[str, ParameterOverride] | None = Field(None, description=(
        "Hvad nu hvis: parametre med ændrede værdier (navn → værdier pr. dato). Sagen "
        "vurderes da både efter gældende regler og med ændringerne, og forskellene listes."))


class ProjectIn(Input):
    employer_id: PersonRef | None = Field(None, description=(
        "Arbejdsgiverens id (standard: brugerens egen organisation)"))
    title: str = Field(min_length=1, max_length=200, description="Projektets titel")
    purpose: str = Field("", max_length=10_000, description="Projektets formål")
    route: Literal["route1", "route2"] = Field(description=(
        "Ordning: route1 = jobrotationsydelse, route2 = løntilskud og VEU-godtgørelse"))
    pay_frequency: str = Field("monthly", max_length=16, description="Lønperiode")


class ProjectPatch(Input):
    version: Version
    title: str | None = Field(None, min_length=1, max_length=200, description="Ny titel")
    purpose: str | None = Field(None, max_length=10_000, description="Nyt formål")
    route: Literal["route1", "route2"] | None = Field(None, description="Ny ordning")
    checklist: dict[str, bool] | None = Field(None, description=(
        "Tjeklisten for den tredobbelte gevinst: punkt → afkrydset"))
    contacts: dict[str, str] | None = Field(None, description="Kontakter: rolle → navn")
    exceptions: dict[str, str] | None = Field(None, description=(
        "Skriftlige begrundelser for undtagelser: betingelsens id → begrundelse"))
    pay_frequency: str | None = Field(None, max_length=16, description="Lønperiode")


class TransitionIn(Input):
    to: str = Field(description="Næste tilstand: " + ", ".join(
        f"{k} = {v}" for k, v in PROJECT_STATES.items()))
    reason: str | None = Field(None, max_length=10_000, description=(
        "Begrundelse (kræves ved afvisning)"))
    version: Version


class ClaimTransitionIn(TransitionIn):
    to: str = Field(description="Næste tilstand: " + ", ".join(
        f"{k} = {v}" for k, v in CLAIM_STATES.items()))


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


class PayRunIn(Input):
    period_start: dt.date = Field(description="Lønperiodens første dag")
    period_end: dt.date = Field(description="Lønperiodens sidste dag")
    paid_on: dt.date = Field(description="Udbetalingsdag")
    wages_kr: dict[PersonRef, KronerIn] = Field(description=(
        "Udbetalt løn i kroner pr. person (id)"))
    hours: dict[PersonRef, dict[dt.date, float]] = Field(description=(
        "Timer pr. person (id) pr. dag (ÅÅÅÅ-MM-DD)"))


class FollowUpIn(Input):
    stage: str = Field(description="end = ved afslutning, 3_months = 3 måneder efter")
    substitutes: dict[PersonRef, str] = Field(default_factory=dict, description=(
        "Vikarens udfald pr. person (id): job_same_employer, job_other_employer, "
        "education, unemployed"))
    employees: dict[PersonRef, dict[str, bool]] = Field(default_factory=dict, description=(
        "Medarbejderens udfald pr. person (id): completed, back_at_work, using_skills"))
    employer: dict[str, bool] = Field(default_factory=dict, description=(
        "Arbejdsgiverens udfald: production_kept, would_repeat"))


class PersonIn(Input):
    kind: Literal["employee", "substitute"] = Field(description=(
        "employee = medarbejder, substitute = vikar"))
    name: str = Field(min_length=1, max_length=200, description="Navn")
    cpr: str | None = Field(None, max_length=11, description=(
        "CPR-nummer DDMMÅÅ-XXXX (gemmes krypteret, vises kun maskeret)"))
    email: str | None = Field(None, max_length=200, description="E-mail")
    facts: dict[str, Any] = Field(default_factory=dict, description=(
        "Oplysninger i sagsformatet, fx employee.employed_since"))


# --- models: responses --------------------------------------------------------------------


class Created(BaseModel):
    id: int = Field(description="Den nye posts id")


class RouteVerdict(BaseModel):
    verdict: Literal["met", "not_met", "not_applicable", "unknown"] = Field(
        description="Svaret: opfyldt, ikke opfyldt, ikke relevant, mangler oplysninger")
    label: str = Field(description="Svaret i tekst")


class ParameterUseOut(BaseModel):
    name: str = Field(description="Parameterens navn")
    date: dt.date = Field(description="Datoen, værdien er slået op for")
    in_force_from: dt.date = Field(description="Værdien gælder fra")
    value: Any = Field(description="Værdien (beløb i kroner som tekst)")
    reference: str = Field(description="Hjemmel")
    source: str = Field(description="Kilde")
    confidence: str = Field(description="Sikkerhed: H, M eller L")


class ConditionOut(BaseModel):
    id: str = Field(description="Betingelsens id")
    party: str = Field(description="Hvem betingelsen gælder")
    routes: list[str] = Field(description="De ordninger, betingelsen gælder for")
    verdict: Literal["met", "not_met", "not_applicable", "unknown"] = Field(
        description="Svaret")
    label: str = Field(description="Svaret i tekst")
    text: str = Field(description="Betingelsen, som sagsbehandleren kender den")
    observed: str = Field(description="Det observerede, fx \"ansat i 2 måneder\"")
    reference: str = Field(description="Hjemmel")
    confidence: str = Field(description="Sikkerhed: H, M eller L")
    values: dict[str, Any] = Field(description="De oplysninger, betingelsen læste")
    missing: list[str] = Field(description="Oplysninger, der mangler for et svar")
    parameters: list[ParameterUseOut] = Field(description="De daterede satser, der er brugt")


class EvaluationOut(BaseModel):
    routes: dict[str, RouteVerdict] = Field(description=(
        "Svaret pr. ordning: route1 = jobrotationsydelse, route2 = løntilskud, veu = "
        "VEU-godtgørelse"))
    conditions: list[ConditionOut] = Field(description="Hver betingelse med begrundelse")
    amounts_kr: dict[str, Kroner] = Field(description="Beløb i kroner (null: ukendt)")
    warnings: list[str] = Field(description="Advarsler om ukendte eller skønnede satser")
    missing: list[str] = Field(description="Oplysninger, der mangler for et fuldt svar")


class ChangeOut(BaseModel):
    what: str = Field(description="Betingelse, ordning eller beløb")
    before: str | None = Field(description="Efter gældende regler (beløb i kroner)")
    after: str | None = Field(description="Med ændringerne")


class EvaluateOut(EvaluationOut):
    name: str | None = Field(None, description="Sagens navn")
    before: EvaluationOut | None = Field(None, description=(
        "Ved hvad-nu-hvis: vurderingen efter gældende regler (selve svaret er med "
        "ændringerne)"))
    changes: list[ChangeOut] | None = Field(None, description=(
        "Ved hvad-nu-hvis: det, der ændrer sig"))


class Route1Weekly(BaseModel):
    jobrotationsydelse: Kroner
    total: Kroner


class Route2Weekly(BaseModel):
    veu: Kroner = Field(description="VEU-godtgørelse pr. uge i kroner")
    loentilskud: Kroner = Field(description="Løntilskud pr. uge i kroner")
    total: Kroner


class ComparisonOut(BaseModel):
    year: int = Field(description="Året (satser pr. 1. januar)")
    sector: str = Field(description="private eller public")
    hours_per_week: float = Field(description="Timer pr. uge")
    route1: Route1Weekly = Field(description="Jobrotationsydelse pr. uge")
    route2: Route2Weekly = Field(description="Løntilskud og VEU-godtgørelse pr. uge")
    wage_subsidy_hours_per_week: float | None = Field(description=(
        "Offentlig arbejdsgiver: vikarens faste timer pr. uge ved løntilskud, fastsat ud fra "
        "højeste dagpenge (ellers null)"))
    unknown: list[str] = Field(description="Dele, hvis sats ikke kendes for året")
    estimates: list[str] = Field(description=(
        "Satser, der er beregnet efter formel eller usikre (L)"))


class StepOut(BaseModel):
    to: str = Field(description="Tilstanden efter trinnet")
    label: str = Field(description="Trinnet i tekst")


class ProjectOut(BaseModel):
    id: int
    employer_id: int = Field(description="Arbejdsgiverens id")
    employer_name: str = Field(description="Arbejdsgiverens navn")
    municipality: str = Field(description="Arbejdsgiverens kommune")
    title: str = Field(description="Titel")
    purpose: str = Field(description="Formål")
    route: str = Field(description="route1 eller route2")
    state: str = Field(description="Tilstand")
    state_label: str = Field(description="Tilstanden i tekst")
    checklist: dict[str, bool] = Field(description="Tjeklisten")
    contacts: dict[str, Any] = Field(description="Kontakter pr. rolle")
    exceptions: dict[str, str] = Field(description="Begrundede undtagelser pr. betingelse")
    decision_reason: str | None = Field(description="Jobcentrets begrundelse")
    pay_frequency: str = Field(description="Lønperiode")
    created_at: dt.datetime = Field(description="Oprettet")
    closed_on: dt.date | None = Field(description="Afsluttet")
    version: int = Field(description="Versionen (send den med ved ændringer)")
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
    facts: dict[str, Any] = Field(description="Andre oplysninger i sagsformatet")


class AssignmentOut(BaseModel):
    id: int
    substitute_id: int = Field(description="Vikarens id")
    start: dt.date
    end: dt.date
    hours_per_week: float = Field(description="Timer pr. uge")
    covers: list[int] = Field(description="Medarbejdere (id), vikaren dækker")
    hourly_wage_kr: Kroner = Field(description="Timeløn i kroner")
    facts: dict[str, Any] = Field(description="Andre oplysninger i sagsformatet")


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
    route: str = Field(description="route1 eller route2")
    state: str = Field(description="Tilstand")
    state_label: str = Field(description="Tilstanden i tekst")
    amount_kr: Kroner = Field(description="Kravet i kroner")
    lines: list[ClaimLineOut] = Field(description="Kravets linjer fra loven")
    explanation: list[str] = Field(description="Linjerne forklaret på dansk")
    warnings: list[str] = Field(description="Advarsler")
    decision_reason: str | None = Field(description="Jobcentrets begrundelse")
    created_at: dt.datetime
    version: int = Field(description="Versionen (send den med ved ændringer)")
    next_steps: list[StepOut] = Field(description="Mulige næste trin")


class SignatureOut(BaseModel):
    project_id: int
    document: str = Field(description="Det underskrevne dokument")


class GainOut(BaseModel):
    employer: str = Field(description="Arbejdsgiveren")
    municipality: str = Field(description="Kommunen")
    projects: int = Field(description="Antal projekter")
    substitutes: int = Field(description="Antal vikarer")
    substitutes_in_work: int = Field(description="Vikarer i job eller uddannelse bagefter")
    hours_trained: float = Field(description="Timer i uddannelse")
    subsidies_paid_kr: Kroner = Field(description="Udbetalte tilskud i kroner")
    employees_using_skills: int = Field(description="Medarbejdere, der bruger det lærte")


class PersonOut(BaseModel):
    id: int
    kind: str = Field(description="employee eller substitute")
    name: str = Field(description="Navn (pseudonym, hvis slettet)")
    cpr: str = Field(description="CPR-nummer, maskeret: DDMMÅÅ-XXXX")
    email: str | None
    facts: dict[str, Any] = Field(description="Oplysninger i sagsformatet")
    erased: bool = Field(description="Personens data er slettet")


# --- the law: public ----------------------------------------------------------------------


def _plain_change(value: Any) -> str | None:
    if isinstance(value, Verdict):
        return value.name.lower()
    if isinstance(value, int):
        return kr(value)
    return None if value is None else str(value)


# The law's two endpoints are pure computation of a bounded size (one case, ~1–3 ms) and
# read no database: they run on the event loop, not in the thread pool — under the GIL a
# thread adds no parallelism, only the hop (~20 % more requests/s measured).


@router.post("/evaluate", response_model=EvaluateOut, tags=["loven"],
             summary="Vurdér en sag", responses=PUBLIC_ERRORS)
async def evaluate_case(body: CaseIn, store: StoreDep,
                  lang: Annotated[Literal["da", "en"], Query(description="Sprog")] = "da",
                  ) -> dict[str, Any]:
    """Hver betingelse med svar, begrundelse og hjemmel, svaret pr. ordning og beløbene.
    Kræver ikke login: loven er offentlig."""
    case = body.model_dump(exclude={"what_if"}, exclude_none=True)
    params = store.parameters
    if not body.what_if:
        return {"name": body.name, **evaluation_json(evaluate(case, params), lang)}
    overrides = {name: o.model_dump() for name, o in body.what_if.items()}
    before, after, changes = what_if(case, overrides, params)
    return {"name": body.name, **evaluation_json(after, lang),
            "before": evaluation_json(before, lang),
            "changes": [{"what": c.what, "before": _plain_change(c.before),
                         "after": _plain_change(c.after)} for c in changes]}


@router.get("/compare", response_model=ComparisonOut, tags=["loven"],
            summary="Sammenlign ordningerne pr. uge", responses=PUBLIC_ERRORS)
async def compare(store: StoreDep,
            year: Annotated[int | None, Query(ge=FIRST_DAY.year, le=LAST_DAY.year, description=(
                "År (standard: det nyeste år med kendte satser)"))] = None,
            sector: Annotated[Literal["private", "public"], Query(description=(
                "private = privat, public = offentlig arbejdsgiver"))] = "private",
            hours: Annotated[float | None, Query(gt=0, le=MAX_WEEK_HOURS, description=(
                "Timer pr. uge (standard: en normal uge)"))] = None,
            ) -> dict[str, Any]:
    """Begge ordningers tilskud pr. uge med satserne pr. 1. januar (vejledningens tabel)."""
    params = store.parameters
    return comparison_json(weekly_comparison(params, year or newest_known_year(params),
                                             sector, hours))


# --- projects -----------------------------------------------------------------------------

_PROJECT_QUERY = select(projects, organisations.c.name.label("employer_name"),
                        organisations.c.municipality).join(
    organisations, organisations.c.id == projects.c.employer_id)


def _project_out(row: Row) -> dict[str, Any]:
    return {**{k: row[k] for k in ProjectOut.model_fields if k in row},
            "state_label": PROJECT_STATES.get(row["state"], row["state"]),
            "checklist": row["checklist"] or {}, "contacts": row["contacts"] or {},
            "exceptions": row["exceptions"] or {},
            "next_steps": [{"to": t.target, "label": t.label}
                           for t in next_project_steps(row["state"])]}


def _written_project(store: Store, project_id: int) -> dict[str, Any]:
    """The project just changed by the actor (who the service has let act on it)."""
    with store.read() as conn:
        row = conn.execute(_PROJECT_QUERY.where(projects.c.id == project_id)).mappings().one()
    return _project_out(row)


@router.get("/projects", response_model=list[ProjectOut], tags=["projekter"],
            summary="Projekterne, brugeren må se", responses=ERRORS)
def list_projects(store: StoreDep, actor: ActorDep) -> list[dict[str, Any]]:
    """Nyeste først. En vikar ser sine aftaler, ikke projekter: listen er tom."""
    return [_project_out(r) for r in project_service.visible_projects(store, actor)]


@router.post("/projects", response_model=ProjectOut, status_code=201, tags=["projekter"],
             summary="Opret et projekt (kladde)", responses=ERRORS)
def create_project(body: ProjectIn, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    employer_id = body.employer_id or actor.organisation_id
    if employer_id is None:
        raise InvalidInput("Angiv arbejdsgiveren (employer_id)")
    project_id = project_service.create_project(store, actor, employer_id, body.title,
                                                body.purpose, body.route, body.pay_frequency)
    return _written_project(store, project_id)


@router.get("/projects/{project_id}", response_model=ProjectDetailOut, tags=["projekter"],
            summary="Et projekt med planen og lovens svar", responses=ERRORS)
def get_project(project_id: ProjectId, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Projektet, medarbejderne i uddannelse, vikarerne og for hvert par lovens svar og
    beløb; desuden det, der forhindrer ansøgning, og tilskuddet i alt efter planen."""
    ov = project_overview(store, actor, project_id)  # project.read
    return {
        **_project_out({**ov.project, "employer_name": ov.employer["name"],
                        "municipality": ov.employer["municipality"]}),
        "trainings": [{**t, "hours_per_day": t["hours_per_day"] / 100,
                       "fee_kr": kr(t["fee"])} for t in ov.trainings],
        "assignments": [{**a, "hours_per_week": a["hours_per_week"] / 100,
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
    return _written_project(store, project_id)


@router.post("/projects/{project_id}/transitions", response_model=ProjectOut,
             tags=["projekter"], summary="Tag et trin i arbejdsgangen", responses=ERRORS)
def move_project(project_id: ProjectId, body: TransitionIn, store: StoreDep,
                 actor: ActorDep) -> dict[str, Any]:
    """kladde → klar til ansøgning → ansøgt → godkendt/afvist → i gang → afsluttet."""
    project_service.move(store, actor, project_id, body.version, body.to, body.reason)
    return _written_project(store, project_id)


@router.post("/projects/{project_id}/trainings", response_model=Created, status_code=201,
             tags=["projekter"], summary="Sæt en medarbejder på uddannelse", responses=ERRORS)
def add_training(project_id: ProjectId, body: TrainingIn, store: StoreDep,
                 actor: ActorDep) -> dict[str, int]:
    training_id = project_service.add_training(
        store, actor, project_id, body.employee_id, provider=body.provider,
        course=body.course, type=body.type, start=body.start, end=body.end,
        hours_per_day=body.hours_per_day, weekdays=body.weekdays, fee_ore=ore(body.fee_kr),
        veu_eligible=body.veu_eligible, facts=_checked_facts(body.facts))
    return {"id": training_id}


@router.post("/projects/{project_id}/assignments", response_model=Created, status_code=201,
             tags=["projekter"], summary="Ansæt en vikar", responses=ERRORS)
def add_assignment(project_id: ProjectId, body: AssignmentIn, store: StoreDep,
                   actor: ActorDep) -> dict[str, int]:
    assignment_id = project_service.add_assignment(
        store, actor, project_id, body.substitute_id, start=body.start, end=body.end,
        hours_per_week=body.hours_per_week, covers=list(body.covers),
        hourly_wage_ore=None if body.hourly_wage_kr is None else ore(body.hourly_wage_kr),
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
    return project_service.audit_trail(store, actor, project_id)


# --- pay runs and claims ------------------------------------------------------------------


def _claim_out(row: Row) -> dict[str, Any]:
    return {
        **{k: row[k] for k in ("id", "project_id", "pay_run_id", "route", "state",
                               "decision_reason", "created_at", "version")},
        "state_label": CLAIM_STATES.get(row["state"], row["state"]),
        "amount_kr": kr(row["amount"]),
        "lines": [{"period_start": line["period"][0], "period_end": line["period"][1],
                   "kind": line["kind"], "person_id": line["person_id"],
                   "hours": line["hours"], "rate_kr": kr(line["rate_ore"]),
                   "amount_kr": kr(line["amount_ore"]), "estimate": line["estimate"],
                   "derived": bool(line.get("derived"))}
                  for line in row["lines"]],
        "explanation": claim_service.explain(row),
        "warnings": list(row["warnings"] or []),
        "next_steps": [{"to": t.target, "label": t.label} for t in next_claim_steps(row["state"])],
    }


def _written_claim(store: Store, claim_id: int) -> dict[str, Any]:
    with store.read() as conn:
        return _claim_out(conn.execute(select(claims).where(claims.c.id == claim_id))
                          .mappings().one())


@router.post("/projects/{project_id}/pay-runs", response_model=Created, status_code=201,
             tags=["krav"], summary="Registrér en udbetalt lønkørsel", responses=ERRORS)
def record_pay_run(project_id: ProjectId, body: PayRunIn, store: StoreDep,
                   actor: ActorDep) -> dict[str, int]:
    """Udbetalt løn pr. person og timer pr. person pr. dag; kravet beregnes bagefter."""
    run_id = claim_service.record_pay_run(
        store, actor, project_id, period_start=body.period_start, period_end=body.period_end,
        paid_on=body.paid_on, wages_ore={p: ore(w) for p, w in body.wages_kr.items()},
        hours=body.hours)
    return {"id": run_id}


@router.post("/pay-runs/{pay_run_id}/claim", response_model=ClaimOut, status_code=201,
             tags=["krav"], summary="Beregn kravet for en lønkørsel", responses=ERRORS)
def compute_claim(pay_run_id: Annotated[int, _id("Lønkørslen")], store: StoreDep,
                  actor: ActorDep) -> dict[str, Any]:
    """Loven beregner kravet ud fra lønkørslerne; det gemmes som kladde."""
    return _written_claim(store, claim_service.compute_claim(store, actor, pay_run_id))


@router.get("/projects/{project_id}/claims", response_model=list[ClaimOut], tags=["krav"],
            summary="Projektets krav", responses=ERRORS)
def list_claims(project_id: ProjectId, store: StoreDep, actor: ActorDep
                ) -> list[dict[str, Any]]:
    with store.read() as conn:
        _, target = project_service.project_target(conn, project_id)
        require(actor, "project.read", target)
        rows = conn.execute(select(claims).where(claims.c.project_id == project_id)
                            .order_by(claims.c.id)).mappings().all()
    return [_claim_out(r) for r in rows]


@router.post("/claims/{claim_id}/transitions", response_model=ClaimOut, tags=["krav"],
             summary="Tag et trin med kravet", responses=ERRORS)
def move_claim(claim_id: Annotated[int, _id("Kravet")], body: ClaimTransitionIn,
               store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """kladde → indsendt → godkendt/afvist → udbetalt."""
    claim_service.move_claim(store, actor, claim_id, body.version, body.to, body.reason)
    return _written_claim(store, claim_id)


# --- follow-up and the dashboard ----------------------------------------------------------


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


# --- people -------------------------------------------------------------------------------


@router.get("/employers/{employer_id}/people", response_model=list[PersonOut],
            tags=["personer"], summary="Arbejdsgiverens medarbejdere og vikarer",
            responses=ERRORS)
def list_people(employer_id: Annotated[int, _id("Arbejdsgiveren")], store: StoreDep,
                actor: ActorDep) -> list[dict[str, Any]]:
    """CPR-numre vises kun maskeret."""
    return people_service.find_people(store, actor, employer_id)


@router.post("/employers/{employer_id}/people", response_model=Created, status_code=201,
             tags=["personer"], summary="Tilføj en medarbejder eller vikar", responses=ERRORS)
def add_person(employer_id: Annotated[int, _id("Arbejdsgiveren")], body: PersonIn,
               store: StoreDep, actor: ActorDep) -> dict[str, int]:
    """CPR-nummeret gemmes krypteret og vises aldrig igen i klar tekst."""
    return {"id": people_service.add_person(store, actor, kind=body.kind, name=body.name,
                                            employer_id=employer_id, cpr=body.cpr,
                                            email=body.email, facts=body.facts)}


# --- the description and the standalone app -----------------------------------------------


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI description of ``router`` alone (whatever app includes it)."""
    return get_openapi(
        title="Jobrotation API", version=API_VERSION, routes=router.routes,
        description=__doc__.split("\n\n", 1)[0] if __doc__ else None)


@router.get("/openapi.json", include_in_schema=False)
def openapi() -> JSONResponse:
    return JSONResponse(openapi_document())


HTTP_MESSAGES = {404: "Adressen findes ikke i API'et.",
                 405: "Metoden kan ikke bruges på denne adresse."}


def create_api_app(store: Store) -> FastAPI:
    """The API alone, on ``store``: for tests, the benchmark and API-only deployments."""
    app = FastAPI(title="Jobrotation API", version=API_VERSION, openapi_url=None,
                  docs_url=None, redoc_url=None)
    app.state.store = store
    app.include_router(router)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        # outside the router's routes: an unknown address or method
        detail = HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        return error_response(HTTPException(exc.status_code, detail, exc.headers))

    return app


__all__ = ["router", "create_api_app", "error_response", "openapi_document"]
