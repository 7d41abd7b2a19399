"""The weekly comparison: the guide's 2024 figures, live updates, friendly refusals and the
employer's net cost as a chart."""

from __future__ import annotations

from .conftest import main_text


def test_2024_figures_match_the_guide(client):
    private = main_text(client.get("/sammenlign?year=2024&sector=private&hours=37").text)
    assert "7.517,29 kr." in private and "7.990,04 kr." in private
    assert "4.700,00 kr." in private and "3.290,04 kr." in private
    public = main_text(client.get("/sammenlign?year=2024&sector=public&hours=37").text)
    assert "7.517,29 kr." in public and "9.477,81 kr." in public and "4.777,81 kr." in public


def test_both_sectors_by_default_for_the_newest_year_with_known_rates(client):
    text = main_text(client.get("/sammenlign").text)
    for figure in ("7.517,29 kr.", "7.990,04 kr.", "9.477,81 kr."):
        assert figure in text
    assert "1. januar 2024" in text


def test_hours_in_danish_notation(client):
    text = main_text(client.get("/sammenlign?year=2024&sector=private&hours=18,5").text)
    assert "18,5 timer" in text
    assert "3.758,65 kr." in text  # 203,17 kr. × 18,5 timer


def test_unknown_rate_is_a_friendly_message_not_an_error(client):
    page = client.get("/sammenlign?year=2014&sector=private&hours=37")
    assert page.status_code == 200
    text = main_text(page.text)
    assert "6.519,40 kr." in text  # the 2014 ydelse is known
    assert "sats ikke kendt for 2014" in text  # VEU and løntilskud are not


def test_a_derived_rate_is_shown_as_such(client):
    text = main_text(client.get("/sammenlign?year=2026&sector=private&hours=37").text)
    assert "8.138,15 kr." in text
    assert "beregnet efter formel, ikke offentliggjort" in text


def test_bad_input_is_shown_beside_the_field(client):
    page = client.get("/sammenlign?year=tyve&sector=kommune&hours=-3&employee_wage=mange")
    assert page.status_code == 200
    text = main_text(page.text)
    assert "Skriv et årstal" in text
    assert "Vælg privat, offentlig eller begge" in text
    assert "Skriv timer pr. uge" in text
    assert "Skriv beløbet i kroner" in text
    assert 'id="fejl-year"' in page.text and 'aria-invalid="true"' in page.text


def test_htmx_request_gets_the_result_only_with_field_errors_out_of_band(client):
    headers = {"HX-Request": "true", "HX-Target": "resultat"}
    part = client.get("/sammenlign?year=2024&sector=public&hours=37", headers=headers)
    assert part.status_code == 200
    assert "<html" not in part.text and "9.477,81 kr." in part.text
    assert 'id="fejl-hours" hx-swap-oob="true"' in part.text
    bad = client.get("/sammenlign?year=2024&sector=public&hours=x", headers=headers)
    assert "<html" not in bad.text and "Skriv timer pr. uge" in bad.text


def test_form_updates_as_the_user_types_and_works_without_javascript(client):
    html = client.get("/sammenlign").text
    assert 'method="get" action="/sammenlign"' in html
    assert 'hx-trigger="input changed delay:300ms' in html
    assert 'hx-target="#resultat"' in html and 'aria-live="polite"' in html
    assert '<script src="/static/htmx.min.js"' in html


def test_net_cost_chart_from_wages(client):
    page = client.get("/sammenlign?year=2024&sector=private&hours=37&employee_wage=250"
                      "&substitute_wage=200")
    text = main_text(page.text)
    # 250 × 37 + 200 × 37 − 7.517,29 and − (4.700,00 + 3.290,04)
    assert "9.132,71 kr." in text and "8.659,96 kr." in text
    assert '<svg viewBox="0 0 400' in page.text and 'role="img"' in page.text
    assert page.text.count('class="bar bar-route') == 2


def test_public_route2_net_cost_needs_the_substitutes_benefit(client):
    text = main_text(client.get("/sammenlign?year=2024&sector=public&hours=37"
                                "&employee_wage=250&substitute_wage=200").text)
    assert "skriv vikarens ydelse pr. måned" in text
    with_benefit = main_text(client.get(
        "/sammenlign?year=2024&sector=public&hours=37&employee_wage=250&substitute_wage=200"
        "&substitute_benefit=19.000").text)
    assert "skriv vikarens ydelse pr. måned" not in with_benefit
