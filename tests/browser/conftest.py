"""The web product in a real browser: Debian's Chromium driven by Playwright.

The server is the real app under uvicorn on 127.0.0.1 (a free port), on a copy of the
demo database. Chromium comes from Debian's ``chromium`` package (the Makefile installs
it); Playwright's own browser download cannot work here. Without Chromium the tests are
skipped locally and fail in CI.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from jobrotation.entrypoints.web import create_app
from jobrotation.services.store import Store
from tests.web.conftest import SECRET, TODAY, demo_database, store  # noqa: F401 (fixtures)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--lang=da-DK"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def base_url(store: Store) -> Iterator[str]:  # noqa: F811
    app = create_app(store, secret_key=SECRET, today=lambda: TODAY)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("serveren startede ikke")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium mangler: Makefile'ns test-mål installerer Debians chromium")
        pytest.skip("chromium er ikke installeret (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, base_url: str) -> Iterator[object]:
    # bypass_csp only lets the test inject axe-core; the pages themselves keep the strict CSP.
    context = browser.new_context(  # type: ignore[attr-defined]
        locale="da-DK", viewport={"width": 1100, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page: object) -> list[dict[str, object]]:
    """Serious and critical WCAG 2.1 A/AA violations found by axe-core in the page."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa']})).violations.map(v => ({id: v.id, impact: v.impact, "
        "nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def screenshot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
