"""A small typed expression language: each rule is written once and run two ways.

An ``Expr`` tree compiles to

* a Python closure (``compile_py``) that evaluates one case from a dict of facts, with
  no data frame, recording the dated parameters it used; and
* a Polars expression (``to_polars``) that evaluates a whole table vectorised.

Both follow the same three-valued logic, so the two paths agree row for row:

* a missing input is ``None`` / null and propagates through comparisons, arithmetic,
  ``min``/``max`` and dates (never a silent default);
* ``and``/``or`` are Kleene: ``False and unknown`` is ``False``, ``True or unknown`` is
  ``True``;
* ``when`` treats an unknown condition as not taken (as Polars does).

Money is integer øre and hours become integer centi-hours before they meet a rate
(``centi``), so every amount is exact; the only rounding is ``div_round``, half-up.
"""

from __future__ import annotations

import calendar
import datetime as dt
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

import polars as pl

Value = Any
PyFn = Callable[["Context"], Value]


class ParameterLookup(Protocol):
    """What expressions need of a parameter set (see ``parameters.ParameterSet``)."""

    def value_at(self, name: str, day: dt.date) -> Value: ...

    def periods(self, name: str) -> list[tuple[dt.date, dt.date | None, Value]]: ...


class Context:
    """One case being evaluated: its facts and the parameters in force."""

    __slots__ = ("facts", "params", "used", "memo")

    def __init__(self, facts: Mapping[str, Value], params: ParameterLookup) -> None:
        self.facts = facts
        self.params = params
        self.used: list[tuple[str, dt.date]] = []
        self.memo: dict[int, Value] = {}  # see Expr.compile_py

    def lookup(self, name: str, day: dt.date) -> Value:
        """The parameter on ``day``, remembered for the explanation; None if not known."""
        self.used.append((name, day))
        for start, _end, value in reversed(self.params.periods(name)):
            if start <= day:
                return value
        return None


# --- helpers shared by both paths ---------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def div_round(numerator: int, denominator: int) -> int:
    """Integer division rounded half-up; the one place amounts are rounded."""
    return (2 * numerator + denominator) // (2 * denominator)


def centi(hours: float | int | Decimal) -> int:
    """Hours to integer hundredths of an hour, half-up (inputs carry at most 2 decimals).

    A float with 2 decimals lies within 1e-9 of its hundredths, so floor(x·100 + ½) is
    the half-up rounding; Decimals are rounded exactly."""
    if isinstance(hours, Decimal):
        return int((hours * 100).to_integral_value(rounding=ROUND_HALF_UP))
    scaled = hours * 100
    return int(scaled + 0.5) if scaled >= 0 else -int(-scaled + 0.5)


def _kleene_and(values: Iterable[Value]) -> Value:
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


def _kleene_or(values: Iterable[Value]) -> Value:
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def _strict(fn: Callable[..., Value]) -> Callable[..., Value]:
    """Null in, null out."""

    def wrapped(*args: Value) -> Value:
        for a in args:
            if a is None:
                return None
        return fn(*args)

    return wrapped


def _pl_strict(result: pl.Expr, *args: pl.Expr) -> pl.Expr:
    """The Polars twin of ``_strict`` for functions that would otherwise skip nulls."""
    any_null = pl.any_horizontal([a.is_null() for a in args])
    return pl.when(any_null).then(None).otherwise(result)


# --- the nodes -------------------------------------------------------------------------


