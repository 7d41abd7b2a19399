"""Benchmark of the store: claims computed and stored, and the size of the demo database.

    .venv/bin/python bench/store_bench.py                        # SQLite, 10,000 claims
    .venv/bin/python bench/store_bench.py --postgres URL         # and PostgreSQL
    .venv/bin/python bench/store_bench.py --claims 1000          # a quicker run

Claims: running projects (half route 1, the private employers' other half route 2; one
employee in training and one substitute each, 8 January – 28 June 2024) and their six
monthly pay runs are built through the services first, untimed. Then only
``services.claims.compute_claim`` is timed, once per pay run, for ``--claims`` pay runs:
each call reads the project's pay runs so far, asks the law core for the eligibility and
the priced lines, and stores the claim with its audit entry in one transaction — what an
employer's "beregn krav" does. Each call is timed on its own with ``perf_counter_ns``.

SQLite runs on a temporary file (WAL, synchronous=NORMAL, as ``adapters.db`` sets it up).
``--postgres URL`` must name an empty scratch database: the bench migrates it, fills it
and leaves the data there.

Demo size: ``fill_demo`` on a fresh temporary SQLite file; the size is the file's after a
WAL checkpoint.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import func, inspect, select
from stdnum.dk import cvr

from jobrotation.adapters.db import make_engine
from jobrotation.adapters.tables import claims, organisations, pay_runs
from jobrotation.bootstrap import make_store
from jobrotation.config import Settings
from jobrotation.domain import format as fmt
from jobrotation.domain.calendar import work_days
from jobrotation.domain.project import CHECKLIST
from jobrotation.services import claims as claim_service
from jobrotation.services import people as people_service
from jobrotation.services import projects as project_service
from jobrotation.services.demo import DemoClock, fill_demo
from jobrotation.services.policy import SYSTEM, Actor
from jobrotation.services.store import Store

RUNS_PER_PROJECT = 6
START, END = dt.date(2024, 1, 8), dt.date(2024, 6, 28)
EMPLOYERS = 10  # half private, half public

EMPLOYEE_FACTS = {"employee.employed_since": "2018-03-01",
                  "employee.employment_type": "ordinary",
                  "employee.education_level": "erhvervsuddannelse", "employee.full_wage": True,
                  "employee.receives_veu_svu": False}
SUBSTITUTE_FACTS = {"substitute.benefit": "dagpenge", "substitute.benefit_months_total": 9,
                    "substitute.in_job": False, "substitute.last_employer_is_this": False,
                    "employer.owned_by_substitute_partner": False}


def _cvrs(count: int) -> list[str]:
    """The first ``count`` numbers from 20000000 up that pass the modulus-11 check."""
    found: list[str] = []
    number = 20_000_000
    while len(found) < count:
        if cvr.is_valid(str(number)):
            found.append(str(number))
        number += 1
    return found


def _mib(size: int) -> str:
    return f"{size:,} bytes = {size / 2**20:.2f} MiB"


@dataclass
class World:
    store: Store
    runs: list[tuple[int, Actor]]  # pay run id and the employer user who claims
    setup_seconds: float


def build(store: Store, clock: DemoClock, claims_wanted: int) -> World:
    """Running projects with pay runs, through the services (untimed)."""
    started = time.perf_counter()
    clock.set(dt.date(2024, 1, 2))
    admin_id = people_service.create_user(store, SYSTEM, email="admin@bench.example",
                                          name="Admin", role="admin")
    admin = Actor(admin_id, "admin", "Admin")
    jobcentre = people_service.create_jobcentre(store, admin, municipality="Randers")
    cw_id = people_service.create_user(store, admin, email="jc@bench.example", name="SB",
                                       role="caseworker", organisation_id=jobcentre)
    caseworker = Actor(cw_id, "caseworker", "SB", organisation_id=jobcentre,
                       municipality="Randers")
    employers: list[tuple[int, str, Actor]] = []
    for n, number in enumerate(_cvrs(EMPLOYERS)):
        sector = "private" if n % 2 == 0 else "public"
        org = people_service.create_employer(
            store, admin, name=f"Virksomhed {n}", cvr=number, sector=sector,
            municipality="Randers",
            facts={"employer.ordinary_employees": 400, "employer.subsidised_employees": 1,
                   "employer.annual_wage_costs": 180_000_000,
                   "employer.annual_public_aid": 400_000})
        uid = people_service.create_user(store, admin, email=f"hr{n}@bench.example",
                                         name=f"HR {n}", role="employer", organisation_id=org)
        employers.append((org, sector, Actor(uid, "employer", f"HR {n}", organisation_id=org)))

    periods = []
    month = START.replace(day=1)
    for _ in range(RUNS_PER_PROJECT):
        nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        periods.append((month, nxt - dt.timedelta(days=1)))
        month = nxt
    days = {p: work_days(max(p[0], START), min(p[1], END)) for p in periods}

    projects_needed = math.ceil(claims_wanted / RUNS_PER_PROJECT)
    runs: list[tuple[int, Actor]] = []
    for i in range(projects_needed):
        org, sector, hr = employers[i % EMPLOYERS]
        route = "route2" if sector == "private" and (i // EMPLOYERS) % 2 == 0 else "route1"
        pid = project_service.create_project(store, hr, org, f"Projekt {i}", "", route)
        emp = people_service.add_person(store, hr, kind="employee", name=f"Medarbejder {i}",
                                        employer_id=org, cpr=f"0101{80 + i % 20}-{i % 10000:04d}",
                                        facts=EMPLOYEE_FACTS)
        sub = people_service.add_person(store, hr, kind="substitute", name=f"Vikar {i}",
                                        employer_id=org, facts=SUBSTITUTE_FACTS)
        project_service.add_training(store, hr, pid, emp, provider="AMU", course="Kursus",
                                     type="amu", start=START, end=END, hours_per_day=7.4,
                                     veu_eligible=True,
                                     facts={"training.strengthens_competences": True})
        project_service.add_assignment(store, hr, pid, sub, start=START, end=END,
                                       hours_per_week=37, covers=[emp], hourly_wage_ore=19_500,
                                       facts={"substitute.same_or_similar_job": True})
        project_service.update_project(store, hr, pid, 1, checklist=dict.fromkeys(CHECKLIST, True))
        project_service.move(store, hr, pid, 2, "ready")
        project_service.move(store, hr, pid, 3, "applied")
        project_service.move(store, caseworker, pid, 4, "approved", "OK")
        project_service.move(store, hr, pid, 5, "running")
        for period in periods:
            worked = days[period]
            run = claim_service.record_pay_run(
                store, hr, pid, period_start=period[0], period_end=period[1],
                paid_on=period[1], wages_ore={emp: 3_200_000, sub: 19_500 * 74 * len(worked) // 10},
                hours={emp: dict.fromkeys(worked, 7.4), sub: dict.fromkeys(worked, 7.4)})
            runs.append((run, hr))
        if (i + 1) % max(1, projects_needed // 10) == 0:
            print(f"  opbygning: {i + 1}/{projects_needed} projekter, {len(runs)} lønkørsler, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
    return World(store, runs[:claims_wanted], time.perf_counter() - started)


def bench_claims(label: str, url: str, claims_wanted: int) -> None:
    print(f"\n== {label}: {url.split('@')[-1]}")
    engine = make_engine(url)
    if "organisations" in inspect(engine).get_table_names():
        with engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(organisations)).scalar_one():
                sys.exit(f"{label}: databasen er ikke tom; brug en tom database")
    engine.dispose()
    clock = DemoClock()
    store = make_store(Settings(url, Fernet.generate_key(), 1825), clock=clock)
    world = build(store, clock, claims_wanted)
    print(f"  opbygning (ikke timet): {len(world.runs)} lønkørsler i "
          f"{world.setup_seconds:.1f} s")
    clock.set(dt.date(2024, 7, 1))
    took: list[int] = []
    total_started = time.perf_counter()
    for run_id, hr in world.runs:
        t0 = time.perf_counter_ns()
        claim_service.compute_claim(store, hr, run_id)
        took.append(time.perf_counter_ns() - t0)
    total = time.perf_counter() - total_started
    with store.read() as conn:
        stored = conn.execute(select(func.count()).select_from(claims)).scalar_one()
        amount = conn.execute(select(func.sum(claims.c.amount))).scalar_one()
        run_count = conn.execute(select(func.count()).select_from(pay_runs)).scalar_one()
    assert stored == len(world.runs), (stored, len(world.runs))
    ms = sorted(t / 1e6 for t in took)
    print(f"  {stored:,} krav beregnet og gemt på {total:.2f} s = {stored / total:,.0f} krav/s")
    print(f"  pr. krav: median {statistics.median(ms):.2f} ms, "
          f"p95 {ms[int(0.95 * (len(ms) - 1))]:.2f} ms, max {ms[-1]:.2f} ms")
    print(f"  (kontrol: {run_count:,} lønkørsler, krav i alt {fmt.money(amount)})")
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        store.engine.dispose()
        print(f"  databasens størrelse: {_mib(_checkpointed_size(path))}")
    store.engine.dispose()


def _checkpointed_size(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path.stat().st_size + sum(
        p.stat().st_size for p in (path.with_name(path.name + "-wal"),) if p.exists())


def demo_size(directory: Path) -> None:
    path = directory / "demo.db"
    url = f"sqlite:///{path}"
    print(f"\n== Demodatabase (SQLite): {path}")
    store = make_store(Settings(url, Fernet.generate_key(), 1825), clock=DemoClock())
    started = time.perf_counter()
    summary = fill_demo(store)
    took = time.perf_counter() - started
    store.engine.dispose()
    rows = sum(summary.counts.values())
    print(f"  fill_demo: {took:.2f} s, {rows} rækker ({summary.counts['audit']} i "
          f"revisionssporet)")
    print(f"  størrelse: {_mib(_checkpointed_size(path))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--postgres", metavar="URL", help="en tom PostgreSQL-database")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"{platform.machine()}, {os.cpu_count()} CPU")
    with tempfile.TemporaryDirectory(prefix="jobrotation-bench-") as tmp:
        directory = Path(tmp)
        demo_size(directory)
        bench_claims("SQLite", f"sqlite:///{directory / 'claims.db'}", args.claims)
        if args.postgres:
            bench_claims("PostgreSQL", args.postgres, args.claims)


if __name__ == "__main__":
    main()
