"""The inputs a case can give: name, kind, the Danish question, and allowed choices.

A case is a flat mapping from these names to values (a nested YAML/JSON document is
flattened: ``{"employee": {"employed_since": ...}}`` → ``employee.employed_since``).
``normalise`` turns user input into the values the rules compute with (dates, floats,
integer øre for money, integer codes for education levels), with Danish errors; the
table path (``frame_schema``) gives the same types as Polars columns.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import polars as pl

from jobrotation.domain.errors import InvalidInput
from jobrotation.law import bounds

EDUCATION_LEVELS = {
    "grundskole": 0, "gymnasial": 1, "erhvervsuddannelse": 2, "kort_videregaaende": 3,
    "mellemlang_videregaaende": 4, "bachelor": 5, "kandidat": 6, "phd": 7,
}
EDUCATION_LABELS = {
    0: "grundskole", 1: "gymnasial uddannelse", 2: "erhvervsuddannelse",
    3: "kort videregående uddannelse", 4: "mellemlang videregående uddannelse",
    5: "bachelor", 6: "kandidat", 7: "ph.d.",
}


@dataclass(frozen=True)
class FactSpec:
    name: str
    kind: str  # date | number | bool | choice | money | level | weekdays
    question: str  # Danish, as a caseworker would ask it
    question_en: str
    choices: Mapping[str, str] = field(default_factory=dict)  # code → Danish label
    unit: str = ""
    # The largest number or amount (kr.) that can be typed (``law.bounds``); a date lies
    # between ``bounds.FIRST_DAY`` and ``bounds.LAST_DAY``.
    high: int | None = None


# The bound of a number or amount, by its unit: every "timer" fact is hours a week.
_HIGH = {"timer": bounds.MAX_WEEK_HOURS, "måneder": bounds.MAX_MONTHS,
         "personer": bounds.MAX_EMPLOYEES, "kr. pr. time": bounds.MAX_HOURLY_WAGE,
         "kr. pr. måned": bounds.MAX_MONTHLY_BENEFIT, "kr.": bounds.MAX_AMOUNT}


def _f(name: str, kind: str, question: str, question_en: str, unit: str = "",
       **choices: str) -> FactSpec:
    if kind in ("number", "money") and unit not in _HIGH:
        raise ValueError(f"{name}: no bound for the unit {unit!r} (see law.bounds)")
    return FactSpec(name, kind, question, question_en, choices, unit, _HIGH.get(unit))


FACTS: dict[str, FactSpec] = {f.name: f for f in (
    _f("employer.sector", "choice", "Er arbejdsgiveren privat eller offentlig?",
       "Is the employer private or public?", private="privat", public="offentlig"),
    _f("employer.owned_by_substitute_partner", "bool",
       "Ejes virksomheden af vikarens ægtefælle eller samlever?",
       "Is the firm owned by the substitute's spouse or cohabitant?"),
    _f("employer.ordinary_employees", "number", "Antal ordinært ansatte hos arbejdsgiveren",
       "Number of ordinary employees", "personer"),
    _f("employer.subsidised_employees", "number",
       "Antal ansatte med løntilskud, denne vikar medregnet",
       "Number of employees with wage subsidy, this substitute included", "personer"),
    _f("employer.annual_wage_costs", "money", "Arbejdsgiverens samlede lønomkostninger over et år",
       "Employer's total wage costs over a year", "kr."),
    _f("employer.annual_public_aid", "money",
       "Samlet offentlig støtte til arbejdsgiveren over et år, løntilskuddet medregnet",
       "Total public aid to the employer over a year, this wage subsidy included", "kr."),
    _f("employee.employed_since", "date", "Hvornår blev medarbejderen ansat hos arbejdsgiveren?",
       "When was the employee hired by this employer?"),
    _f("employee.employment_type", "choice", "Hvordan er medarbejderen ansat?",
       "How is the employee employed?", ordinary="ordinært ansat",
       subsidised="ansat med offentligt tilskud", pupil="elev", apprentice="lærling",
       adult_apprentice="voksenlærling"),
    _f("employee.education_level", "level", "Medarbejderens højeste fuldførte uddannelse",
       "The employee's highest completed education"),
    _f("employee.education_last_used", "date",
       "Hvornår har medarbejderen sidst brugt sin højeste uddannelse i arbejde?",
       "When did the employee last use their highest education at work?"),
    _f("employee.full_wage", "bool", "Får medarbejderen fuld normal løn under uddannelsen?",
       "Does the employee keep full normal wage during the training?"),
    _f("employee.receives_veu_svu", "bool",
       "Får medarbejderen VEU-godtgørelse, SVU eller befordringsgodtgørelse under uddannelsen?",
       "Does the employee receive VEU, SVU or transport allowance during the training?"),
    _f("employee.hourly_wage", "money", "Medarbejderens timeløn", "Employee's hourly wage",
       "kr. pr. time"),
    _f("training.start", "date", "Uddannelsens første dag", "First day of the training"),
    _f("training.end", "date", "Uddannelsens sidste dag", "Last day of the training"),
    _f("training.type", "choice", "Hvilken slags uddannelse er det?", "What kind of training?",
       amu="AMU-kursus", other="anden uddannelse eller kursus",
       eud="erhvervsuddannelse (EUD)", maritime="maritim uddannelse",
       company_practice="praktik i virksomheden"),
    _f("training.hours_per_week", "number", "Timer i uddannelse pr. uge",
       "Training hours per week", "timer"),
    _f("training.weekdays", "weekdays",
       "På hvilke ugedage er medarbejderen på uddannelse (1 = mandag … 7 = søndag)?",
       "On which weekdays is the employee in training (1 = Monday … 7 = Sunday)?"),
    _f("training.strengthens_competences", "bool",
       "Styrker uddannelsen medarbejderens kompetencer til det fortsatte arbejde hos "
       "arbejdsgiveren?",
       "Does the training strengthen the employee's skills for continued work here?"),
    _f("training.veu_eligible", "bool", "Giver kurset ret til VEU-godtgørelse (fx AMU)?",
       "Does the course qualify for VEU allowance (e.g. AMU)?"),
    _f("training.course_fee", "money", "Deltagerbetaling og andre udgifter til uddannelsen",
       "Course fees and other training costs", "kr."),
    _f("substitute.start", "date", "Vikarens første ansættelsesdag", "Substitute's first day"),
    _f("substitute.end", "date", "Vikarens sidste ansættelsesdag", "Substitute's last day"),
    _f("substitute.hours_per_week", "number", "Vikarens arbejdstimer pr. uge",
       "Substitute's hours per week", "timer"),
    _f("substitute.benefit", "choice", "Hvilken ydelse modtager vikaren?",
       "Which benefit does the substitute receive?", dagpenge="dagpenge",
       kontanthjaelp="kontanthjælp", uddannelseshjaelp="uddannelseshjælp",
       sygedagpenge="sygedagpenge", jobafklaring="jobafklaringsforløb",
       ressourceforloeb="ressourceforløb", ledighedsydelse="ledighedsydelse",
       selvforsoergelse="selvforsørgelses- og hjemrejseydelse eller overgangsydelse",
       none="ingen offentlig ydelse"),
    _f("substitute.in_job", "bool", "Er vikaren i job (fx deltid) ved siden af ydelsen?",
       "Is the substitute in a job alongside the benefit?"),
    _f("substitute.benefit_months_total", "number",
       "Måneder på dagpenge i alt (sammenlagt) før ansættelsen", "Months on dagpenge in total",
       "måneder"),
    _f("substitute.benefit_months_continuous", "number",
       "Måneder på ydelsen uden afbrydelse (sammenhængende) før ansættelsen",
       "Consecutive months on the benefit before hiring", "måneder"),
    _f("substitute.same_or_similar_job", "bool",
       "Skal vikaren udføre samme eller lignende arbejde som medarbejderen?",
       "Will the substitute do the same or similar work as the employee?"),
    _f("substitute.last_employer_is_this", "bool",
       "Er arbejdsgiveren vikarens seneste ordinære arbejdsgiver?",
       "Is the employer the substitute's most recent ordinary employer?"),
    _f("substitute.hourly_wage", "money", "Vikarens overenskomstmæssige timeløn",
       "Substitute's collective-agreement hourly wage", "kr. pr. time"),
    _f("substitute.monthly_benefit", "money", "Vikarens ydelse pr. måned",
       "Substitute's benefit per month", "kr. pr. måned"),
    _f("rotation.pay_frequency", "choice", "Hvor ofte udbetales løn (lønperioden)?",
       "How often are wages paid (the pay period)?", monthly="månedsløn",
       fortnightly="14-dagesløn"),
)}
# Facts about the past may lie before the first day a case can begin.
HISTORY_FACTS = frozenset({"employee.employed_since", "employee.education_last_used"})

_POLARS_TYPES: dict[str, type[pl.DataType]] = {
    "date": pl.Date, "number": pl.Float64, "bool": pl.Boolean, "choice": pl.String,
    "money": pl.Int64, "level": pl.Int64, "weekdays": pl.String,
}


def frame_schema() -> dict[str, type[pl.DataType]]:
    """The Polars type of each fact's column after ``normalise_frame``."""
    return {name: _POLARS_TYPES[spec.kind] for name, spec in FACTS.items()}


