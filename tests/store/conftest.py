"""A store on a fresh, migrated database: every store test runs on SQLite and on
PostgreSQL.

PostgreSQL is a throwaway cluster that the test session starts itself (``pgcluster``:
initdb + pg_ctl from the machine, a unix socket in a temporary directory, fsync on), once
per session and only if a PostgreSQL test runs; each test gets its own new database,
migrated by ``make_store`` with the Alembic migration. Without PostgreSQL's server
programs the PostgreSQL tests are skipped, except under CI, where that is an error.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from jobrotation.bootstrap import make_store
from jobrotation.config import Settings
from jobrotation.services.policy import Actor
from jobrotation.services.store import Store

from .pgcluster import Cluster, Unavailable, start_cluster

DATABASES = ["sqlite", "postgresql"]


class FakeClock:
    """A controllable "now" for deterministic, back-dated cases."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, day: dt.date) -> None:
        self.now = dt.datetime.combine(day, dt.time(12), dt.UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2024, 1, 10, 12, tzinfo=dt.UTC))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        cluster = start_cluster()
    except Unavailable as why:
        message = f"PostgreSQL tests need a local PostgreSQL server installation: {why}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " (CI must run them, not skip them)", pytrace=False)
        pytest.skip(message)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=DATABASES)
def store(request: pytest.FixtureRequest, tmp_path, clock: FakeClock) -> Iterator[Store]:
    """A store on a new database, migrated; once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        yield from _store(f"sqlite:///{tmp_path / 'test.db'}", clock)
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database()
    try:
        yield from _store(cluster.url(name), clock)
    finally:
        cluster.drop_database(name)


def _store(url: str, clock: FakeClock) -> Iterator[Store]:
    store = make_store(Settings(url, Fernet.generate_key(), 30), clock)
    try:
        yield store
    finally:
        store.engine.dispose()


ADMIN = Actor(1, "admin", "admin")
