"""The public pages in Chromium: accessible (axe-core), Danish, live comparison."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, screenshot

PUBLIC = ["/", "/ledige", "/tillidsrepraesentanter", "/virksomheder", "/sammenlign",
          "/kan-jeg-vaere-vikar", "/kan-min-medarbejder", "/login"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_page_has_no_serious_accessibility_violations(page, base_url, path):
    page.goto(base_url + path)
    assert page.get_attribute("html", "lang") == "da"
    assert page.locator("h1").count() == 1
    screenshot(page, "offentlig" + path.replace("/", "_"))
    assert axe_violations(page) == []


def test_the_comparison_updates_as_the_user_types(page, base_url):
    page.goto(base_url + "/sammenlign?year=2024&sector=private&hours=37")
    assert "7.517,29 kr." in page.inner_text("main")
    page.fill("input[name=hours]", "20")
    # 20 hours × 203,17 kr. = 4.063,40 kr. (route 1, 2024), without pressing a button.
    page.wait_for_function("document.querySelector('main').innerText.includes('4.063,40 kr.')")
    screenshot(page, "sammenlign-20-timer")


def test_the_page_works_from_the_keyboard(page, base_url):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused  # the first Tab lands on a visible, named link (the skip link)
