"""Bad input to the command line: one Danish sentence naming the file or field, exit 2,
never a traceback; and the bounds of what can be typed (``law.bounds``)."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from jobrotation.domain.errors import InvalidInput
from jobrotation.entrypoints.cli import app, friendly
from jobrotation.law import bounds
from jobrotation.law.facts import FACTS, normalise_value
from jobrotation.services import projects

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "examples" / "01_privat_metal_cnc_amu.yaml").read_text(encoding="utf-8")
REFORM = ("rate.jobrotation_hourly:\n  values:\n"
          "    {day}: {{value: '250.00', confidence: L, source: reformforslag}}\n")


def run_refused(*args: str) -> str:
    """Run the command; it must refuse with exit 2 and no traceback. Returns the output."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output
    return result.output


def changed(old: str, new: str) -> Callable[[Path], Path]:
    """A file builder: the example case with one line's text replaced."""
    def build(tmp: Path) -> Path:
        assert old in EXAMPLE
        path = tmp / "sag.yaml"
        path.write_text(EXAMPLE.replace(old, new, 1), encoding="utf-8")
        return path
    return build


def written(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path
    return build


def folder(name: str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        (tmp / name).mkdir()
        return tmp / name
    return build


BAD_CASES = {
    "missing": (lambda tmp: tmp / "findes_ikke.yaml", ["findes_ikke.yaml", "findes ikke"]),
    "directory": (folder("sager.yaml"), ["sager.yaml", "er en mappe"]),
    "not_utf8": (written("sag.yaml", b"name: K\xf8benhavn\n"), ["sag.yaml", "UTF-8"]),
    "binary": (written("sag.yaml", bytes(range(256)) * 4), ["sag.yaml", "UTF-8"]),
    "nul_bytes": (written("sag.yaml", "name: a\x00b\n"), ["sag.yaml", "ikke tekst"]),
    "yaml_syntax": (written("sag.yaml", "employer: [private\n"), ["sag.yaml", "kan ikke læses"]),
    "json_syntax": (written("sag.json", '{"employer": '), ["sag.json", "kan ikke læses"]),
    "month_13": (changed("start: 2024-04-08", "start: 2024-13-45"),
                 ["sag.yaml", "linje", "'2024-13-45' er ikke en dato"]),
    "february_30": (changed("start: 2024-04-08", "start: 2024-02-30"),
                    ["sag.yaml", "'2024-02-30' er ikke en dato"]),
    "year_9999": (changed("start: 2024-04-08", "start: 9999-04-08"),
                  ["Uddannelsens første dag: '9999-04-08' skal ligge mellem 2000 og 2100"]),
    "end_9999_12_31": (changed("end: 2024-06-28", "end: 9999-12-31"),
                       ["Uddannelsens sidste dag", "mellem 2000 og 2100"]),
    "year_1": (changed("employed_since: 2019-08-01", "employed_since: 0001-01-01"),
               ["Hvornår blev medarbejderen ansat", "mellem 1900 og 2100"]),
    "1e308_money": (changed("hourly_wage: 246.80", "hourly_wage: 1e308"),
                    ["Medarbejderens timeløn", "over grænsen på 10.000 kr. pr. time"]),
    "1e308_number": (changed("benefit_months_total: 8", "benefit_months_total: 1e308"),
                     ["Måneder på dagpenge i alt", "over grænsen"]),
    "500_hours": (changed("hours_per_week: 37", "hours_per_week: 500"),
                  ["Timer i uddannelse pr. uge: '500' er over grænsen på 80"]),
    "huge_integer": (changed("ordinary_employees: 42", "ordinary_employees: " + "9" * 5000),
                     ["sag.yaml", "et tal, der ikke kan læses"]),
    "deep_yaml": (written("sag.yaml", "a: " + "[" * 20_000 + "]" * 20_000 + "\n"),
                  ["sag.yaml", "for dybt"]),
    "deep_json": (written("sag.json", "[" * 200_000 + "]" * 200_000), ["sag.json", "for dybt"]),
    "list_not_mapping": (written("sag.yaml", "- 1\n- 2\n"), ["sag.yaml", "én sag"]),
    "empty": (written("sag.yaml", ""), ["sag.yaml", "én sag"]),
    "json_string": (written("sag.json", '"en sag"'), ["sag.json", "én sag"]),
    "markup_in_value": (changed("hours_per_week: 37", 'hours_per_week: "[/]"'),
                        ["Timer i uddannelse pr. uge: '[/]' er ikke et tal"]),
}


@pytest.mark.parametrize(("build", "expected"), BAD_CASES.values(), ids=BAD_CASES.keys())
def test_evaluate_refuses_a_bad_case_file_in_one_danish_sentence(tmp_path, build, expected):
    output = run_refused("evaluate", str(build(tmp_path)), "--as-of", "2024-03-01")
    assert output.startswith("Fejl:") and output.count("\n") == 1, output
    for text in expected:
        assert text in output


BAD_WHAT_IFS = {
    "missing": (lambda tmp: tmp / "reform.yaml", "findes ikke"),
    "directory": (folder("reform.yaml"), "er en mappe"),
    "binary": (written("reform.yaml", bytes(range(256)) * 4), "UTF-8"),
    "list": (written("reform.yaml", "- 1\n- 2\n"), "tabel"),
    "scalar_entry": (written("reform.yaml", "rate.jobrotation_hourly: 250\n"), "tabel"),
    "impossible_date": (written("reform.yaml", REFORM.format(day="2024-02-30")),
                        "dato, der ikke findes"),
    "deep": (written("reform.yaml", "a: " + "[" * 20_000 + "]" * 20_000 + "\n"), "for dybt"),
}


@pytest.mark.parametrize(("build", "expected"), BAD_WHAT_IFS.values(), ids=BAD_WHAT_IFS.keys())
def test_a_bad_what_if_file_is_refused_by_evaluate_and_compare(tmp_path, build, expected):
    reform = build(tmp_path)
    case = changed("name:", "name:")(tmp_path)
    for args in (("evaluate", str(case)), ("compare", "--year", "2024")):
        output = run_refused(*args, "--what-if", str(reform))
        assert "reform.yaml" in output and expected in output, output


def test_a_good_what_if_file_still_works(tmp_path):
    reform = written("reform.yaml", REFORM.format(day="2024-01-01"))(tmp_path)
    result = runner.invoke(app, ["compare", "--year", "2024", "--what-if", str(reform)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("args", "expected"), [
    (("--hours", "500"), "Timer pr. uge"),
    (("--hours", "1e308"), "Timer pr. uge"),
    (("--hours", "abc"), "--hours"),  # typer's own check of the type
    (("--year", "9999"), "9999"),
    (("--year", "99999"), "Fejl:"),  # no date has this year: compare's check or friendly's
], ids=["500_hours", "1e308_hours", "hours_not_a_number", "year_9999", "year_99999"])
def test_compare_refuses_out_of_range_options(args, expected):
    assert expected in run_refused("compare", *args)


def test_friendly_turns_an_arithmetic_overflow_into_a_danish_sentence(capsys):
    @friendly
    def command(case: Path) -> None:
        dt.date(9999, 12, 31) + dt.timedelta(days=1)

    with pytest.raises(typer.Exit) as exit_:
        command(case=Path("/tmp/sag.yaml"))
    assert exit_.value.exit_code == 2
    assert "sag.yaml: et tal eller en dato ligger uden for" in capsys.readouterr().err


def test_friendly_lets_a_programming_error_through():
    @friendly
    def command() -> None:
        raise TypeError("a bug, not bad input")

    with pytest.raises(TypeError):
        command()


# --- the bounds, in normalise_value ---------------------------------------------------------

def refused(name: str, raw: object) -> str:
    with pytest.raises(InvalidInput) as error:
        normalise_value(FACTS[name], raw)
    message = str(error.value)
    assert message.startswith(FACTS[name].question + ": "), message
    assert f"'{raw}'" in message, message  # what was typed is kept
    return message


@pytest.mark.parametrize(("name", "highest", "over"), [
    ("training.hours_per_week", 80, "80.01"),
    ("substitute.hours_per_week", "80,00", "80,01"),
    ("employee.hourly_wage", "10.000,00", "10.000,01"),
    ("substitute.hourly_wage", 10_000, 10_000.01),
    ("substitute.monthly_benefit", "100000", "100000.01"),
    ("employer.annual_wage_costs", 10**12, "1000000000000.01"),
    ("employer.annual_public_aid", "1.000.000.000.000", "1.000.000.000.001"),
    ("training.course_fee", 10**12, 10**12 + 1),
    ("substitute.benefit_months_total", 1200, 1201),
    ("substitute.benefit_months_continuous", 1200, "1200,5"),
    ("employer.ordinary_employees", 10_000_000, 10_000_001),
    ("employer.subsidised_employees", "10.000.000", "10.000.001"),
])
def test_the_highest_value_is_accepted_and_just_over_is_refused(name, highest, over):
    assert normalise_value(FACTS[name], highest) is not None
    assert "er over grænsen på" in refused(name, over)


def test_the_refusal_names_the_field_and_the_bound():
    assert refused("training.hours_per_week", "500") == \
        "Timer i uddannelse pr. uge: '500' er over grænsen på 80 timer"
    assert refused("training.course_fee", 10**13).endswith("over grænsen på 1.000 mia. kr.")


@pytest.mark.parametrize("raw", [1e308, "1e308", "1E+308", 10**400])
def test_1e308_is_refused_as_a_number_and_as_money(raw):
    refused("training.hours_per_week", raw)
    refused("employee.hourly_wage", raw)


def test_negative_numbers_are_still_refused():
    assert "0 eller derover" in refused("training.hours_per_week", -1)


@pytest.mark.parametrize("raw", ["2000-01-01", dt.date(2000, 1, 1), "2100-12-31",
                                 dt.datetime(2100, 12, 31, 23, 59)])
def test_dates_from_2000_to_2100_are_accepted(raw):
    assert bounds.FIRST_DAY <= normalise_value(FACTS["training.start"], raw) <= bounds.LAST_DAY


@pytest.mark.parametrize("raw", ["1999-12-31", dt.date(1999, 12, 31), "2101-01-01",
                                 dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_dates_outside_2000_to_2100_are_refused(raw):
    assert refused("substitute.end", raw).endswith("skal ligge mellem 2000 og 2100")


@pytest.mark.parametrize("name", [n for n, s in FACTS.items() if s.kind in ("number", "money")])
def test_every_number_and_amount_has_a_bound(name):
    assert FACTS[name].high is not None


def test_the_services_take_the_typed_hours_bounds_from_the_law():
    """The bounds are checked before the store is touched, so no store is needed."""
    assert (bounds.MAX_DAY_HOURS, bounds.MAX_WEEK_HOURS) == (24, 80)
    day = dt.date(2026, 1, 5)
    with pytest.raises(InvalidInput, match=f"mellem 0 og {bounds.MAX_DAY_HOURS}"):
        projects.add_training(None, None, 1, 1, provider="AMU", course="Svejsning",
                              type="amu", start=day, end=day,
                              hours_per_day=bounds.MAX_DAY_HOURS + 0.5)
    with pytest.raises(InvalidInput, match=f"mellem 0 og {bounds.MAX_WEEK_HOURS}"):
        projects.add_assignment(None, None, 1, 1, start=day, end=day, covers=[1],
                                hours_per_week=bounds.MAX_WEEK_HOURS + 1)
