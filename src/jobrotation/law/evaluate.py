"""Evaluate the scheme's rules for one case or for a table of cases.

``evaluate`` runs the compiled closures of every condition and amount on one case and
returns, per condition, a verdict with the values it read and the dated parameters it
used. ``evaluate_table`` compiles the *same* expressions to Polars and evaluates a whole
table at once: per row a verdict per route, the amounts and a bitmask of the conditions
not met. ``what_if`` runs one case under changed parameters and reports what changed.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Any

import polars as pl

from jobrotation import format as fmt
from jobrotation.law.amounts import AMOUNTS
from jobrotation.law.conditions import (
    CONDITIONS,
    PARTY_LABELS,
    ROUTE1,
    ROUTE2,
    SECTOR,
    VEU,
    Condition,
)
from jobrotation.law.derivations import FORMULAS
from jobrotation.law.expr import (
    AddDays,
    AddMonths,
    Context,
    Expr,
    Extreme,
    MonthsBetween,
    Param,
    ParamTimesDays,
    PyFn,
    SpanEnd,
    When,
    iter_nodes,
)
from jobrotation.law.facts import EDUCATION_LABELS, FACTS, normalise, normalise_frame
from jobrotation.law.parameters import (
    DECIMAL_UNITS,
    HOUR_UNITS,
    MONEY_UNITS,
    Parameter,
    ParameterSet,
    Value,
    load_parameters,
)
from jobrotation.law.pricing import Priced, PricedCase


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


ROUTES = (ROUTE1, ROUTE2, VEU)
# Each route's verdict combines the conditions that block it. VEU's verdict is its own
# conditions only: route 2's amounts are what route 2 would pay, shown beside route 1's
# whatever the routes' verdicts, and VEU is counted in them where VEU's conditions hold.
ROUTE_MEMBERS = {r: tuple(i for i, c in enumerate(CONDITIONS) if r in c.blocks)
                 for r in (ROUTE1, ROUTE2, VEU)}


def combine(verdicts: list[Verdict]) -> Verdict:
    """A route holds if no condition fails and none is unknown."""
    if Verdict.NOT_MET in verdicts:
        return Verdict.NOT_MET
    if Verdict.UNKNOWN in verdicts:
        return Verdict.UNKNOWN
    return Verdict.MET


@cache
def default_parameters() -> ParameterSet:
    return load_parameters()


# --- one case ------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamUse:
    name: str
    day: dt.date
    value: Any
    start: dt.date
    source: str
    confidence: str
    reference: str
    description: str
    formula: str | None = None  # the Danish formula, where the value is derived
    warning: str | None = None  # the sentence an answer that uses it shows, if any

    @property
    def derived(self) -> bool:
        return self.formula is not None


@dataclass(frozen=True)
class ConditionResult:
    condition: Condition
    verdict: Verdict
    values: Mapping[str, Any]  # the facts it read
    shows: Mapping[str, Any]  # derived values for the reason
    params: tuple[ParamUse, ...]
    missing: tuple[str, ...]  # facts to supply when the verdict is unknown
    parameters: ParameterSet = field(repr=False)  # the set it was evaluated with

    def text(self, lang: str = "da") -> str:
        template = self.condition.text if lang == "da" else self.condition.text_en
        return render(template, self, lang)

    def observed(self, lang: str = "da") -> str:
        return render(self.condition.observed, self, lang)


@dataclass(frozen=True)
class Evaluation:
    """The answer for one case. Verdicts, routes and amounts are computed at once, with
    the dated parameters each condition used; the reason objects (``conditions``,
    ``params``, ``warnings``, ``missing``) are built from those on first access."""

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
        return _warnings(self.params)

    @property
    def missing(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in self.conditions:
            seen.update(dict.fromkeys(r.missing))
        return list(seen)


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
        _Compiled(c, c.test.compile_py(), c.applies.compile_py() if c.applies else None,
                  tuple((k, e.compile_py()) for k, e in c.shows.items()),
                  tuple(sorted(c.inputs())))
        for c in CONDITIONS)
    amounts = tuple((name, e.compile_py()) for name, e in AMOUNTS.items())
    return conditions, amounts


def param_use(params: ParameterSet, name: str, day: dt.date) -> ParamUse:
    """What a dated parameter was on ``day``, with its source (cached per set)."""
    cached = params.uses.get((name, day))
    if cached is None:
        cached = params.uses[(name, day)] = _makeparam_use(params, name, day)
    return cached


def _makeparam_use(params: ParameterSet, name: str, day: dt.date) -> ParamUse:
    p: Parameter = params[name]
    v = params.entry_or_none(name, day)
    if v is None:
        use = ParamUse(name, day, None, day, "ingen værdi før denne dato", "L", p.reference,
                       p.description)
        return replace(use, warning=_warning(use, ""))
    use = ParamUse(name, day, v.value, v.start, v.source, v.confidence,
                   v.reference or p.reference, p.description, formula_text(params, v))
    return replace(use, warning=_warning(use, format_param(p, v.value)))


def formula_text(params: ParameterSet, v: Value) -> str | None:
    """A derived value's formula with the values it was computed from, in Danish."""
    if v.formula is None:
        return None
    inputs = {name: (day, value) for name, day, value in v.inputs}

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in inputs:
            return format_param(params[key], inputs[key][1])
        return match.group(0)

    text = _PLACEHOLDER.sub(one, FORMULAS[v.formula].text)
    given = "; ".join(f"{params[n].description.lower()} {d.year}: "
                      f"{format_param(params[n], value)}"
                      for n, (d, value) in inputs.items() if n != "hours.standard_week"
                      and params[n].unit in MONEY_UNITS | DECIMAL_UNITS)
    return f"{text}" + (f" ({given})" if given else "")


