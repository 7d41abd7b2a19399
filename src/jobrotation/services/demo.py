"""Demo data: Randers, four employers, twelve projects in every state — through the services.

    store = make_store(settings, clock=DemoClock())
    summary = fill_demo(store)

Everything is created by the service functions, so every row has its audit entry and
every rule (access policy, workflow, eligibility, signatures) is exercised as a user
would meet it. The store's clock is moved through 2024–2025 (``DemoClock``): each step
happens on the day it would have happened, in date order across projects, so the audit
trail reads as a real history. The demo's "today" is ``END``. Nothing is random.

Content: Jobcenter Randers; two private employers (a metal workshop, a bakery) and two
public ones (a care home, a day-care institution), each with an HR user and a shop
steward; a caseworker; an administrator; a substitute with a login of his own. Twelve
projects cover both routes and every project state (kladde, klar til ansøgning, ansøgt,
godkendt, afvist, i gang, afsluttet); the running and closed ones have monthly pay runs
(hours day by day on weekdays, Danish public holidays skipped) and claims in every claim
state; the closed ones have follow-ups at the end and three months later with mixed
outcomes (the triple gain). Two draft projects are not eligible (an employee hired too
recently; a substitute whose last employer is the workplace), and one application is
rejected although it asked for an exception.

Rates: claims of 2024 use the known 2024 rates; those of 2025 and 2026 rates derived by
formula (not published), and carry that warning. A claim that still cannot be computed
("Sats ikke kendt") is kept as a note and a project comment, and the demo goes on. The
public route-2 substitutes are on dagpenge: the public løntilskud rate is known only for
them.

People are fictitious. Their CPR numbers follow one convention, recognisable at a glance:
``0101ÅÅ-00NN`` — born 1 January of the person's birth year, serial ``00NN`` counting up
through the demo's people, skipping any serial that would pass the modulus-11 check (so
none of them can be a number issued before 2007). They are sealed like any other CPR
number and never stored in clear. CVR numbers are likewise fictitious (repeated digits
with a valid modulus-11 check digit). E-mail addresses use the reserved ``.example``
domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from babel.dates import format_date
from sqlalchemy import func, select

from jobrotation.adapters.tables import claims, metadata, organisations, projects
from jobrotation.domain.calendar import BANK_HOLIDAYS, work_days
from jobrotation.domain.errors import InvalidInput, JobrotationError
from jobrotation.domain.project import CHECKLIST
from jobrotation.services import claims as claim_service
from jobrotation.services import followup
from jobrotation.services import people as people_service
from jobrotation.services import projects as project_service
from jobrotation.services.policy import SYSTEM, Actor
from jobrotation.services.store import Store

MUNICIPALITY = "Randers"
START = dt.date(2024, 1, 2)  # organisations and users are set up
END = dt.date(2025, 11, 28)  # the demo's "today"
EMAIL_DOMAIN = "demo.example"



class DemoClock:
    """A settable "now" for the store: ``clock.set(day)``; the store calls ``clock()``."""

    def __init__(self, now: dt.datetime | None = None) -> None:
        self.now = now or dt.datetime.combine(START, dt.time(8), dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, day: dt.date, hour: int = 8, minute: int = 0) -> None:
        self.now = dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)


# --- the cast ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Employer:
    key: str
    name: str
    cvr: str
    sector: str
    staff: int
    monthly_wage_costs_kr: int
    facts: Mapping[str, Any]
    hr: str  # the HR user's name
    steward: str  # the shop steward's name
    union: str


def _private(ordinary: int, wage_costs: int, aid: int) -> dict[str, Any]:
    return {"employer.ordinary_employees": ordinary, "employer.subsidised_employees": 1,
            "employer.annual_wage_costs": wage_costs, "employer.annual_public_aid": aid}


def _public(ordinary: int, subsidised: int = 1) -> dict[str, Any]:
    return {"employer.ordinary_employees": ordinary,
            "employer.subsidised_employees": subsidised}


EMPLOYERS = (
    Employer("metal", "Randers Maskinværksted ApS", "11111114", "private", 44, 1_650_000,
             _private(42, 19_850_000, 145_000), "Henrik Bjerre", "Claus Overgaard",
             "Fagforeningen for metalarbejdere"),
    Employer("bageri", "Bageriet ved Gudenåen ApS", "22222228", "private", 15, 420_000,
             _private(14, 5_400_000, 60_000), "Annette Kirk", "Thomas Bak",
             "Fagforeningen for bagere og konditorer"),
    Employer("pleje", "Plejecenter Solgården", "33333331", "public", 58, 1_980_000,
             _public(64, 2), "Lone Vinther", "Dorthe Holm", "FOA, lokalafdelingen"),
    Employer("dagtilbud", "Børnehuset Regnbuen", "44444445", "public", 20, 690_000,
             _public(22), "Mads Krog", "Anja Schmidt", "BUPL, lokalafdelingen"),
)


@dataclass(frozen=True)
class Person:
    key: str
    kind: str  # employee | substitute
    employer: str
    name: str
    born: int  # year of birth (for the CPR convention)
    facts: Mapping[str, Any]
    wage_ore: int  # employee: monthly wage; substitute: hourly wage


def _employee(since: str, level: str = "erhvervsuddannelse") -> dict[str, Any]:
    return {"employee.employed_since": since, "employee.employment_type": "ordinary",
            "employee.education_level": level, "employee.full_wage": True,
            "employee.receives_veu_svu": False}


DAGPENGE_MONTHLY, KONTANTHJAELP_MONTHLY = "19500.00", "12550.00"  # the demo's people, kr.


def _substitute(benefit: str, months: int, last_employer: bool = False) -> dict[str, Any]:
    months_key = ("substitute.benefit_months_total" if benefit == "dagpenge"
                  else "substitute.benefit_months_continuous")
    # The monthly benefit fixes a public løntilskud job's weekly hours (law.amounts).
    monthly = DAGPENGE_MONTHLY if benefit == "dagpenge" else KONTANTHJAELP_MONTHLY
    return {"substitute.benefit": benefit, months_key: months, "substitute.in_job": False,
            "substitute.last_employer_is_this": last_employer,
            "employer.owned_by_substitute_partner": False,
            "substitute.monthly_benefit": monthly}


def _e(key: str, employer: str, name: str, born: int, since: str, wage_kr: int,
       level: str = "erhvervsuddannelse") -> Person:
    return Person(key, "employee", employer, name, born, _employee(since, level), wage_kr * 100)


def _s(key: str, employer: str, name: str, born: int, benefit: str, months: int,
       hourly_ore: int, last_employer: bool = False) -> Person:
    return Person(key, "substitute", employer, name, born,
                  _substitute(benefit, months, last_employer), hourly_ore)


PEOPLE = (
    _e("mette", "metal", "Mette Krogh Jensen", 1978, "2015-03-01", 34_500),
    _e("lars", "metal", "Lars Holm Nielsen", 1985, "2018-08-01", 33_200),
    _e("bent", "metal", "Bent Sørensen", 1969, "2009-04-01", 35_100),
    _e("jonas", "metal", "Jonas Friis", 1996, "2025-11-03", 30_400),
    _s("ahmad", "metal", "Ahmad Rahimi", 1990, "dagpenge", 9, 20_550),
    _s("kirsten", "metal", "Kirsten Lund Mikkelsen", 1972, "dagpenge", 7, 20_550),
    _s("peter", "metal", "Peter Vestergaard", 1983, "dagpenge", 11, 20_100),
    _s("camilla", "metal", "Camilla Juhl", 1994, "dagpenge", 10, 19_800),
    _e("sofie", "bageri", "Sofie Nørgaard", 1991, "2020-02-01", 29_300),
    _e("anders", "bageri", "Anders Kjær", 1987, "2016-09-01", 29_800),
    _e("line", "bageri", "Line Bach", 1998, "2021-05-01", 26_900, level="grundskole"),
    _s("mikkel", "bageri", "Mikkel Dahl", 1995, "dagpenge", 12, 18_450),
    _s("nadia", "bageri", "Nadia Hansen", 2000, "kontanthjaelp", 4, 17_900),
    _s("emil", "bageri", "Emil Thomsen", 1999, "dagpenge", 7, 17_900),
    _e("hanne", "pleje", "Hanne Mortensen", 1970, "2017-03-01", 28_700),
    _e("birgitte", "pleje", "Birgitte Poulsen", 1975, "2012-10-01", 29_100),
    _e("susanne", "pleje", "Susanne Iversen", 1968, "2008-01-01", 29_400),
    _e("tina", "pleje", "Tina Andersen", 1980, "2019-06-01", 28_500),
    _s("maria", "pleje", "Maria Christensen", 1988, "dagpenge", 14, 18_230),
    _s("rasmus", "pleje", "Rasmus Kristensen", 1992, "dagpenge", 8, 18_230),
    _s("louise", "pleje", "Louise Møller", 1985, "dagpenge", 9, 18_230),
    _s("jesper", "pleje", "Jesper Larsen", 1979, "dagpenge", 13, 18_230),
    _e("pernille", "dagtilbud", "Pernille Skov", 1982, "2014-08-01", 30_100),
    _e("rikke", "dagtilbud", "Rikke Madsen", 1990, "2018-01-01", 29_600),
    _e("charlotte", "dagtilbud", "Charlotte Rasmussen", 1984, "2016-02-01", 29_900),
    _e("helle", "dagtilbud", "Helle Winther", 1976, "2011-09-01", 30_300),
    _s("sara", "dagtilbud", "Sara Petersen", 1997, "kontanthjaelp", 8, 18_900),
    _s("simon", "dagtilbud", "Simon Berg", 1993, "dagpenge", 8, 18_900),
    _s("julie", "dagtilbud", "Julie Frandsen", 1996, "dagpenge", 9, 18_900,
       last_employer=True),
)
SUBSTITUTE_LOGIN = "ahmad"  # the substitute who gets a login of his own

_CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def _passes_modulus_11(cpr: str) -> bool:
    return sum(int(c) * w for c, w in zip(cpr, _CPR_WEIGHTS, strict=True)) % 11 == 0


def demo_cprs() -> dict[str, str]:
    """Each demo person's CPR number (``0101ÅÅ-00NN``, see the module's docstring)."""
    out: dict[str, str] = {}
    serial = 0
    for person in PEOPLE:
        while True:
            serial += 1
            cpr = f"0101{person.born % 100:02d}{serial:04d}"
            if not _passes_modulus_11(cpr):
                break
        out[person.key] = f"{cpr[:6]}-{cpr[6:]}"
    return out


# --- the projects --------------------------------------------------------------------------


@dataclass(frozen=True)
class Training:
    employee: str
    course: str
    provider: str
    start: dt.date
    end: dt.date
    weekdays: str = "12345"
    hours_per_day: float = 7.4
    fee_kr: int = 0
    veu: bool = True


@dataclass(frozen=True)
class Cover:
    substitute: str
    covers: tuple[str, ...]
    start: dt.date
    end: dt.date
    hours_per_week: float = 37


@dataclass(frozen=True)
class FollowUp:
    substitutes: Mapping[str, str]
    employees: Mapping[str, Mapping[str, bool]]
    employer: Mapping[str, bool]


@dataclass(frozen=True)
class Plan:
    key: str
    employer: str
    title: str
    purpose: str
    route: str
    state: str  # the state the project ends in
    created: dt.date
    trainings: tuple[Training, ...]
    covers: tuple[Cover, ...]
    applied: dt.date | None = None  # made ready (and applied) on this day
    decided: dt.date | None = None
    reason: str | None = None
    closed: dt.date | None = None
    exceptions: Mapping[str, str] = field(default_factory=dict)
    # the final state of the claim of each monthly pay run, in order; "error": the claim
    # cannot be computed (rate unknown); "none": no claim computed yet
    claims: tuple[str, ...] = ()
    end_follow_up: FollowUp | None = None
    later_follow_up: FollowUp | None = None
    comments: tuple[tuple[dt.date, str, str], ...] = ()  # (day, role, text)
    substitutes_by: str = "employer"  # or "caseworker": the jobcentre proposes them


D = dt.date
ALL_GOOD = {"completed": True, "back_at_work": True, "using_skills": True}
NOT_USING = {"completed": True, "back_at_work": True, "using_skills": False}
KEPT = {"production_kept": True, "would_repeat": True}
AMU_METAL = "AMU-center Kronjylland"
AMU_CARE = "SOSU-skolen Østjylland (AMU)"
AMU_CHILD = "Pædagogisk efteruddannelse Kronjylland (AMU)"
AMU_FOOD = "Fødevareskolen Østjylland (AMU)"

PLANS = (
    Plan("cnc", "metal", "CNC-programmering og 5-akset fræsning",
         "To industriteknikere lærer CNC-programmering, så værkstedet kan tage ordrer på "
         "5-akset bearbejdning; to ledige maskinarbejdere holder produktionen i gang.",
         "route1", "closed", D(2024, 1, 8),
         (Training("mette", "CNC-programmering, fræsning (AMU)", AMU_METAL, D(2024, 2, 5),
                   D(2024, 4, 26), fee_kr=2_150),
          Training("lars", "5-akset bearbejdning (AMU)", AMU_METAL, D(2024, 2, 5),
                   D(2024, 4, 26), fee_kr=2_150)),
         (Cover("ahmad", ("mette",), D(2024, 2, 5), D(2024, 4, 26)),
          Cover("kirsten", ("lars",), D(2024, 2, 5), D(2024, 4, 26))),
         applied=D(2024, 1, 15), decided=D(2024, 1, 24),
         reason="Betingelserne er opfyldt for begge medarbejdere og vikarer.",
         closed=D(2024, 4, 30), claims=("paid", "paid", "paid"),
         end_follow_up=FollowUp({"ahmad": "job_same_employer", "kirsten": "unemployed"},
                                {"mette": ALL_GOOD, "lars": ALL_GOOD}, KEPT),
         later_follow_up=FollowUp({"ahmad": "job_same_employer",
                                   "kirsten": "job_other_employer"},
                                  {"mette": ALL_GOOD, "lars": NOT_USING}, KEPT),
         comments=((D(2024, 1, 16), "caseworker",
                    "Jobcentret har fundet to kandidater med erfaring fra metalindustrien."),)),
    Plan("svejs", "metal", "Svejsecertifikater efter EN ISO 9606",
         "En klejnsmed fornyer sine svejsecertifikater; en ledig smed ansættes med "
         "løntilskud i perioden.",
         "route2", "closed", D(2024, 6, 10),
         (Training("bent", "Svejsning af plader, certifikatprøve (AMU)", AMU_METAL,
                   D(2024, 8, 19), D(2024, 10, 11), fee_kr=3_400),),
         (Cover("peter", ("bent",), D(2024, 8, 19), D(2024, 10, 11)),),
         applied=D(2024, 6, 24), decided=D(2024, 7, 3),
         reason="Betingelserne for løntilskud og VEU-godtgørelse er opfyldt.",
         closed=D(2024, 10, 14), claims=("paid", "paid", "rejected"),
         end_follow_up=FollowUp({"peter": "unemployed"}, {"bent": NOT_USING},
                                {"production_kept": True, "would_repeat": False}),
         later_follow_up=FollowUp({"peter": "education"}, {"bent": ALL_GOOD},
                                  {"production_kept": True, "would_repeat": False})),
    Plan("lean", "metal", "Lean og kvalitetsstyring i produktionen",
         "En nyansat operatør skal lære virksomhedens kvalitetssystem.",
         "route1", "draft", D(2025, 11, 17),
         (Training("jonas", "Lean i produktionen (AMU)", AMU_METAL, D(2026, 1, 5),
                   D(2026, 1, 30)),),
         (Cover("camilla", ("jonas",), D(2026, 1, 5), D(2026, 1, 30)),),
         comments=((D(2025, 11, 18), "employer",
                    "Jonas blev ansat 3. november; han har ikke været ansat i 3 måneder, "
                    "når kurset begynder. Vi overvejer at flytte kurset."),)),
    Plan("surdej", "bageri", "Surdej, fødevarehygiejne og allergener",
         "Bageriets svend lærer surdejsproduktion og allergenstyring fire dage om ugen; en "
         "ledig bager tager hendes vagter.",
         "route1", "running", D(2025, 6, 16),
         (Training("sofie", "Surdejsbrød og fødevarehygiejne (AMU)", AMU_FOOD,
                   D(2025, 9, 1), D(2025, 12, 19), weekdays="1234", fee_kr=1_800),),
         (Cover("mikkel", ("sofie",), D(2025, 9, 1), D(2025, 12, 19), hours_per_week=30),),
         applied=D(2025, 6, 30), decided=D(2025, 7, 9),
         reason="Betingelserne er opfyldt.",
         claims=("approved", "submitted", "draft")),
    Plan("kage", "bageri", "Kagedekoration og kundeservice",
         "En bagersvend uddannes i kagedekoration til butikkens bestillinger.",
         "route2", "rejected", D(2025, 3, 3),
         (Training("anders", "Kagedekoration (AMU)", AMU_FOOD, D(2025, 5, 5),
                   D(2025, 6, 27)),),
         (Cover("nadia", ("anders",), D(2025, 5, 5), D(2025, 6, 27)),),
         applied=D(2025, 3, 17), decided=D(2025, 3, 26),
         reason="Vikaren har modtaget kontanthjælp i 4 sammenhængende måneder; LAB § 151 "
                "kræver mindst 6. Betingelsen kan ikke fraviges.",
         exceptions={"substitute.benefit_months_continuous":
                     "Nadia har været i virksomhedspraktik hos os i 6 uger og er den rette "
                     "til jobbet; vi beder om dispensation."}),
    Plan("ovn", "bageri", "Ny ovnlinje: procesforståelse",
         "En ufaglært medarbejder lærer at køre bageriets nye ovnlinje.",
         "route1", "ready", D(2025, 11, 3),
         (Training("line", "Processtyring i bageriet (AMU)", AMU_FOOD, D(2026, 1, 26),
                   D(2026, 3, 20)),),
         (Cover("emil", ("line",), D(2026, 1, 26), D(2026, 3, 20)),),
         applied=D(2025, 11, 20)),
    Plan("demens", "pleje", "Demens, forflytning og rehabilitering",
         "To social- og sundhedshjælpere styrker demensomsorg og forflytning; jobcentret "
         "foreslår to ledige som vikarer med løntilskud.",
         "route2", "closed", D(2024, 5, 13),
         (Training("hanne", "Demens og kommunikation (AMU)", AMU_CARE, D(2024, 9, 2),
                   D(2024, 11, 22)),
          Training("birgitte", "Forflytning og rehabilitering (AMU)", AMU_CARE,
                   D(2024, 9, 2), D(2024, 11, 22))),
         (Cover("maria", ("hanne",), D(2024, 9, 2), D(2024, 12, 20)),
          Cover("rasmus", ("birgitte",), D(2024, 9, 2), D(2024, 12, 20))),
         applied=D(2024, 6, 3), decided=D(2024, 6, 12),
         reason="Betingelserne for løntilskud og VEU-godtgørelse er opfyldt.",
         closed=D(2024, 12, 20), claims=("paid", "paid", "paid", "paid"),
         end_follow_up=FollowUp({"maria": "job_same_employer", "rasmus": "unemployed"},
                                {"hanne": ALL_GOOD, "birgitte": ALL_GOOD}, KEPT),
         later_follow_up=FollowUp({"maria": "job_same_employer", "rasmus": "education"},
                                  {"hanne": ALL_GOOD, "birgitte": ALL_GOOD}, KEPT),
         substitutes_by="caseworker"),
    Plan("velfaerd", "pleje", "Velfærdsteknologi og hverdagsrehabilitering",
         "En social- og sundhedsassistent lærer at bruge velfærdsteknologi i plejen.",
         "route1", "approved", D(2025, 9, 15),
         (Training("susanne", "Velfærdsteknologi i praksis (AMU)", AMU_CARE,
                   D(2026, 1, 5), D(2026, 3, 27)),),
         (Cover("louise", ("susanne",), D(2026, 1, 5), D(2026, 3, 27)),),
         applied=D(2025, 10, 6), decided=D(2025, 10, 15),
         reason="Betingelserne er opfyldt.", substitutes_by="caseworker"),
    Plan("medicin", "pleje", "Medicinhåndtering",
         "En social- og sundhedshjælper lærer medicinhåndtering; vikaren ansættes med "
         "løntilskud i fire måneder.",
         "route2", "running", D(2025, 6, 2),
         (Training("tina", "Medicinhåndtering (AMU)", AMU_CARE, D(2025, 10, 6),
                   D(2025, 12, 12)),),
         (Cover("jesper", ("tina",), D(2025, 10, 6), D(2026, 1, 30)),),
         applied=D(2025, 6, 16), decided=D(2025, 6, 25),
         reason="Betingelserne for løntilskud og VEU-godtgørelse er opfyldt.",
         claims=("submitted", "none"), substitutes_by="caseworker"),
    Plan("sprog", "dagtilbud", "Sprog, trivsel og inklusion i dagtilbud",
         "To pædagogiske assistenter tager kurser på hver sine ugedage; én vikar dækker "
         "dem begge på fuld tid.",
         "route1", "running", D(2025, 5, 5),
         (Training("pernille", "Sprogarbejde i dagtilbud (AMU)", AMU_CHILD, D(2025, 8, 11),
                   D(2025, 12, 19), weekdays="123"),
          Training("rikke", "Inklusion og trivsel (AMU)", AMU_CHILD, D(2025, 8, 11),
                   D(2025, 12, 19), weekdays="45")),
         (Cover("sara", ("pernille", "rikke"), D(2025, 8, 11), D(2025, 12, 19)),),
         applied=D(2025, 5, 19), decided=D(2025, 5, 28),
         reason="Betingelserne er opfyldt.",
         claims=("paid", "paid", "approved", "draft"), substitutes_by="caseworker"),
    Plan("special", "dagtilbud", "Specialpædagogik og autismespektret",
         "En pædagogisk assistent uddannes til arbejdet med børn med særlige behov.",
         "route2", "applied", D(2025, 10, 13),
         (Training("charlotte", "Børn med autisme (AMU)", AMU_CHILD, D(2026, 1, 12),
                   D(2026, 3, 20)),),
         (Cover("simon", ("charlotte",), D(2026, 1, 12), D(2026, 4, 30)),),
         applied=D(2025, 11, 24), substitutes_by="caseworker",
         comments=((D(2025, 11, 26), "caseworker",
                    "Ansøgningen er modtaget; vi behandler den i uge 49."),)),
    Plan("natur", "dagtilbud", "Natur og udeliv",
         "En pædagogisk assistent tager kursus i naturformidling.",
         "route1", "draft", D(2025, 11, 24),
         (Training("helle", "Natur og udeliv med børn (AMU)", AMU_CHILD, D(2026, 2, 2),
                   D(2026, 2, 27)),),
         (Cover("julie", ("helle",), D(2026, 2, 2), D(2026, 2, 27)),),
         comments=((D(2025, 11, 26), "caseworker",
                    "Vikaren var senest ansat hos jer; det udelukker hende efter LAB § 151. "
                    "Jobcentret foreslår en anden kandidat."),)),
)
EXAMPLE = ("cnc", 1)  # the demo's example claim: CNC project, March 2024 pay run


# --- the result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    name: str
    organisation: str


@dataclass
class DemoSummary:
    counts: dict[str, int]  # rows per table
    projects_by_state: dict[str, int]
    claims_by_state: dict[str, int]
    logins: list[DemoLogin]
    example_project_id: int
    example_claim_id: int
    project_ids: dict[str, int]  # plan key → project id
    notes: list[str] = field(default_factory=list)


# --- the builder ---------------------------------------------------------------------------


def fill_demo(store: Store) -> DemoSummary:
    """Fill an empty database with the demo; refuses if it already has organisations.

    The store's clock is a ``DemoClock`` for the duration (the store's own if it is one,
    else a temporary one); it ends on ``END``. If a step fails half-way the database is
    left half-filled: start again on an empty database."""
    with store.read() as conn:
        if conn.execute(select(func.count()).select_from(organisations)).scalar_one():
            raise JobrotationError("Databasen indeholder allerede organisationer; demodata "
                                   "kan kun indlæses i en tom database.")
    original = store.clock
    clock = original if isinstance(original, DemoClock) else DemoClock()
    store.clock = clock
    try:
        return _Builder(store, clock).run()
    finally:
        store.clock = original


Step = tuple[dt.datetime, int, Callable[[], None]]


def bank_day(day: dt.date, step: int = 1) -> dt.date:
    """``day`` if banks are open, else the next (``step=1``) or previous (-1) such day."""
    while day.weekday() >= 5 or day in BANK_HOLIDAYS:
        day += dt.timedelta(days=step)
    return day


def after(day: dt.date, bank_days: int) -> dt.date:
    for _ in range(bank_days):
        day = bank_day(day + dt.timedelta(days=1))
    return day


def _month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


class _Builder:
    def __init__(self, store: Store, clock: DemoClock) -> None:
        self.store, self.clock = store, clock
        self.steps: list[Step] = []
        self.hr: dict[str, Actor] = {}
        self.steward: dict[str, Actor] = {}
        self.employer_ids: dict[str, int] = {}
        self.person_ids: dict[str, int] = {}
        self.project_ids: dict[str, int] = {}
        self.pay_run_ids: dict[tuple[str, int], int] = {}
        self.claim_ids: dict[tuple[str, int], int] = {}
        self.logins: list[DemoLogin] = []
        self.notes: list[str] = []
        self.rate_unknown: set[str] = set()
        self.cprs = demo_cprs()
        self.people = {p.key: p for p in PEOPLE}

    def at(self, day: dt.date, hour: int, fn: Callable[[], None], minute: int = 0) -> None:
        if day > END:
            raise RuntimeError(f"demo step after the demo's end: {day}")  # a plan error
        when = dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)
        self.steps.append((when, len(self.steps), fn))

    def run(self) -> DemoSummary:
        self.clock.set(START)
        self._organisations()
        for plan in PLANS:
            self._plan(plan)
        self.at(D(2024, 5, 6), 9, self._substitute_login)
        for when, _, fn in sorted(self.steps, key=lambda s: (s[0], s[1])):
            self.clock.now = when
            fn()
        self.clock.set(END, 17)
        return self._summary()

    # organisations and users ------------------------------------------------------------

    def _user(self, actor: Actor, email: str, name: str, role: str,
              organisation: tuple[int | None, str], person_id: int | None = None) -> int:
        user_id = people_service.create_user(self.store, actor, email=email, name=name,
                                             role=role, organisation_id=organisation[0],
                                             person_id=person_id)
        self.logins.append(DemoLogin(email, role, name, organisation[1]))
        return user_id

    def _organisations(self) -> None:
        admin_id = self._user(SYSTEM, f"admin@{EMAIL_DOMAIN}", "Demo Administrator", "admin",
                              (None, "—"))
        self.admin = Actor(admin_id, "admin", "Demo Administrator")
        jobcentre = people_service.create_jobcentre(self.store, self.admin,
                                                    municipality=MUNICIPALITY)
        name = "Birthe Kjeldsen"
        cw_id = self._user(self.admin, f"jobcenter@{EMAIL_DOMAIN}", name, "caseworker",
                           (jobcentre, f"Jobcenter {MUNICIPALITY}"))
        self.caseworker = Actor(cw_id, "caseworker", name, organisation_id=jobcentre,
                                municipality=MUNICIPALITY)
        for e in EMPLOYERS:
            org = people_service.create_employer(
                self.store, self.admin, name=e.name, cvr=e.cvr, sector=e.sector,
                municipality=MUNICIPALITY, full_time_staff=e.staff,
                monthly_wage_costs_ore=e.monthly_wage_costs_kr * 100, facts=e.facts)
            self.employer_ids[e.key] = org
            hr_id = self._user(self.admin, f"hr.{e.key}@{EMAIL_DOMAIN}", e.hr, "employer",
                               (org, e.name))
            self.hr[e.key] = Actor(hr_id, "employer", e.hr, organisation_id=org)
            tr_id = self._user(self.admin, f"tr.{e.key}@{EMAIL_DOMAIN}", e.steward, "steward",
                               (org, e.name))
            self.steward[e.key] = Actor(tr_id, "steward", e.steward, organisation_id=org)

    def _substitute_login(self) -> None:
        person = self.people[SUBSTITUTE_LOGIN]
        employer = next(e for e in EMPLOYERS if e.key == person.employer)
        # A substitute acts for themselves only: linked to their person, not to a workplace.
        self._user(self.admin, f"vikar@{EMAIL_DOMAIN}", person.name, "substitute",
                   (None, f"vikar hos {employer.name}"),
                   person_id=self.person_ids[SUBSTITUTE_LOGIN])

    # one project's history ----------------------------------------------------------------

    def _plan(self, plan: Plan) -> None:
        hr, steward, cw = self.hr[plan.employer], self.steward[plan.employer], self.caseworker
        self.at(plan.created, 8, lambda: self._create(plan))
        for day, role, text in plan.comments:
            author = {"employer": hr, "steward": steward, "caseworker": cw}[role]
            self.at(day, 10, partial(self._comment, plan, author, text))
        if plan.state == "draft":
            return
        assert plan.applied is not None
        self.at(plan.applied, 9, lambda: self._move(plan, hr, "ready"))
        if plan.state == "ready":
            return
        self.at(plan.applied, 9, lambda: self._move(plan, hr, "applied"), minute=5)
        signed = after(plan.applied, 1)
        self.at(signed, 11, partial(self._sign, plan, steward, "application"))
        if plan.state == "applied":
            return
        assert plan.decided is not None
        decision = "rejected" if plan.state == "rejected" else "approved"
        self.at(plan.decided, 13, lambda: self._move(plan, cw, decision, plan.reason))
        if plan.state == "rejected":
            return
        agreed = after(plan.decided, 2)
        for who in (hr, steward):
            self.at(agreed, 10, partial(self._sign, plan, who, "agreement"))
        if plan.state == "approved":
            return
        first = min([t.start for t in plan.trainings] + [c.start for c in plan.covers])
        self.at(first, 7, lambda: self._move(plan, hr, "running"))
        self._pay_runs(plan, first)
        if plan.state == "running":
            return
        assert plan.closed is not None
        self.at(plan.closed, 15, lambda: self._move(plan, hr, "closed"))
        if plan.end_follow_up:
            self.at(plan.closed, 16, lambda: self._follow_up(plan, hr, "end"))
        if plan.later_follow_up:
            later = bank_day(plan.closed + dt.timedelta(days=91))
            self.at(later, 10, lambda: self._follow_up(plan, cw, "3_months"))

    def _hourly_wage(self, person: Person) -> dict[str, str]:
        """An employee's monthly wage as the hourly wage the economics compare with."""
        if person.kind != "employee":
            return {}
        month = self.store.parameters.value_at("hours.standard_month", self.clock.now.date())
        hourly = Decimal(person.wage_ore) / 100 / Decimal(str(month))
        return {"employee.hourly_wage": str(round(hourly, 2))}

    def _create(self, plan: Plan) -> None:
        hr = self.hr[plan.employer]
        employer_id = self.employer_ids[plan.employer]
        adds_substitutes = self.caseworker if plan.substitutes_by == "caseworker" else hr
        pid = project_service.create_project(self.store, hr, employer_id, plan.title,
                                             plan.purpose, plan.route)
        self.project_ids[plan.key] = pid
        keys = [t.employee for t in plan.trainings] + [c.substitute for c in plan.covers]
        for key in keys:
            if key in self.person_ids:
                continue
            p = self.people[key]
            email = f"vikar@{EMAIL_DOMAIN}" if key == SUBSTITUTE_LOGIN else None
            self.person_ids[key] = people_service.add_person(
                self.store, hr if p.kind == "employee" else adds_substitutes, kind=p.kind,
                name=p.name, employer_id=employer_id, cpr=self.cprs[key], email=email,
                facts={**p.facts, **self._hourly_wage(p)})
        for t in plan.trainings:
            project_service.add_training(
                self.store, hr, pid, self.person_ids[t.employee], provider=t.provider,
                course=t.course, type="amu", start=t.start, end=t.end,
                hours_per_day=t.hours_per_day, weekdays=t.weekdays, fee_ore=t.fee_kr * 100,
                veu_eligible=t.veu, facts={"training.strengthens_competences": True})
        for c in plan.covers:
            project_service.add_assignment(
                self.store, hr, pid, self.person_ids[c.substitute], start=c.start, end=c.end,
                hours_per_week=c.hours_per_week,
                covers=[self.person_ids[k] for k in c.covers],
                hourly_wage_ore=self.people[c.substitute].wage_ore,
                facts={"substitute.same_or_similar_job": True})
        employer = next(e for e in EMPLOYERS if e.key == plan.employer)
        ticked = list(CHECKLIST) if plan.state != "draft" else list(CHECKLIST)[:3]
        project_service.update_project(
            self.store, hr, pid, 1, checklist={k: True for k in ticked},
            contacts={"education": plan.trainings[0].provider,
                      "jobcentre": f"Jobcenter {MUNICIPALITY}, virksomhedsservice",
                      "hr": employer.hr, "steward": employer.steward, "union": employer.union},
            exceptions=dict(plan.exceptions))

    def _version(self, table: Any, row_id: int) -> int:
        with self.store.read() as conn:
            return int(conn.execute(select(table.c.version).where(table.c.id == row_id))
                       .scalar_one())

    def _move(self, plan: Plan, actor: Actor, state: str, reason: str | None = None) -> None:
        pid = self.project_ids[plan.key]
        project_service.move(self.store, actor, pid, self._version(projects, pid), state,
                             reason)

    def _sign(self, plan: Plan, actor: Actor, document: str) -> None:
        project_service.sign(self.store, actor, self.project_ids[plan.key], document)

    def _comment(self, plan: Plan, actor: Actor, text: str) -> None:
        project_service.comment(self.store, actor, self.project_ids[plan.key], text)

    # pay runs and claims ------------------------------------------------------------------

    def _pay_runs(self, plan: Plan, first: dt.date) -> None:
        last = max([t.end for t in plan.trainings] + [c.end for c in plan.covers])
        period_start = first.replace(day=1)
        index = 0
        while period_start <= last:
            period_end = _month_end(period_start)
            paid_on = bank_day(period_end, -1)
            if paid_on > END:
                break
            if index >= len(plan.claims):
                raise RuntimeError(f"demo plan {plan.key}: no claim state for pay run {index}")
            self.at(paid_on, 12,
                    partial(self._pay_run, plan, index, period_start, period_end, paid_on))
            self._claim(plan, index, paid_on, plan.claims[index])
            period_start = period_end + dt.timedelta(days=1)
            index += 1
        if index != len(plan.claims):
            raise RuntimeError(f"demo plan {plan.key}: {len(plan.claims)} claim states for "
                               f"{index} pay runs")

    def _pay_run(self, plan: Plan, index: int, start: dt.date, end: dt.date,
                 paid_on: dt.date) -> None:
        hours: dict[int, dict[dt.date, float]] = {}
        wages: dict[int, int] = {}
        for t in plan.trainings:
            days = work_days(max(start, t.start), min(end, t.end), t.weekdays)
            if days:
                person = self.person_ids[t.employee]
                hours[person] = {d: t.hours_per_day for d in days}
                wages[person] = self.people[t.employee].wage_ore
        for c in plan.covers:
            days = work_days(max(start, c.start), min(end, c.end))
            if days:
                person = self.person_ids[c.substitute]
                daily = round(c.hours_per_week / 5, 2)
                hours[person] = {d: daily for d in days}
                wages[person] = round(self.people[c.substitute].wage_ore * daily * len(days))
        run_id = claim_service.record_pay_run(
            self.store, self.hr[plan.employer], self.project_ids[plan.key],
            period_start=start, period_end=end, paid_on=paid_on, wages_ore=wages, hours=hours)
        self.pay_run_ids[(plan.key, index)] = run_id

    def _claim(self, plan: Plan, index: int, paid_on: dt.date, final: str) -> None:
        if final == "none":
            return
        hr, cw = self.hr[plan.employer], self.caseworker
        key = (plan.key, index)
        self.at(paid_on, 14, lambda: self._compute(plan, index))
        if final in ("error", "draft"):
            return
        submitted = after(paid_on, 1)
        self.at(submitted, 9, lambda: self._claim_move(key, hr, "submitted"))
        if final == "submitted":
            return
        decided = after(submitted, 5)
        if final == "rejected":
            self.at(decided, 11, lambda: self._claim_move(
                key, cw, "rejected", "Vikarens lønseddel for perioden mangler. Ret kravet og "
                                     "indsend det igen med lønsedlen."))
            return
        self.at(decided, 11, lambda: self._claim_move(key, cw, "approved", "Kravet er "
                                                      "kontrolleret mod lønsedlerne."))
        if final == "paid":
            self.at(after(decided, 3), 10, lambda: self._claim_move(key, cw, "paid"))

    def _compute(self, plan: Plan, index: int) -> None:
        hr = self.hr[plan.employer]
        try:
            claim_id = claim_service.compute_claim(self.store, hr,
                                                   self.pay_run_ids[(plan.key, index)])
        except InvalidInput as exc:
            if "Sats ikke kendt" not in str(exc):
                raise
            month = format_date(self.clock().date(), "MMMM y", locale="da_DK")
            self.notes.append(f"{plan.title}, lønkørslen for {month}: {exc}")
            if plan.key not in self.rate_unknown:
                self.rate_unknown.add(plan.key)
                project_service.comment(
                    self.store, hr, self.project_ids[plan.key],
                    f"Kravet kan ikke beregnes endnu: {exc} Vi beregner det, når satsen er "
                    "kendt.")
            return
        self.claim_ids[(plan.key, index)] = claim_id

    def _claim_move(self, key: tuple[str, int], actor: Actor, state: str,
                    reason: str | None = None) -> None:
        claim_id = self.claim_ids[key]
        claim_service.move_claim(self.store, actor, claim_id, self._version(claims, claim_id),
                                 state, reason)

    def _follow_up(self, plan: Plan, actor: Actor, stage: str) -> None:
        f = plan.end_follow_up if stage == "end" else plan.later_follow_up
        assert f is not None
        ids = self.person_ids
        followup.record_follow_up(
            self.store, actor, self.project_ids[plan.key], stage,
            substitutes={ids[k]: v for k, v in f.substitutes.items()},
            employees={ids[k]: v for k, v in f.employees.items()}, employer=f.employer)

    # the summary ----------------------------------------------------------------------------

    def _summary(self) -> DemoSummary:
        with self.store.read() as conn:
            counts = {t.name: int(conn.execute(select(func.count()).select_from(t))
                                  .scalar_one()) for t in metadata.sorted_tables}
            by_project = {str(state): int(n) for state, n in conn.execute(
                select(projects.c.state, func.count()).group_by(projects.c.state))}
            by_claim = {str(state): int(n) for state, n in conn.execute(
                select(claims.c.state, func.count()).group_by(claims.c.state))}
        return DemoSummary(
            counts=counts, projects_by_state=by_project, claims_by_state=by_claim,
            logins=self.logins, example_project_id=self.project_ids[EXAMPLE[0]],
            example_claim_id=self.claim_ids[EXAMPLE], project_ids=dict(self.project_ids),
            notes=list(self.notes))
