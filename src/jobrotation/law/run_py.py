"""The Python compile path: an expression tree becomes a closure over one case.

``compile_py(expr)`` returns a function of a ``Context`` (the case's facts and the
parameter set); the closure records every dated parameter it reads, for the reason. The
rules for each node live here, registered by node type (``rule``); a node defined
elsewhere registers its own (see ``pricing``).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from jobrotation.law import expr as x
from jobrotation.law.expr import Expr, ParameterLookup, lift
from jobrotation.law.primitives import (
    add_months,
    centi,
    div_round,
    kleene_and,
    kleene_or,
    months_between,
    span_end,
    strict,
)

Value = Any
PyFn = Callable[["Context"], Value]
N = TypeVar("N", bound=Expr)


class Context:
    """One case being evaluated: its facts and the parameters in force."""

    __slots__ = ("facts", "params", "used", "memo")

    def __init__(self, facts: Mapping[str, Value], params: ParameterLookup) -> None:
        self.facts = facts
        self.params = params
        self.used: list[tuple[str, dt.date]] = []
        self.memo: dict[int, Value] = {}  # see compile_py

    def lookup(self, name: str, day: dt.date) -> Value:
        """The parameter on ``day``, remembered for the explanation; None if not known."""
        self.used.append((name, day))
        return self.params.value_or_none(name, day)


_RULES: dict[type[Expr], Callable[[Any], PyFn]] = {}
# Costly nodes compute once per case and are read from ``Context.memo`` after that: the
# amounts share sub-trees (the weekly hours, the period totals) that would otherwise be
# priced again.
_MEMOISED: set[type[Expr]] = {x.ParamTimesDays, x.DivRound, x.MinMax, x.SpanEnd, x.When}


def rule(kind: type[N], memoised: bool = False) -> Callable[[Callable[[N], PyFn]],
                                                           Callable[[N], PyFn]]:
    """Register how ``kind`` compiles (and whether its value is kept per case)."""
    def register(fn: Callable[[N], PyFn]) -> Callable[[N], PyFn]:
        _RULES[kind] = fn
        if memoised:
            _MEMOISED.add(kind)
        return fn
    return register


def compile_py(expr: Expr) -> PyFn:
    """The closure that evaluates ``expr`` on one case."""
    fn = _RULES[type(expr)](expr)
    if type(expr) not in _MEMOISED:
        return fn
    key = id(expr)

    def run(c: Context) -> Value:
        memo = c.memo
        if key in memo:
            return memo[key]
        value = memo[key] = fn(c)
        return value

    return run


def _strict_call(fn: Callable[..., Value], *args: Expr) -> PyFn:
    """``fn`` of the arguments' values; unknown if any is unknown. Every argument is
    evaluated, so each records the parameters it read."""
    parts = [compile_py(a) for a in args]
    if len(parts) == 1:
        (one,) = parts

        def run_one(c: Context) -> Value:
            v = one(c)
            return None if v is None else fn(v)

        return run_one
    left, right = parts

    def run_two(c: Context) -> Value:
        a, b = left(c), right(c)
        return None if a is None or b is None else fn(a, b)

    return run_two


@rule(x.Fact)
def _fact(e: x.Fact) -> PyFn:
    name = e.name
    return lambda c: c.facts.get(name)


@rule(x.Lit)
def _lit(e: x.Lit) -> PyFn:
    value = e.value
    return lambda c: value


@rule(x.Param)
def _param(e: x.Param) -> PyFn:
    name, at = e.name, compile_py(e.at)

    def run(c: Context) -> Value:
        day = at(c)
        return None if day is None else c.lookup(name, day)

    return run


@rule(x.ParamTimesDays)
def _param_times_days(e: x.ParamTimesDays) -> PyFn:
    name, start_fn, end_fn = e.name, compile_py(e.start), compile_py(e.end)

    def run(c: Context) -> Value:
        start, end = start_fn(c), end_fn(c)
        if start is None or end is None:
            return None
        periods = c.params.periods(name)
        total = 0
        for p_start, p_end, value in periods:
            lo = max(start, p_start)
            hi = end if p_end is None else min(end, p_end)
            days = (hi - lo).days + 1
            if days > 0:
                c.used.append((name, lo))  # recorded first: an unknown rate is explained
                if value is None:
                    return None
                total += value * days
        if end >= start and not (periods and periods[0][0] <= start):
            c.used.append((name, start))
            return None
        return total

    return run


_CMP: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
    "==": operator.eq, "!=": operator.ne,
}
ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "//": operator.floordiv,
}


@rule(x.Cmp)
def _cmp(e: x.Cmp) -> PyFn:
    return _strict_call(_CMP[e.op], e.left, e.right)


@rule(x.Arith)
def _arith(e: x.Arith) -> PyFn:
    return _strict_call(ARITH[e.op], e.left, e.right)


@rule(x.DivRound)
def _div_round(e: x.DivRound) -> PyFn:
    return _strict_call(div_round, e.numerator, lift(e.denominator))


@rule(x.BoolOp)
def _bool_op(e: x.BoolOp) -> PyFn:
    fns = [compile_py(a) for a in e.args]
    combine = kleene_and if e.kind == "and" else kleene_or
    return lambda c: combine(f(c) for f in fns)


@rule(x.Not)
def _not(e: x.Not) -> PyFn:
    return _strict_call(operator.not_, e.arg)


@rule(x.MinMax)
def _min_max(e: x.MinMax) -> PyFn:
    pick = strict(min if e.kind == "min" else max)
    fns = [compile_py(a) for a in e.args]
    return lambda c: pick(*(f(c) for f in fns))


@rule(x.When)
def _when(e: x.When) -> PyFn:
    cond, then, other = (compile_py(x) for x in (e.cond, e.then, e.otherwise))

    def run(c: Context) -> Value:
        taken = cond(c)
        return None if taken is None else then(c) if taken else other(c)

    return run


@rule(x.IsIn)
def _is_in(e: x.IsIn) -> PyFn:
    values = frozenset(e.values)
    return _strict_call(values.__contains__, e.arg)


@rule(x.IsGiven)
def _is_given(e: x.IsGiven) -> PyFn:
    fn = compile_py(e.arg)
    return lambda c: fn(c) is not None


@rule(x.AddMonths)
def _add_months(e: x.AddMonths) -> PyFn:
    return _strict_call(add_months, e.left, e.right)


@rule(x.AddDays)
def _add_days(e: x.AddDays) -> PyFn:
    return _strict_call(lambda d, n: d + dt.timedelta(days=n), e.left, e.right)


@rule(x.DaysBetween)
def _days_between(e: x.DaysBetween) -> PyFn:
    return _strict_call(lambda a, b: (b - a).days, e.left, e.right)


@rule(x.SpanEnd)
def _span_end(e: x.SpanEnd) -> PyFn:
    return _strict_call(span_end, e.left, e.right)


@rule(x.MonthsBetween)
def _months_between(e: x.MonthsBetween) -> PyFn:
    return _strict_call(months_between, e.left, e.right)


@rule(x.Centi)
def _centi(e: x.Centi) -> PyFn:
    return _strict_call(centi, e.arg)
