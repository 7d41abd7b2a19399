"""A small typed expression language: each rule is written once and run two ways.

This module holds the nodes: what a rule is made of, the facts and parameters it reads,
and how it reads as text (``render``). Running them is elsewhere:

* ``run_py.compile_py`` makes a Python closure that evaluates one case from a dict of
  facts, with no data frame, recording the dated parameters it used;
* ``run_polars.to_polars`` makes a Polars expression that evaluates a whole table.

Both follow the same three-valued logic, so the two paths agree row for row:

* a missing input is ``None`` / null and propagates through comparisons, arithmetic,
  ``min``/``max`` and dates (never a silent default);
* ``and``/``or`` are Kleene: ``False and unknown`` is ``False``, ``True or unknown`` is
  ``True``;
* ``when`` treats an unknown condition as not taken (as Polars does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Protocol

from jobrotation.law.primitives import (
    add_months,
    centi,
    div_round,
    months_between,
    span_end,
)

Value = Any


class ParameterLookup(Protocol):
    """What expressions need of a parameter set (see ``parameters.ParameterSet``)."""

    def value_at(self, name: str, day: dt.date) -> Value: ...

    def value_or_none(self, name: str, day: dt.date) -> Value: ...

    def periods(self, name: str) -> list[tuple[dt.date, dt.date | None, Value]]: ...


class Expr:
    """Base of all nodes. Operators build trees; ``==`` stays identity (use ``eq``).

    Every node is a frozen dataclass compared by identity (``eq=False``): a rule's
    sub-trees are shared, and the compile paths key their memos on the node."""

    def children(self) -> tuple[Expr, ...]:
        """The sub-expressions: every field that is a node, or a tuple of nodes."""
        out: list[Expr] = []
        for f in fields(self):  # type: ignore[arg-type]  # every node is a dataclass
            value = getattr(self, f.name)
            if isinstance(value, Expr):
                out.append(value)
            elif isinstance(value, tuple):
                out.extend(v for v in value if isinstance(v, Expr))
        return tuple(out)

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
        return BoolOp("and", (self, other))

    def __or__(self, other: Expr) -> Expr:
        return BoolOp("or", (self, other))

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


def _call(name: str, *args: Expr) -> str:
    return f"{name}(" + ", ".join(a.render() for a in args) + ")"


@dataclass(frozen=True, eq=False)
class Fact(Expr):
    """An input about the case, named like ``employee.employed_since``."""

    name: str

    def inputs(self) -> set[str]:
        return {self.name}

    def render(self) -> str:
        return self.name


@dataclass(frozen=True, eq=False)
class Lit(Expr):
    value: Value

    def render(self) -> str:
        return repr(self.value)


@dataclass(frozen=True, eq=False)
class Param(Expr):
    """A dated parameter, looked up as of the date ``at`` evaluates to (per row)."""

    name: str
    at: Expr

    def parameters(self) -> set[str]:
        return {self.name} | self.at.parameters()

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

    def parameters(self) -> set[str]:
        return {self.name} | super().parameters()

    def render(self) -> str:
        return f"Σ {self.name} × dage[{self.start.render()}..{self.end.render()}]"


@dataclass(frozen=True, eq=False)
class Cmp(Expr):
    op: str  # ">=", ">", "<=", "<", "==", "!="
    left: Expr
    right: Expr

    def render(self) -> str:
        return f"{self.left.render()} {self.op} {self.right.render()}"


@dataclass(frozen=True, eq=False)
class BoolOp(Expr):
    """``and`` / ``or`` of several conditions, in Kleene logic (Polars' horizontal
    ``all``/``any`` follow the same rules for nulls)."""

    kind: str  # "and" | "or"
    args: tuple[Expr, ...]

    def render(self) -> str:
        word = " og " if self.kind == "and" else " eller "
        return "(" + word.join(a.render() for a in self.args) + ")"


@dataclass(frozen=True, eq=False)
class Arith(Expr):
    op: str  # "+", "-", "*", "//"
    left: Expr
    right: Expr

    def render(self) -> str:
        return f"({self.left.render()} {self.op} {self.right.render()})"


@dataclass(frozen=True, eq=False)
class DivRound(Expr):
    """Integer division, half-up: where money is rounded (see ``div_round``)."""

    numerator: Expr
    denominator: Expr | int  # an int is lifted to a literal

    def __post_init__(self) -> None:
        object.__setattr__(self, "denominator", lift(self.denominator))

    def render(self) -> str:
        return f"afrund({self.numerator.render()} / {lift(self.denominator).render()})"


@dataclass(frozen=True, eq=False)
class MinMax(Expr):
    """The least (``min``) or greatest (``max``) of several values; unknown if any is."""

    kind: str  # "min" | "max"
    args: tuple[Expr, ...]

    def render(self) -> str:
        return _call(self.kind, *self.args)


@dataclass(frozen=True, eq=False)
class When(Expr):
    """``then`` where ``cond`` is true, ``otherwise`` where it is false, unknown where the
    condition is unknown (an unknown sector must not silently count as private)."""

    cond: Expr
    then: Expr
    otherwise: Expr

    def render(self) -> str:
        return (f"hvis {self.cond.render()} så {self.then.render()} "
                f"ellers {self.otherwise.render()}")


@dataclass(frozen=True, eq=False)
class IsIn(Expr):
    arg: Expr
    values: tuple[Value, ...]

    def render(self) -> str:
        return f"{self.arg.render()} ∈ {{{', '.join(map(str, self.values))}}}"


@dataclass(frozen=True, eq=False)
class Unary(Expr):
    """One operand; ``TEXT`` says how the node reads."""

    arg: Expr
    TEXT: ClassVar[str] = "{arg}"

    def render(self) -> str:
        return self.TEXT.format(arg=self.arg.render())


@dataclass(frozen=True, eq=False)
class Binary(Expr):
    """Two operands; ``TEXT`` says how the node reads."""

    left: Expr
    right: Expr
    TEXT: ClassVar[str] = "{left}, {right}"

    def render(self) -> str:
        return self.TEXT.format(left=self.left.render(), right=self.right.render())


class Not(Unary):
    """Not; unknown stays unknown."""

    TEXT = "ikke {arg}"


class IsGiven(Unary):
    """True when the input is known: the one node that never yields unknown."""

    TEXT = "{arg} er oplyst"


class Centi(Unary):
    """Hours to integer centi-hours, so that hours × rate is exact."""

    TEXT = "{arg} (timer)"


class AddMonths(Binary):
    """A date plus calendar months (see ``primitives.add_months``)."""

    TEXT = "{left} + {right} mdr."


class AddDays(Binary):
    """A date plus days."""

    TEXT = "{left} + {right} dage"


class DaysBetween(Binary):
    """Whole calendar days from ``left`` to ``right`` (``right - left``)."""

    TEXT = "dage({left}..{right})"


class SpanEnd(Binary):
    """The last day of ``right`` months from ``left`` (see ``primitives.span_end``)."""

    TEXT = "sidste dag af {right} mdr. fra {left}"


class MonthsBetween(Binary):
    """Whole calendar months from ``left`` to ``right`` (see ``months_between``)."""

    TEXT = "måneder({left}..{right})"


# --- constructors used by the rules --------------------------------------------------


def fact(name: str) -> Fact:
    return Fact(name)


def lit(value: Value) -> Lit:
    return Lit(value)


def param(name: str, at: Expr) -> Param:
    return Param(name, at)


def minimum(*args: Expr) -> Expr:
    return MinMax("min", args)


def maximum(*args: Expr) -> Expr:
    return MinMax("max", args)


def when(cond: Expr, then: object, otherwise: object) -> Expr:
    return When(cond, lift(then), lift(otherwise))


def all_of(*args: Expr) -> Expr:
    return BoolOp("and", args)


def any_of(*args: Expr) -> Expr:
    return BoolOp("or", args)


def iter_nodes(expr: Expr) -> Iterable[Expr]:
    yield expr
    for child in expr.children():
        yield from iter_nodes(child)


__all__ = [
    "Expr", "Unary", "Binary", "Fact", "Lit", "Param", "ParamTimesDays", "Cmp", "BoolOp", "Not",
    "Arith", "DivRound", "MinMax", "When", "IsIn", "IsGiven", "AddMonths", "AddDays",
    "DaysBetween", "MonthsBetween", "months_between", "SpanEnd", "span_end", "Centi",
    "fact", "lit", "param",
    "minimum", "maximum", "when", "all_of", "any_of", "add_months", "div_round", "centi",
    "iter_nodes", "ParameterLookup",
]
