"""One case: ``evaluate`` is the door.

It runs the compiled closures of every condition and amount on the case and returns an
``Evaluation``: per condition a verdict, per route a verdict, the amounts, and the dated
parameters each used. The reasons (``conditions``, ``params``, ``warnings``,
``missing``) are built from those on first access, so a caller that needs verdicts only
pays for verdicts. ``calculate`` runs named expressions of the law on one case (the
weekly comparison, the law pages); nothing outside the law compiles an expression.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from jobrotation.law.amounts import AMOUNTS
from jobrotation.law.conditions import CONDITIONS, Condition
from jobrotation.law.expr import Expr
from jobrotation.law.facts import Facts, normalise
from jobrotation.law.parameters import ParameterSet, default_parameters
from jobrotation.law.reasons import ConditionResult, ParamUse, param_use, warnings
from jobrotation.law.routes import ROUTE_MEMBERS, ROUTES, Verdict, combine
from jobrotation.law.run_py import Context, PyFn, compile_py


@dataclass(frozen=True)
class _Compiled:
    condition: Condition
    test: PyFn
    applies: PyFn | None
    shows: tuple[tuple[str, PyFn], ...]
    inputs: tuple[str, ...]


@cache
def _compiled() -> tuple[tuple[_Compiled, ...], tuple[tuple[str, PyFn], ...]]:
    conditions = tuple(
        _Compiled(c, compile_py(c.test), compile_py(c.applies) if c.applies else None,
                  tuple((k, compile_py(e)) for k, e in c.shows.items()),
                  tuple(sorted(c.inputs())))
        for c in CONDITIONS)
    amounts = tuple((name, compile_py(e)) for name, e in AMOUNTS.items())
    return conditions, amounts


@cache
def _compiled_expr(expr: Expr) -> PyFn:
    return compile_py(expr)


@dataclass(frozen=True)
class Evaluation:
    """The answer for one case. Verdicts, routes and amounts are computed at once, with
    the dated parameters each condition used; the reason objects are built on demand."""

    verdicts: tuple[Verdict, ...]
    routes: Mapping[str, Verdict]
    amounts: Mapping[str, int | None]
    facts: Mapping[str, Any] = field(repr=False)
    parameters: ParameterSet = field(repr=False)
    condition_uses: tuple[tuple[tuple[str, dt.date], ...], ...] = field(repr=False)
    amount_uses: tuple[tuple[str, dt.date], ...] = field(repr=False)

    @cached_property
    def conditions(self) -> tuple[ConditionResult, ...]:
        ctx = Context(self.facts, self.parameters)
        results = []
        for cc, verdict, used in zip(_compiled()[0], self.verdicts, self.condition_uses,
                                     strict=True):
            shows = {k: fn(ctx) for k, fn in cc.shows}
            uses = tuple(param_use(self.parameters, n, d) for n, d in used)
            missing = tuple(n for n in cc.inputs if self.facts.get(n) is None) \
                if verdict is Verdict.UNKNOWN else ()
            results.append(ConditionResult(cc.condition, verdict,
                                           {n: self.facts.get(n) for n in cc.inputs}, shows,
                                           uses, missing, self.parameters))
        return tuple(results)

    @cached_property
    def params(self) -> tuple[ParamUse, ...]:
        pairs = dict.fromkeys(p for used in self.condition_uses for p in used)
        pairs.update(dict.fromkeys(self.amount_uses))
        return tuple(param_use(self.parameters, n, d) for n, d in pairs)

    @cached_property
    def warnings(self) -> tuple[str, ...]:
        return warnings(self.params)

    @property
    def missing(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in self.conditions:
            seen.update(dict.fromkeys(r.missing))
        return list(seen)

    def blocking(self, route: str) -> list[ConditionResult]:
        """The conditions that stop ``route``: not met, or short of facts."""
        return [r for r in self.conditions if r.blocks(route)]


def _verdict(applies: Any, test: Any) -> Verdict:
    if applies is False:
        return Verdict.NOT_APPLICABLE
    if applies is None or test is None:
        return Verdict.UNKNOWN
    return Verdict.MET if test else Verdict.NOT_MET


def evaluate(case: Mapping[str, Any], params: ParameterSet | None = None) -> Evaluation:
    """Evaluate one case. ``case`` is user input (nested or flat, kroner and ISO dates),
    normalised first, or ``Facts`` (``facts.normalise``, ``facts.as_facts``) as they are."""
    facts = case if isinstance(case, Facts) else normalise(case)
    params = params or default_parameters()
    ctx = Context(facts, params)
    verdicts, uses = [], []
    for cc in _compiled()[0]:
        ctx.used, ctx.memo = [], {}  # each condition records its own parameters
        applies = cc.applies(ctx) if cc.applies else True
        verdicts.append(_verdict(applies, cc.test(ctx) if applies is not False else None))
        uses.append(tuple(dict.fromkeys(ctx.used)))
    routes = {r: combine([verdicts[i] for i in ROUTE_MEMBERS[r]]) for r in ROUTES}
    ctx.used, ctx.memo = [], {}
    amounts: dict[str, int | None] = {name: fn(ctx) for name, fn in _compiled()[1]}
    return Evaluation(tuple(verdicts), routes, amounts, facts, params, tuple(uses),
                      tuple(dict.fromkeys(ctx.used)))


def calculate(exprs: Mapping[str, Expr], facts: Mapping[str, Any], params: ParameterSet
              ) -> tuple[dict[str, Any], tuple[ParamUse, ...]]:
    """Named expressions of the law on one case (``facts`` in the law's units, missing
    ones unknown): their values and the dated parameters they used."""
    values, used = {}, []
    for name, expr in exprs.items():
        ctx = Context(facts, params)
        values[name] = _compiled_expr(expr)(ctx)
        used += ctx.used
    return values, tuple(param_use(params, n, d) for n, d in dict.fromkeys(used))
