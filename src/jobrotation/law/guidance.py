"""What a substitute's job means for their dagpenge — the rules stated plainly.

These are statements of the rules for a-kasse members, not conditions a case is judged
by, so they live beside the conditions with the same metadata: the routes they concern,
the source and its confidence. Where the sources disagree, the text says so (L).
"""

from __future__ import annotations

from dataclasses import dataclass

from jobrotation.law.conditions import ROUTE1, ROUTE2


@dataclass(frozen=True)
class Rule:
    text: str
    routes: frozenset[str]
    source: str
    confidence: str  # H / M / L, as for conditions and rates


GUIDE = "3F's vejledning «Jobrotation» (2024), «Dagpengeregler»"
DAGPENGE_RULES = (
    Rule("Med jobrotationsydelse bruger du ikke af din dagpengeret, men du bruger af din "
         "referenceperiode.", frozenset({ROUTE1}), GUIDE, "H"),
    Rule("Med løntilskud siger fagforeningens vejledning, at du ikke bruger af din "
         "dagpengeret, men af din referenceperiode; en a-kasse oplyser, at dagpengeretten "
         "bruges. Spørg din a-kasse, før du siger ja.", frozenset({ROUTE2}),
         GUIDE + "; en a-kasses vejledning om løntilskud", "L"),
    Rule("Timerne som vikar tæller ikke med til at optjene en ny dagpengeret.",
         frozenset({ROUTE1, ROUTE2}), GUIDE, "H"),
    Rule("Kontakt din a-kasse, før vikariatet begynder, så du får den rigtige vejledning "
         "om konsekvenserne for din dagpengeret.", frozenset({ROUTE1, ROUTE2}), GUIDE, "H"),
)


def dagpenge_rules(route: str | None = None) -> list[Rule]:
    """The rules for ``route`` (both routes' when None)."""
    return [r for r in DAGPENGE_RULES if route is None or route in r.routes]