class Expr:
    """Base of all nodes. Operators build trees; ``==`` stays identity (use ``eq``)."""

    def compile_py(self) -> PyFn:
        """The Python closure. A costly node (see ``_MEMOISED``) computes once per case
        and is read from ``Context.memo`` after that: the amounts share sub-trees (the
        weekly hours, the period totals) that would otherwise be priced again."""
        fn = self._py()
        if not isinstance(self, _MEMOISED):
            return fn
        key = id(self)

        def run(c: Context) -> Value:
            memo = c.memo
            if key in memo:
                return memo[key]
            value = memo[key] = fn(c)
            return value

        return run

    def _py(self) -> PyFn:
        raise NotImplementedError

    def to_polars(self, params: ParameterLookup) -> pl.Expr:
        """The Polars expression; a sub-expression the table path has already computed
        as a column (``params.memo``, keyed by ``render()``) is read from that column."""
        memo: Mapping[str, str] | None = getattr(params, "memo", None)
        if memo:
            column = memo.get(self.render())
            if column is not None:
                return pl.col(column)
        return self._polars(params)

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        raise NotImplementedError

    def children(self) -> tuple[Expr, ...]:
        return ()

    def render(self) -> str:
        raise NotImplementedError

    def inputs(self) -> set[str]:
        """The facts a user must supply for this expression."""
        found: set[str] = set()
        for child in self.children():
            found |= child.inputs()
        return found

    def parameters(self) -> set[str]:
        found: set[str] = set()
        for child in self.children():
            found |= child.parameters()
        return found

    # comparisons and logic
    def __ge__(self, other: object) -> Expr:
        return Cmp(">=", self, lift(other))

    def __gt__(self, other: object) -> Expr:
        return Cmp(">", self, lift(other))

    def __le__(self, other: object) -> Expr:
        return Cmp("<=", self, lift(other))

    def __lt__(self, other: object) -> Expr:
        return Cmp("<", self, lift(other))

    def eq(self, other: object) -> Expr:
        return Cmp("==", self, lift(other))

    def ne(self, other: object) -> Expr:
        return Cmp("!=", self, lift(other))

    def __and__(self, other: Expr) -> Expr:
        return Junction("and", (self, other))

    def __or__(self, other: Expr) -> Expr:
        return Junction("or", (self, other))

    def __invert__(self) -> Expr:
        return Not(self)

    # arithmetic (integers for money, floats for hours)
    def __add__(self, other: object) -> Expr:
        return Arith("+", self, lift(other))

    def __sub__(self, other: object) -> Expr:
        return Arith("-", self, lift(other))

    def __mul__(self, other: object) -> Expr:
        return Arith("*", self, lift(other))

    def __floordiv__(self, other: object) -> Expr:
        return Arith("//", self, lift(other))

    def is_in(self, values: Iterable[Value]) -> Expr:
        return IsIn(self, tuple(values))

    def is_given(self) -> Expr:
        return IsGiven(self)


def lift(value: object) -> Expr:
    return value if isinstance(value, Expr) else Lit(value)


@dataclass(frozen=True, eq=False)
class Fact(Expr):
    """An input about the case, named like ``employee.employed_since``."""

    name: str

    def _py(self) -> PyFn:
        name = self.name
        return lambda c: c.facts.get(name)

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        return pl.col(self.name)

    def inputs(self) -> set[str]:
        return {self.name}

    def render(self) -> str:
        return self.name


@dataclass(frozen=True, eq=False)
class Lit(Expr):
    value: Value

    def _py(self) -> PyFn:
        value = self.value
        return lambda c: value

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        return pl.lit(self.value)

    def render(self) -> str:
        return repr(self.value)


@dataclass(frozen=True, eq=False)
class Param(Expr):
    """A dated parameter, looked up as of the date ``at`` evaluates to (per row)."""

    name: str
    at: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.at,)

    def parameters(self) -> set[str]:
        return {self.name} | self.at.parameters()

    def _py(self) -> PyFn:
        name, at = self.name, self.at.compile_py()

        def run(c: Context) -> Value:
            day = at(c)
            return None if day is None else c.lookup(name, day)

        return run

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        day = self.at.to_polars(params)
        chain: Any = pl
        for start, _end, value in reversed(params.periods(self.name)):
            chain = chain.when(day >= pl.lit(start)).then(pl.lit(value))
        return chain.otherwise(None) if chain is not pl else pl.lit(None)

    def render(self) -> str:
        return f"{self.name}@{self.at.render()}"


