"""Parameter files: malformed ones are refused on load; every shipped one is sound."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jobrotation.domain.errors import InvalidParameters
from jobrotation.law.parameters import CONFIDENCES, UNITS, load_parameters

HEADER = """\
description: Jobrotationsydelse pr. time
description_en: Job-rotation benefit per hour
unit: {unit}
reference: LAB § 152
values:
"""
GOOD_VALUE = '  2024-01-01: {value: "203.17", confidence: H, source: "3F-vejledning 2024"}\n'


def write(directory: Path, values: str, unit: str = "kr_per_hour") -> Path:
    path = directory / "rate.jobrotation_hourly.yaml"
    path.write_text(HEADER.format(unit=unit) + values, encoding="utf-8")
    return path


def test_a_well_formed_file_loads(tmp_path):
    write(tmp_path, GOOD_VALUE)
    params = load_parameters(tmp_path)
    assert params.value_at("rate.jobrotation_hourly", dt.date(2024, 6, 1)) == 20317


@pytest.mark.parametrize(("values", "unit"), [
    pytest.param(GOOD_VALUE + GOOD_VALUE, "kr_per_hour", id="duplicate-date"),
    pytest.param('  2024-01-01: {value: "203.17", confidence: H, source: "a"}\n'
                 '  2023-01-01: {value: "196.87", confidence: L, source: "b"}\n',
                 "kr_per_hour", id="dates-out-of-order"),
    pytest.param(GOOD_VALUE, "kr_per_fortnight", id="unknown-unit"),
    pytest.param('  2024-01-01: {value: "203.17", confidence: H}\n', "kr_per_hour",
                 id="missing-source"),
    pytest.param('  2024-01-01: {value: "203.17", confidence: H, source: "  "}\n',
                 "kr_per_hour", id="empty-source"),
    pytest.param('  2024-01-01: {value: "203.175", confidence: H, source: "a"}\n',
                 "kr_per_hour", id="money-with-3-decimals"),
    pytest.param('  2024-01-01: {value: "203.17", confidence: X, source: "a"}\n',
                 "kr_per_hour", id="bad-confidence"),
    pytest.param('  2024-01-01: {value: "6.5", confidence: H, source: "a"}\n', "months",
                 id="fractional-months"),
    pytest.param('  2024-13-01: {value: "203.17", confidence: H, source: "a"}\n',
                 "kr_per_hour", id="not-a-date"),
    pytest.param("  {}\n", "kr_per_hour", id="no-values"),
])
def test_malformed_parameter_file_is_refused(tmp_path, values, unit):
    write(tmp_path, values, unit)
    with pytest.raises(InvalidParameters):
        load_parameters(tmp_path)


def test_a_parameter_without_a_reference_is_refused(tmp_path):
    path = write(tmp_path, GOOD_VALUE)
    path.write_text(path.read_text(encoding="utf-8").replace("reference: LAB § 152\n", ""),
                    encoding="utf-8")
    with pytest.raises(InvalidParameters, match="reference"):
        load_parameters(tmp_path)


def test_every_shipped_parameter_loads_with_a_source_for_each_value():
    params = load_parameters()
    assert len(params.parameters) >= 20
    for p in params:
        assert p.unit in UNITS and p.reference.strip() and p.description.strip(), p.name
        for v in p.values:
            assert v.source.strip(), (p.name, v.start)
            assert v.confidence in CONFIDENCES, (p.name, v.start)
        starts = [v.start for v in p.values]
        assert starts == sorted(set(starts)), p.name


def test_unknown_and_derived_rates_are_flagged_as_estimates():
    for p in load_parameters():
        for v in p.values:
            if v.value is None or (p.name.startswith("rate.") and "Afledt" in v.source):
                assert v.confidence == "L", (p.name, v.start)
