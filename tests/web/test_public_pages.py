"""Every public page: Danish, headings in order, labelled fields, a strict CSP, nothing
from another host — and the audience pages' conditions rendered from the rules."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from jobrotation.domain import format as fmt
from jobrotation.domain.project import CHECKLIST
from jobrotation.entrypoints.web.lawtext import AUDIENCES, condition_text
from jobrotation.law.compare import RATES, scheme_status
from jobrotation.law.conditions import CONDITIONS
from jobrotation.law.parameters import default_parameters

from .conftest import TODAY, main_text

PUBLIC_PAGES = ["/", "/ledige", "/tillidsrepraesentanter", "/virksomheder", "/sammenlign",
                "/kan-jeg-vaere-vikar", "/kan-min-medarbejder", "/login"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_danish_with_csp_and_nothing_external(client, path):
    page = client.get(path)
    assert page.status_code == 200
    assert '<html lang="da">' in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "http://" not in page.text and "https://" not in page.text
    for url in re.findall(r'(?:src|href|action)="([^"]*)"', page.text):
        assert url.startswith(("/", "#")) and not url.startswith("//"), url


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_headings_in_order_one_h1_skip_link_and_no_inline_script_or_style(client, path):
    html = client.get(path).text
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert 'href="#indhold"' in html and 'id="indhold"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\s(?:on[a-z]+|style)=", html)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_field_has_a_label(client, path):
    html = client.get(path).text
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(?:hidden|radio|submit)"', tag):
            continue
        field_id = re.search(r'id="([^"]+)"', tag)
        assert field_id and field_id.group(1) in labelled, tag
    # radio buttons sit inside their label, in a fieldset with a legend
    assert html.count("<fieldset") <= html.count("<legend")


@pytest.mark.parametrize("day,path,state", [
    (TODAY, "/", "open"),
    (dt.date(2026, 1, 15), "/ledige", "closing"),  # the 2025 reform is adopted
    (dt.date(2026, 8, 1), "/sammenlign", "closed"),
])
def test_status_banner_on_the_apps_date_with_its_source(make_client, day, path, state):
    status = scheme_status(default_parameters(), day)
    assert status.state == state
    html = make_client(day).get(path).text
    banner = html.split('aria-label="Ordningens status"', 1)[1].split("</aside>", 1)[0]
    assert f"status-{state}" in html
    assert status.sentence().replace("'", "&#39;") in banner
    assert status.source.replace("'", "&#39;") in banner
    assert ("lav sikkerhed" in banner) == (status.confidence == "L")
    assert "(L)" not in banner.split("<details", 1)[0]  # the sentence itself is plain


def test_home_explains_the_triple_gain_and_links_every_audience(client):
    html = client.get("/").text
    text = main_text(html)
    assert "Hvad er jobrotation?" in text and "tredobbelte gevinst" in text
    for item in CHECKLIST.values():
        assert item.replace("  ", " ") in text
    for slug in AUDIENCES:
        assert f'href="/{slug}"' in html


@pytest.mark.parametrize("slug", list(AUDIENCES))
def test_audience_page_shows_its_conditions_from_the_rules(client, slug):
    text = main_text(client.get(f"/{slug}").text)
    audience = AUDIENCES[slug]
    assert audience.conditions()
    for condition in audience.conditions():
        assert condition_text(condition, TODAY) in text
        assert condition.reference in text
    others = [c for c in CONDITIONS if c not in audience.conditions()]
    for condition in others:
        assert condition_text(condition, TODAY) not in text
    assert "{" not in text


def test_condition_text_fills_parameters_for_the_date():
    by_id = {c.id: c for c in CONDITIONS}
    text = condition_text(by_id["substitute.benefit_months_total"], TODAY)
    assert "mindst 6 måneder" in text
    duration = condition_text(by_id["substitute.wage_subsidy_duration"], TODAY)
    assert "højst 6 eller 4 måneder" in duration
    proportion = condition_text(by_id["employer.reasonable_proportion"], TODAY)
    assert "[antal ordinært ansatte hos arbejdsgiveren]" in proportion


def test_ledige_page_names_confidence_and_routes(client):
    text = main_text(client.get("/ledige").text)
    assert "LAB § 151" in text and "Sikkerhed" in text
    assert "jobrotationsydelse og løntilskud" in text


def test_virksomheder_page_lists_rates_in_force_with_danish_money(client):
    text = main_text(client.get("/virksomheder").text)
    params = default_parameters()
    for name in RATES:
        value = next(v for v in reversed(params[name].values) if v.start <= TODAY).value
        assert params[name].description in text
        assert (fmt.money(value) if value is not None else "ikke kendt") in text


def test_static_files_are_served_by_the_app(client):
    js = client.get("/static/htmx.min.js")
    assert js.status_code == 200 and "htmx" in js.text[:200]
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert "set-cookie" not in js.headers


def test_unknown_address_gives_a_danish_404_page(client):
    page = client.get("/findes-ikke")
    assert page.status_code == 404
    assert "Siden findes ikke" in page.text and '<html lang="da">' in page.text
