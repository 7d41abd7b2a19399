"""'Kan jeg være vikar?' and 'Kan min medarbejder komme i jobrotation?': questions from
FACTS, an answer per condition with its reason, what is missing, and errors on fields."""

from __future__ import annotations

import logging
import re

import pytest

from jobrotation.entrypoints.web.lawtext import EMPLOYEE_CHECK, SUBSTITUTE_CHECK
from jobrotation.law.facts import FACTS

from .conftest import csrf_token, main_text

ELIGIBLE_SUBSTITUTE = {
    "substitute.benefit": "dagpenge", "substitute.benefit_months_total": "7",
    "substitute.start": "2025-03-03", "substitute.end": "2025-08-29",
    "substitute.hours_per_week": "37", "substitute.in_job": "nej",
    "substitute.same_or_similar_job": "ja", "substitute.last_employer_is_this": "nej",
    "employer.sector": "private", "employer.owned_by_substitute_partner": "nej",
}
ELIGIBLE_EMPLOYEE = {
    "employee.employed_since": "2020-08-01", "employee.employment_type": "ordinary",
    "employee.education_level": "erhvervsuddannelse", "employee.full_wage": "ja",
    "employee.receives_veu_svu": "nej", "training.start": "2025-03-03",
    "training.end": "2025-05-23", "training.type": "amu",
    "training.strengthens_competences": "ja", "training.veu_eligible": "ja",
}


