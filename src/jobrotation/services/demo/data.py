"""The demo's rows, loaded from the package's YAML files into ``model``'s dataclasses.

The files are for reading and editing by someone who is not a programmer: kroner, ISO
dates, plain field names. Here they become what the services take (øre, the law's fact
names) and are checked as a whole: every reference names a known employer or person, and
every project carries the dates its final state needs. A bad file raises
``DemoDataError`` naming the file, the row and the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jobrotation.domain.project import SUBSTITUTE_OUTCOMES
from jobrotation.domain.units import kroner, to_ore
from jobrotation.domain.workflow import CLAIM_STATES, PROJECT_STATES
from jobrotation.services.followup import EMPLOYEE_KEYS, EMPLOYER_KEYS

from .model import (
    Comment,
    Cover,
    Demo,
    Employer,
    FollowUp,
    Person,
    Plan,
    Setting,
    Training,
)
from .rows import DemoDataError, Row, load_file, rows_of, unique
from .timeline import project_path

SECTORS = ("private", "public")
ROUTES = ("route1", "route2")
AUTHORS = ("employer", "steward", "caseworker")
# A pay run's claim may also stop short of a state: not computed yet, or not computable.
CLAIM_ENDS = (*CLAIM_STATES, "none", "error")


def load_demo(directory: Path | None = None) -> Demo:
    """Read and check the four demo files (the package's, or those in ``directory``)."""
    def load(name: str) -> Any:
        return load_file(name, directory)

    setting = _setting(Row("setting.yaml", load("setting.yaml")))
    employers = tuple(_employer(row) for row in rows_of("employers.yaml",
                                                         load("employers.yaml")))
    unique("employers.yaml", [e.key for e in employers])
    people = _people(Row("people.yaml", load("people.yaml")), setting,
                     {e.key for e in employers})
    by_key = {p.key: p for p in people}
    plans = tuple(_plan(row, tuple(e.key for e in employers), by_key)
                  for row in rows_of("projects.yaml", load("projects.yaml")))
    unique("projects.yaml", [p.key for p in plans])
    _check_setting(setting, by_key, {p.key: p for p in plans})
    return Demo(setting, employers, people, plans)


# --- setting.yaml and employers.yaml ---------------------------------------------------------


def _setting(row: Row) -> Setting:
    example = row.row("example_claim")
    benefits = row.row("monthly_benefit_kr")
    # The facts hold a benefit as text with two decimals ("19500.00").
    monthly = {str(name): str(kroner(to_ore(benefits.number(str(name)))))
               for name in benefits.values}
    setting = Setting(
        municipality=row.text("municipality"), start=row.date("start"), end=row.date("end"),
        email_domain=row.text("email_domain"), administrator=row.text("administrator"),
        caseworker=row.text("caseworker"), substitute_login=row.text("substitute_login"),
        substitute_login_on=row.date("substitute_login_on"),
        example_claim=(example.text("project"), example.whole("pay_run") - 1),
        monthly_benefit=monthly, claim_approved_reason=row.text("claim_approved_reason"),
        claim_rejected_reason=row.text("claim_rejected_reason"))
    for r in (example, benefits, row):
        r.done()
    if setting.end < setting.start:
        raise row.error("end", "ligger før start")
    return setting


def _check_setting(setting: Setting, people: Mapping[str, Person],
                   plans: Mapping[str, Plan]) -> None:
    login = people.get(setting.substitute_login)
    if login is None or login.kind != "substitute":
        raise DemoDataError(f"setting.yaml, felt 'substitute_login': "
                            f"{setting.substitute_login!r} er ikke en vikar i people.yaml")
    plan_key, index = setting.example_claim
    plan = plans.get(plan_key)
    if plan is None or not 0 <= index < len(plan.claims) or plan.claims[index] in (
            "none", "error"):
        raise DemoDataError("setting.yaml, felt 'example_claim': projektet findes ikke, "
                            "eller lønkørslen har intet krav")


def _employer(row: Row) -> Employer:
    sector = row.choice("sector", SECTORS)
    facts = {"employer.ordinary_employees": row.whole("ordinary_employees"),
             "employer.subsidised_employees": row.whole("subsidised_employees")}
    if sector == "private":  # the de minimis check reads these of a private employer
        facts["employer.annual_wage_costs"] = row.whole("annual_wage_costs_kr")
        facts["employer.annual_public_aid"] = row.whole("annual_public_aid_kr")
    employer = Employer(
        key=row.text("key"), name=row.text("name"), cvr=row.digits("cvr"), sector=sector,
        staff=row.whole("staff"),
        monthly_wage_costs_ore=to_ore(row.number("monthly_wage_costs_kr")), facts=facts,
        hr=row.text("hr"), steward=row.text("steward"), union=row.text("union"))
    row.done()
    return employer


# --- people.yaml -----------------------------------------------------------------------------


def _people(by_employer: Row, setting: Setting, employers: set[str]) -> tuple[Person, ...]:
    people: list[Person] = []
    for employer in by_employer.values:
        if employer not in employers:
            raise DemoDataError(f"people.yaml: {employer!r} er ikke en arbejdsgiver i "
                                "employers.yaml")
        staff = by_employer.row(str(employer))
        people += [_employee(row, str(employer)) for row in staff.rows("employees")]
        people += [_substitute(row, str(employer), setting)
                   for row in staff.rows("substitutes")]
        staff.done()
    by_employer.done()
    unique("people.yaml", [p.key for p in people])
    return tuple(people)


def _employee(row: Row, employer: str) -> Person:
    facts = {"employee.employed_since": row.date("employed_since").isoformat(),
             "employee.employment_type": "ordinary",
             "employee.education_level": row.text("education", "erhvervsuddannelse"),
             "employee.full_wage": True, "employee.receives_veu_svu": False}
    person = Person(row.text("key"), "employee", employer, row.text("name"),
                    row.whole("born"), facts, to_ore(row.number("monthly_wage_kr")))
    row.done()
    return person


def _substitute(row: Row, employer: str, setting: Setting) -> Person:
    benefit = row.choice("benefit", tuple(setting.monthly_benefit))
    # Dagpenge count months in all, kontanthjælp months in a row.
    months = ("substitute.benefit_months_total" if benefit == "dagpenge"
              else "substitute.benefit_months_continuous")
    facts = {"substitute.benefit": benefit, months: row.whole("benefit_months"),
             "substitute.in_job": False,
             "substitute.last_employer_is_this": row.flag("last_employed_here", False),
             "employer.owned_by_substitute_partner": False,
             # The monthly benefit fixes a public løntilskud job's weekly hours.
             "substitute.monthly_benefit": setting.monthly_benefit[benefit]}
    person = Person(row.text("key"), "substitute", employer, row.text("name"),
                    row.whole("born"), facts, to_ore(row.number("hourly_wage_kr")))
    row.done()
    return person


# --- projects.yaml ---------------------------------------------------------------------------


def _plan(row: Row, employers: tuple[str, ...], people: Mapping[str, Person]) -> Plan:
    employer = row.choice("employer", employers)
    trainings = tuple(_training(r, people, employer) for r in row.rows("trainings"))
    trainees = {t.employee for t in trainings}
    covers = tuple(_cover(r, people, employer, trainees) for r in row.rows("covers"))
    if not trainings or not covers:
        raise DemoDataError(f"{row.where}: et projekt har mindst én uddannelse og én vikar")
    members = trainees | {c.substitute for c in covers}
    state = row.choice("state", tuple(PROJECT_STATES))
    path = project_path(state)
    plan = Plan(
        key=row.text("key"), employer=employer, title=row.text("title"),
        purpose=row.text("purpose"), route=row.choice("route", ROUTES), state=state,
        created=row.date("created"), trainings=trainings, covers=covers,
        applied=_when(row, "applied", state, "ready" in path),
        decided=_when(row, "decided", state, "approved" in path or "rejected" in path),
        reason=row.text("reason", None), closed=_when(row, "closed", state, "closed" in path),
        exceptions=_texts(row, "exceptions"),
        claims=_claims(row, "running" in path),
        end_follow_up=_follow_up(row, "follow_up_at_end", "closed" in path, members),
        later_follow_up=_follow_up(row, "follow_up_after_3_months", "closed" in path,
                                   members),
        comments=tuple(_comment(r) for r in row.rows("comments", [])),
        substitutes_by=row.choice("substitutes_by", ("employer", "caseworker"), "employer"))
    row.done()
    return plan


def _when(row: Row, name: str, state: str, needed: bool) -> dt.date | None:
    """A step's date: required when the final state lies past the step, else absent."""
    day: dt.date | None = row.date(name, None)
    if needed and day is None:
        raise row.error(name, f"mangler: et projekt, der ender som {state}, tager dette trin")
    if not needed and day is not None:
        raise row.error(name, f"et projekt, der ender som {state}, tager ikke dette trin")
    return day


def _claims(row: Row, paying: bool) -> tuple[str, ...]:
    states = row.items("claims", [])
    if states and not paying:
        raise row.error("claims", "kun et projekt i gang eller afsluttet har lønkørsler")
    for state in states:
        if state not in CLAIM_ENDS:
            raise row.error("claims", f"{state!r} er ikke en af {', '.join(CLAIM_ENDS)}")
    return tuple(states)


def _texts(row: Row, name: str) -> dict[str, str]:
    values = row.mapping(name, {})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
        raise row.error(name, "forventede tekst: tekst")
    return dict(values)


def _person(row: Row, name: str, people: Mapping[str, Person], kind: str,
            employer: str) -> str:
    key = row.text(name)
    person = people.get(key)
    if person is None or person.kind != kind or person.employer != employer:
        what = "medarbejder" if kind == "employee" else "vikar"
        raise row.error(name, f"{key!r} er ikke en {what} hos {employer} i people.yaml")
    return str(key)


def _training(row: Row, people: Mapping[str, Person], employer: str) -> Training:
    training = Training(
        employee=_person(row, "employee", people, "employee", employer),
        course=row.text("course"), provider=row.text("provider"), start=row.date("start"),
        end=row.date("end"), weekdays=row.digits("weekdays", "12345"),
        hours_per_day=row.number("hours_per_day", 7.4),
        fee_ore=to_ore(row.number("fee_kr", 0)), veu=row.flag("veu", True))
    row.done()
    if not set(training.weekdays) <= set("1234567"):
        raise row.error("weekdays", "ugedage skrives som cifre 1-7 (mandag = 1)")
    return training


def _cover(row: Row, people: Mapping[str, Person], employer: str,
           trainees: set[str]) -> Cover:
    covers = row.items("covers")
    if not covers or not set(covers) <= trainees:
        raise row.error("covers", f"forventede medarbejdere på uddannelse i projektet, "
                                  f"fik {covers!r}")
    cover = Cover(substitute=_person(row, "substitute", people, "substitute", employer),
                  covers=tuple(covers), start=row.date("start"), end=row.date("end"),
                  hours_per_week=row.number("hours_per_week", 37))
    row.done()
    return cover


def _follow_up(row: Row, name: str, closed: bool, members: set[str]) -> FollowUp | None:
    if name not in row.values:
        return None
    if not closed:
        raise row.error(name, "kun et afsluttet projekt følges op")
    f = row.row(name)
    substitutes = dict(f.mapping("substitutes"))
    staff = f.row("employees")
    employees = {str(k): _flags(staff.row(str(k)), EMPLOYEE_KEYS) for k in staff.values}
    follow_up = FollowUp(substitutes, employees, _flags(f.row("employer"), EMPLOYER_KEYS))
    f.done()
    for key, outcome in substitutes.items():
        if key not in members or outcome not in SUBSTITUTE_OUTCOMES:
            raise f.error("substitutes", f"{key}: {outcome!r} — forventede en vikar i "
                                         f"projektet og en af {', '.join(SUBSTITUTE_OUTCOMES)}")
    if not set(employees) <= members:
        raise f.error("employees", "forventede medarbejdere i projektet")
    return follow_up


def _flags(row: Row, names: tuple[str, ...]) -> dict[str, bool]:
    flags = {name: row.flag(name) for name in names}
    row.done()
    return flags


def _comment(row: Row) -> Comment:
    comment = Comment(row.date("day"), row.choice("by", AUTHORS), row.text("text"))
    row.done()
    return comment
