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


@pytest.mark.parametrize(("name", "raw"), [
    ("employee.hourly_wage", "246.80"),
    ("employee.hourly_wage", "246"),
    ("training.hours_per_week", "37.5"),
    ("training.start", "2024-03-04"),
    ("employee.full_wage", "ja"),
    ("employee.full_wage", "Nej"),
    ("employee.education_level", "kandidat"),
    ("employee.education_level", "2"),
    ("employer.sector", "public"),
    ("employee.hourly_wage", "246,80"),
    ("training.hours_per_week", "7,4"),
    ("training.hours_per_week", "-3"),
    ("employee.hourly_wage", "246.805"),
])
def test_text_input_means_the_same_in_a_case_and_in_a_table(name, raw):
    assert one_case(name, raw) == table(name, raw)
