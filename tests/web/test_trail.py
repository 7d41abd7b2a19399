"""The project's audit trail page ("Revisionsspor"): who may see it, Danish sentences and
local times, names only from the project's people (pseudonyms once erased), no CPR."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from jobrotation.adapters.tables import people, projects
from jobrotation.domain.format import moment as danish_time
from jobrotation.entrypoints.web.trail import describe

from .conftest import log_in, main_text

CPR_LIKE = re.compile(r"\d{6}-?\d{4}")


def cpr_free(html: str) -> bool:
    """No CPR-shaped text on the page (the hex CSRF token aside)."""
    return not CPR_LIKE.search(re.sub(r'name="csrf_token" value="[0-9a-f]+"', "", html))

METAL_PROJECT = "CNC-programmering og 5-akset fræsning"  # Randers Maskinværksted, closed


@pytest.fixture
def project_id(store) -> int:
    with store.read() as conn:
        return conn.execute(select(projects.c.id)
                            .where(projects.c.title == METAL_PROJECT)).scalar_one()


def trail_text(client, project_id: int) -> str:
    page = client.get(f"/projekter/{project_id}/spor")
    assert page.status_code == 200
    text = main_text(page.text)
    assert cpr_free(page.text)
    return text


def test_employer_sees_the_trail_in_danish(client, project_id):
    log_in(client, "hr.metal@demo.example")
    page = client.get(f"/projekter/{project_id}/spor")
    assert page.status_code == 200
    assert page.text.count("<h1") == 1 and 'style="' not in page.text
    assert '<th scope="col">Tidspunkt</th>' in page.text and "<caption>" in page.text
    assert f'href="/projekter/{project_id}"' in page.text
    text = main_text(page.text)
    assert "Revisionsspor" in text and METAL_PROJECT in text
    # 2024-01-15 09:05 UTC is 10:05 in Copenhagen (winter time).
    assert "15. januar 2024 kl. 10:05 Henrik Bjerre Ansøgningen blev sendt til jobcenteret." \
        in text
    assert "Projektet blev godkendt. Begrundelse: Betingelserne er opfyldt" in text
    assert "Kravet for lønperioden 1. marts 2024 – 31. marts 2024 blev beregnet: " \
           "57.131,40 kr. (2 linjer)." in text
    assert "Vikar Ahmad Rahimi blev ansat fra 5. februar 2024 til 26. april 2024, " \
           "37 timer pr. uge." in text
    assert "Projektet blev ændret: tjekliste (6 af 6 punkter opfyldt), kontakter" in text
    assert "Handling:" not in text  # every action in the demo has a sentence
    assert cpr_free(page.text)


def test_oldest_entry_comes_first(client, project_id):
    log_in(client, "hr.metal@demo.example")
    text = trail_text(client, project_id)
    assert text.index("blev oprettet") < text.index("blev godkendt") \
        < text.index("Projektet blev afsluttet.")


@pytest.mark.parametrize("email", ["tr.metal@demo.example", "jobcenter@demo.example"])
def test_steward_and_caseworker_see_the_trail(client, project_id, email):
    log_in(client, email)
    text = trail_text(client, project_id)
    assert "Claus Overgaard Ansøgningen blev underskrevet af tillidsrepræsentanten." in text
    assert "Kravet på 57.131,40 kr. blev markeret som udbetalt." in text


@pytest.mark.parametrize("email", ["hr.bageri@demo.example", "vikar@demo.example"])
def test_other_employer_and_substitute_are_refused(client, project_id, email):
    log_in(client, email)
    page = client.get(f"/projekter/{project_id}/spor")
    assert page.status_code == 403
    text = main_text(page.text)
    assert "Ikke adgang" in text
    assert "Ahmad Rahimi blev ansat" not in text and "57.131,40" not in text


def test_not_logged_in_is_sent_to_login(client, project_id):
    page = client.get(f"/projekter/{project_id}/spor", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == f"/login?naeste=/projekter/{project_id}/spor"


def test_unknown_project_is_404(client):
    log_in(client, "hr.metal@demo.example")
    assert client.get("/projekter/9999/spor").status_code == 404


def test_erased_person_shows_the_pseudonym(client, store, project_id):
    with store.engine.begin() as conn:
        conn.execute(update(people).where(people.c.name == "Ahmad Rahimi")
                     .values(pseudonym="Person 0a1b2c3d"))
    log_in(client, "hr.metal@demo.example")
    text = trail_text(client, project_id)
    assert "Vikar Person 0a1b2c3d blev ansat fra 5. februar 2024" in text
    assert "Ahmad Rahimi" not in text


# --- describe: one entry, one sentence -----------------------------------------------------

NAMES = {3: "Ahmad Rahimi", 1: "Mette Krogh Jensen"}


def entry(action: str, **data) -> dict:
    return {"action": action, "data": data}


def test_describe_project_steps_with_reason():
    assert describe(entry("project.applied", reason=None), NAMES) == \
        "Ansøgningen blev sendt til jobcenteret."
    assert describe(entry("project.rejected", reason="Vikaren har ikke været ledig længe nok."),
                    NAMES) == \
        "Projektet blev afvist. Begrundelse: Vikaren har ikke været ledig længe nok."
    assert describe(entry("project.reopened"), NAMES) == "Projektet blev sat tilbage til kladde."


def test_describe_claims_with_danish_amounts():
    assert describe(entry("claim.computed", pay_run_id=2, amount_ore=2856570, lines=12,
                          period=["2024-03-01", "2024-03-31"]), NAMES) == \
        "Kravet for lønperioden 1. marts 2024 – 31. marts 2024 blev beregnet: " \
        "28.565,70 kr. (12 linjer)."
    assert describe(entry("claim.computed", pay_run_id=7, amount_ore=751729, lines=1), NAMES) \
        == "Kravet for lønkørsel 7 blev beregnet: 7.517,29 kr. (1 linje)."
    assert describe(entry("claim.rejected", amount_ore=751729, reason="Timerne passer ikke."),
                    NAMES) == \
        "Kravet på 7.517,29 kr. blev afvist. Begrundelse: Timerne passer ikke."


def test_describe_people_by_name_or_id():
    assert describe(entry("assignment.added", substitute_id=3, start="2024-03-01",
                          end="2024-08-31", hours_per_week=37, covers=[1]), NAMES) == \
        "Vikar Ahmad Rahimi blev ansat fra 1. marts 2024 til 31. august 2024, " \
        "37 timer pr. uge."
    assert describe(entry("training.added", employee_id=12, course="Lean (AMU)",
                          start="2026-03-02", end="2026-03-27", hours_per_day=7.4), NAMES) == \
        "Medarbejder person 12 kom på uddannelsen »Lean (AMU)« fra 2. marts 2026 til " \
        "27. marts 2026, 7,4 timer pr. dag."
    assert describe(entry("payrun.recorded", period=["2024-02-01", "2024-02-29"],
                          paid_on="2024-02-29", people=[1, 3, 12],
                          wages_total_ore=12548660), NAMES) == \
        "Lønkørslen for lønperioden 1. februar 2024 – 29. februar 2024 blev registreret: " \
        "125.486,60 kr. i løn udbetalt 29. februar 2024 til Mette Krogh Jensen, " \
        "Ahmad Rahimi og person 12."


def test_describe_erased_person_by_pseudonym():
    names = {3: "Person 0a1b2c3d"}  # what the page gives for an erased person
    sentence = describe(entry("assignment.added", substitute_id=3, start="2024-03-01",
                              end="2024-08-31", hours_per_week=18.5), names)
    assert sentence.startswith("Vikar Person 0a1b2c3d blev ansat")
    assert "18,5 timer pr. uge" in sentence


def test_describe_project_update_names_what_changed():
    assert describe(entry("project.updated", title="Ny titel", route="route2",
                          pay_frequency="fortnightly"), NAMES) == \
        "Projektet blev ændret: titel, ordning (nu Løntilskud og VEU-godtgørelse) og " \
        "lønperiode (nu 14-dagesløn)."
    assert describe(entry("project.updated", checklist={"purpose_backed": True},
                          contacts=["hr"], exceptions={"x": "fordi"}), NAMES) == \
        "Projektet blev ændret: tjekliste (1 af 6 punkter opfyldt), kontakter og " \
        "begrundede undtagelser (1)."


def test_describe_follow_up_signature_and_comment():
    assert describe(entry("followup.recorded", stage="3_months",
                          substitute_outcomes=["education", "unemployed"]), NAMES) == \
        "Opfølgningen 3 måneder efter blev registreret; vikarerne: i uddannelse og " \
        "stadig ledig."
    assert describe(entry("agreement.signed", role="employer"), NAMES) == \
        "Aftalen blev underskrevet af arbejdsgiveren."
    assert describe(entry("project.commented", length=42), NAMES) == \
        "Der blev skrevet en kommentar (42 tegn)."


def test_describe_unknown_or_broken_entries_never_crash():
    assert describe(entry("project.teleported", x=1), NAMES) == "Handling: project.teleported."
    assert describe(entry("claim.computed", amount_ore="mange"), NAMES) == \
        "Handling: claim.computed."
    assert describe(entry("training.added", employee_id=1, course="X", start="ikke en dato",
                          end="2024-01-01", hours_per_day=1), NAMES) == \
        "Handling: training.added."
    assert describe({"action": "payrun.recorded", "data": None}, NAMES) == \
        "Handling: payrun.recorded."
    assert describe({}, NAMES) == "Handling: ukendt."


def test_danish_time_follows_summer_time():
    assert danish_time(dt.datetime(2024, 3, 2, 8, 15, tzinfo=dt.UTC)) == \
        "2. marts 2024 kl. 09:15"
    assert danish_time(dt.datetime(2024, 7, 1, 8, 15, tzinfo=dt.UTC)) == \
        "1. juli 2024 kl. 10:15"