def verdicts(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-condition="([^"]+)" data-verdict="([^"]+)"', html))


def post(client, path, answers, with_token=True):
    data = dict(answers)
    if with_token:
        data["csrf_token"] = csrf_token(client, path)
    return client.post(path, data=data)


def test_forms_ask_the_danish_questions_from_facts(client):
    for check in (SUBSTITUTE_CHECK, EMPLOYEE_CHECK):
        html = client.get(f"/{check.slug}").text
        for name in check.fact_names():
            assert FACTS[name].question in html
            for label in FACTS[name].choices.values():
                assert label in html
    assert "Hvilken ydelse modtager vikaren?" in client.get("/kan-jeg-vaere-vikar").text


def test_eligible_substitute_meets_every_condition(client):
    page = post(client, "/kan-jeg-vaere-vikar", ELIGIBLE_SUBSTITUTE)
    assert page.status_code == 200
    found = verdicts(page.text)
    assert set(found) == set(SUBSTITUTE_CHECK.condition_ids)
    assert set(found.values()) <= {"met", "not_applicable"}
    assert found["substitute.benefit_months_total"] == "met"
    text = main_text(page.text)
    assert "Jobrotationsydelse: opfyldt" in text and "Løntilskud: opfyldt" in text
    assert "Hvorfor: 7 måneder sammenlagt" in text
    assert "Det mangler vi at vide" not in text


def test_substitute_not_eligible_says_why(client):
    answers = {**ELIGIBLE_SUBSTITUTE, "substitute.benefit_months_total": "3",
               "substitute.last_employer_is_this": "ja"}
    page = post(client, "/kan-jeg-vaere-vikar", answers)
    found = verdicts(page.text)
    assert found["substitute.benefit_months_total"] == "not_met"
    assert found["substitute.not_last_employer"] == "not_met"
    text = main_text(page.text)
    assert "Jobrotationsydelse: ikke opfyldt" in text
    assert "Hvorfor: 3 måneder sammenlagt" in text
    assert "mindst 6 måneder" in text


def test_missing_facts_are_listed_as_questions(client):
    page = post(client, "/kan-jeg-vaere-vikar", {"substitute.benefit": "dagpenge"})
    found = verdicts(page.text)
    assert found["substitute.eligible_group"] == "met"
    assert found["substitute.benefit_months_total"] == "unknown"
    text = main_text(page.text)
    assert "Det mangler vi at vide" in text
    assert FACTS["substitute.benefit_months_total"].question in text
    assert FACTS["substitute.start"].question in text
    assert 'href="#f-substitute-benefit_months_total"' in page.text


def test_eligible_employee(client):
    page = post(client, "/kan-min-medarbejder", ELIGIBLE_EMPLOYEE)
    assert page.status_code == 200
    found = verdicts(page.text)
    assert set(found) == set(EMPLOYEE_CHECK.condition_ids)
    assert set(found.values()) == {"met"}, found
    text = main_text(page.text)
    assert "Jobrotationsydelse: opfyldt" in text and "VEU-godtgørelse: opfyldt" in text


def test_employee_hired_too_recently_is_not_eligible(client):
    answers = {**ELIGIBLE_EMPLOYEE, "employee.employed_since": "15.1.2025"}
    page = post(client, "/kan-min-medarbejder", answers)
    assert verdicts(page.text)["employee.employed_before_start"] == "not_met"
    text = main_text(page.text)
    assert "ansat siden 15. januar 2025 — 1 hele måneder" in text


def test_training_after_the_scheme_closes_is_refused_with_its_source(client):
    answers = {**ELIGIBLE_EMPLOYEE, "training.start": "2026-09-01", "training.end": "2026-10-30"}
    page = post(client, "/kan-min-medarbejder", answers)
    assert verdicts(page.text)["scheme.open"] == "not_met"


@pytest.mark.parametrize("path,answers,field,message", [
    ("/kan-jeg-vaere-vikar", {"substitute.benefit_months_total": "syv"},
     "f-substitute-benefit_months_total", "'syv' er ikke et tal"),
    ("/kan-jeg-vaere-vikar", {"substitute.start": "32.13.2025"},
     "f-substitute-start", "er ikke en dato"),
    ("/kan-jeg-vaere-vikar", {"substitute.benefit": "lotto"},
     "f-substitute-benefit", "er ikke en mulighed"),
    ("/kan-min-medarbejder", {"employee.full_wage": "måske"},
     "f-employee-full_wage", "svar ja eller nej"),
    ("/kan-min-medarbejder", {"training.type": "x" * 500},
     "f-training-type", "for langt"),
])
def test_bad_input_gives_the_form_again_with_the_error_by_the_field(client, path, answers,
                                                                    field, message):
    page = post(client, path, answers)
    assert page.status_code == 422
    error = re.search(rf'<p class="error" id="{field}-fejl">(.*?)</p>', page.text, re.S)
    assert error and message in error.group(1).replace("&#39;", "'")
    assert "Der er fejl i formularen" in page.text
    assert "data-verdict" not in page.text  # no answer from bad input


def test_post_without_csrf_token_is_refused_and_logged_without_the_answers(client, caplog):
    caplog.set_level(logging.WARNING, logger="jobrotation.web.access")
    page = post(client, "/kan-jeg-vaere-vikar", {"substitute.benefit": "kontanthjaelp"},
                with_token=False)
    assert page.status_code == 403
    assert "Ikke adgang" in page.text
    records = [r.getMessage() for r in caplog.records]
    assert any("årsag=csrf" in m and "/kan-jeg-vaere-vikar" in m for m in records)
    assert not any("kontanthjaelp" in m for m in records)


def test_post_with_another_sessions_token_is_refused(client, make_client):
    stranger_token = csrf_token(make_client(), "/kan-jeg-vaere-vikar")
    csrf_token(client, "/kan-jeg-vaere-vikar")  # client has a session of its own
    page = client.post("/kan-jeg-vaere-vikar",
                       data={"csrf_token": stranger_token, "substitute.benefit": "dagpenge"})
    assert page.status_code == 403


def test_answers_are_escaped_and_a_cpr_number_is_never_echoed(client):
    page = post(client, "/kan-jeg-vaere-vikar", {
        "substitute.hours_per_week": '"><script>alert(1)</script>',
        "substitute.benefit_months_total": "010190-1234"})
    assert page.status_code == 422
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text or "&#34;&gt;&lt;script" in page.text
    assert "010190" not in page.text
    assert "Skriv ikke et CPR-nummer her." in page.text


def test_comparison_never_echoes_a_cpr_number(client):
    page = client.get("/sammenlign?year=2024&sector=private&hours=0101901234")
    assert page.status_code == 200 and "0101901234" not in page.text


def test_a_substitute_starting_in_january_2027_is_told_route_1_is_closed(client):
    answers = {**ELIGIBLE_SUBSTITUTE, "substitute.start": "2027-01-04",
               "substitute.end": "2027-06-25"}
    page = post(client, "/kan-jeg-vaere-vikar", answers)
    assert page.status_code == 200
    found = verdicts(page.text)
    assert found["scheme.open"] == "not_met"
    text = main_text(page.text)
    assert "lov nr. 1750 af 29.12.2025" in text
    assert "Løntilskud med VEU-godtgørelse (ordning 2) berøres ikke" in text