@dataclass(frozen=True, eq=False)
class ParamTimesDays(Expr):
    """Σ over the parameter's periods of value × days of [start, end] inside the period.

    This is how an amount is priced at the rate in force on each day: a span across
    1 January is split, never priced at its first day. Unknown rate on any day → null.
    """

    name: str
    start: Expr
    end: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.start, self.end)

    def parameters(self) -> set[str]:
        return {self.name} | super().parameters()

    def _py(self) -> PyFn:
        name, start_fn, end_fn = self.name, self.start.compile_py(), self.end.compile_py()

        def run(c: Context) -> Value:
            start, end = start_fn(c), end_fn(c)
            if start is None or end is None:
                return None
            total = 0
            for p_start, p_end, value in c.params.periods(name):
                lo = max(start, p_start)
                hi = end if p_end is None else min(end, p_end)
                days = (hi - lo).days + 1
                if days > 0:
                    c.used.append((name, lo))  # recorded first: an unknown rate is explained
                    if value is None:
                        return None
                    total += value * days
            if end >= start and not _covered(c.params.periods(name), start):
                c.used.append((name, start))
                return None
            return total

        return run

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        start, end = self.start.to_polars(params), self.end.to_polars(params)
        periods = params.periods(self.name)
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
        return _pl_strict(pl.when(unknown & (end >= start)).then(None).otherwise(total),
                          start, end)

    def render(self) -> str:
        return f"Σ {self.name} × dage[{self.start.render()}..{self.end.render()}]"


def _covered(periods: list[tuple[dt.date, dt.date | None, Value]], day: dt.date) -> bool:
    return bool(periods) and periods[0][0] <= day


_CMP: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
    "==": operator.eq, "!=": operator.ne,
}


_CMP_PL: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ">=": pl.Expr.__ge__, ">": pl.Expr.__gt__, "<=": pl.Expr.__le__, "<": pl.Expr.__lt__,
    "==": pl.Expr.eq, "!=": pl.Expr.ne,
}


@dataclass(frozen=True, eq=False)
class Cmp(Expr):
    op: str
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def _py(self) -> PyFn:
        fn, left, right = _CMP[self.op], self.left.compile_py(), self.right.compile_py()

        def run(c: Context) -> Value:
            a, b = left(c), right(c)
            return None if a is None or b is None else fn(a, b)

        return run

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        a, b = self.left.to_polars(params), self.right.to_polars(params)
        result: pl.Expr = _CMP_PL[self.op](a, b)
        return result

    def render(self) -> str:
        return f"{self.left.render()} {self.op} {self.right.render()}"


@dataclass(frozen=True, eq=False)
class Junction(Expr):
    """``and`` / ``or`` of several conditions, in Kleene logic (Polars' horizontal
    ``all``/``any`` follow the same rules for nulls)."""

    kind: str  # "and" | "or"
    args: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def _py(self) -> PyFn:
        fns = [a.compile_py() for a in self.args]
        combine = _kleene_and if self.kind == "and" else _kleene_or
        return lambda c: combine(f(c) for f in fns)

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        horizontal = pl.all_horizontal if self.kind == "and" else pl.any_horizontal
        return horizontal([a.to_polars(params) for a in self.args])

    def render(self) -> str:
        word = " og " if self.kind == "and" else " eller "
        return "(" + word.join(a.render() for a in self.args) + ")"


@dataclass(frozen=True, eq=False)
class Not(Expr):
    arg: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def _py(self) -> PyFn:
        fn = self.arg.compile_py()

        def run(c: Context) -> Value:
            v = fn(c)
            return None if v is None else not v

        return run

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        return ~self.arg.to_polars(params)

    def render(self) -> str:
        return f"ikke {self.arg.render()}"


_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "//": operator.floordiv,
}


@dataclass(frozen=True, eq=False)
class Arith(Expr):
    op: str
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def _py(self) -> PyFn:
        fn = _strict(_ARITH[self.op])
        left, right = self.left.compile_py(), self.right.compile_py()
        return lambda c: fn(left(c), right(c))

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        result: pl.Expr = _ARITH[self.op](self.left.to_polars(params),
                                         self.right.to_polars(params))
        return result

    def render(self) -> str:
        return f"({self.left.render()} {self.op} {self.right.render()})"


@dataclass(frozen=True, eq=False)
class DivRound(Expr):
    """Integer division, half-up: where money is rounded (see ``div_round``)."""

    numerator: Expr
    denominator: Expr | int

    def __post_init__(self) -> None:
        object.__setattr__(self, "denominator", lift(self.denominator))

    def children(self) -> tuple[Expr, ...]:
        return (self.numerator, lift(self.denominator))

    def _py(self) -> PyFn:
        fn = _strict(div_round)
        num, den = self.numerator.compile_py(), lift(self.denominator).compile_py()
        return lambda c: fn(num(c), den(c))

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        num, den = self.numerator.to_polars(params), lift(self.denominator).to_polars(params)
        return (2 * num + den) // (2 * den)

    def render(self) -> str:
        return f"afrund({self.numerator.render()} / {lift(self.denominator).render()})"


