"""Text input (a spreadsheet's cells) means the same in a case and in a table.

``normalise`` (one case) and ``normalise_frame`` (a table) must turn the same text into
the same value, or both refuse it.
"""

from __future__ import annotations

import polars as pl
import pytest

from jobrotation.domain.errors import InvalidInput
from jobrotation.law.facts import normalise, normalise_frame

REFUSED = "afvist"


def one_case(name: str, raw: str) -> object:
    try:
        return normalise({name: raw})[name]
    except InvalidInput:
        return REFUSED


def table(name: str, raw: str) -> object:
    try:
        return normalise_frame(pl.DataFrame({name: [raw]})).collect()[name][0]
    except (InvalidInput, pl.exceptions.PolarsError):
        return REFUSED


def bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.mark.parametrize(("name", "raw"), [
    ("employee.hourly_wage", "246.80"),
    ("employee.hourly_wage", "246"),
    ("training.hours_per_week", "37.5"),
    ("training.start", "2024-03-04"),
    ("employee.full_wage", "ja"),
    ("employee.full_wage", "Nej"),
    ("employee.education_level", "kandidat"),
    pytest.param("employee.education_level", "2", marks=bug(
        "a level code as text: the table reads '2' as erhvervsuddannelse; one case "
        "refuses it (it accepts only the int 2 or the name)")),
    ("employer.sector", "public"),
    pytest.param("employee.hourly_wage", "246,80", marks=bug(
        "Danish decimal comma: one case reads 246,80 kr.; the table cast to Float64 fails "
        "with a Polars InvalidOperationError")),
    pytest.param("training.hours_per_week", "7,4", marks=bug(
        "Danish decimal comma in hours: one case reads 7,4; the table cast fails")),
    pytest.param("training.hours_per_week", "-3", marks=bug(
        "negative hours: one case refuses them; the table evaluates with -3")),
    pytest.param("employee.hourly_wage", "246.805", marks=bug(
        "one case reads the dot as a thousands separator (246.805 kr.); the table "
        "silently rounds to 246,81 kr.")),
])
def test_text_input_means_the_same_in_a_case_and_in_a_table(name, raw):
    assert one_case(name, raw) == table(name, raw)
