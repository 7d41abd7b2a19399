"""Verdicts, and how the conditions that block a route decide it.

A condition blocks one or more routes (``Condition.blocks``). A route holds when none of
its conditions fails and none is unknown; a condition that fails or lacks facts *stops*
the route. VEU's verdict is its own conditions only: route 2's amounts are what route 2
would pay, shown beside route 1's whatever the routes' verdicts, and VEU is counted in
them where VEU's conditions hold.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from jobrotation.law.conditions import CONDITIONS, ROUTE1, ROUTE2, VEU, Condition


class Verdict(enum.IntEnum):
    """Per condition and per route. The integer is the code in table results."""

    NOT_MET = 0
    MET = 1
    NOT_APPLICABLE = 2
    UNKNOWN = 3

    @property
    def label(self) -> str:
        return {0: "ikke opfyldt", 1: "opfyldt", 2: "ikke relevant",
                3: "mangler oplysninger"}[self.value]

    @property
    def label_en(self) -> str:
        return {0: "not met", 1: "met", 2: "not applicable", 3: "unknown"}[self.value]

    @property
    def stops(self) -> bool:
        """Not met, or short of facts: a route this condition blocks cannot go ahead."""
        return self in (Verdict.NOT_MET, Verdict.UNKNOWN)


ROUTES = (ROUTE1, ROUTE2, VEU)
ROUTE_MEMBERS = {r: tuple(i for i, c in enumerate(CONDITIONS) if r in c.blocks)
                 for r in ROUTES}


def blocks(condition: Condition, verdict: Verdict, route: str) -> bool:
    """The blocking rule: ``condition`` stops ``route`` (it blocks the route, and it is
    not met or short of facts)."""
    return route in condition.blocks and verdict.stops


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """A route holds if no condition fails and none is unknown."""
    seen = set(verdicts)
    if Verdict.NOT_MET in seen:
        return Verdict.NOT_MET
    if Verdict.UNKNOWN in seen:
        return Verdict.UNKNOWN
    return Verdict.MET


def route_verdict(pairs: Iterable[tuple[Condition, Verdict]], route: str) -> Verdict | None:
    """The verdict of ``route`` from the conditions given that block it; None if none do."""
    members = [v for c, v in pairs if route in c.blocks]
    return combine(members) if members else None