@dataclass(frozen=True, eq=False)
class Extreme(Expr):
    """``min`` or ``max`` of several values; unknown if any is unknown."""

    kind: str
    args: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def _py(self) -> PyFn:
        pick = _strict(min if self.kind == "min" else max)
        fns = [a.compile_py() for a in self.args]
        return lambda c: pick(*(f(c) for f in fns))

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        args = [a.to_polars(params) for a in self.args]
        pick = pl.min_horizontal if self.kind == "min" else pl.max_horizontal
        return _pl_strict(pick(args), *args)

    def render(self) -> str:
        return f"{self.kind}(" + ", ".join(a.render() for a in self.args) + ")"


@dataclass(frozen=True, eq=False)
class When(Expr):
    """``then`` where ``cond`` is true, ``otherwise`` where it is false, unknown where the
    condition is unknown (an unknown sector must not silently count as private)."""

    cond: Expr
    then: Expr
    otherwise: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.cond, self.then, self.otherwise)

    def _py(self) -> PyFn:
        cond, then, other = (e.compile_py() for e in (self.cond, self.then, self.otherwise))

        def run(c: Context) -> Value:
            taken = cond(c)
            return None if taken is None else then(c) if taken else other(c)

        return run

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        cond = self.cond.to_polars(params)
        return (pl.when(cond.is_null()).then(None).when(cond)
                .then(self.then.to_polars(params)).otherwise(self.otherwise.to_polars(params)))

    def render(self) -> str:
        return (f"hvis {self.cond.render()} så {self.then.render()} "
                f"ellers {self.otherwise.render()}")


@dataclass(frozen=True, eq=False)
class IsIn(Expr):
    arg: Expr
    values: tuple[Value, ...]

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def _py(self) -> PyFn:
        fn, values = self.arg.compile_py(), frozenset(self.values)

        def run(c: Context) -> Value:
            v = fn(c)
            return None if v is None else v in values

        return run

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        arg = self.arg.to_polars(params)
        return _pl_strict(arg.is_in(list(self.values)), arg)

    def render(self) -> str:
        return f"{self.arg.render()} ∈ {{{', '.join(map(str, self.values))}}}"


@dataclass(frozen=True, eq=False)
class IsGiven(Expr):
    """True when the input is known: the one node that never yields unknown."""

    arg: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def _py(self) -> PyFn:
        fn = self.arg.compile_py()
        return lambda c: fn(c) is not None

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        return self.arg.to_polars(params).is_not_null()

    def render(self) -> str:
        return f"{self.arg.render()} er oplyst"


@dataclass(frozen=True, eq=False)
class AddMonths(Expr):
    day: Expr
    months: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.day, self.months)

    def _py(self) -> PyFn:
        fn = _strict(add_months)
        day, months = self.day.compile_py(), self.months.compile_py()
        return lambda c: fn(day(c), months(c))

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        months = self.months.to_polars(params)
        return self.day.to_polars(params).dt.offset_by(pl.format("{}mo", months))

    def render(self) -> str:
        return f"{self.day.render()} + {self.months.render()} mdr."


@dataclass(frozen=True, eq=False)
class AddDays(Expr):
    day: Expr
    days: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.day, self.days)

    def _py(self) -> PyFn:
        fn = _strict(lambda d, n: d + dt.timedelta(days=n))
        day, days = self.day.compile_py(), self.days.compile_py()
        return lambda c: fn(day(c), days(c))

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        days = self.days.to_polars(params)
        return self.day.to_polars(params) + pl.duration(days=days)

    def render(self) -> str:
        return f"{self.day.render()} + {self.days.render()} dage"


@dataclass(frozen=True, eq=False)
class DaysBetween(Expr):
    """Whole calendar days from ``start`` to ``end`` (``end - start``)."""

    start: Expr
    end: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.start, self.end)

    def _py(self) -> PyFn:
        fn = _strict(lambda a, b: (b - a).days)
        start, end = self.start.compile_py(), self.end.compile_py()
        return lambda c: fn(start(c), end(c))

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        return (self.end.to_polars(params) - self.start.to_polars(params)).dt.total_days()

    def render(self) -> str:
        return f"dage({self.start.render()}..{self.end.render()})"