# Keys a case document may carry besides facts: a label, a note, the evaluation date and
# (in examples and law tests) the expected outcome.
DOCUMENT_KEYS = ("name", "description", "as_of", "expected")


def flatten(doc: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` → ``{"a.b": 1}``."""
    flat: dict[str, Any] = {}
    for key, value in doc.items():
        name = f"{prefix}{key}"
        if not prefix and key in DOCUMENT_KEYS:
            flat[name] = value
        elif isinstance(value, Mapping):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def _to_date(spec: FactSpec, raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise InvalidInput(f"{spec.question}: '{raw}' er ikke en dato (ÅÅÅÅ-MM-DD)") from None


def _in_range(spec: FactSpec, raw: Any, day: dt.date) -> dt.date:
    first = bounds.FIRST_PAST_DAY if spec.name in HISTORY_FACTS else bounds.FIRST_DAY
    if not first <= day <= bounds.LAST_DAY:
        raise InvalidInput(f"{spec.question}: '{raw}' skal ligge mellem "
                           f"{first.year} og {bounds.LAST_DAY.year}")
    return day


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def number_text(text: str) -> str:
    """Danish or plain number text → plain: ``12.550,50`` → ``12550.50``, ``12.550`` →
    ``12550`` (dots in groups of three are thousands), ``7,4`` and ``7.4`` → ``7.4``."""
    text = text.strip().replace(" ", "")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    return text.replace(".", "") if _THOUSANDS.match(text) else text


def _to_decimal(spec: FactSpec, raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise InvalidInput(f"{spec.question}: forventede et tal, fik {raw!r}")
    try:
        number = Decimal(number_text(raw)) if isinstance(raw, str) else Decimal(str(raw))
    except InvalidOperation:
        raise InvalidInput(f"{spec.question}: '{raw}' er ikke et tal") from None
    if not number.is_finite() or number < 0:
        raise InvalidInput(f"{spec.question}: '{raw}' skal være et tal på 0 eller derover")
    if spec.high is not None and number > spec.high:
        raise InvalidInput(f"{spec.question}: '{raw}' er over grænsen på "
                           f"{grouped(spec.high)} {spec.unit}".rstrip())
    return number


def grouped(n: int) -> str:
    """``10000`` → ``10.000``, ``10**12`` → ``1.000 mia.`` (Danish digit grouping)."""
    if n >= 10**9 and n % 10**9 == 0:
        return f"{n // 10**9:,} mia.".replace(",", ".")
    return f"{n:,}".replace(",", ".")


def _to_weekdays(spec: FactSpec, raw: Any) -> str:
    """``"12345"`` (or ``1,2,3``): ISO weekdays, each once, in order."""
    text = str(raw).replace(",", "").replace(" ", "")
    if not text or set(text) - set("1234567") or len(set(text)) != len(text):
        raise InvalidInput(f"{spec.question}: '{raw}' skal være ugedagenes numre, fx 12345 "
                           "for mandag til fredag")
    return "".join(sorted(text))


def _to_bool(spec: FactSpec, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"ja", "yes", "true", "1"}:
        return True
    if text in {"nej", "no", "false", "0"}:
        return False
    raise InvalidInput(f"{spec.question}: svar ja eller nej (fik '{raw}')")


def normalise_value(spec: FactSpec, raw: Any) -> Any:
    """One input → the value the rules use; ``None`` / empty stays unknown. A value
    outside ``law.bounds`` (over 80 hours a week, a date after 2100) is refused."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if spec.kind == "date":
        return _in_range(spec, raw, _to_date(spec, raw))
    if spec.kind == "number":
        return float(_to_decimal(spec, raw))
    if spec.kind == "money":
        ore = _to_decimal(spec, raw) * 100
        if ore != ore.to_integral_value():
            raise InvalidInput(f"{spec.question}: '{raw}' har mere end to decimaler")
        return int(ore)
    if spec.kind == "bool":
        return _to_bool(spec, raw)
    if spec.kind == "weekdays":
        return _to_weekdays(spec, raw)
    if spec.kind == "level":
        if isinstance(raw, int) and not isinstance(raw, bool) and raw in EDUCATION_LABELS:
            return raw
        if str(raw) in EDUCATION_LEVELS:
            return EDUCATION_LEVELS[str(raw)]
        if str(raw).strip().isdigit() and int(raw) in EDUCATION_LABELS:
            return int(raw)
        raise InvalidInput(f"{spec.question}: '{raw}' er ikke et kendt uddannelsesniveau "
                           f"({', '.join(EDUCATION_LEVELS)})")
    if str(raw) not in spec.choices:
        raise InvalidInput(f"{spec.question}: '{raw}' er ikke en mulighed "
                           f"({', '.join(spec.choices)})")
    return str(raw)


def checked_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Facts to store with a record: known names and valid values (checked now, so a
    stored case can always be evaluated), kept as the user gave them (dates as text)."""
    flat = flatten(facts)
    unknown = sorted(set(flat) - set(FACTS))
    if unknown:
        raise InvalidInput("Ukendte oplysninger: " + ", ".join(unknown))
    for name, value in flat.items():
        normalise_value(FACTS[name], value)
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in flat.items()}


class Facts(dict[str, Any]):
    """A case's facts, checked and in the law's units (money in øre, dates as dates),
    every fact by name (None where not given). ``law.case.evaluate`` takes these as they
    are; any other mapping is user input and is normalised first."""


def normalise(case: Mapping[str, Any]) -> Facts:
    """Validate a case (nested or flat) and convert it; unknown names are refused."""
    flat = flatten(case)
    unknown = sorted(set(flat) - set(FACTS) - set(DOCUMENT_KEYS))
    if unknown:
        raise InvalidInput("Ukendte oplysninger i sagen: " + ", ".join(unknown))
    return Facts({name: normalise_value(FACTS[name], flat.get(name)) for name in FACTS})


def as_facts(values: Mapping[str, Any]) -> Facts:
    """Facts already in the law's units (built by code, not typed by a user); the rest
    not given."""
    unknown = sorted(set(values) - set(FACTS))
    if unknown:
        raise InvalidInput("Ukendte oplysninger i sagen: " + ", ".join(unknown))
    facts = Facts(dict.fromkeys(FACTS))
    facts.update(values)
    return facts


def normalise_frame(frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """Give a table the fact columns with the rules' types; a missing column is unknown.

    Text cells (a spreadsheet, a CSV) are read exactly as one case reads them: each
    distinct text goes through ``normalise_value``, so "7,4", "12.550,50", "ja" and
    "erhvervsuddannelse" mean the same here, and a bad cell is refused with the same
    Danish error. Typed columns are taken as they are (not checked against
    ``law.bounds``); money is in kroner and becomes øre.
    """
    lazy = frame.lazy()
    schema = lazy.collect_schema()
    columns: list[pl.Expr] = []
    for name, spec in FACTS.items():
        target = _POLARS_TYPES[spec.kind]
        if name not in schema:
            columns.append(pl.lit(None, target).alias(name))
        elif schema[name] in (pl.String, pl.Categorical):
            columns.append(_text_column(lazy, spec, target))
        elif spec.kind == "money":
            columns.append((pl.col(name).cast(pl.Float64) * 100)
                           .round(0, mode="half_away_from_zero").cast(pl.Int64).alias(name))
        elif schema[name] != target:
            columns.append(pl.col(name).cast(target).alias(name))
    return lazy.with_columns(columns) if columns else lazy


def _text_column(lazy: pl.LazyFrame, spec: FactSpec, target: type[pl.DataType]) -> pl.Expr:
    """Map each distinct text of a column through ``normalise_value``."""
    texts = lazy.select(pl.col(spec.name).cast(pl.String).unique()).collect().to_series()
    mapping = {t: normalise_value(spec, t) for t in texts if t is not None}
    return pl.col(spec.name).cast(pl.String).replace_strict(
        mapping, default=None, return_dtype=target).alias(spec.name)
