"""A store on a fresh, migrated database: SQLite always, PostgreSQL when available."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.fernet import Fernet

from jobrotation.bootstrap import make_store
from jobrotation.config import Settings
from jobrotation.services.policy import Actor
from jobrotation.services.store import Store


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


@pytest.fixture
def store(tmp_path, clock) -> Store:
    settings = Settings(f"sqlite:///{tmp_path / 'test.db'}", Fernet.generate_key(), 30)
    return make_store(settings, clock)


ADMIN = Actor(1, "admin", "admin")
