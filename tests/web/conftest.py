"""A web app on a copy of one demo database (filled once per session, demo passwords set)
and a test client. The app's date is fixed (``TODAY``) so the status banner is known."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi import FastAPI

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project pins
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

from jobrotation.bootstrap import make_store
from jobrotation.config import Settings
from jobrotation.entrypoints.server import create_app, prepare_demo
from jobrotation.services.store import Store

TODAY = dt.date(2025, 11, 28)  # the demo's "today": the scheme is still open
NOW = dt.datetime(2025, 11, 28, 12, tzinfo=dt.UTC)
SECRET = b"test-session-key-0123456789abcdef"
DEMO_PASSWORD = "jobrotation-demo"


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A migrated SQLite file with the demo data and demo passwords, made once."""
    path = tmp_path_factory.mktemp("web") / "demo.db"
    key = Fernet.generate_key()
    store = make_store(Settings(f"sqlite:///{path}", key, 30), clock=lambda: NOW)
    try:
        prepare_demo(store)
    finally:
        store.engine.dispose()
    return path, key


@pytest.fixture
def store(tmp_path: Path, demo_database: tuple[Path, bytes]) -> Iterator[Store]:
    source, key = demo_database
    copy = tmp_path / "web.db"
    shutil.copyfile(source, copy)
    store = make_store(Settings(f"sqlite:///{copy}", key, 30), clock=lambda: NOW,
                       migrate=False)
    try:
        yield store
    finally:
        store.engine.dispose()


@pytest.fixture
def make_client(store: Store) -> Callable[..., TestClient]:
    def make(today: dt.date = TODAY, secure_cookies: bool = False) -> TestClient:
        app: FastAPI = create_app(store, secret_key=SECRET, today=lambda: today,
                                  secure_cookies=secure_cookies)
        return TestClient(app, base_url="http://testserver")
    return make


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def csrf_token(client: TestClient, path: str = "/") -> str:
    """The CSRF token as a page gives it (a session starts on the first visit)."""
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(client: TestClient, email: str, password: str = DEMO_PASSWORD) -> object:
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token}, follow_redirects=False)


def main_text(html: str) -> str:
    """The visible text of the page's main content, whitespace collapsed."""
    main = html.split('<main', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<[^>]+>", " ", main)
    return re.sub(r"\s+", " ", main).replace("&#39;", "'").strip()
