"""Reasons: what a condition found, in words, with the dated parameters it used.

A ``ConditionResult`` is one condition's verdict with the facts it read and the
parameters it used (``ParamUse``: value, source, confidence, reference, and the formula
where the value is derived). Its ``text`` is the condition's Danish sentence filled with
the evaluation's own values, what-if included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from jobrotation.domain import format as fmt
from jobrotation.law.conditions import Condition
from jobrotation.law.derivations import FORMULAS
from jobrotation.law.facts import EDUCATION_LABELS, FACTS
from jobrotation.law.parameters import (
    DECIMAL_UNITS,
    HOUR_UNITS,
    MONEY_UNITS,
    Parameter,
    ParameterSet,
    Value,
)
from jobrotation.law.routes import Verdict, blocks

DERIVED_WARNING = "beregnet efter formel, ikke offentliggjort"
_PLACEHOLDER = re.compile(r"\{([a-z_.0-9]+)\}")


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

    def blocks(self, route: str) -> bool:
        """This result stops ``route`` (see ``routes.blocks``)."""
        return blocks(self.condition, self.verdict, route)

    def text(self, lang: str = "da") -> str:
        template = self.condition.text if lang == "da" else self.condition.text_en
        return render(template, self, lang)

    def observed(self, lang: str = "da") -> str:
        return render(self.condition.observed, self, lang)


def param_use(params: ParameterSet, name: str, day: dt.date) -> ParamUse:
    """What a dated parameter was on ``day``, with its source (cached per set)."""
    cached = params.uses.get((name, day))
    if cached is None:
        cached = params.uses[(name, day)] = _make_param_use(params, name, day)
    return cached


def _make_param_use(params: ParameterSet, name: str, day: dt.date) -> ParamUse:
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


def _warning(u: ParamUse, shown: str) -> str | None:
    """Unknown, derived by formula or of low confidence: the sentence that says so."""
    if u.value is None:
        return f"Sats ikke kendt for {u.day.year}: {u.description}."
    if u.derived:
        return f"{u.description} {u.start.year}: {shown}, {DERIVED_WARNING}: {u.formula}."
    if u.confidence == "L":
        return f"Usikker værdi ({u.day.year}): {u.description} — {u.source}."
    return None


def warnings(uses: Iterable[ParamUse]) -> tuple[str, ...]:
    """The warnings of the parameters used, once each."""
    return tuple(dict.fromkeys(u.warning for u in uses if u.warning))


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
            return format_param(params[key], params.value_or_none(key, day) if day else None,
                                lang)
        if key in FACTS:
            return format_fact(key, result.values.get(key), lang)
        return match.group(0)

    return _PLACEHOLDER.sub(one, template)
