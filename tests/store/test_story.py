"""The whole case on the store: from the first draft to the last claim and follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from jobrotation.adapters.tables import audit, claims, people, projects
from jobrotation.domain.errors import Conflict, IllegalTransition, InvalidInput, NotAllowed
from jobrotation.domain.project import CHECKLIST
from jobrotation.services import claims as claim_service
from jobrotation.services import followup, lawcase
from jobrotation.services import people as people_service
from jobrotation.services import projects as p
from jobrotation.services.policy import Actor

from .conftest import ADMIN


def weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(d) for d in range((end - start).days + 1)
            if (start + dt.timedelta(d)).weekday() < 5]


@pytest.fixture
def world(store):
    employer = people_service.create_employer(
        store, ADMIN, name="Smedjen A/S", cvr="13585628", sector="private",
        municipality="Randers", facts={"employer.ordinary_employees": 40,
                                       "employer.subsidised_employees": 1})
    people_service.create_jobcentre(store, ADMIN, municipality="Randers")
    hr = Actor(people_service.create_user(store, ADMIN, email="hr@smedjen.dk", name="HR",
                                          role="employer", organisation_id=employer),
               "employer", "HR", organisation_id=employer)
    steward = Actor(people_service.create_user(store, ADMIN, email="tr@smedjen.dk", name="TR",
                                               role="steward", organisation_id=employer),
                    "steward", "TR", organisation_id=employer)
    caseworker = Actor(people_service.create_user(store, ADMIN, email="sb@randers.dk",
                                                  name="SB", role="caseworker"),
                       "caseworker", "SB", municipality="Randers")
    employee = people_service.add_person(
        store, hr, kind="employee", name="Mette Smed", employer_id=employer,
        cpr="010185-1234", facts={"employee.employed_since": "2019-03-01",
                                  "employee.employment_type": "ordinary",
                                  "employee.education_level": "erhvervsuddannelse",
                                  "employee.full_wage": True,
                                  "employee.receives_veu_svu": False})
    substitute = people_service.add_person(
        store, hr, kind="substitute", name="Ali Vikar", employer_id=employer, cpr="020290-4321",
        facts={"substitute.benefit": "dagpenge", "substitute.benefit_months_total": 8,
               "substitute.last_employer_is_this": False,
               "employer.owned_by_substitute_partner": False})
    return dict(employer=employer, hr=hr, steward=steward, caseworker=caseworker,
                employee=employee, substitute=substitute)


def test_a_project_runs_from_draft_to_paid_claim_and_follow_up(store, clock, world):
    hr, steward, cw = world["hr"], world["steward"], world["caseworker"]
    pid = p.create_project(store, hr, world["employer"], "CNC-kursus", "Opkvalificering",
                           "route1")
    start, end = dt.date(2024, 2, 5), dt.date(2024, 3, 29)
    p.add_training(store, hr, pid, world["employee"], provider="AMU Øst", course="CNC",
                   type="amu", start=start, end=end, hours_per_day=7.4, veu_eligible=True,
                   facts={"training.strengthens_competences": True})
    p.add_assignment(store, hr, pid, world["substitute"], start=start, end=end,
                     hours_per_week=37, covers=[world["employee"]], hourly_wage_ore=18500,
                     facts={"substitute.same_or_similar_job": True})
    with pytest.raises(IllegalTransition, match="Tjekliste"):
        p.move(store, hr, pid, 1, "ready")
    p.update_project(store, hr, pid, 1, checklist={k: True for k in CHECKLIST})
    p.move(store, hr, pid, 2, "ready")
    p.move(store, hr, pid, 3, "applied")
    with pytest.raises(IllegalTransition, match="tillidsrepræsentanten"):
        p.move(store, cw, pid, 4, "approved")
    p.sign(store, steward, pid, "application")
    p.move(store, cw, pid, 4, "approved", "Godkendt")
    p.move(store, hr, pid, 5, "running")

    days = weekdays(dt.date(2024, 2, 5), dt.date(2024, 2, 29))
    run = claim_service.record_pay_run(
        store, hr, pid, period_start=dt.date(2024, 2, 1), period_end=dt.date(2024, 2, 29),
        paid_on=dt.date(2024, 2, 29), wages_ore={world["employee"]: 3_000_000,
                                                 world["substitute"]: 2_700_000},
        hours={world["employee"]: {d: 7.4 for d in days},
               world["substitute"]: {d: 7.4 for d in days}})
    claim_id = claim_service.compute_claim(store, hr, run)
    with store.read() as conn:
        claim = conn.execute(select(claims).where(claims.c.id == claim_id)).mappings().one()
    # 19 weekdays × 7,4 h = 140,6 h at 203,17 kr. = 28.565,70 kr. (LAB § 152, 2024 rate)
    assert claim["amount"] == 2_856_570
    assert "140,6 timer à 203,17 kr." in claim_service.explain(claim)[0]
    claim_service.move_claim(store, hr, claim_id, 1, "submitted")
    claim_service.move_claim(store, cw, claim_id, 2, "approved", "OK")
    claim_service.move_claim(store, cw, claim_id, 3, "paid")

    followup.record_follow_up(store, hr, pid, "end",
                              substitutes={world["substitute"]: "job_same_employer"},
                              employees={world["employee"]: {"completed": True,
                                                             "using_skills": True}},
                              employer={"production_kept": True, "would_repeat": True})
    gain = followup.triple_gain(store, cw)
    assert gain[0]["substitutes_in_work"] == 1
    assert gain[0]["subsidies_paid_ore"] == 2_856_570
    assert gain[0]["hours_trained"] == 140.6

    with store.read() as conn:
        actions = list(conn.execute(select(audit.c.action).where(audit.c.project_id == pid)
                                    .order_by(audit.c.id)).scalars())
    assert actions[:3] == ["project.created", "training.added", "assignment.added"]
    assert {"project.applied", "application.signed", "project.approved", "claim.computed",
            "claim.approved", "claim.paid", "followup.recorded"} <= set(actions)


def test_cpr_is_encrypted_at_rest_and_masked(store, world):
    with store.read() as conn:
        row = conn.execute(select(people).where(people.c.id == world["employee"])).mappings().one()
        dump = str(dict(row)) + str(list(conn.execute(select(audit)).all()))
    assert "1234" not in dump.replace("010185", "")
    assert people_service.person_view(row)["cpr"] == "010185-XXXX"
    assert store.vault.open(row["cpr_token"]) == "0101851234"


def test_illegal_transition_is_refused_in_danish_and_changes_nothing(store, world):
    pid = p.create_project(store, world["hr"], world["employer"], "X", "", "route1")
    with pytest.raises(IllegalTransition, match="kan ikke gå fra 'kladde' til 'godkendt'"):
        p.move(store, world["caseworker"], pid, 1, "approved", "ok")
    with store.read() as conn:
        assert conn.execute(select(projects.c.state, projects.c.version)).one() == ("draft", 1)


def test_stale_edit_is_a_conflict(store, world):
    pid = p.create_project(store, world["hr"], world["employer"], "X", "", "route1")
    p.update_project(store, world["hr"], pid, 1, title="Første")
    with pytest.raises(Conflict):
        p.update_project(store, world["hr"], pid, 1, title="Anden")


def test_other_employer_cannot_read_or_edit(store, world):
    other = Actor(99, "employer", "anden", organisation_id=12345)
    pid = p.create_project(store, world["hr"], world["employer"], "X", "", "route1")
    with pytest.raises(NotAllowed):
        p.update_project(store, other, pid, 1, title="hacked")
    with pytest.raises(NotAllowed):
        lawcase.project_eligibility(store, other, pid)


def test_audit_trail_cannot_be_edited_or_deleted(store, world):
    with store.engine.begin() as conn, pytest.raises(Exception, match="revisionssporet"):
        conn.execute(text("UPDATE audit SET action = 'x'"))
    with store.engine.begin() as conn, pytest.raises(Exception, match="revisionssporet"):
        conn.execute(text("DELETE FROM audit"))


def test_bad_cvr_is_refused_with_a_clear_message(store):
    with pytest.raises(InvalidInput, match="8 cifre"):
        people_service.create_employer(store, ADMIN, name="X", cvr="1234", sector="private",
                                       municipality="Aarhus")


def test_bad_plan_input_is_refused_before_it_is_stored(store, world):
    hr = world["hr"]
    pid = p.create_project(store, hr, world["employer"], "X", "", "route1")
    with pytest.raises(InvalidInput, match="Ukendte oplysninger"):
        p.add_training(store, hr, pid, world["employee"], provider="AMU", course="CNC",
                       type="amu", start=dt.date(2024, 2, 5), end=dt.date(2024, 3, 1),
                       hours_per_day=7.4, facts={"training.strenghtens": True})
    with pytest.raises(InvalidInput, match="Lønperioden"):
        p.update_project(store, hr, pid, 1, pay_frequency="weekly")
    with pytest.raises(InvalidInput, match="kendt betingelse"):
        p.update_project(store, hr, pid, 1, exceptions={"no.such.rule": "fordi"})
    with pytest.raises(IllegalTransition, match="Aftalen"):
        p.sign(store, world["steward"], pid, "agreement")
    jobcentre = people_service.create_jobcentre(store, ADMIN, municipality="Viborg")
    with pytest.raises(InvalidInput, match="arbejdsgiver"):
        p.create_project(store, ADMIN, jobcentre, "X", "", "route1")
