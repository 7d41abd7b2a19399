"""The rule definitions as the public pages show them: a condition's text for a date
without a case, which conditions each audience reads, and the short check forms.

Nothing here decides a rule. Texts come from ``law.texts`` (a condition on a date) and
``law.reasons`` (a case's answer); the forms' questions and choices are
``law.facts.FACTS``; the answers are ``law.case.evaluate``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jobrotation.domain.errors import InvalidInput
from jobrotation.law.case import evaluate
from jobrotation.law.conditions import CONDITIONS, PARTY_LABELS, ROUTE_LABELS, Condition
from jobrotation.law.facts import (
    EDUCATION_LABELS,
    EDUCATION_LEVELS,
    FACTS,
    as_facts,
    normalise_value,
)
from jobrotation.law.reasons import ConditionResult
from jobrotation.law.routes import Verdict, route_verdict
from jobrotation.law.texts import CONDITION_BY_ID, condition_text, routes_text

# --- the audiences -------------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    slug: str
    title: str
    parties: tuple[str, ...]
    extra: tuple[str, ...] = ()  # condition ids of another party that concern this audience

    def conditions(self) -> list[Condition]:
        return [c for c in CONDITIONS if c.party in self.parties or c.id in self.extra]

    def groups(self, day: dt.date) -> list[tuple[str, list[dict[str, str]]]]:
        """Conditions by party (in ``PARTY_LABELS`` order), each ready for the page."""
        out = []
        for party, label in PARTY_LABELS.items():
            items = [{"id": c.id, "text": condition_text(c, day), "routes": routes_text(c),
                      "reference": c.reference, "confidence": c.confidence}
                     for c in self.conditions() if c.party == party]
            if items:
                out.append((label, items))
        return out


AUDIENCES = {
    "ledige": Audience("ledige", "Til dig, der er ledig", ("substitute",),
                       ("employer.not_owned_by_partner",)),
    "tillidsrepraesentanter": Audience(
        "tillidsrepraesentanter", "Til tillidsrepræsentanter",
        ("scheme", "employee", "training", "rotation", "employer")),
    "virksomheder": Audience("virksomheder", "Til virksomheder", tuple(PARTY_LABELS)),
}


# --- the check forms -----------------------------------------------------------------------


@dataclass
class Field:
    """One question of a check form, as the template draws it."""

    name: str  # the fact's name
    kind: str
    label: str
    unit: str
    options: list[tuple[str, str]]
    value: str = ""
    error: str | None = None

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")


@dataclass(frozen=True)
class Check:
    """A short form: the conditions it answers and, from their inputs, its questions."""

    slug: str
    title: str
    condition_ids: tuple[str, ...]
    first: str  # facts with this prefix come first

    def conditions(self) -> list[Condition]:
        return [CONDITION_BY_ID[i] for i in self.condition_ids]

    def fact_names(self) -> list[str]:
        needed = set().union(*(c.inputs() for c in self.conditions()))
        order = list(FACTS)
        return sorted(needed, key=lambda n: (not n.startswith(self.first), order.index(n)))

    def fields(self, raw: Mapping[str, str] | None = None) -> list[Field]:
        return fact_fields(self.fact_names(), raw)


def fact_fields(names: Iterable[str], raw: Mapping[str, Any] | None = None) -> list[Field]:
    """A form question per fact, filled with ``raw`` (the typed answers, if any)."""
    raw = raw or {}
    return [Field(n, FACTS[n].kind, FACTS[n].question, FACTS[n].unit, _options(n),
                  as_typed(raw.get(n))) for n in names]


def as_typed(value: Any) -> str:
    """A stored fact as a form shows it (booleans as ja/nej, levels by code)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value).strip()


def _options(name: str) -> list[tuple[str, str]]:
    spec = FACTS[name]
    if spec.kind == "bool":
        return [("ja", "Ja"), ("nej", "Nej"), ("", "Ved ikke")]
    if spec.kind == "level":
        return [(code, EDUCATION_LABELS[level]) for code, level in EDUCATION_LEVELS.items()]
    return list(spec.choices.items())


SUBSTITUTE_CHECK = Check(
    "kan-jeg-vaere-vikar", "Kan jeg være vikar?",
    ("scheme.open",) + tuple(c.id for c in CONDITIONS if c.party == "substitute")
    + ("employer.not_owned_by_partner",), "substitute.")
EMPLOYEE_CHECK = Check(
    "kan-min-medarbejder", "Kan min medarbejder komme i jobrotation?",
    tuple(c.id for c in CONDITIONS if c.party in ("scheme", "employee", "training")),
    "employee.")

_DANISH_DATE = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$")
_CPR_LIKE = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")
MAX_INPUT = 60
CPR_REFUSED = "Skriv ikke et CPR-nummer her."


def looks_like_cpr(text: str) -> bool:
    """Ten digits as DDMMÅÅ-SSSS (with or without the dash): never echoed back."""
    return bool(_CPR_LIKE.search(text))


def _iso_date(text: str) -> str:
    """Accept 2.3.2026 and 02-03-2026 besides ISO (a browser without a date picker)."""
    m = _DANISH_DATE.match(text)
    if m:
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            return text
    return text


def read_fields(fields: Iterable[Field]) -> dict[str, Any]:
    """Each answer through ``law.facts.normalise_value``; errors stay on their field."""
    facts: dict[str, Any] = dict.fromkeys(FACTS)
    for f in fields:
        spec = FACTS[f.name]
        text = f.value
        if len(text) > MAX_INPUT:
            f.value, f.error = "", "Svaret er for langt."
            continue
        if looks_like_cpr(text):
            f.value, f.error = "", CPR_REFUSED
            continue
        if spec.kind == "date":
            text = _iso_date(text)
        try:
            facts[f.name] = normalise_value(spec, text)
        except InvalidInput as exc:
            message = str(exc)
            f.error = message.removeprefix(f"{spec.question}: ") or message
    return facts


@dataclass(frozen=True)
class Item:
    """One condition of an answer: its result and its text for this case."""

    result: ConditionResult
    text: str


@dataclass
class Answer:
    """The check's answer: each relevant condition, the routes as far as they go, what is
    still missing and any warning about the rates used."""

    items: list[Item]
    routes: list[tuple[str, Verdict]]
    missing: list[tuple[str, str]]  # (field id, Danish question)
    warnings: list[str] = field(default_factory=list)


def answer(check: Check, facts: Mapping[str, Any], today: dt.date) -> Answer:
    evaluation = evaluate(as_facts(facts))
    wanted = set(check.condition_ids)
    results = [r for r in evaluation.conditions if r.condition.id in wanted]
    # A condition that used no parameter (not relevant, or short of facts) is worded as
    # of the day the others used, else today.
    day = next((u.day for r in results for u in r.params), today)
    items = [Item(r, r.text() if r.params else condition_text(r.condition, day))
             for r in results]
    pairs = [(r.condition, r.verdict) for r in results]
    routes = [(label, verdict) for route, label in ROUTE_LABELS.items()
              if (verdict := route_verdict(pairs, route)) is not None]
    missing_names = dict.fromkeys(n for r in results for n in r.missing)
    missing = [("f-" + n.replace(".", "-"), FACTS[n].question) for n in missing_names]
    descriptions = {u.description for r in results for u in r.params}
    warnings = [w for w in evaluation.warnings if any(d in w for d in descriptions)]
    return Answer(items, routes, missing, warnings)
