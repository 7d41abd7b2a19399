"""The law, public: ``POST /evaluate`` (a case, optionally with a what-if) and ``GET
/compare`` (the two routes' subsidy per week). No login: the law is public."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from jobrotation.entrypoints.present import comparison_json, evaluation_json, kr
from jobrotation.law.bounds import FIRST_DAY, LAST_DAY, MAX_WEEK_HOURS
from jobrotation.law.case import evaluate
from jobrotation.law.compare import newest_known_year, weekly_comparison
from jobrotation.law.routes import Verdict
from jobrotation.law.schema import case_schema
from jobrotation.law.whatif import what_if

from .deps import StoreDep
from .errors import PUBLIC_ERRORS, JsonErrorRoute
from .models import Input, Kroner

router = APIRouter(route_class=JsonErrorRoute)

# --- requests -----------------------------------------------------------------------------


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


# --- responses ----------------------------------------------------------------------------

VerdictName = Literal["met", "not_met", "not_applicable", "unknown"]
VerdictLabel = Annotated[str, Field(description="Svaret i tekst")]
Reference = Annotated[str, Field(description="Hjemmel")]
Confidence = Annotated[str, Field(description="Sikkerhed: H, M eller L")]


class RouteVerdict(BaseModel):
    verdict: VerdictName = Field(
        description="Svaret: opfyldt, ikke opfyldt, ikke relevant, mangler oplysninger")
    label: VerdictLabel


class ParameterUseOut(BaseModel):
    name: str = Field(description="Parameterens navn")
    date: dt.date = Field(description="Datoen, værdien er slået op for")
    in_force_from: dt.date = Field(description="Værdien gælder fra")
    value: Any = Field(description="Værdien (beløb i kroner som tekst)")
    reference: Reference
    source: str = Field(description="Kilde")
    confidence: Confidence


class ConditionOut(BaseModel):
    id: str = Field(description="Betingelsens id")
    party: str = Field(description="Hvem betingelsen gælder")
    routes: list[str] = Field(description="De ordninger, betingelsen gælder for")
    verdict: VerdictName = Field(description="Svaret")
    label: VerdictLabel
    text: str = Field(description="Betingelsen, som sagsbehandleren kender den")
    observed: str = Field(description="Det observerede, fx \"ansat i 2 måneder\"")
    reference: Reference
    confidence: Confidence
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


# --- routes -------------------------------------------------------------------------------


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
                  year: Annotated[int | None, Query(
                      ge=FIRST_DAY.year, le=LAST_DAY.year,
                      description="År (standard: det nyeste år med kendte satser)")] = None,
                  sector: Annotated[Literal["private", "public"], Query(description=(
                      "private = privat, public = offentlig arbejdsgiver"))] = "private",
                  hours: Annotated[float | None, Query(gt=0, le=MAX_WEEK_HOURS, description=(
                      "Timer pr. uge (standard: en normal uge)"))] = None,
                  ) -> dict[str, Any]:
    """Begge ordningers tilskud pr. uge med satserne pr. 1. januar (vejledningens tabel)."""
    params = store.parameters
    return comparison_json(weekly_comparison(params, year or newest_known_year(params),
                                             sector, hours))