def _verdict(applies: Any, test: Any) -> Verdict:
    if applies is False:
        return Verdict.NOT_APPLICABLE
    if applies is None or test is None:
        return Verdict.UNKNOWN
    return Verdict.MET if test else Verdict.NOT_MET


def run_conditions(facts: Mapping[str, Any], params: ParameterSet) -> list[Verdict]:
    """The verdicts alone, without reasons: the fastest one-case path."""
    ctx = Context(facts, params)
    out = []
    for cc in _compiled()[0]:
        applies = cc.applies(ctx) if cc.applies else True
        out.append(_verdict(applies, cc.test(ctx) if applies is not False else None))
    return out


def evaluate_facts(facts: Mapping[str, Any], params: ParameterSet | None = None) -> Evaluation:
    """Evaluate normalised facts (see ``facts.normalise``) with reasons."""
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


DERIVED_WARNING = "beregnet efter formel, ikke offentliggjort"


def _warning(u: ParamUse, shown: str) -> str | None:
    """Unknown, derived by formula or of low confidence: the sentence that says so."""
    if u.value is None:
        return f"Sats ikke kendt for {u.day.year}: {u.description}."
    if u.derived:
        return f"{u.description} {u.start.year}: {shown}, {DERIVED_WARNING}: {u.formula}."
    if u.confidence == "L":
        return f"Usikker værdi ({u.day.year}): {u.description} — {u.source}."
    return None


