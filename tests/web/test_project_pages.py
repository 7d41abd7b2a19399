"""The project pages: create a project step by step, see the law's answer at each step,
apply; the steward comments and co-signs; the jobcentre decides."""

from __future__ import annotations

import re

from sqlalchemy import select

from jobrotation.adapters.tables import projects
from jobrotation.domain import format as fmt

from .conftest import TODAY, csrf_token, log_in, main_text

EMPLOYER = "hr.metal@demo.example"
STEWARD = "tr.metal@demo.example"
OTHER_EMPLOYER = "hr.bageri@demo.example"
CASEWORKER = "jobcenter@demo.example"
SUBSTITUTE = "vikar@demo.example"


def post(client, path, data, page=None):
    token = csrf_token(client, page or path)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def test_every_demo_project_page_renders_for_its_employer(client, store):
    log_in(client, EMPLOYER)
    with store.read() as conn:
        ids = list(conn.execute(select(projects.c.id).where(projects.c.employer_id == 2)
                                ).scalars())
    for pid in ids:
        for step in ("", "/arbejdsplads", "/medarbejdere", "/vikarer", "/tjekliste", "/loen",
                     "/opfoelgning", "/spor"):
            page = client.get(f"/projekter/{pid}{step}")
            assert page.status_code == 200, (pid, step, page.text[:2000])