def span_end(start: dt.date, months: int) -> dt.date:
    """The last day of a span of ``months`` calendar months beginning on ``start``.

    The day before the same date ``months`` later (1.3 + 6 → 31.8); where that date does
    not exist, the month's last day (31.8 + 6 → 28.2, not 27.2)."""
    same = add_months(start, months)
    return same if same.day < start.day else same - dt.timedelta(days=1)


@dataclass(frozen=True, eq=False)
class SpanEnd(Expr):
    """See ``span_end``."""

    start: Expr
    months: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.start, self.months)

    def _py(self) -> PyFn:
        fn = _strict(span_end)
        start, months = self.start.compile_py(), self.months.compile_py()
        return lambda c: fn(start(c), months(c))

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        start = self.start.to_polars(params)
        same = start.dt.offset_by(pl.format("{}mo", self.months.to_polars(params)))
        return pl.when(same.dt.day() < start.dt.day()).then(same) \
            .otherwise(same - pl.duration(days=1))

    def render(self) -> str:
        return f"sidste dag af {self.months.render()} mdr. fra {self.start.render()}"


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months n with ``add_months(start, n) <= end``."""
    n = (end.year - start.year) * 12 + end.month - start.month
    return n - 1 if add_months(start, n) > end else n


@dataclass(frozen=True, eq=False)
class MonthsBetween(Expr):
    """Whole calendar months from ``start`` to ``end`` (see ``months_between``)."""

    start: Expr
    end: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.start, self.end)

    def _py(self) -> PyFn:
        fn = _strict(months_between)
        start, end = self.start.compile_py(), self.end.compile_py()
        return lambda c: fn(start(c), end(c))

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        start, end = self.start.to_polars(params), self.end.to_polars(params)
        n = (end.dt.year() - start.dt.year()).cast(pl.Int64) * 12 + (
            end.dt.month().cast(pl.Int64) - start.dt.month().cast(pl.Int64))
        overshoot = start.dt.offset_by(pl.format("{}mo", n)) > end
        return pl.when(overshoot).then(n - 1).otherwise(n)

    def render(self) -> str:
        return f"måneder({self.start.render()}..{self.end.render()})"


@dataclass(frozen=True, eq=False)
class Centi(Expr):
    """Hours to integer centi-hours, so that hours × rate is exact."""

    hours: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.hours,)

    def _py(self) -> PyFn:
        fn = _strict(centi)
        hours = self.hours.compile_py()
        return lambda c: fn(hours(c))

    def _polars(self, params: ParameterLookup) -> pl.Expr:
        scaled = self.hours.to_polars(params).cast(pl.Float64) * 100
        return scaled.round(0, mode="half_away_from_zero").cast(pl.Int64)

    def render(self) -> str:
        return f"{self.hours.render()} (timer)"


_MEMOISED = (ParamTimesDays, DivRound, Extreme, SpanEnd, When)

# --- constructors used by the rules --------------------------------------------------


def fact(name: str) -> Fact:
    return Fact(name)


def lit(value: Value) -> Lit:
    return Lit(value)


def param(name: str, at: Expr) -> Param:
    return Param(name, at)


def minimum(*args: Expr) -> Expr:
    return Extreme("min", args)


def maximum(*args: Expr) -> Expr:
    return Extreme("max", args)


def when(cond: Expr, then: object, otherwise: object) -> Expr:
    return When(cond, lift(then), lift(otherwise))


def all_of(*args: Expr) -> Expr:
    return Junction("and", args)


def any_of(*args: Expr) -> Expr:
    return Junction("or", args)


def iter_nodes(expr: Expr) -> Iterable[Expr]:
    yield expr
    for child in expr.children():
        yield from iter_nodes(child)


__all__ = [
    "Context", "Expr", "Fact", "Lit", "Param", "ParamTimesDays", "Cmp", "Junction", "Not",
    "Arith", "DivRound", "Extreme", "When", "IsIn", "IsGiven", "AddMonths", "AddDays",
    "DaysBetween", "MonthsBetween", "months_between", "SpanEnd", "span_end", "Centi",
    "fact", "lit", "param",
    "minimum", "maximum", "when", "all_of", "any_of", "add_months", "div_round", "centi",
    "iter_nodes",
]
