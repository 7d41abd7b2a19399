"""The Polars compile path: an expression tree becomes a vectorised Polars expression.

``to_polars(expr, params)`` gives the expression for a whole table. A sub-expression the
table path has already computed as a column (``params.memo``, keyed by ``render()``) is
read from that column. The rules for each node live here, registered by node type
(``rule``); a node defined elsewhere registers its own (see ``pricing``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import polars as pl

from jobrotation.law import expr as x
from jobrotation.law.expr import Expr, ParameterLookup, lift

N = TypeVar("N", bound=Expr)
PlFn = Callable[[Any, ParameterLookup], pl.Expr]
_RULES: dict[type[Expr], PlFn] = {}


def rule(kind: type[N]) -> Callable[[Callable[[N, ParameterLookup], pl.Expr]],
                                    Callable[[N, ParameterLookup], pl.Expr]]:
    """Register how ``kind`` compiles to Polars."""
    def register(fn: Callable[[N, ParameterLookup], pl.Expr]
                 ) -> Callable[[N, ParameterLookup], pl.Expr]:
        _RULES[kind] = fn
        return fn
    return register


def to_polars(expr: Expr, params: ParameterLookup) -> pl.Expr:
    """The Polars expression for ``expr`` (a memoised column where there is one)."""
    memo: Mapping[str, str] | None = getattr(params, "memo", None)
    if memo:
        column = memo.get(expr.render())
        if column is not None:
            return pl.col(column)
    return _RULES[type(expr)](expr, params)


def strict(result: pl.Expr, *args: pl.Expr) -> pl.Expr:
    """Null where any argument is null, for functions that would otherwise skip nulls."""
    any_null = pl.any_horizontal([a.is_null() for a in args])
    return pl.when(any_null).then(None).otherwise(result)


@rule(x.Fact)
def _fact(e: x.Fact, params: ParameterLookup) -> pl.Expr:
    return pl.col(e.name)


@rule(x.Lit)
def _lit(e: x.Lit, params: ParameterLookup) -> pl.Expr:
    return pl.lit(e.value)


@rule(x.Param)
def _param(e: x.Param, params: ParameterLookup) -> pl.Expr:
    day = to_polars(e.at, params)
    chain: Any = pl
    for start, _end, value in reversed(params.periods(e.name)):
        chain = chain.when(day >= pl.lit(start)).then(pl.lit(value))
    return chain.otherwise(None) if chain is not pl else pl.lit(None)


@rule(x.ParamTimesDays)
def _param_times_days(e: x.ParamTimesDays, params: ParameterLookup) -> pl.Expr:
    start, end = to_polars(e.start, params), to_polars(e.end, params)
    periods = params.periods(e.name)
    total: pl.Expr = pl.lit(0, pl.Int64)
    unknown: pl.Expr = start < pl.lit(periods[0][0]) if periods else pl.lit(True)
    for p_start, p_end, value in periods:
        lo = pl.max_horizontal(start, pl.lit(p_start))
        hi = end if p_end is None else pl.min_horizontal(end, pl.lit(p_end))
        days = pl.max_horizontal((hi - lo).dt.total_days() + 1, pl.lit(0))
        if value is None:
            unknown = unknown | (days > 0)
        else:
            total = total + days * value
    return strict(pl.when(unknown & (end >= start)).then(None).otherwise(total), start, end)


_CMP: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ">=": pl.Expr.__ge__, ">": pl.Expr.__gt__, "<=": pl.Expr.__le__, "<": pl.Expr.__lt__,
    "==": pl.Expr.eq, "!=": pl.Expr.ne,
}
_ARITH: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "+": pl.Expr.__add__, "-": pl.Expr.__sub__, "*": pl.Expr.__mul__,
    "//": pl.Expr.__floordiv__,
}


@rule(x.Cmp)
def _cmp(e: x.Cmp, params: ParameterLookup) -> pl.Expr:
    return _CMP[e.op](to_polars(e.left, params), to_polars(e.right, params))


@rule(x.Arith)
def _arith(e: x.Arith, params: ParameterLookup) -> pl.Expr:
    return _ARITH[e.op](to_polars(e.left, params), to_polars(e.right, params))


@rule(x.DivRound)
def _div_round(e: x.DivRound, params: ParameterLookup) -> pl.Expr:
    num, den = to_polars(e.numerator, params), to_polars(lift(e.denominator), params)
    return (2 * num + den) // (2 * den)


@rule(x.BoolOp)
def _bool_op(e: x.BoolOp, params: ParameterLookup) -> pl.Expr:
    horizontal = pl.all_horizontal if e.kind == "and" else pl.any_horizontal
    return horizontal([to_polars(a, params) for a in e.args])


@rule(x.Not)
def _not(e: x.Not, params: ParameterLookup) -> pl.Expr:
    return ~to_polars(e.arg, params)


@rule(x.MinMax)
def _min_max(e: x.MinMax, params: ParameterLookup) -> pl.Expr:
    args = [to_polars(a, params) for a in e.args]
    pick = pl.min_horizontal if e.kind == "min" else pl.max_horizontal
    return strict(pick(args), *args)


@rule(x.When)
def _when(e: x.When, params: ParameterLookup) -> pl.Expr:
    cond = to_polars(e.cond, params)
    return (pl.when(cond.is_null()).then(None).when(cond)
            .then(to_polars(e.then, params)).otherwise(to_polars(e.otherwise, params)))


@rule(x.IsIn)
def _is_in(e: x.IsIn, params: ParameterLookup) -> pl.Expr:
    arg = to_polars(e.arg, params)
    return strict(arg.is_in(list(e.values)), arg)


@rule(x.IsGiven)
def _is_given(e: x.IsGiven, params: ParameterLookup) -> pl.Expr:
    return to_polars(e.arg, params).is_not_null()


@rule(x.AddMonths)
def _add_months(e: x.AddMonths, params: ParameterLookup) -> pl.Expr:
    months = to_polars(e.right, params)
    return to_polars(e.left, params).dt.offset_by(pl.format("{}mo", months))


@rule(x.AddDays)
def _add_days(e: x.AddDays, params: ParameterLookup) -> pl.Expr:
    return to_polars(e.left, params) + pl.duration(days=to_polars(e.right, params))


@rule(x.DaysBetween)
def _days_between(e: x.DaysBetween, params: ParameterLookup) -> pl.Expr:
    return (to_polars(e.right, params) - to_polars(e.left, params)).dt.total_days()


@rule(x.SpanEnd)
def _span_end(e: x.SpanEnd, params: ParameterLookup) -> pl.Expr:
    start = to_polars(e.left, params)
    same = start.dt.offset_by(pl.format("{}mo", to_polars(e.right, params)))
    return pl.when(same.dt.day() < start.dt.day()).then(same) \
        .otherwise(same - pl.duration(days=1))


@rule(x.MonthsBetween)
def _months_between(e: x.MonthsBetween, params: ParameterLookup) -> pl.Expr:
    start, end = to_polars(e.left, params), to_polars(e.right, params)
    n = (end.dt.year() - start.dt.year()).cast(pl.Int64) * 12 + (
        end.dt.month().cast(pl.Int64) - start.dt.month().cast(pl.Int64))
    overshoot = start.dt.offset_by(pl.format("{}mo", n)) > end
    return pl.when(overshoot).then(n - 1).otherwise(n)


@rule(x.Centi)
def _centi(e: x.Centi, params: ParameterLookup) -> pl.Expr:
    scaled = to_polars(e.arg, params).cast(pl.Float64) * 100
    return scaled.round(0, mode="half_away_from_zero").cast(pl.Int64)
