"""People: an employer's employees and substitutes. A CPR number goes in once and comes
out only masked (``DDMMÅÅ-XXXX``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from jobrotation.services import people as people_service

from .deps import ActorDep, StoreDep
from .errors import ERRORS, JsonErrorRoute
from .models import Created, Input, path_id

router = APIRouter(route_class=JsonErrorRoute)

EmployerId = Annotated[int, path_id("Arbejdsgiveren")]


class PersonIn(Input):
    kind: Literal["employee", "substitute"] = Field(description=(
        "employee = medarbejder, substitute = vikar"))
    name: str = Field(min_length=1, max_length=200, description="Navn")
    cpr: str | None = Field(None, max_length=11, description=(
        "CPR-nummer DDMMÅÅ-XXXX (gemmes krypteret, vises kun maskeret)"))
    email: str | None = Field(None, max_length=200, description="E-mail")
    facts: dict[str, Any] = Field(default_factory=dict, description=(
        "Oplysninger i sagsformatet, fx employee.employed_since"))


class PersonOut(BaseModel):
    id: int
    kind: str = Field(description="employee eller substitute")
    name: str = Field(description="Navn (pseudonym, hvis slettet)")
    cpr: str = Field(description="CPR-nummer, maskeret: DDMMÅÅ-XXXX")
    email: str | None
    facts: dict[str, Any] = Field(description="Oplysninger i sagsformatet")
    erased: bool = Field(description="Personens data er slettet")


@router.get("/employers/{employer_id}/people", response_model=list[PersonOut],
            tags=["personer"], summary="Arbejdsgiverens medarbejdere og vikarer",
            responses=ERRORS)
def list_people(employer_id: EmployerId, store: StoreDep,
                actor: ActorDep) -> list[dict[str, Any]]:
    """CPR-numre vises kun maskeret."""
    return people_service.find_people(store, actor, employer_id)


@router.post("/employers/{employer_id}/people", response_model=Created, status_code=201,
             tags=["personer"], summary="Tilføj en medarbejder eller vikar", responses=ERRORS)
def add_person(employer_id: EmployerId, body: PersonIn,
               store: StoreDep, actor: ActorDep) -> dict[str, int]:
    """CPR-nummeret gemmes krypteret og vises aldrig igen i klar tekst."""
    return {"id": people_service.add_person(store, actor, kind=body.kind, name=body.name,
                                            employer_id=employer_id, cpr=body.cpr,
                                            email=body.email, facts=body.facts)}
