"""The dashboard ("Overblik"): the triple gain on the demo data, who may see it, and the
pure geometry and sums behind its charts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import insert

from jobrotation.adapters.tables import organisations, users
from jobrotation.domain import format as fmt
from jobrotation.entrypoints.web.dashboard import (
    SPAN,
    bars,
    by_municipality,
    part_bars,
    share,
    total,
)
from jobrotation.services import accounts
from jobrotation.services.followup import triple_gain

from .conftest import DEMO_PASSWORD, log_in, main_text

RANDERS_EMPLOYERS = ("Bageriet ved Gudenåen ApS", "Børnehuset Regnbuen",
                     "Plejecenter Solgården", "Randers Maskinværksted ApS")


def figures_of(html: str) -> list[str]:
    return re.findall(r"<figure.*?</figure>", html, flags=re.S)


def test_caseworker_sees_every_employer_and_the_municipality_totals(client, store):
    rows = triple_gain(store, accounts.login(store, "jobcenter@demo.example", DEMO_PASSWORD))
    assert {r["employer"] for r in rows} == set(RANDERS_EMPLOYERS)
    log_in(client, "jobcenter@demo.example")
    page = client.get("/overblik")
    assert page.status_code == 200
    text = main_text(page.text)
    assert page.text.count("<h1>") == 1 and "Overblik: den tredobbelte gevinst" in text
    for name in RANDERS_EMPLOYERS:
        assert f'<th scope="row">{name}</th>' in page.text
    in_work = sum(r["substitutes_in_work"] for r in rows)
    substitutes = sum(r["substitutes"] for r in rows)
    expected = [fmt.number(sum(r["projects"] for r in rows)), fmt.number(substitutes),
                fmt.number(in_work), f"{round(100 * in_work / substitutes)} %",
                fmt.number(sum(r["hours_trained"] for r in rows)),
                fmt.number(sum(r["employees_using_skills"] for r in rows)),
                fmt.money(sum(r["subsidies_paid_ore"] for r in rows))]
    municipality_table = page.text.split("pr. kommune (1)", 1)[1].split("</table>", 1)[0]
    assert main_text(f"<main>{municipality_table}</main>").split("Randers", 1)[1].split() \
        == ["4", *" ".join(expected).split()]
    assert f"{fmt.number(in_work)} af {fmt.number(substitutes)}" in text
    assert fmt.money(sum(r["subsidies_paid_ore"] for r in rows)) in text


def test_employer_sees_only_its_own_employer(client):
    log_in(client, "hr.metal@demo.example")
    page = client.get("/overblik")
    assert page.status_code == 200
    assert "Randers Maskinværksted ApS" in page.text
    for other in RANDERS_EMPLOYERS[:3]:
        assert other not in page.text


@pytest.mark.parametrize("email", ["tr.metal@demo.example", "vikar@demo.example"])
def test_steward_and_substitute_are_refused(client, email):
    log_in(client, email)
    page = client.get("/overblik")
    assert page.status_code == 403
    assert "Ikke adgang" in page.text


def test_not_logged_in_goes_to_login(client):
    page = client.get("/overblik", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?naeste=/overblik"


def test_one_bar_per_employer_in_each_chart(client):
    log_in(client, "admin@demo.example")
    html = client.get("/overblik").text
    charts = figures_of(html)
    assert len(charts) == 6
    for chart in charts[:3]:
        assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
        assert chart.count('class="bar bar-route') == len(RANDERS_EMPLOYERS)
    for chart in charts[3:]:
        assert chart.count('class="bar bar-route') == 1  # Randers
    assert "Randers Maskinværksted ApS: 3 af 4" in charts[0]


def test_no_inline_style_or_script(client):
    log_in(client, "admin@demo.example")
    html = client.get("/overblik").text
    assert "style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    assert ".bar-whole" in client.get("/static/style.css").text  # the charts' own style


def test_empty_state(client, store):
    with store.engine.begin() as conn:
        org = conn.execute(insert(organisations).values(
            kind="employer", name="Tom Virksomhed ApS", municipality="Aarhus", facts={})
        ).inserted_primary_key[0]
        conn.execute(insert(users).values(
            email="tom@demo.example", name="Tom", role="employer", organisation_id=org,
            password_hash=accounts.hash_password(DEMO_PASSWORD), active=True))
    log_in(client, "tom@demo.example")
    page = client.get("/overblik")
    assert page.status_code == 200
    assert "Der er endnu ingen projekter at vise." in main_text(page.text)
    assert "<svg" not in page.text and "<table" not in page.text


def test_bars_scale_to_the_longest():
    found = bars([("a", 50), ("b", 100), ("c", 0), ("d", 25)], span=200)
    assert [b.width for b in found] == [100.0, 200.0, 0.0, 50.0]
    assert found[0].y < found[1].y < found[2].y
    assert found[1].text == "100"


def test_bars_zero_and_negative_give_no_width():
    assert [b.width for b in bars([("a", 0), ("b", 0)])] == [0.0, 0.0]
    assert bars([("a", -5), ("b", 10)])[0].width == 0.0
    assert bars([]) == []


def test_part_bars_frame_the_whole():
    found = part_bars([("a", 3, 4), ("b", 0, 2)])
    assert found[0].outline == SPAN and found[0].width == SPAN * 3 / 4
    assert found[1].outline == SPAN / 2 and found[1].width == 0.0
    assert found[0].text == "3 af 4" and found[0].end == SPAN


def test_sums_per_municipality():
    row = dict.fromkeys(("projects", "substitutes", "substitutes_in_work",
                         "employees_using_skills", "subsidies_paid_ore"), 1)
    rows = [{**row, "municipality": "Randers", "hours_trained": 1.5},
            {**row, "municipality": "Aarhus", "hours_trained": 2.0},
            {**row, "municipality": "Randers", "hours_trained": 3.0, "substitutes": 4}]
    aarhus, randers = by_municipality(rows)
    assert aarhus["municipality"] == "Aarhus" and aarhus["employers"] == 1
    assert randers["employers"] == 2 and randers["hours_trained"] == 4.5
    assert randers["substitutes"] == 5 and randers["subsidies_paid_ore"] == 2
    assert total(rows)["projects"] == 3 and total([])["substitutes"] == 0


def test_share_in_danish():
    assert share(2, 3) == "67 %"
    assert share(0, 4) == "0 %"
    assert share(0, 0) is None
