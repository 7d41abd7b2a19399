"""Demo data: Randers, four employers, twelve projects in every state — through the services.

    store = make_store(settings, clock=DemoClock())
    summary = fill_demo(store)

The rows are data, in this package's YAML files, written for a reader who is not a
programmer: ``setting.yaml`` (where and when), ``employers.yaml``, ``people.yaml`` and
``projects.yaml`` (what each project shows is said in a comment above it). ``data``
loads and checks them, ``builder`` plays them through the services.

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

from sqlalchemy import func, select

from jobrotation.adapters.tables import organisations
from jobrotation.domain.errors import JobrotationError
from jobrotation.services.store import Store

from .builder import Builder
from .data import load_demo
from .model import Demo, Employer, Person, Plan, cpr_numbers
from .rows import DemoDataError
from .summary import DemoLogin, DemoSummary
from .timeline import SettableClock, after, at, bank_day

__all__ = [
    "DEMO", "EMAIL_DOMAIN", "EMPLOYERS", "END", "EXAMPLE", "MUNICIPALITY", "PEOPLE", "PLANS",
    "START", "Demo", "DemoClock", "DemoDataError", "DemoLogin", "DemoSummary", "Employer",
    "Person", "Plan", "after", "bank_day", "demo_cprs", "fill_demo", "load_demo",
]

# Read once, on import: the files ship with the package and are checked by the tests.
DEMO = load_demo()
MUNICIPALITY = DEMO.setting.municipality
START = DEMO.setting.start  # organisations and users are set up
END = DEMO.setting.end  # the demo's "today"
EMAIL_DOMAIN = DEMO.setting.email_domain
EMPLOYERS: tuple[Employer, ...] = DEMO.employers
PEOPLE: tuple[Person, ...] = DEMO.people
PLANS: tuple[Plan, ...] = DEMO.plans
EXAMPLE = DEMO.setting.example_claim  # (plan key, pay run index) of the example claim


class DemoClock(SettableClock):
    """The store's clock during the demo; it starts on the demo's first day."""

    def __init__(self, now: dt.datetime | None = None) -> None:
        super().__init__(now or at(START, 8))


def demo_cprs() -> dict[str, str]:
    """Each demo person's CPR number (``0101ÅÅ-00NN``, see the package's docstring)."""
    return cpr_numbers(PEOPLE)


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
        return Builder(store, clock, DEMO).run()
    finally:
        store.clock = original
