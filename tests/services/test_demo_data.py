"""The demo is data: its YAML files load, a bad one is refused with the file, row and
field named, and the demo they make is the one recorded here — rows per table, audit
actions, logins, organisations, people, and every project's state and claim amounts.

The figures were taken from the demo as it was written in code before it became data;
the two made identical databases (every row of every table, ids and timestamps included,
CPR numbers compared opened). A change here is a change of the demo: make it on purpose.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from jobrotation.adapters.tables import (
    assignments,
    audit,
    claims,
    organisations,
    pay_runs,
    people,
    projects,
    trainings,
    users,
)
from jobrotation.bootstrap import make_store
from jobrotation.config import Settings
from jobrotation.services.demo import (
    DEMO,
    DemoClock,
    DemoDataError,
    DemoSummary,
    demo_cprs,
    fill_demo,
    load_demo,
)
from jobrotation.services.store import Store


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoSummary]]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = make_store(Settings(f"sqlite:///{path}", Fernet.generate_key(), 30), DemoClock())
    try:
        yield store, fill_demo(store)
    finally:
        store.engine.dispose()


# --- the demo the files make ------------------------------------------------------------------


def test_rows_per_table_and_states(filled):
    _, demo = filled
    assert demo.counts == {
        "audit": 245, "login_attempts": 0, "organisations": 5, "people": 29, "projects": 12,
        "assignments": 14, "follow_ups": 6, "pay_runs": 19, "trainings": 15, "users": 11,
        "claims": 18, "comments": 4, "signatures": 23}
    assert demo.projects_by_state == {"applied": 1, "approved": 1, "closed": 3, "draft": 2,
                                      "ready": 1, "rejected": 1, "running": 3}
    assert demo.claims_by_state == {"approved": 2, "draft": 2, "paid": 11, "rejected": 1,
                                    "submitted": 2}
    assert demo.notes == []


def test_audit_actions_over_the_two_years(filled):
    store, _ = filled
    with store.read() as conn:
        actions = Counter(conn.execute(select(audit.c.action)).scalars())
        times = conn.execute(select(audit.c.at).order_by(audit.c.id)).scalars().all()
    assert actions == {
        "person.created": 29, "payrun.recorded": 19, "claim.computed": 18,
        "claim.submitted": 16, "training.added": 15, "assignment.added": 14,
        "agreement.signed": 14, "claim.approved": 13, "project.created": 12,
        "project.updated": 12, "user.created": 11, "claim.paid": 11, "project.readied": 10,
        "project.applied": 9, "application.signed": 9, "project.approved": 7,
        "project.started": 6, "followup.recorded": 6, "organisation.created": 5,
        "project.commented": 4, "project.closed": 3, "claim.rejected": 1,
        "project.rejected": 1}
    assert times[0].replace(tzinfo=None) == dt.datetime(2024, 1, 2, 8)
    assert times[-1].replace(tzinfo=None) == dt.datetime(2025, 11, 28, 14)


def test_logins_and_organisations(filled):
    store, demo = filled
    with store.read() as conn:
        logins = conn.execute(select(users.c.email, users.c.role, users.c.name)
                              .order_by(users.c.id)).all()
        orgs = conn.execute(select(organisations.c.name, organisations.c.cvr,
                                   organisations.c.full_time_staff,
                                   organisations.c.monthly_wage_costs, organisations.c.facts)
                            .order_by(organisations.c.id)).all()
    assert [tuple(row) for row in logins] == [
        ("admin@demo.example", "admin", "Demo Administrator"),
        ("jobcenter@demo.example", "caseworker", "Birthe Kjeldsen"),
        ("hr.metal@demo.example", "employer", "Henrik Bjerre"),
        ("tr.metal@demo.example", "steward", "Claus Overgaard"),
        ("hr.bageri@demo.example", "employer", "Annette Kirk"),
        ("tr.bageri@demo.example", "steward", "Thomas Bak"),
        ("hr.pleje@demo.example", "employer", "Lone Vinther"),
        ("tr.pleje@demo.example", "steward", "Dorthe Holm"),
        ("hr.dagtilbud@demo.example", "employer", "Mads Krog"),
        ("tr.dagtilbud@demo.example", "steward", "Anja Schmidt"),
        ("vikar@demo.example", "substitute", "Ahmad Rahimi")]
    assert [login.organisation for login in demo.logins][-1] == (
        "vikar hos Randers Maskinværksted ApS")
    assert [tuple(row) for row in orgs] == [
        ("Jobcenter Randers", None, None, None, {}),
        ("Randers Maskinværksted ApS", "11111114", 44, 165_000_000,
         {"employer.ordinary_employees": 42, "employer.subsidised_employees": 1,
          "employer.annual_wage_costs": 19_850_000, "employer.annual_public_aid": 145_000}),
        ("Bageriet ved Gudenåen ApS", "22222228", 15, 42_000_000,
         {"employer.ordinary_employees": 14, "employer.subsidised_employees": 1,
          "employer.annual_wage_costs": 5_400_000, "employer.annual_public_aid": 60_000}),
        ("Plejecenter Solgården", "33333331", 58, 198_000_000,
         {"employer.ordinary_employees": 64, "employer.subsidised_employees": 2}),
        ("Børnehuset Regnbuen", "44444445", 20, 69_000_000,
         {"employer.ordinary_employees": 22, "employer.subsidised_employees": 1})]


def test_people_their_facts_and_kroner_as_ore(filled):
    store, _ = filled
    with store.read() as conn:
        kinds = {kind: n for kind, n in conn.execute(
            select(people.c.kind, func.count()).group_by(people.c.kind))}
        facts = {name: f for name, f in conn.execute(select(people.c.name, people.c.facts))}
        tokens = conn.execute(select(people.c.cpr_token)).scalars().all()
        fees = conn.execute(select(trainings.c.fee).order_by(trainings.c.id)).scalars().all()
        hourly = conn.execute(select(assignments.c.hourly_wage)
                              .order_by(assignments.c.id)).scalars().all()
    assert kinds == {"employee": 15, "substitute": 14}
    assert facts["Mette Krogh Jensen"] == {
        "employee.employed_since": "2015-03-01", "employee.employment_type": "ordinary",
        "employee.education_level": "erhvervsuddannelse", "employee.full_wage": True,
        "employee.receives_veu_svu": False, "employee.hourly_wage": "215.18"}
    assert facts["Nadia Hansen"] == {
        "substitute.benefit": "kontanthjaelp", "substitute.benefit_months_continuous": 4,
        "substitute.in_job": False, "substitute.last_employer_is_this": False,
        "employer.owned_by_substitute_partner": False, "substitute.monthly_benefit": "12550.00"}
    assert facts["Julie Frandsen"]["substitute.last_employer_is_this"] is True
    assert facts["Line Bach"]["employee.education_level"] == "grundskole"
    assert sorted(store.vault.open(t) for t in tokens) == sorted(
        c.replace("-", "") for c in demo_cprs().values())
    assert fees == [215_000, 215_000, 0, 0, 340_000, 0, 0, 0, 0, 180_000, 0, 0, 0, 0, 0]
    assert hourly == [20_550, 20_550, 18_230, 18_230, 20_100, 17_900, 18_900, 18_230,
                      18_450, 18_230, 18_900, 17_900, 19_800, 18_900]


# Per project: its final state, route, pay runs and each claim's state and amount (øre).
PROJECTS = {
    "cnc": ("closed", "route1", 3, [("paid", 5_713_140)] * 3),
    "demens": ("closed", "route2", 4, [("paid", 7_961_360), ("paid", 8_719_586),
                                       ("paid", 7_021_360), ("paid", 2_866_686)]),
    "svejs": ("closed", "route2", 3, [("paid", 1_598_008), ("paid", 3_355_817),
                                      ("rejected", 1_438_207)]),
    "kage": ("rejected", "route2", 0, []),
    "sprog": ("running", "route1", 4, [("paid", 2_336_328), ("paid", 3_426_614),
                                       ("approved", 3_582_370), ("draft", 3_115_104)]),
    "medicin": ("running", "route2", 2, [("submitted", 3_925_944)]),
    "surdej": ("running", "route1", 3, [("approved", 2_744_659), ("submitted", 2_862_528),
                                        ("draft", 2_492_083)]),
    "velfaerd": ("approved", "route1", 0, []),
    "special": ("applied", "route2", 0, []),
    "ovn": ("ready", "route1", 0, []),
    "lean": ("draft", "route1", 0, []),
    "natur": ("draft", "route1", 0, []),
}


def test_every_project_its_state_pay_runs_and_claim_amounts(filled):
    store, demo = filled
    found = {}
    with store.read() as conn:
        for key, pid in demo.project_ids.items():
            state, route = conn.execute(select(projects.c.state, projects.c.route)
                                        .where(projects.c.id == pid)).one()
            runs = conn.execute(select(func.count()).select_from(pay_runs)
                                .where(pay_runs.c.project_id == pid)).scalar_one()
            amounts = [(s, a) for s, a in conn.execute(
                select(claims.c.state, claims.c.amount).where(claims.c.project_id == pid)
                .order_by(claims.c.id))]
            found[key] = (state, route, runs, amounts)
        wages_and_hours = conn.execute(select(pay_runs.c.wages, pay_runs.c.hours)).all()
    assert found == PROJECTS
    assert list(demo.project_ids) == list(PROJECTS)  # created in date order
    # Hours are laid out day by day from the trainings and covers; wages follow them.
    assert sum(sum(w.values()) for w, _ in wages_and_hours) == 155_200_280
    assert sum(sum(d.values()) for _, h in wages_and_hours for d in h.values()) == 690_200


# --- the files ----------------------------------------------------------------------------------


def test_the_packaged_files_load_as_the_demo():
    demo = load_demo()
    assert demo == DEMO
    assert (len(demo.employers), len(demo.people), len(demo.plans)) == (4, 29, 12)
    assert demo.setting.example_claim == ("cnc", 1)
    assert demo.setting.monthly_benefit == {"dagpenge": "19500.00",
                                            "kontanthjaelp": "12550.00"}
    ahmad = next(p for p in demo.people if p.key == "ahmad")
    assert ahmad.wage_ore == 20_550 and ahmad.kind == "substitute"
    sprog = next(p for p in demo.plans if p.key == "sprog")
    assert [t.weekdays for t in sprog.trainings] == ["123", "45"]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A copy of the demo files to spoil."""
    package = resources.files("jobrotation.services.demo")
    for name in ("setting.yaml", "employers.yaml", "people.yaml", "projects.yaml"):
        with resources.as_file(package / name) as source:
            shutil.copy(source, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("projects.yaml", "decided: 2024-01-24", "decided: 24-01-2024",
     "projects.yaml, række 1 (cnc), felt 'decided': forventede en dato"),
    ("projects.yaml", "decided: 2024-01-24", "decided: 2024-02-30",
     "er ikke en dato"),
    ("projects.yaml", "  decided: 2024-01-24\n", "",
     "projects.yaml, række 1 (cnc), felt 'decided': mangler"),
    ("projects.yaml", "fee_kr: 3400", "fees_kr: 3400",
     "projects.yaml, række 2 (svejs), trainings, række 1: ukendt felt 'fees_kr'"),
    ("projects.yaml", "claims: [paid, paid, rejected]", "claims: [paid, paid, refused]",
     "række 2 (svejs), felt 'claims': 'refused' er ikke en af"),
    ("projects.yaml", "{substitute: peter, covers: [bent]",
     "{substitute: mette, covers: [bent]",
     "covers, række 1, felt 'substitute': 'mette' er ikke en vikar hos metal"),
    ("people.yaml", "monthly_wage_kr: 34500", "monthly_wage_kr: mange",
     "people.yaml, metal, employees, række 1 (mette), felt 'monthly_wage_kr': forventede "
     "et tal"),
    ("people.yaml", "1990, benefit: dagpenge, benefit_months: 9", "1990, benefit: dagpenge",
     "række 1 (ahmad), felt 'benefit_months': mangler"),
    ("employers.yaml", "sector: public\n  staff: 58", "sector: offentlig\n  staff: 58",
     "employers.yaml, række 3 (pleje), felt 'sector': 'offentlig' er ikke en af"),
    ("setting.yaml", "substitute_login: ahmad", "substitute_login: mette",
     "'substitute_login': 'mette' er ikke en vikar"),
])
def test_a_bad_file_says_which_file_row_and_field(files, name, old, new, message):
    path = files / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, "the test's edit must be unambiguous"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DemoDataError) as caught:
        load_demo(files)
    assert message in str(caught.value)