def test_the_whole_story_through_the_pages(make_client, store):
    employer, steward, caseworker = make_client(), make_client(), make_client()
    log_in(employer, EMPLOYER)
    out = post(employer, "/projekter/ny", {"title": "Truckcertifikat og lager", "purpose":
                                            "Lagerfolk lærer truckkørsel.", "route": "route1",
                                            "pay_frequency": "monthly"})
    assert out.status_code == 303
    pid = int(re.search(r"/projekter/(\d+)/arbejdsplads", out.headers["location"])[1])
    page = employer.get(f"/projekter/{pid}/arbejdsplads").text
    assert 'value="42"' in page  # the workplace's figures as stored (the demo's 42 staff)
    out = post(employer, f"/projekter/{pid}/arbejdsplads", {
        "employer.ordinary_employees": "43", "employer.subsidised_employees": "1",
        "employer.annual_wage_costs": "19.850.000", "employer.annual_public_aid": "145.000"},
        page=f"/projekter/{pid}/arbejdsplads")
    assert out.status_code == 303, main_text(out.text)
    assert 'value="43"' in employer.get(f"/projekter/{pid}/arbejdsplads").text

    out = post(employer, f"/projekter/{pid}/medarbejdere", {
        "name": "Jonas Winther", "cpr": "010180-0041",
        "employee.employed_since": "1.3.2019", "employee.employment_type": "ordinary",
        "employee.education_level": "erhvervsuddannelse", "employee.full_wage": "ja",
        "employee.receives_veu_svu": "nej", "employee.hourly_wage": "215,50",
        "course": "Truckcertifikat B", "provider": "AMU Østjylland", "type": "amu",
        "start": "2025-09-01", "end": "2025-10-24", "hours_per_day": "7,4",
        "weekdays": ["1", "2", "3", "4", "5"], "fee": "1.200",
        "training.strengthens_competences": "ja"}, page=f"/projekter/{pid}/medarbejdere")
    assert out.status_code == 303, main_text(out.text)
    page = employer.get(f"/projekter/{pid}/medarbejdere").text
    assert "Jonas Winther" in page and "010180-0041" not in page
    assert "Lovens svar på planen" in page and "Økonomien i begge ordninger" in page

    employee_id = int(re.search(r'name="covers" value="(\d+)"',
                                employer.get(f"/projekter/{pid}/vikarer").text)[1])
    out = post(employer, f"/projekter/{pid}/vikarer", {
        "name": "Sara Lind", "substitute.benefit": "dagpenge",
        "substitute.benefit_months_total": "8", "substitute.in_job": "nej",
        "substitute.last_employer_is_this": "nej", "employer.owned_by_substitute_partner": "nej",
        "start": "2025-09-01", "end": "2025-10-24", "hours_per_week": "37",
        "hourly_wage": "180", "covers": [str(employee_id)],
        "substitute.same_or_similar_job": "ja"}, page=f"/projekter/{pid}/vikarer")
    assert out.status_code == 303, main_text(out.text)
    overview = employer.get(f"/projekter/{pid}").text
    assert "Ingen huller i dækningen" in overview
    assert "Tjekliste:" in overview  # the checklist still stops the application

    version = re.search(r'name="version" value="(\d+)"',
                        employer.get(f"/projekter/{pid}/tjekliste").text)[1]
    checks = {f"check-{k}": "on" for k in ("purpose_backed", "employees_prepared",
                                            "substitute_intro", "substitute_prospect",
                                            "terms_settled", "stakeholders_involved")}
    out = post(employer, f"/projekter/{pid}/tjekliste", {**checks, "version": version,
                                                        "contact-jobcentre": "Birthe K."},
               page=f"/projekter/{pid}/tjekliste")
    assert out.status_code == 303
    for target in ("ready", "applied"):
        page = employer.get(f"/projekter/{pid}").text
        version = re.search(rf'name="to" value="{target}">\s*<input type="hidden" '
                            r'name="version" value="(\d+)"', page)
        assert version, (target, main_text(page))
        out = post(employer, f"/projekter/{pid}/trin", {"to": target,
                                                        "version": version[1]},
                   page=f"/projekter/{pid}")
        assert out.status_code == 303, main_text(out.text)

    # The shop steward reads, comments and co-signs; he cannot decide or edit.
    log_in(steward, STEWARD)
    page = steward.get(f"/projekter/{pid}").text
    assert "Underskriv ansøgningen" in page and 'name="to"' not in page
    assert post(steward, f"/projekter/{pid}/kommentar", {"text": "Klubben bakker op."},
                page=f"/projekter/{pid}").status_code == 303
    assert post(steward, f"/projekter/{pid}/underskriv", {"document": "application"},
                page=f"/projekter/{pid}").status_code == 303
    assert steward.get(f"/projekter/{pid}/medarbejdere").text.count('name="course"') == 0

    # The jobcentre approves from its inbox, with the law's explanation in front of it.
    log_in(caseworker, CASEWORKER)
    inbox = caseworker.get("/indbakke").text
    assert "Truckcertifikat og lager" in inbox
    version = re.search(rf'/projekter/{pid}/trin\?tilbage=indbakke"[^>]*>\s*<input[^>]*>\s*'
                        r'<input type="hidden" name="to" value="approved">\s*'
                        r'<input type="hidden" name="version" value="(\d+)"', inbox)[1]
    out = post(caseworker, f"/projekter/{pid}/trin?tilbage=indbakke",
               {"to": "approved", "version": version, "reason": "Alt i orden."},
               page="/indbakke")
    assert out.headers["location"] == "/indbakke?besked=trin"

    page = employer.get(f"/projekter/{pid}").text
    version = re.search(r'name="to" value="running">\s*<input type="hidden" '
                        r'name="version" value="(\d+)"', page)[1]
    post(employer, f"/projekter/{pid}/trin", {"to": "running", "version": version},
         page=f"/projekter/{pid}")

    # September's pay run: the plan's hours less one day away, then the claim.
    page = employer.get(f"/projekter/{pid}/loen?fra=2025-09-01&til=2025-09-30").text
    assert "Jonas Winther — 162,8 timer efter planen" in page  # 22 days × 7,4
    sub_id = int(re.search(r'name="wage-(\d+)"', page.split("Sara Lind", 1)[1])[1])
    out = post(employer, f"/projekter/{pid}/loen", {
        "fra": "2025-09-01", "til": "2025-09-30", "paid_on": "2025-09-30",
        f"wage-{employee_id}": "35.000", f"wage-{sub_id}": "29.304",
        f"absent-{sub_id}": "15.9.2025"}, page=f"/projekter/{pid}/loen")
    assert out.status_code == 303, main_text(out.text)
    page = employer.get(f"/projekter/{pid}/loen").text
    run_id = re.search(r"/loenkoersler/(\d+)/krav", page)[1]
    post(employer, f"/projekter/{pid}/loenkoersler/{run_id}/krav", {},
         page=f"/projekter/{pid}/loen")
    page = employer.get(f"/projekter/{pid}/loen").text
    # 21 days × 7,4 h pooled (the substitute's day away earns nothing) at the 2025 rate.
    assert "155,4" in page and "Indsend krav" in page
    amount = re.search(r"Krav nr\. (\d+): ([\d.]+,\d\d kr\.)", page)
    claim_id, claim_amount = amount[1], amount[2]
    version = re.search(r'name="to" value="submitted">\s*<input type="hidden" '
                        r'name="version" value="(\d+)"', page)[1]
    post(employer, f"/projekter/{pid}/krav/{claim_id}/trin",
         {"to": "submitted", "version": version}, page=f"/projekter/{pid}/loen")

    inbox = caseworker.get("/indbakke").text
    assert f"Krav nr. {claim_id}: {claim_amount}" in inbox
    for target in ("approved", "paid"):
        version = re.search(rf'/krav/{claim_id}/trin\?tilbage=indbakke"[^>]*>\s*<input[^>]*>'
                            rf'\s*<input type="hidden" name="to" value="{target}">\s*'
                            r'<input type="hidden" name="version" value="(\d+)"',
                            caseworker.get("/indbakke").text)[1]
        out = post(caseworker, f"/projekter/{pid}/krav/{claim_id}/trin?tilbage=indbakke",
                   {"to": target, "version": version}, page="/indbakke")
        assert out.status_code == 303

    out = post(employer, f"/projekter/{pid}/opfoelgning", {
        "stage": "end", f"sub-{sub_id}": "job_same_employer",
        f"emp-{employee_id}-completed": "on", f"emp-{employee_id}-using_skills": "on",
        "employer-production_kept": "on"}, page=f"/projekter/{pid}/opfoelgning")
    assert out.status_code == 303, main_text(out.text)
    assert "job hos samme arbejdsgiver" in employer.get(f"/projekter/{pid}/opfoelgning").text
    dashboard = main_text(employer.get("/overblik").text)
    assert "Randers Maskinværksted ApS" in dashboard
    trail = main_text(employer.get(f"/projekter/{pid}/spor").text)
    assert "Ansøgningen blev sendt til jobcenteret." in trail
    assert "010180-0041" not in trail and "010180" not in employer.get(f"/projekter/{pid}").text


