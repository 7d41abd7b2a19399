"""A condition's text on a date, without a case: the requirement as the public pages
and a project's checklist word it, with the parameters in force that day."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from functools import lru_cache
from typing import Any

from jobrotation.domain import format as fmt
from jobrotation.law.case import calculate
from jobrotation.law.conditions import CONDITIONS, ROUTE_LABELS, Condition
from jobrotation.law.expr import Expr
from jobrotation.law.facts import FACTS
from jobrotation.law.parameters import ParameterSet, default_parameters
from jobrotation.law.reasons import ConditionResult, param_use, render
from jobrotation.law.routes import Verdict

_PLACEHOLDER = re.compile(r"\{([a-z_.0-9]+)\}")
_DERIVED_LABELS = {"allowed": "det tilladte antal", "months": "det tilladte antal måneder"}
_MAX_COMBINATIONS = 16
CONDITION_BY_ID = {c.id: c for c in CONDITIONS}



def condition_text(condition: Condition, day: dt.date) -> str:
    """The Danish requirement with the parameters in force on ``day``.

    A derived value that depends only on a choice (the løntilskud months by sector) is
    given for each choice ("6 eller 4"); a fact of a particular case is named in brackets
    ("[antal ordinært ansatte hos arbejdsgiveren]")."""
    return _condition_text(condition.id, day)


@lru_cache(maxsize=2048)
def _condition_text(condition_id: str, day: dt.date) -> str:
    condition = CONDITION_BY_ID[condition_id]
    params = default_parameters()

    def case_value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in condition.shows:
            values = _derived_values(condition.shows[key], day, params)
            if values:
                return " eller ".join(fmt.plain(v) for v in values)
            return f"[{_DERIVED_LABELS.get(key, 'beregnes for den konkrete sag')}]"
        if key in FACTS and key not in params.parameters:
            question = FACTS[key].question
            return f"[{question[:1].lower()}{question[1:]}]"
        return match.group(0)

    text = _PLACEHOLDER.sub(case_value, condition.text)
    uses = tuple(param_use(params, name, day) for name in _PLACEHOLDER.findall(text)
                 if name in params.parameters)
    return render(text, ConditionResult(condition, Verdict.UNKNOWN, {}, {}, uses, (), params))


def _derived_values(expr: Expr, day: dt.date, params: ParameterSet) -> list[Any]:
    """The distinct values of ``expr`` over every choice it reads, dates set to ``day``;
    empty when it reads a number or amount only a case can give."""
    fixed: dict[str, Any] = {}
    choices: list[tuple[str, list[Any]]] = []
    for name in sorted(expr.inputs()):
        spec = FACTS[name]
        if spec.kind == "date":
            fixed[name] = day
        elif spec.kind == "choice":
            choices.append((name, list(spec.choices)))
        elif spec.kind == "bool":
            choices.append((name, [True, False]))
        else:
            return []
    combos = list(itertools.product(*(values for _, values in choices)))
    if len(combos) > _MAX_COMBINATIONS:
        return []
    found: dict[Any, None] = {}
    for combo in combos:
        facts = {**fixed, **{name: v for (name, _), v in zip(choices, combo, strict=True)}}
        value = calculate({"value": expr}, facts, params)[0]["value"]
        if value is not None:
            found[value] = None
    return list(found)


def routes_text(condition: Condition) -> str:
    """"jobrotationsydelse og løntilskud" — the routes a condition blocks."""
    labels = [ROUTE_LABELS[r] for r in sorted(condition.blocks)]
    return " og ".join(labels) if len(labels) < 3 else ", ".join(labels)
