"""What the demo is made of: the rows of its YAML files, as the builder uses them.

Money is in øre and facts carry the law's names here; ``data`` converts the files'
kroner and plain field names on load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Setting:
    municipality: str
    start: dt.date  # organisations and users are set up
    end: dt.date  # the demo's "today"
    email_domain: str
    administrator: str
    caseworker: str
    substitute_login: str  # the person key of the substitute with a login of his own
    substitute_login_on: dt.date
    example_claim: tuple[str, int]  # (project key, 0-based pay run index)
    monthly_benefit: Mapping[str, str]  # benefit → kroner as the facts hold them
    claim_approved_reason: str
    claim_rejected_reason: str


@dataclass(frozen=True)
class Employer:
    key: str
    name: str
    cvr: str
    sector: str
    staff: int
    monthly_wage_costs_ore: int
    facts: Mapping[str, Any]
    hr: str  # the HR user's name
    steward: str  # the shop steward's name
    union: str


@dataclass(frozen=True)
class Person:
    key: str
    kind: str  # employee | substitute
    employer: str
    name: str
    born: int  # year of birth (for the CPR convention)
    facts: Mapping[str, Any]
    wage_ore: int  # employee: monthly wage; substitute: hourly wage


@dataclass(frozen=True)
class Training:
    employee: str
    course: str
    provider: str
    start: dt.date
    end: dt.date
    weekdays: str = "12345"
    hours_per_day: float = 7.4
    fee_ore: int = 0
    veu: bool = True


@dataclass(frozen=True)
class Cover:
    substitute: str
    covers: tuple[str, ...]
    start: dt.date
    end: dt.date
    hours_per_week: float = 37


@dataclass(frozen=True)
class FollowUp:
    substitutes: Mapping[str, str]
    employees: Mapping[str, Mapping[str, bool]]
    employer: Mapping[str, bool]


@dataclass(frozen=True)
class Comment:
    day: dt.date
    by: str  # employer | steward | caseworker
    text: str


@dataclass(frozen=True)
class Plan:
    key: str
    employer: str
    title: str
    purpose: str
    route: str
    state: str  # the state the project ends in
    created: dt.date
    trainings: tuple[Training, ...]
    covers: tuple[Cover, ...]
    applied: dt.date | None = None  # made ready (and applied) on this day
    decided: dt.date | None = None
    reason: str | None = None
    closed: dt.date | None = None
    exceptions: Mapping[str, str] = field(default_factory=dict)
    # the final state of the claim of each monthly pay run, in order (``CLAIM_ENDS``)
    claims: tuple[str, ...] = ()
    end_follow_up: FollowUp | None = None
    later_follow_up: FollowUp | None = None
    comments: tuple[Comment, ...] = ()
    substitutes_by: str = "employer"  # or "caseworker": the jobcentre proposes them


@dataclass(frozen=True)
class Demo:
    setting: Setting
    employers: tuple[Employer, ...]
    people: tuple[Person, ...]
    plans: tuple[Plan, ...]


def cpr_numbers(people: tuple[Person, ...]) -> dict[str, str]:
    """Each person's CPR number, ``0101ÅÅ-00NN`` (see the package's docstring)."""
    out: dict[str, str] = {}
    serial = 0
    for person in people:
        while True:
            serial += 1
            cpr = f"0101{person.born % 100:02d}{serial:04d}"
            if not _passes_modulus_11(cpr):
                break
        out[person.key] = f"{cpr[:6]}-{cpr[6:]}"
    return out


_CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def _passes_modulus_11(cpr: str) -> bool:
    return sum(int(c) * w for c, w in zip(cpr, _CPR_WEIGHTS, strict=True)) % 11 == 0
