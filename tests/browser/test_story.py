"""The whole story in Chromium, clicked and typed as a person would: the employer plans and
applies, the shop steward comments and co-signs, the jobcentre approves, the employer starts
the project and claims September's subsidy, the jobcentre approves and pays it, the employer
follows up and sees the paid subsidy on the dashboard. Every logged-in page is screenshotted
and checked with axe-core; all violations are reported together at the end.

The same story over HTTP is ``tests/web/test_project_pages.py::test_the_whole_story_...``.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import axe_violations, screenshot

EMPLOYER = "hr.metal@demo.example"
STEWARD = "tr.metal@demo.example"
CASEWORKER = "jobcenter@demo.example"
SUBSTITUTE = "vikar@demo.example"
PASSWORD = "jobrotation-demo"
TITLE = "Truckcertifikat og lager"
EMPLOYER_NAME = "Randers Maskinværksted ApS"


class Story:
    """Numbered screenshots, and the axe-core violations of every page looked at."""

    def __init__(self, page, prefix: str) -> None:
        self.page, self.prefix, self.count = page, prefix, 0
        self.violations: dict[str, list[dict[str, object]]] = {}

    def look(self, name: str) -> None:
        self.count += 1
        screenshot(self.page, f"{self.prefix}-{self.count:02d}-{name}")
        found = axe_violations(self.page)
        if found:
            path = re.sub(r"^https?://[^/]+", "", self.page.url)
            self.violations[f"{self.count:02d}-{name} {path}"] = found

    def report(self) -> str:
        return "\n".join(f"{where}: {v['id']} ({v['impact']}) at {', '.join(v['nodes'])}"
                         for where, found in self.violations.items() for v in found)


def login(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()


def logout(page) -> None:
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("link", name="Log ind")).to_be_visible()


def menu(page, label: str) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name=label, exact=True).click()


def project_step(page, label: str, click: bool = True) -> None:
    """Go to a step of the project (or, with ``click=False``, check that this is the step)."""
    link = page.get_by_role("navigation", name="Projektets trin").get_by_role(
        "link", name=label, exact=True)
    if click:
        link.click()
    expect(link).to_have_attribute("aria-current", "page")


def open_project(page) -> None:
    menu(page, "Mine projekter")
    page.locator("main").get_by_role("link", name=TITLE, exact=True).click()
    expect(page.locator("h1")).to_have_text(TITLE)


def answer(page, fieldset_id: str, value: str) -> None:
    """A ja/nej question (a fieldset of radio buttons)."""
    page.locator(f"#{fieldset_id}").get_by_label(value, exact=True).check()


def state(page):
    return page.locator(".project-meta .state")


def notice(page):
    return page.locator(".notice-ok")


def paid_subsidies(page) -> int:
    """The employer's row on the dashboard: paid subsidies in øre."""
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=EMPLOYER_NAME, exact=True))
    return ore(row.locator("td").last.inner_text())


def ore(text: str) -> int:
    kroner, _, ore_part = re.sub(r"[^\d,]", "", text).partition(",")
    return int(kroner) * 100 + int(ore_part or 0)


