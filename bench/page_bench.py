"""Benchmark of the project page: ``GET /projekter/{id}`` for a plan with 50 people.

    .venv/bin/python bench/page_bench.py                  # 50 employees, 50 substitutes
    .venv/bin/python bench/page_bench.py --people 10 --repeat 100

A temporary SQLite file gets the demo data (``prepare_demo``), then, as the demo's
employer ``hr.metal@demo.example`` (Randers Maskinværksted ApS, private sector) and
through the services, one route-1 draft project with ``--people`` employees on AMU
courses spread over 2025 and as many substitutes, each covering one employee. Every
fourth substitute starts a week after the course and every seventh leaves two weeks
early, so the plan has gaps in the cover. Three comments are added. None of this is
timed.

Timed, with a ``TestClient`` logged in as that employer (the app's date is the demo's
"today", 28 November 2025): ``--repeat`` requests per page after 3 warm-up requests,
each from sending to having the whole answer (``perf_counter_ns``): the project page
(plan timeline, the law core's answer per pair, economics, signatures, comments) and,
for comparison, its steps ``/medarbejdere`` and ``/vikarer``. Every answer must be 200
and name the project. The parts of the project page are timed on their own too:
``services.overview.project_overview`` (every read and the law core, what each of the
three pages starts with), ``services.lawcase.project_eligibility`` (the law core per
pair, part of the overview) and ``web.timeline.plan_timeline``. What is left of the
request is the template, the session and the HTTP round trip in the test client.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import re
import sqlite3
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from cryptography.fernet import Fernet

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project pins
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

from jobrotation.bootstrap import make_store
from jobrotation.config import Settings
from jobrotation.entrypoints.server import DEMO_PASSWORD, prepare_demo
from jobrotation.entrypoints.web import create_app
from jobrotation.entrypoints.web.timeline import plan_timeline
from jobrotation.services import accounts, lawcase
from jobrotation.services import people as people_service
from jobrotation.services import projects as project_service
from jobrotation.services.overview import project_overview
from jobrotation.services.policy import Actor
from jobrotation.services.store import Store
from machine_info import cpu_model, usable_cpus

TODAY = dt.date(2025, 11, 28)  # the demo's "today"
NOW = dt.datetime(2025, 11, 28, 12, tzinfo=dt.UTC)
EMPLOYER = "hr.metal@demo.example"
TITLE = "Kompetenceløft i hele produktionen 2025"
WARMUP = 3
T = TypeVar("T")
FIRST = ("Anne", "Bo", "Camilla", "Dennis", "Eva", "Frederik", "Gitte", "Henrik", "Ida",
         "Jakob", "Karina", "Lasse", "Malene", "Niels", "Pia", "Rune", "Signe", "Torben")
LAST = ("Andersen", "Bech", "Christensen", "Dam", "Eriksen", "Frost", "Graversen", "Holm",
        "Iversen", "Jeppesen", "Kragh", "Lauridsen", "Munk", "Nygaard", "Olesen", "Pedersen",
        "Quist")
COURSES = ("CNC-programmering, fræsning (AMU)", "5-akset bearbejdning (AMU)",
           "Svejsning af plader (AMU)", "Hydraulik og pneumatik (AMU)",
           "Lean i produktionen (AMU)", "Kvalitetskontrol og måleteknik (AMU)")


def _name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[i * 7 % len(LAST)]} {i + 1}"


def _monday(week: int) -> dt.date:
    return dt.date.fromisocalendar(2025, week, 1)


def build(store: Store, actor: Actor, people: int) -> int:
    """The project with ``people`` pairs, through the services (untimed)."""
    org = actor.organisation_id or 0
    pid = project_service.create_project(
        store, actor, org, TITLE,
        "Værkstedets faglærte tager AMU-kurser i løbet af 2025; ledige maskinarbejdere "
        "holder produktionen i gang.", "route1")
    for i in range(people):
        employee = people_service.add_person(
            store, actor, kind="employee", name=f"Medarbejder {_name(i)}", employer_id=org,
            facts={"employee.employed_since": f"{2008 + i % 15}-0{1 + i % 9}-01",
                   "employee.employment_type": "ordinary",
                   "employee.education_level": "erhvervsuddannelse",
                   "employee.full_wage": True, "employee.receives_veu_svu": False})
        benefit, months = ("dagpenge", 6 + i % 9) if i % 5 else ("kontanthjaelp", 8)
        months_key = ("substitute.benefit_months_total" if benefit == "dagpenge"
                      else "substitute.benefit_months_continuous")
        substitute = people_service.add_person(
            store, actor, kind="substitute", name=f"Vikar {_name(i + 5)}", employer_id=org,
            facts={"substitute.benefit": benefit, months_key: months,
                   "substitute.in_job": False, "substitute.last_employer_is_this": False,
                   "employer.owned_by_substitute_partner": False})
        first_week = 2 + i * 40 // max(people, 1)  # courses start from week 2 to week 42
        weeks = 4 + i % 7
        start = _monday(first_week)
        end = _monday(first_week + weeks - 1) + dt.timedelta(days=4)
        project_service.add_training(
            store, actor, pid, employee, provider="AMU-center Kronjylland",
            course=COURSES[i % len(COURSES)], type="amu", start=start, end=end,
            hours_per_day=7.4, weekdays="1234" if i % 6 == 5 else "12345",
            fee_ore=(1_800 + 350 * (i % 5)) * 100, veu_eligible=True,
            facts={"training.strengthens_competences": True})
        cover_start = start + dt.timedelta(weeks=1) if i % 4 == 3 else start
        cover_end = end - dt.timedelta(weeks=2) if i % 7 == 6 and weeks > 4 else end
        project_service.add_assignment(
            store, actor, pid, substitute, start=cover_start, end=cover_end,
            hours_per_week=37, covers=[employee], hourly_wage_ore=19_800 + 50 * (i % 10),
            facts={"substitute.same_or_similar_job": True})
    for text in ("Planen er lagt, så højst seks er på kursus samtidig.",
                 "Jobcentret har fundet vikarer til alle hold.",
                 "Nogle vikarer kan først begynde en uge efter kursusstart."):
        project_service.comment(store, actor, pid, text)
    return pid


def log_in(client: TestClient, email: str) -> None:
    page = client.get("/login")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if not found:
        raise SystemExit("no CSRF token on /login")
    answer = client.post("/login", data={"email": email, "password": DEMO_PASSWORD,
                                         "csrf_token": found.group(1)},
                         follow_redirects=False)
    if answer.status_code != 303:
        raise SystemExit(f"login failed: {answer.status_code} {answer.text[:300]}")


def timed(fn: Callable[[], T], repeat: int) -> tuple[list[float], T]:
    """Milliseconds of ``repeat`` calls after the warm-up, and the last result."""
    result = fn()
    for _ in range(WARMUP - 1):
        result = fn()
    took = []
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        result = fn()
        took.append((time.perf_counter_ns() - t0) / 1e6)
    return took, result


def figures(ms: list[float]) -> str:
    data = sorted(ms)
    p95 = data[min(len(data) - 1, max(0, round(0.95 * len(data)) - 1))]
    return f"{statistics.median(data):9.2f} {p95:9.2f} {data[-1]:9.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50,
                        help="employees in training, and as many substitutes (default 50)")
    parser.add_argument("--repeat", type=int, default=30,
                        help="timed requests per page (default 30)")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave the set-up objects to the garbage collector (the server "
                             "freezes them after start-up, see entrypoints.server)")
    args = parser.parse_args()
    if not 1 <= args.people <= 1000 or not 1 <= args.repeat <= 10_000:
        parser.error("people 1–1,000, repeat 1–10,000")
    import fastapi
    import jinja2
    print(f"nproc {usable_cpus()}, {cpu_model()}, {platform.system()} {platform.machine()}; "
          f"python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, fastapi "
          f"{fastapi.__version__}, jinja2 {jinja2.__version__}")

    with tempfile.TemporaryDirectory(prefix="page-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = make_store(Settings(url, Fernet.generate_key(), 30), clock=lambda: NOW)
        try:
            started = time.perf_counter()
            prepare_demo(store)
            actor = accounts.login(store, EMPLOYER, DEMO_PASSWORD)
            pid = build(store, actor, args.people)
            print(f"setup (untimed): demo data and project {pid} with {args.people} "
                  f"employees and {args.people} substitutes in "
                  f"{time.perf_counter() - started:.1f} s")
            if not args.no_freeze:
                gc.freeze()
            run(store, actor, pid, args.repeat)
        finally:
            store.engine.dispose()


def run(store: Store, actor: Actor, pid: int, repeat: int) -> None:
    app = create_app(store, secret_key=b"page-bench-session-key-0123456789",
                     today=lambda: TODAY)
    with TestClient(app, base_url="http://testserver") as client:
        log_in(client, EMPLOYER)
        print(f"{repeat} timed requests per page after {WARMUP} warm-up; ms")
        print(f"{'':40} {'median':>9} {'p95':>9} {'max':>9} {'KiB':>7}")
        pages: dict[str, list[float]] = {}
        for step in ("", "/medarbejdere", "/vikarer"):
            path = f"/projekter/{pid}{step}"
            took, answer = timed(partial(client.get, path), repeat)
            if answer.status_code != 200 or TITLE not in answer.text:
                raise SystemExit(f"GET {path}: status {answer.status_code}, the title "
                                 f"{'is' if TITLE in answer.text else 'is not'} on the page")
            pages[path] = took
            print(f"{'GET ' + path:40} {figures(took)} {len(answer.content) / 1024:7.1f}")

    overview_ms, ov = timed(lambda: project_overview(store, actor, pid), repeat)
    law_ms, pairs = timed(lambda: lawcase.project_eligibility(store, actor, pid),
                          repeat)
    timeline_ms, plan = timed(lambda: plan_timeline(ov.trainings, ov.assignments, ov.names),
                              repeat)
    print(f"{'  project_overview':40} {figures(overview_ms)}")
    print(f"{'    of which project_eligibility':40} {figures(law_ms)}")
    print(f"{'  plan_timeline':40} {figures(timeline_ms)}")
    page = statistics.median(pages[f"/projekter/{pid}"])
    overview, timeline = statistics.median(overview_ms), statistics.median(timeline_ms)
    rest = page - overview - timeline
    print(f"project page, medians: {page:.1f} ms = overview {overview:.1f} ({overview / page:.0%})"
          f" + timeline {timeline:.1f} ({timeline / page:.0%}) + template, session and HTTP "
          f"{rest:.1f} ms ({rest / page:.0%})")
    print(f"check: {len(pairs)} pairs evaluated, {len(ov.blocking)} blocking problems, "
          f"{len(plan.rows)} timeline rows, {len(plan.gaps)} gaps; {plan.summary}")


if __name__ == "__main__":
    main()
