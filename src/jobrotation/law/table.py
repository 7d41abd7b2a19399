"""A table of cases: the same expressions as ``case``, compiled to Polars.

``evaluate_table`` adds per row a verdict per route, the amounts, a bitmask of the
conditions not met and a flag for rows that used an estimated or unknown rate. The
compiled plan is kept with its parameter set (``ParameterSet.compiled``), so a what-if's
plan goes when its set goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from jobrotation.law.amounts import AMOUNTS
from jobrotation.law.bounds import FIRST_PAST_DAY
from jobrotation.law.conditions import CONDITIONS, SECTOR
from jobrotation.law.expr import (
    AddDays,
    AddMonths,
    Expr,
    MinMax,
    MonthsBetween,
    Param,
    ParamTimesDays,
    SpanEnd,
    When,
    iter_nodes,
)
from jobrotation.law.facts import normalise_frame
from jobrotation.law.parameters import ParameterSet, Value, default_parameters
from jobrotation.law.pricing import Priced, PricedCase
from jobrotation.law.routes import ROUTE_MEMBERS, ROUTES, Verdict
from jobrotation.law.run_polars import to_polars

# Nodes whose Polars form is costly or pasted into several places (a ParamTimesDays
# repeats its start and end once per rate period): each distinct one is computed once,
# as a column, before the conditions and amounts that use it.
_MEMO_TYPES = (Param, ParamTimesDays, AddMonths, SpanEnd, AddDays, MonthsBetween, MinMax,
               PricedCase)
Guard = tuple[tuple[Expr, bool], ...]


@dataclass
class _TableEnv:
    """The parameters plus the columns already computed (see ``run_polars.to_polars``)."""

    params: ParameterSet
    memo: dict[str, str] = field(default_factory=dict)

    def periods(self, name: str) -> list[tuple[dt.date, dt.date | None, Any]]:
        return self.params.periods(name)

    def value_at(self, name: str, day: dt.date) -> Any:
        return self.params.value_at(name, day)

    def value_or_none(self, name: str, day: dt.date) -> Any:
        return self.params.value_or_none(name, day)

    def entry(self, name: str, day: dt.date) -> Value:
        return self.params.entry(name, day)


def _height(node: Expr) -> int:
    return 1 + max((_height(c) for c in node.children()), default=0)


def _memo_stages(env: _TableEnv, roots: list[Expr]) -> list[list[pl.Expr]]:
    """Columns for the shared sub-expressions, lowest first; fills ``env.memo``."""
    found: dict[str, Expr] = {}
    for node in (n for root in roots for n in iter_nodes(root)):
        if isinstance(node, _MEMO_TYPES):
            found.setdefault(node.render(), node)
    by_height: dict[int, list[tuple[str, Expr]]] = {}
    for key, node in found.items():
        by_height.setdefault(_height(node), []).append((key, node))
    stages = []
    for height in sorted(by_height):
        stage = []
        for key, node in by_height[height]:
            name = f"_m{len(env.memo)}"
            stage.append(to_polars(node, env).alias(name))  # reads lower stages' columns
            env.memo[key] = name
        stages.append(stage)
    return stages


@dataclass(frozen=True)
class _TablePlan:
    stages: list[list[pl.Expr]]
    codes: list[pl.Expr]
    amounts: list[pl.Expr]
    flag: pl.Expr
    memo_columns: list[str]


def _condition_code(i: int, env: _TableEnv) -> pl.Expr:
    c = CONDITIONS[i]
    test = to_polars(c.test, env).cast(pl.Int8).fill_null(Verdict.UNKNOWN.value)
    if c.applies is None:
        return test.alias(f"c{i}")
    applies = to_polars(c.applies, env)
    return (pl.when(applies.not_()).then(pl.lit(Verdict.NOT_APPLICABLE.value, pl.Int8))
            .when(applies.is_null()).then(pl.lit(Verdict.UNKNOWN.value, pl.Int8))
            .otherwise(test).alias(f"c{i}"))


def plan(params: ParameterSet) -> _TablePlan:
    """The compiled table expressions for a parameter set (cached: compiling costs ms)."""
    cached = params.compiled.get("table")
    if isinstance(cached, _TablePlan):
        return cached
    env = _TableEnv(params)
    roots = [c.test for c in CONDITIONS] + [c.applies for c in CONDITIONS if c.applies] \
        + list(AMOUNTS.values())
    stages = _memo_stages(env, roots)
    codes = [_condition_code(i, env) for i in range(len(CONDITIONS))]
    amounts = [to_polars(e, env).alias(name) for name, e in AMOUNTS.items()]
    made = _TablePlan(stages, codes, amounts, _estimate_flag(env).alias("uses_estimate"),
                      list(env.memo.values()))
    params.compiled["table"] = made  # kept with its set, so a what-if's goes with it
    return made


def _route_codes() -> list[pl.Expr]:
    routes = []
    for route in ROUTES:
        members = [pl.col(f"c{i}") for i in ROUTE_MEMBERS[route]]
        routes.append(
            pl.when(pl.any_horizontal([m == Verdict.NOT_MET.value for m in members]))
            .then(pl.lit(Verdict.NOT_MET.value, pl.Int8))
            .when(pl.any_horizontal([m == Verdict.UNKNOWN.value for m in members]))
            .then(pl.lit(Verdict.UNKNOWN.value, pl.Int8))
            .otherwise(pl.lit(Verdict.MET.value, pl.Int8)).alias(route))
    return routes


def _guarded(node: Expr, guard: Guard = ()) -> Iterator[tuple[Expr, Guard]]:
    """Every node with the branch conditions under which it is evaluated, so the flag
    below reads only the taken branch (a private case uses no public rate)."""
    yield node, guard
    if isinstance(node, When):
        yield from _guarded(node.cond, guard)
        yield from _guarded(node.then, (*guard, (node.cond, True)))
        yield from _guarded(node.otherwise, (*guard, (node.cond, False)))
    elif isinstance(node, PricedCase):  # its public hours are read for a public case only
        for child in node.children():
            yield from _guarded(child, (*guard, (SECTOR.eq("public"), True)))
    else:
        for child in node.children():
            yield from _guarded(child, guard)


def _guard_expr(env: _TableEnv, guard: Guard) -> pl.Expr:
    out = pl.lit(True)
    for cond, taken in guard:
        c = to_polars(cond, env).fill_null(False)
        out = out & (c if taken else c.not_())
    return out


def _weak_days(env: _TableEnv, node: Param | ParamTimesDays, guard: Guard) -> list[pl.Expr]:
    """Rows whose days of ``node`` fall where its value is unknown, derived or (L)."""
    values = env.params[node.name].values
    # Before the first value nothing is known either ("sats ikke kendt").
    weak: list[tuple[dt.date, dt.date | None]] = [
        (FIRST_PAST_DAY, values[0].start - dt.timedelta(days=1))]
    weak += [(v.start, v.end) for v in values if v.estimate or v.value is None]
    if isinstance(node, Param):
        lo = hi = to_polars(node.at, env)
    else:
        lo, hi = to_polars(node.start, env), to_polars(node.end, env)
    flags = []
    for start, end in weak:
        hit = hi >= pl.lit(start)
        if end is not None:
            hit = hit & (lo <= pl.lit(end))
        flags.append(hit.fill_null(False) & _guard_expr(env, guard))
    return flags


def _estimate_flag(env: _TableEnv) -> pl.Expr:
    """True where a value used is not known or is derived or an (L) estimate, for a
    visible warning; only the branches a row takes count."""
    flags = []
    seen: set[str] = set()
    roots = [c.test for c in CONDITIONS] + list(AMOUNTS.values())
    for node, guard in (pair for root in roots for pair in _guarded(root)):
        key = node.render() + "|" + "|".join(f"{c.render()}={t}" for c, t in guard)
        if key in seen or not isinstance(node, Param | ParamTimesDays | PricedCase):
            continue
        seen.add(key)
        if isinstance(node, PricedCase):
            flags.append(to_polars(Priced(node, "estimate"), env).fill_null(False)
                         & _guard_expr(env, guard))
        else:
            flags += _weak_days(env, node, guard)
    return pl.any_horizontal(flags) if flags else pl.lit(False)


def evaluate_lazy(frame: pl.LazyFrame | pl.DataFrame, params: ParameterSet | None = None,
                  detail: bool = False) -> pl.LazyFrame:
    """The table evaluation as a lazy query (for streaming large files)."""
    made = plan(params or default_parameters())
    failed = pl.lit(0, pl.UInt64)
    for i in range(len(CONDITIONS)):
        failed = failed | pl.when(pl.col(f"c{i}") == Verdict.NOT_MET.value) \
            .then(pl.lit(1 << i, pl.UInt64)).otherwise(pl.lit(0, pl.UInt64))
    lazy = normalise_frame(frame)
    for stage in made.stages:
        lazy = lazy.with_columns(stage)
    lazy = lazy.with_columns(*made.codes, *made.amounts, made.flag)
    lazy = lazy.with_columns(*_route_codes(), failed.alias("failed"))
    drop = made.memo_columns + ([] if detail else [f"c{i}" for i in range(len(CONDITIONS))])
    return lazy.drop(drop)


def evaluate_table(frame: pl.LazyFrame | pl.DataFrame, params: ParameterSet | None = None,
                   detail: bool = False) -> pl.DataFrame:
    """Evaluate every row. Adds: route codes (``route1``, ``route2``, ``veu``; see
    ``Verdict``), amounts in øre, ``failed`` (bit *i* set when ``CONDITIONS[i]`` is not
    met), ``uses_estimate``; with ``detail`` also ``c0..cN``, one code per condition."""
    return evaluate_lazy(frame, params, detail).collect()


def failed_ids(mask: int) -> list[str]:
    """Decode a ``failed`` bitmask to condition ids."""
    return [c.id for i, c in enumerate(CONDITIONS) if mask >> i & 1]


def reasons_column(col: str = "failed") -> pl.Expr:
    """The ``failed`` bitmask as readable condition ids, ``;``-separated."""
    parts = [pl.when(pl.col(col) // (1 << i) % 2 == 1).then(pl.lit(c.id))
             for i, c in enumerate(CONDITIONS)]
    return pl.concat_str(parts, separator=";", ignore_nulls=True).alias("reasons")
