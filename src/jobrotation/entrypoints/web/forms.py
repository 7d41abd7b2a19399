"""Reading a submitted form: one value at a time, each with a Danish error on its field.

    form = Form(await request.form())
    start = form.date("start", "Første dag")
    hours = form.number("hours", "Timer pr. dag", low=0, high=24)
    if form.errors: ...   # show the form again with form.values and form.errors

Nothing typed is lost: ``values`` keeps every answer as typed, so a form shown again
holds what the user wrote (a CPR-shaped text is the one thing never echoed back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from jobrotation.domain.errors import Conflict, IllegalTransition, InvalidInput
from jobrotation.law.facts import number_text

from .lawtext import (
    CPR_REFUSED,
    Field,
    _iso_date,
    as_typed,
    fact_fields,
    looks_like_cpr,
    read_fields,
)

# Errors a user can fix in the form; refusals (NotAllowed, NotFound) get their own page.
FORM_ERRORS = (InvalidInput, IllegalTransition, Conflict)


class Form:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.raw = data
        self.values: dict[str, str] = {}
        self.errors: dict[str, str] = {}

    @classmethod
    def prefilled(cls, values: Mapping[str, Any]) -> Form:
        """A form showing stored values (as a user would type them)."""
        form = cls(values)
        form.values = {k: as_typed(v) for k, v in values.items()}
        return form

    def _get(self, name: str) -> str:
        value = self.raw.get(name)
        text = value.strip() if isinstance(value, str) else ""
        self.values[name] = text
        return text

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, name: str, label: str, required: bool = False,
             limit: int = 200, cpr_ok: bool = False) -> str:
        value = self._get(name)
        if required and not value:
            self.fail(name, f"Udfyld {label.lower()}.")
        elif len(value) > limit:
            self.fail(name, f"{label} må højst være {limit} tegn.")
        elif not cpr_ok and looks_like_cpr(value):
            self.values[name] = ""
            self.fail(name, CPR_REFUSED)
        return value

    def _given(self, name: str, label: str, required: bool) -> str:
        value = self._get(name)
        if not value and required:
            self.fail(name, f"Angiv {label.lower()}.")
        return value

    def date(self, name: str, label: str, required: bool = True) -> dt.date | None:
        value = self._given(name, label, required)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(_iso_date(value))
        except ValueError:
            self.fail(name, f"{label}: skriv en dato som 2.3.2026.")
            return None

    def number(self, name: str, label: str, low: float = 0, high: float = 1e9,
               required: bool = True) -> float | None:
        value = self.decimal(name, label, required)
        if value is None:
            return None
        if not low <= value <= high:
            self.fail(name, f"{label} skal være mellem {_n(low)} og {_n(high)}.")
            return None
        return float(value)

    def money_ore(self, name: str, label: str, required: bool = False) -> int | None:
        """Kroner as typed in Danish ("12.550,50") → øre."""
        value = self.decimal(name, label, required)
        if value is None:
            return None
        if value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
            self.fail(name, f"{label}: skriv et beløb i kroner med højst to decimaler.")
            return None
        return int(value * 100)

    def decimal(self, name: str, label: str, required: bool) -> Decimal | None:
        value = self._given(name, label, required)
        if not value:
            return None
        try:
            number = Decimal(number_text(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if number.is_finite():
            return number
        self.fail(name, f"{label}: skriv et tal, fx 7,4.")
        return None

    def checked(self, name: str) -> bool:
        value = self._get(name)
        return value in ("on", "ja", "1", "true")

    def choice(self, name: str, label: str, choices: Mapping[str, str]) -> str:
        value = self._get(name)
        if value not in choices:
            self.fail(name, f"Vælg {label.lower()}.")
        return value

    def ids(self, name: str) -> list[int]:
        """Every value of a repeated field (checkboxes) that is a whole number."""
        getlist = getattr(self.raw, "getlist", None)
        values = getlist(name) if getlist else [self.raw.get(name)]
        return [int(v) for v in values if isinstance(v, str) and v.isdigit()]


def _n(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def fact_questions(names: list[str], form: Form) -> list[Field]:
    """The fact questions as typed, with the errors found."""
    fields = fact_fields(names, form.values)
    for f in fields:
        f.error = form.errors.get(f.name)
    return fields


def typed_facts(form: Form, names: list[str]) -> dict[str, Any]:
    """The fact answers of a posted form, checked by the law; errors stay on their field."""
    fields = fact_fields(names, form.raw)
    facts = read_fields(fields)
    for f in fields:
        form.values[f.name] = f.value
        if f.error:
            form.fail(f.name, f.error)
    # Stored as typed (the service checks them again), dates as ISO dates.
    return {n: facts[n].isoformat() if isinstance(facts[n], dt.date) else form.values[n]
            for n in names if facts.get(n) is not None}