def test_a_bad_form_keeps_what_was_typed_and_says_what_is_wrong(client):
    log_in(client, EMPLOYER)
    out = post(client, "/projekter/11/medarbejdere", {
        "name": "Ny Person", "cpr": "010190-1234", "course": "Svejsning", "provider": "",
        "type": "amu", "start": "31.2.2025", "end": "2025-10-01", "hours_per_day": "7,4",
        "weekdays": ["1"]}, page="/projekter/11/medarbejdere")
    assert out.status_code == 422
    text = main_text(out.text)
    assert "Udfyld uddannelsessted." in text and "Første dag: skriv en dato som 2.3.2026." in text
    assert 'value="Svejsning"' in out.text and 'value="Ny Person"' in out.text
    assert "010190-1234" not in out.text  # a CPR number is never echoed back


def test_who_sees_which_project_page(make_client):
    for email, status in ((EMPLOYER, 200), (STEWARD, 200), (CASEWORKER, 200),
                          (OTHER_EMPLOYER, 403), (SUBSTITUTE, 403)):
        c = make_client()
        log_in(c, email)
        for step in ("", "/arbejdsplads", "/medarbejdere", "/vikarer", "/tjekliste", "/loen",
                     "/opfoelgning"):
            assert c.get(f"/projekter/1{step}").status_code == status, (email, step)
    anonymous = make_client().get("/projekter/1/loen", follow_redirects=False)
    assert anonymous.headers["location"] == "/login?naeste=/projekter/1/loen"


def test_the_inbox_is_the_jobcentres(make_client):
    for email, status in ((CASEWORKER, 200), (EMPLOYER, 403), (STEWARD, 403),
                          (SUBSTITUTE, 403)):
        c = make_client()
        log_in(c, email)
        assert c.get("/indbakke").status_code == status, email


def test_the_substitute_sees_own_agreements_eligibility_and_dagpenge_rules(client):
    log_in(client, SUBSTITUTE)
    text = main_text(client.get("/mine").text)
    assert "Mine aftaler" in text and "Opfylder du betingelserne for vikaren?" in text
    assert "referenceperiode" in text and "sikkerhed" in text.lower()
    assert "Randers" in text


def test_all_conditions_of_a_pair_come_on_demand(make_client):
    c = make_client()
    log_in(c, EMPLOYER)
    overview = c.get("/projekter/1").text
    assert overview.count('hx-trigger="toggle once"') == 2  # two pairs, lists not inlined
    assert overview.count('data-condition=') < 10
    partial = c.get("/projekter/1/betingelser?par=1", headers={"HX-Request": "true"}).text
    assert "<html" not in partial and partial.count('data-condition=') == 24
    page = c.get("/projekter/1/betingelser?par=1")
    assert page.status_code == 200 and "Alle betingelser for" in page.text
    assert c.get("/projekter/1/betingelser?par=2").status_code == 404
    other = make_client()
    log_in(other, OTHER_EMPLOYER)
    assert other.get("/projekter/1/betingelser?par=0").status_code == 403


def test_a_justified_exception_is_shown_with_its_condition(client):
    log_in(client, OTHER_EMPLOYER)  # the bakery: project 4 was rejected despite one
    text = main_text(client.get("/projekter/4/tjekliste").text)
    assert "Begrundede undtagelser" in text
    assert "vi beder om dispensation" in text
    assert "substitute.benefit_months_continuous" not in text  # the condition's words


def test_the_forms_name_the_law_s_limits_from_its_parameters(client, store):
    log_in(client, EMPLOYER)
    day = TODAY
    hours = store.parameters.value_at("substitute.min_weekly_hours", day)
    cap = store.parameters.value_at("employer.private_aid_cap_percent", day)
    assert f"Mindst {fmt.plain(hours)} i gennemsnit" in client.get("/projekter/11/vikarer").text
    assert f"højst {fmt.plain(cap)} % offentlig støtte" in \
        client.get("/projekter/11/arbejdsplads").text
