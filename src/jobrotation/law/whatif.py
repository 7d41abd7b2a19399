"""What-if: one case under changed parameters (a reform given as data), and what changed.

The shipped parameter files are never edited: ``ParameterSet.with_overrides`` makes a
new set, and both evaluations go through ``case.evaluate``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jobrotation.law.case import Evaluation, evaluate
from jobrotation.law.parameters import ParameterSet, default_parameters
from jobrotation.law.routes import ROUTES


@dataclass(frozen=True)
class Change:
    what: str  # condition id, route or amount name
    before: Any
    after: Any


def what_if(case: Mapping[str, Any], overrides: Mapping[str, Mapping[str, Any]],
            params: ParameterSet | None = None) -> tuple[Evaluation, Evaluation, list[Change]]:
    """Evaluate ``case`` under shipped and under overridden parameters; list the changes."""
    base = params or default_parameters()
    before = evaluate(case, base)
    after = evaluate(before.facts, base.with_overrides(overrides))
    changes = [Change(a.condition.id, a_.verdict, a.verdict)
               for a_, a in zip(before.conditions, after.conditions, strict=True)
               if a_.verdict != a.verdict]
    changes += [Change(r, before.routes[r], after.routes[r]) for r in ROUTES
                if before.routes[r] != after.routes[r]]
    changes += [Change(k, before.amounts[k], after.amounts[k]) for k in before.amounts
                if before.amounts[k] != after.amounts[k]]
    return before, after, changes
