"""The command line, run as a user would: output, exit codes and Danish errors."""

import json
from pathlib import Path

import polars as pl
import yaml
from typer.testing import CliRunner

from jobrotation.entrypoints.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_compare_private_2024_shows_the_guides_figures():
    code, output = run("compare", "--year", "2024", "--sector", "private")
    assert code == 0
    assert "7.517,29 kr." in output
    assert "4.700,00 kr." in output and "3.290,04 kr." in output
    assert "7.990,04 kr." in output


def test_compare_public_2024_as_json_to_the_ore():
    code, output = run("compare", "--year", "2024", "--sector", "public", "--json")
    assert code == 0
    data = json.loads(output)
    assert data["route1"]["total"] == "7517.29"
    assert data["route2"] == {"veu": "4700.00", "loentilskud": "4777.81", "total": "9477.81"}


def test_compare_without_year_uses_the_newest_year_with_known_rates():
    code, output = run("compare", "--json")
    assert code == 0
    assert json.loads(output)["year"] == 2024


def test_compare_year_without_known_rate_says_so_in_danish():
    code, output = run("compare", "--year", "2012")
    assert code == 0
    assert "sats ikke kendt for 2012" in output


def test_compare_shows_the_known_parts_of_an_early_year():
    code, output = run("compare", "--year", "2014", "--sector", "public")
    assert code == 0
    assert "6.519,40 kr." in output  # 37 × 176,20
    assert "sats ikke kendt for 2014" in output  # VEU and løntilskud


def test_compare_2026_marks_the_rates_derived_by_formula():
    code, output = run("compare", "--year", "2026")
    assert code == 0
    assert "8.138,15 kr." in output  # 37 × 219,95
    assert "beregnet efter formel, ikke offentliggjort" in output


def test_compare_in_english():
    code, output = run("compare", "--year", "2024", "--lang", "en")
    assert code == 0
    assert "DKK 7,517.29" in output


def _example(tmp_path: Path, **changes: object) -> Path:
    path = next(iter(sorted((ROOT / "examples").glob("*.yaml"))))
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        section, name = dotted.split("__")
        doc[section][name] = value
    out = tmp_path / "case.yaml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return out


def test_evaluate_explains_every_condition_with_its_reference(tmp_path):
    code, output = run("evaluate", str(_example(tmp_path)), "--json", "--as-of", "2024-03-01")
    assert code == 0
    data = json.loads(output)
    assert len(data["conditions"]) >= 20
    for c in data["conditions"]:
        assert c["reference"] and c["text"] and c["verdict"]
        assert "{" not in c["text"], c["text"]


def test_evaluate_prints_danish_table(tmp_path):
    code, output = run("evaluate", str(_example(tmp_path)), "--as-of", "2024-03-01")
    assert code == 0
    assert "Jobrotationsydelse:" in output
    assert "LAB § 150" in output


def test_evaluate_refuses_bad_input_with_a_danish_message(tmp_path):
    code, output = run("evaluate", str(_example(tmp_path, training__start="32-13-2024")))
    assert code == 2
    assert "er ikke en dato" in output


def test_what_if_reports_the_changed_weekly_amount(tmp_path):
    reform = tmp_path / "reform.yaml"
    reform.write_text(yaml.safe_dump({"rate.jobrotation_hourly": {"values": {
        "2024-01-01": {"value": "250.00", "confidence": "L", "source": "reformforslag"}}}}),
        encoding="utf-8")
    case = _example(tmp_path, training__start="2024-03-04", substitute__start="2024-03-04",
                    training__hours_per_week=37, substitute__hours_per_week=37)
    code, output = run("evaluate", str(case), "--what-if", str(reform), "--json")
    assert code == 0
    changes = {c["what"]: c for c in json.loads(output)["changes"]}
    assert changes["route1_week"] == {"what": "route1_week", "before": 751729, "after": 925000}


def test_batch_writes_a_verdict_and_reason_per_row(tmp_path):
    rows = pl.DataFrame({
        "training.start": ["2024-03-04", "2024-03-04"],
        "training.end": ["2024-05-31", "2024-05-31"],
        "employee.employed_since": ["2020-01-01", "2024-02-01"],
        "training.hours_per_week": [37.0, 37.0],
        "substitute.hours_per_week": [37.0, 37.0],
        "employer.sector": ["private", "public"],
    })
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    rows.write_csv(source)
    code, _ = run("batch", str(source), "--out", str(target))
    assert code == 0
    result = pl.read_csv(target)
    assert result.height == 2
    assert result["route1_week_kr"].to_list() == [7517.29, 7517.29]
    assert "employee.employed_before_start" not in (result["reasons"][0] or "")
    assert "employee.employed_before_start" in result["reasons"][1]
    assert set(result["jobrotationsydelse"]) <= {"ikke opfyldt", "mangler oplysninger"}


def test_rules_doc_is_generated_from_the_definitions():
    code, output = run("rules", "--markdown")
    assert code == 0
    stale = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert output == stale, "docs/rules.md er forældet: kør `make docs`"