def _warnings(uses: tuple[ParamUse, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(u.warning for u in uses if u.warning))


def evaluate(case: Mapping[str, Any], params: ParameterSet | None = None) -> Evaluation:
    """Evaluate a case given as a (nested or flat) mapping of user input."""
    return evaluate_facts(normalise(case), params)


# --- rendering reasons -----------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([a-z_.0-9]+)\}")


def format_param(p: Parameter, value: Any, lang: str = "da") -> str:
    if value is None:
        return "ukendt" if lang == "da" else "unknown"
    if p.unit in MONEY_UNITS:
        return fmt.money(value, lang)
    if p.unit == "education_level":
        return EDUCATION_LABELS[value]
    if p.unit == "bool":
        return fmt.yes_no(value, lang)
    if p.unit in HOUR_UNITS:
        return fmt.number(value, lang)
    return fmt.number(value, lang)


def format_fact(name: str, value: Any, lang: str = "da") -> str:
    spec = FACTS[name]
    if value is None:
        return "ikke oplyst" if lang == "da" else "not given"
    if spec.kind == "money":
        return fmt.money(value, lang)
    if spec.kind == "level":
        return EDUCATION_LABELS[value]
    if spec.kind == "choice":
        return spec.choices.get(value, str(value))
    return fmt.plain(value, lang)


def render(template: str, result: ConditionResult, lang: str = "da") -> str:
    """The sentence with the values of the evaluation itself (what-if included). A
    parameter the taken branch did not use is shown as of the condition's first date, from
    the same parameter set."""
    params = result.parameters
    used = {u.name: u for u in result.params}
    day = next(iter(used.values())).day if used else result.values.get("training.start")

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in result.shows:
            return fmt.plain(result.shows[key], lang)
        if key in used:
            return format_param(params[key], used[key].value, lang)
        if key in params.parameters:
            entry = params.entry_or_none(key, day) if day else None
            return format_param(params[key], entry.value if entry else None, lang)
        if key in FACTS:
            return format_fact(key, result.values.get(key), lang)
        return match.group(0)

    return _PLACEHOLDER.sub(one, template)


# --- a table ---------------------------------------------------------------------------


# Nodes whose Polars form is costly or pasted into several places (a ParamTimesDays
# repeats its start and end once per rate period): each distinct one is computed once,
# as a column, before the conditions and amounts that use it.
_MEMO_TYPES = (Param, ParamTimesDays, AddMonths, SpanEnd, AddDays, MonthsBetween, Extreme,
               PricedCase)


@dataclass
class _TableEnv:
    """The parameters plus the columns already computed (see ``Expr.to_polars``)."""

    params: ParameterSet
    memo: dict[str, str] = field(default_factory=dict)

    def periods(self, name: str) -> list[tuple[dt.date, dt.date | None, Any]]:
        return self.params.periods(name)

    def value_at(self, name: str, day: dt.date) -> Any:
        return self.params.value_at(name, day)

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
            stage.append(node.to_polars(env).alias(name))  # reads lower stages' columns
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




def _plan(params: ParameterSet) -> _TablePlan:
    """The compiled table expressions for a parameter set (cached: compiling costs ms)."""
    cached = params.compiled.get("table")
    if isinstance(cached, _TablePlan):
        return cached
    env = _TableEnv(params)
    roots = [c.test for c in CONDITIONS] + [c.applies for c in CONDITIONS if c.applies] \
        + list(AMOUNTS.values())
    stages = _memo_stages(env, roots)
    codes = []
    for i, c in enumerate(CONDITIONS):
        test = c.test.to_polars(env).cast(pl.Int8).fill_null(Verdict.UNKNOWN.value)
        if c.applies is None:
            codes.append(test.alias(f"c{i}"))
            continue
        applies = c.applies.to_polars(env)
        codes.append(pl.when(applies.not_()).then(pl.lit(Verdict.NOT_APPLICABLE.value, pl.Int8))
                     .when(applies.is_null()).then(pl.lit(Verdict.UNKNOWN.value, pl.Int8))
                     .otherwise(test).alias(f"c{i}"))
    amounts = [e.to_polars(env).alias(name) for name, e in AMOUNTS.items()]
    plan = _TablePlan(stages, codes, amounts, _estimate_flag(env).alias("uses_estimate"),
                      list(env.memo.values()))
    params.compiled["table"] = plan  # kept with its set, so a what-if's goes with it
    return plan


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


def _guarded(node: Expr, guard: tuple[tuple[Expr, bool], ...] = ()
             ) -> Iterator[tuple[Expr, tuple[tuple[Expr, bool], ...]]]:
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


def _guard_expr(env: _TableEnv, guard: tuple[tuple[Expr, bool], ...]) -> pl.Expr:
    out = pl.lit(True)
    for cond, taken in guard:
        c = cond.to_polars(env).fill_null(False)
        out = out & (c if taken else c.not_())
    return out


def _estimate_flag(env: _TableEnv) -> pl.Expr:
    """True where a value used is not known or is derived or an (L) estimate, for a
    visible warning; only the branches a row takes count."""
    params = env.params
    flags = []
    seen: set[str] = set()
    roots = [c.test for c in CONDITIONS] + list(AMOUNTS.values())
    for node, guard in (pair for root in roots for pair in _guarded(root)):
        key = node.render() + "|" + "|".join(f"{c.render()}={t}" for c, t in guard)
        if key in seen or not isinstance(node, Param | ParamTimesDays | PricedCase):
            continue
        seen.add(key)
        if isinstance(node, PricedCase):
            flags.append(Priced(node, "estimate").to_polars(env).fill_null(False)
                         & _guard_expr(env, guard))
            continue
        values = params[node.name].values
        # Before the first value nothing is known either ("sats ikke kendt").
        weak: list[tuple[dt.date, dt.date | None]] = [
            (dt.date(1900, 1, 1), values[0].start - dt.timedelta(days=1))]
        weak += [(v.start, v.end) for v in values if v.estimate or v.value is None]
        if isinstance(node, Param):
            lo = hi = node.at.to_polars(env)
        else:
            lo, hi = node.start.to_polars(env), node.end.to_polars(env)
        for start, end in weak:
            hit = hi >= pl.lit(start)
            if end is not None:
                hit = hit & (lo <= pl.lit(end))
            flags.append(hit.fill_null(False) & _guard_expr(env, guard))
    return pl.any_horizontal(flags) if flags else pl.lit(False)


def evaluate_lazy(frame: pl.LazyFrame | pl.DataFrame, params: ParameterSet | None = None,
                  detail: bool = False) -> pl.LazyFrame:
    """The table evaluation as a lazy query (for streaming large files)."""
    plan = _plan(params or default_parameters())
    failed = pl.lit(0, pl.UInt64)
    for i in range(len(CONDITIONS)):
        failed = failed | pl.when(pl.col(f"c{i}") == Verdict.NOT_MET.value) \
            .then(pl.lit(1 << i, pl.UInt64)).otherwise(pl.lit(0, pl.UInt64))
    lazy = normalise_frame(frame)
    for stage in plan.stages:
        lazy = lazy.with_columns(stage)
    lazy = lazy.with_columns(*plan.codes, *plan.amounts, plan.flag)
    lazy = lazy.with_columns(*_route_codes(), failed.alias("failed"))
    drop = plan.memo_columns + ([] if detail else [f"c{i}" for i in range(len(CONDITIONS))])
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


# --- what-if ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    what: str  # condition id, route or amount name
    before: Any
    after: Any


def what_if(case: Mapping[str, Any], overrides: Mapping[str, Mapping[str, Any]],
            params: ParameterSet | None = None) -> tuple[Evaluation, Evaluation, list[Change]]:
    """Evaluate ``case`` under shipped and under overridden parameters; list the changes."""
    base = params or default_parameters()
    facts = normalise(case)
    before = evaluate_facts(facts, base)
    after = evaluate_facts(facts, base.with_overrides(overrides))
    changes = [Change(a.condition.id, a_.verdict, a.verdict)
               for a_, a in zip(before.conditions, after.conditions, strict=True)
               if a_.verdict != a.verdict]
    changes += [Change(r, before.routes[r], after.routes[r]) for r in ROUTES
                if before.routes[r] != after.routes[r]]
    changes += [Change(k, before.amounts[k], after.amounts[k]) for k in before.amounts
                if before.amounts[k] != after.amounts[k]]
    return before, after, changes


__all__ = ["Verdict", "Evaluation", "ConditionResult", "evaluate", "evaluate_facts",
           "evaluate_table", "evaluate_lazy", "what_if", "failed_ids", "reasons_column",
           "run_conditions", "default_parameters", "PARTY_LABELS"]
