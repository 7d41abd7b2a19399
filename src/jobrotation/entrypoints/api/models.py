"""What the resources' request and response models share: the strict input base, ids and
versions, money in kroner, and the workflow's state with its next steps."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from jobrotation.domain.workflow import PROJECT_STATES, Transition
from jobrotation.law.bounds import MAX_AMOUNT

MAX_ID = 2_147_483_647


def path_id(what: str) -> Any:
    """An id in the path, e.g. ``path_id("Kravet")``."""
    return Path(ge=1, le=MAX_ID, description=f"{what} (id)")


ProjectId = Annotated[int, path_id("Projektet")]
PersonRef = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_ID, description=(
    "Versionen, som den blev læst (optimistisk låsning: er den ændret siden, svares 409)"))]

# Money is kroner as an exact decimal string, in and out (the store keeps øre).
KronerIn = Annotated[Decimal, Field(ge=0, le=Decimal(MAX_AMOUNT), decimal_places=2, description=(
    "Beløb i kroner med højst to decimaler, som tekst eller tal, fx \"7517.29\""))]
Kroner = Annotated[str | None, Field(description="Beløb i kroner, fx \"7517.29\"",
                                     examples=["7517.29"])]


class Input(BaseModel):
    """A request body: unknown fields and infinite numbers are refused (422)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Created(BaseModel):
    id: int = Field(description="Den nye posts id")


class StepOut(BaseModel):
    to: str = Field(description="Tilstanden efter trinnet")
    label: str = Field(description="Trinnet i tekst")


# The fields a project and a claim share: both move through a workflow.
RouteName = Annotated[str, Field(description="route1 eller route2")]
State = Annotated[str, Field(description="Tilstand")]
StateLabel = Annotated[str, Field(description="Tilstanden i tekst")]
DecisionReason = Annotated[str | None, Field(description="Jobcentrets begrundelse")]
VersionOut = Annotated[int, Field(description="Versionen (send den med ved ændringer)")]


def workflow_out(state: str, labels: Mapping[str, str],
                 next_steps: Callable[[str], list[Transition]]) -> dict[str, Any]:
    """``state_label`` and ``next_steps`` of a project or a claim in ``state``."""
    return {"state_label": labels.get(state, state),
            "next_steps": [{"to": t.target, "label": t.label} for t in next_steps(state)]}


class TransitionIn(Input):
    to: str = Field(description="Næste tilstand: " + ", ".join(
        f"{k} = {v}" for k, v in PROJECT_STATES.items()))
    reason: str | None = Field(None, max_length=10_000, description=(
        "Begrundelse (kræves ved afvisning)"))
    version: Version