def test_the_whole_story_in_the_browser(page, base_url):
    story = Story(page, "historie")

    # --- The employer plans the project and applies. ------------------------------------
    login(page, base_url, EMPLOYER)
    expect(page.locator("h1")).to_have_text("Mine projekter")
    story.look("arbejdsgiver-mine")
    menu(page, "Overblik")
    expect(page.locator("h1")).to_contain_text("den tredobbelte gevinst")
    paid_before = paid_subsidies(page)
    story.look("overblik-foer")

    menu(page, "Nyt projekt")
    expect(page.locator("h1")).to_have_text("Nyt jobrotationsprojekt")
    story.look("nyt-projekt")
    page.get_by_label("Projektets titel").fill(TITLE)
    page.get_by_label("Formål: hvad skal medarbejderne lære").fill(
        "Lagerfolk lærer truckkørsel.")
    page.get_by_label("Ordning", exact=True).select_option(label="Jobrotationsydelse")
    page.get_by_label("Lønperiode", exact=True).select_option("monthly")
    page.get_by_role("button", name="Opret projektet").click()
    page.wait_for_url(re.compile(r"/projekter/\d+/arbejdsplads"))
    pid = int(re.search(r"/projekter/(\d+)/", page.url)[1])
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(state(page)).to_have_text("kladde")
    # The workplace's own figures: route 2's reasonable-proportion condition reads them.
    page.get_by_label("Antal ordinært ansatte hos arbejdsgiveren").fill("43")
    page.get_by_role("button", name="Gem").click()
    expect(notice(page)).to_have_text("Ændringerne er gemt.")
    expect(page.get_by_label("Antal ordinært ansatte hos arbejdsgiveren")).to_have_value("43")
    story.look("arbejdspladsen")
    page.get_by_role("link", name="Næste trin: medarbejdere").click()
    project_step(page, "Medarbejdere og uddannelse", click=False)
    story.look("medarbejdere-tom")

    page.fill("#f-name", "Jonas Winther")
    page.fill("#f-cpr", "010180-0041")
    page.fill("#f-employee-employed_since", "2019-03-01")
    page.get_by_label("Hvordan er medarbejderen ansat?").select_option("ordinary")
    page.get_by_label("Medarbejderens højeste fuldførte uddannelse").select_option(
        "erhvervsuddannelse")
    answer(page, "f-employee-full_wage", "Ja")
    answer(page, "f-employee-receives_veu_svu", "Nej")
    page.fill("#f-employee-hourly_wage", "215,50")
    page.fill("#f-course", "Truckcertifikat B")
    page.fill("#f-provider", "AMU Østjylland")
    page.get_by_label("Type", exact=True).select_option("amu")
    page.fill("#f-start", "2025-09-01")
    page.fill("#f-end", "2025-10-24")
    page.fill("#f-hours_per_day", "7,4")
    for day in ("mandag", "tirsdag", "onsdag", "torsdag", "fredag"):
        expect(page.locator("#f-weekdays").get_by_label(day)).to_be_checked()
    page.fill("#f-fee", "1.200")
    answer(page, "f-training-strengthens_competences", "Ja")
    page.get_by_role("button", name="Tilføj til planen").click()
    expect(notice(page)).to_have_text("Tilføjet til planen.")
    training = page.get_by_role("table", name=re.compile("Uddannelser i planen"))
    expect(training).to_contain_text("Jonas Winther")
    expect(training).to_contain_text("Truckcertifikat B, AMU Østjylland")
    expect(page.locator("#lovens-svar")).to_be_visible()
    expect(page.locator("#oekonomi")).to_have_text("Økonomien i begge ordninger")
    assert "010180-0041" not in page.content()  # a CPR number is never shown again
    story.look("medarbejdere-tilfoejet")

    project_step(page, "Vikarer")
    expect(page.get_by_role("heading", name="Ansæt en vikar")).to_be_visible()
    story.look("vikarer-tom")
    page.fill("#f-name", "Sara Lind")
    page.get_by_label("Hvilken ydelse modtager vikaren?").select_option("dagpenge")
    page.fill("#f-substitute-benefit_months_total", "8")
    answer(page, "f-substitute-in_job", "Nej")
    answer(page, "f-substitute-last_employer_is_this", "Nej")
    answer(page, "f-employer-owned_by_substitute_partner", "Nej")
    page.fill("#f-start", "2025-09-01")
    page.fill("#f-end", "2025-10-24")
    page.fill("#f-hours_per_week", "37")
    page.fill("#f-hourly_wage", "180")
    page.locator("#f-covers").get_by_label("Jonas Winther").check()
    answer(page, "f-substitute-same_or_similar_job", "Ja")
    page.get_by_role("button", name="Tilføj til planen").click()
    expect(notice(page)).to_have_text("Tilføjet til planen.")
    expect(page.get_by_role("table", name=re.compile("Vikarer i planen"))).to_contain_text(
        "Sara Lind")
    expect(page.get_by_role("heading", name="Jonas Winther med vikar Sara Lind")).to_be_visible()
    story.look("vikarer-tilfoejet")

    project_step(page, "Overblik")
    expect(page.locator("main")).to_contain_text("Ingen huller i dækningen")
    expect(page.locator("#mangler")).to_be_visible()  # the checklist still stops it
    expect(page.locator("main")).to_contain_text("Tjekliste:")
    story.look("overblik-mangler-tjekliste")

    project_step(page, "Tjekliste og undtagelser")
    story.look("tjekliste-tom")
    boxes = page.locator("fieldset", has_text="Klar til at søge?").get_by_role("checkbox")
    expect(boxes).to_have_count(6)
    for i in range(6):
        boxes.nth(i).check()
    page.fill("#f-contact-jobcentre", "Birthe K.")
    page.get_by_role("button", name="Gem").click()
    expect(notice(page)).to_have_text("Ændringerne er gemt.")
    for i in range(6):
        expect(boxes.nth(i)).to_be_checked()
    expect(page.locator("#f-contact-jobcentre")).to_have_value("Birthe K.")
    story.look("tjekliste-gemt")

    project_step(page, "Overblik")
    expect(page.locator("#mangler")).to_have_count(0)
    page.get_by_role("button", name="Markér klar til ansøgning").click()
    expect(notice(page)).to_have_text("Projektet er flyttet et trin.")
    expect(state(page)).to_have_text("klar til ansøgning")
    story.look("klar-til-ansoegning")
    page.get_by_role("button", name="Send ansøgning").click()
    expect(state(page)).to_have_text("ansøgt")
    expect(page.get_by_role("button", name="Tilføj til planen")).to_have_count(0)
    story.look("ansoegt")
    logout(page)

    # --- The shop steward reads, comments and co-signs; he cannot decide or edit. -------
    login(page, base_url, STEWARD)
    story.look("tr-mine")
    open_project(page)
    expect(state(page)).to_have_text("ansøgt")
    expect(page.get_by_role("button", name="Send ansøgning")).to_have_count(0)
    page.get_by_label("Skriv en kommentar").fill("Klubben bakker op.")
    page.get_by_role("button", name="Gem kommentar").click()
    expect(notice(page)).to_have_text("Kommentaren er gemt.")
    expect(page.locator(".comments")).to_contain_text("Klubben bakker op.")
    page.get_by_role("button", name="Underskriv ansøgningen").click()
    expect(notice(page)).to_have_text("Du har underskrevet.")
    expect(page.get_by_role("button", name="Underskriv ansøgningen")).to_have_count(0)
    expect(page.locator("#underskrifter + h3 + ul")).to_contain_text("tillidsrepræsentant")
    story.look("tr-underskrevet")
    project_step(page, "Medarbejdere og uddannelse")
    expect(page.get_by_role("button", name="Tilføj til planen")).to_have_count(0)
    story.look("tr-medarbejdere")
    logout(page)

    # --- The jobcentre approves from its inbox, with the law's answer in front of it. ---
    login(page, base_url, CASEWORKER)
    menu(page, "Indbakke")
    application = page.locator("article").filter(
        has=page.get_by_role("heading", name=TITLE, exact=True))
    expect(application).to_have_count(1)
    expect(application).to_contain_text(EMPLOYER_NAME)
    expect(application).to_contain_text("Jonas Winther / Sara Lind")
    expect(application.locator(".notice-warning")).to_have_count(0)  # all have signed
    story.look("indbakke-ansoegning")
    application.get_by_label("Begrundelse", exact=True).fill("Alt i orden.")
    application.get_by_role("button", name="Godkend ansøgningen").click()
    page.wait_for_url("**/indbakke?besked=trin")
    expect(notice(page)).to_have_text("Projektet er flyttet et trin.")
    expect(application).to_have_count(0)
    story.look("indbakke-godkendt")
    logout(page)

    # --- The employer starts the project and claims September. --------------------------
    login(page, base_url, EMPLOYER)
    open_project(page)
    expect(state(page)).to_have_text("godkendt")
    expect(page.locator("main")).to_contain_text("Alt i orden.")
    story.look("godkendt")
    page.get_by_role("button", name="Start projektet").click()
    expect(state(page)).to_have_text("i gang")
    story.look("i-gang")

    project_step(page, "Lønkørsler og krav")
    expect(page.locator("main")).to_contain_text("Der er ikke registreret nogen lønkørsler")
    page.get_by_label("Lønperiodens første dag").fill("2025-09-01")
    page.get_by_label("Lønperiodens sidste dag").fill("2025-09-30")
    page.get_by_role("button", name="Vis planens timer for perioden").click()
    jonas = page.locator("fieldset").filter(has_text="Jonas Winther —")
    sara = page.locator("fieldset").filter(has_text="Sara Lind —")
    expect(jonas.locator("legend")).to_have_text(
        "Jonas Winther — 162,8 timer efter planen")  # 22 days × 7,4
    story.look("loen-periode")
    page.get_by_label("Lønnen blev udbetalt den").fill("2025-09-30")
    jonas.get_by_label("Udbetalt løn (kr.)").fill("35.000")
    sara.get_by_label("Udbetalt løn (kr.)").fill("29.304")
    sara.get_by_label("Fraværsdage").fill("15.9.2025")
    page.get_by_role("button", name="Registrér lønkørslen").click()
    expect(notice(page)).to_have_text("Lønkørslen er registreret.")
    expect(page.get_by_role("heading", name="Lønperiode 1. september 2025 – 30. september 2025")
           ).to_be_visible()
    story.look("loen-registreret")
    page.get_by_role("button", name="Beregn krav for perioden").click()
    claim = page.locator(".claim-body")
    expect(claim).to_contain_text("kladde")
    # 21 days × 7,4 hours pooled: the substitute's day away earns nothing.
    expect(claim.get_by_role("table", name="Sådan er kravet beregnet")).to_contain_text("155,4")
    heading = claim.locator("strong").first.inner_text()
    claim_id, amount = re.fullmatch(r"Krav nr\. (\d+): ([\d.]+,\d\d kr\.)", heading).groups()
    assert ore(amount) > 0
    story.look("krav-beregnet")
    claim.get_by_role("button", name="Indsend krav").click()
    expect(claim.locator(".state")).to_have_text("indsendt")
    story.look("krav-indsendt")
    logout(page)

    # --- The jobcentre approves the claim and pays it. ----------------------------------
    login(page, base_url, CASEWORKER)
    menu(page, "Indbakke")
    in_box = page.locator("article").filter(
        has=page.get_by_role("heading", name=f"Krav nr. {claim_id}: {amount} — {TITLE}"))
    expect(in_box).to_have_count(1)
    expect(in_box).to_contain_text("Sara Lind")
    story.look("indbakke-krav")
    in_box.get_by_role("button", name="Godkend kravet").click()
    expect(notice(page)).to_have_text("Kravet er gemt.")
    expect(in_box.locator(".state")).to_have_text("godkendt")
    story.look("indbakke-krav-godkendt")
    in_box.get_by_role("button", name="Markér udbetalt").click()
    expect(notice(page)).to_have_text("Kravet er gemt.")
    expect(in_box).to_have_count(0)
    story.look("indbakke-krav-udbetalt")
    logout(page)

    # --- The employer follows up and sees the triple gain. ------------------------------
    login(page, base_url, EMPLOYER)
    open_project(page)
    project_step(page, "Lønkørsler og krav")
    expect(page.locator(".claim-body .state")).to_have_text("udbetalt")
    story.look("loen-udbetalt")
    project_step(page, "Opfølgning")
    story.look("opfoelgning-tom")
    page.get_by_label("Tidspunkt").select_option(label="ved projektets afslutning")
    page.get_by_label("Hvad laver vikar Sara Lind nu?").select_option(
        label="job hos samme arbejdsgiver")
    employee = page.locator("fieldset", has_text="Medarbejder Jonas Winther")
    employee.get_by_label("Har gennemført uddannelsen").check()
    employee.get_by_label("Bruger det lærte i arbejdet").check()
    page.get_by_label("Produktionen blev holdt i gang").check()
    page.get_by_role("button", name="Registrér opfølgningen").click()
    expect(notice(page)).to_have_text("Opfølgningen er registreret.")
    recorded = page.locator("section").filter(
        has=page.get_by_role("heading", name="Opfølgning ved projektets afslutning"))
    expect(recorded).to_contain_text("Vikar Sara Lind: job hos samme arbejdsgiver")
    expect(recorded).to_contain_text("har gennemført uddannelsen: ja")
    expect(recorded).to_contain_text("Produktionen blev holdt i gang: ja")
    story.look("opfoelgning-registreret")

    # The trail is a page of its own (no steps), with a way back to the project.
    page.get_by_role("navigation", name="Projektets trin").get_by_role(
        "link", name="Revisionsspor").click()
    expect(page.locator("h1")).to_have_text("Revisionsspor")
    trail = page.get_by_role("table", name=re.compile("Hændelser i projektet"))
    expect(trail).to_contain_text("Ansøgningen blev sendt til jobcenteret.")
    assert "010180" not in page.locator("main").inner_text()
    expect(page.get_by_role("link", name="Tilbage til projektet")).to_have_attribute(
        "href", f"/projekter/{pid}")
    story.look("revisionsspor")

    menu(page, "Overblik")
    expect(page.get_by_role("rowheader", name=EMPLOYER_NAME, exact=True)).to_be_visible()
    assert paid_subsidies(page) - paid_before == ore(amount), (paid_before, amount)
    story.look("overblik-efter")

    assert not story.violations, "axe-core fandt alvorlige fejl:\n" + story.report()


