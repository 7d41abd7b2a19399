"""The API on a copy of one demo database, filled once per session.

The demo (``services.demo.fill_demo``) gives every role in Randers: an administrator, the
jobcentre's caseworker, an HR user and a shop steward for each of four employers, and a
substitute with a login. On top of it, through the services, the session adds what the
access tests need to have "someone from elsewhere": a jobcentre in Aarhus with its own
caseworker, and a substitute login for the first substitute of every demo project. Every
user gets an API token (``accounts.issue_token``). Each test works on its own copy of the
file, so tests may change what they like.
"""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project pins
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

from jobrotation.adapters.tables import assignments, organisations, people, projects, users
from jobrotation.bootstrap import make_store
from jobrotation.config import Settings
from jobrotation.entrypoints.api import create_api_app
from jobrotation.services import accounts
from jobrotation.services import people as people_service
from jobrotation.services.demo import EMAIL_DOMAIN, EMPLOYERS, PEOPLE, fill_demo
from jobrotation.services.store import Store

NOW = dt.datetime(2025, 11, 28, 12, tzinfo=dt.UTC)  # the demo's "today"
ADMIN = f"admin@{EMAIL_DOMAIN}"
CASEWORKER = f"jobcenter@{EMAIL_DOMAIN}"
CASEWORKER_ELSEWHERE = f"jobcenter.aarhus@{EMAIL_DOMAIN}"
SUBSTITUTE = f"vikar@{EMAIL_DOMAIN}"  # the demo's own substitute login (Ahmad, metal)


def hr(employer: str) -> str:
    return f"hr.{employer}@{EMAIL_DOMAIN}"


def steward(employer: str) -> str:
    return f"tr.{employer}@{EMAIL_DOMAIN}"


def substitute_of(project: str) -> str:
    """The login of the first substitute of a demo project (added by this conftest)."""
    return f"vikar.{project}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class Demo:
    """The session's demo database and what the tests look up in it."""

    path: Path
    key: bytes
    tokens: dict[str, str]  # e-mail → API token
    project_ids: dict[str, int]  # demo plan key → project id
    employer_ids: dict[str, int]  # demo employer key → organisation id
    person_ids: dict[str, int]  # demo person key → person id
    project_employers: dict[str, str]  # demo plan key → employer key


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    path = tmp_path_factory.mktemp("api") / "demo.db"
    key = Fernet.generate_key()
    store = make_store(Settings(f"sqlite:///{path}", key, 30), clock=lambda: NOW)
    try:
        summary = fill_demo(store)
        with store.read() as conn:
            admin = accounts.actor_of(conn, conn.execute(
                select(users).where(users.c.email == ADMIN)).mappings().one())
            by_name = {n: i for n, i in conn.execute(
                select(organisations.c.name, organisations.c.id))}
            person_by_name = {n: i for n, i in conn.execute(select(people.c.name, people.c.id))}
            employer_of_project = {p: e for p, e in conn.execute(
                select(projects.c.id, projects.c.employer_id))}
            first_substitute = {}
            for project_id, substitute_id in conn.execute(
                    select(assignments.c.project_id, assignments.c.substitute_id)
                    .order_by(assignments.c.id)):
                first_substitute.setdefault(project_id, substitute_id)
        employer_ids = {e.key: by_name[e.name] for e in EMPLOYERS}
        employer_key = {v: k for k, v in employer_ids.items()}
        aarhus = people_service.create_jobcentre(store, admin, municipality="Aarhus")
        people_service.create_user(store, admin, email=CASEWORKER_ELSEWHERE,
                                   name="Sagsbehandler i Aarhus", role="caseworker",
                                   organisation_id=aarhus)
        for plan, project_id in summary.project_ids.items():
            people_service.create_user(store, admin, email=substitute_of(plan),
                                       name=f"Vikar i {plan}", role="substitute",
                                       person_id=first_substitute[project_id])
        with store.read() as conn:
            logins = list(conn.execute(select(users.c.id, users.c.email)))
        tokens = {email: accounts.issue_token(store, admin, user_id) for user_id, email in logins}
        return Demo(path, key, tokens, dict(summary.project_ids), employer_ids,
                    {p.key: person_by_name[p.name] for p in PEOPLE},
                    {plan: employer_key[employer_of_project[pid]]
                     for plan, pid in summary.project_ids.items()})
    finally:
        store.engine.dispose()


class Api:
    """A test client on the API, acting as a user given by e-mail (or anonymously)."""

    def __init__(self, client: TestClient, store: Store, demo: Demo) -> None:
        self.client, self.store, self.demo = client, store, demo

    def headers(self, who: str | None) -> dict[str, str]:
        return {} if who is None else {"Authorization": f"Bearer {self.demo.tokens[who]}"}

    def request(self, method: str, path: str, who: str | None = None,
                json: Any = None, **params: Any) -> Any:
        return self.client.request(method, "/api/v1" + path, headers=self.headers(who),
                                   json=json, params=params or None)

    def get(self, path: str, who: str | None = None, **params: Any) -> Any:
        return self.request("GET", path, who, **params)

    def post(self, path: str, json: Any = None, who: str | None = None) -> Any:
        return self.request("POST", path, who, json=json)

    def patch(self, path: str, json: Any = None, who: str | None = None) -> Any:
        return self.request("PATCH", path, who, json=json)


@pytest.fixture
def store(tmp_path: Path, demo: Demo) -> Iterator[Store]:
    copy = tmp_path / "api.db"
    shutil.copyfile(demo.path, copy)
    for suffix in ("-wal", "-shm"):  # normally checkpointed away when the engine closed
        if Path(f"{demo.path}{suffix}").exists():
            shutil.copyfile(f"{demo.path}{suffix}", f"{copy}{suffix}")
    store = make_store(Settings(f"sqlite:///{copy}", demo.key, 30), clock=lambda: NOW,
                       migrate=False)
    try:
        yield store
    finally:
        store.engine.dispose()


@pytest.fixture
def api(store: Store, demo: Demo) -> Api:
    return Api(TestClient(create_api_app(store), base_url="http://testserver"), store, demo)