def test_the_substitute_sees_own_agreements_and_the_dagpenge_rules(page, base_url):
    story = Story(page, "vikar")
    login(page, base_url, SUBSTITUTE)
    menu(page, "Mine aftaler")
    expect(page.locator("h1")).to_have_text("Mine aftaler")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Opfylder du betingelserne for vikaren?").first
           ).to_be_visible()
    expect(main.get_by_role("heading", name="Hvad betyder jobbet for dine dagpenge?").first
           ).to_be_visible()
    expect(main).to_contain_text("referenceperiode")
    expect(main).to_contain_text("Randers")
    story.look("mine-aftaler")
    assert not story.violations, "axe-core fandt alvorlige fejl:\n" + story.report()


def test_a_pairs_conditions_load_when_opened(page, base_url):
    login(page, base_url, "hr.metal@demo.example")
    page.goto(base_url + "/projekter/1")
    details = page.locator("main details").first
    expect(details.locator("[data-condition]")).to_have_count(0)
    details.locator("summary").click()
    # htmx fetches the pair's 24 conditions when the list is opened, without a new page.
    expect(details.locator("[data-condition]")).to_have_count(24)
    assert page.url == base_url + "/projekter/1"


PHONE_PAGES = {
    "hr.metal@demo.example": ["/mine", "/projekter/ny", "/projekter/3", "/projekter/3/arbejdsplads",
                              "/projekter/3/medarbejdere", "/projekter/3/vikarer",
                              "/projekter/3/tjekliste", "/projekter/3/loen",
                              "/projekter/3/opfoelgning", "/projekter/3/spor", "/overblik"],
    "jobcenter@demo.example": ["/indbakke"],
}


def test_the_logged_in_pages_on_a_phone(page, base_url):
    page.set_viewport_size({"width": 375, "height": 800})
    story = Story(page, "mobil")
    for email, paths in PHONE_PAGES.items():
        page.context.clear_cookies()
        login(page, base_url, email)
        for path in paths:
            page.goto(base_url + path)
            # Nothing but a table or the plan may be wider than the screen.
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 375, (path, wide)
            story.look(path.strip("/").replace("/", "-"))
    assert not story.violations, "axe-core fandt alvorlige fejl:\n" + story.report()
