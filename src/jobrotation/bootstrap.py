"""Wiring: settings → engine → store. Nothing connects at import time.

``database_errors`` turns what the database says when it cannot be used (no connection,
no rights, a broken migration) into one Danish sentence, for every entry point that opens
one; ``safe_url`` shows its URL without the password.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from alembic.util.exc import CommandError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from jobrotation.adapters.crypto import CprVault
from jobrotation.adapters.db import make_engine
from jobrotation.adapters.migrate import upgrade
from jobrotation.config import Settings, load_settings
from jobrotation.domain.errors import JobrotationError
from jobrotation.services.store import Clock, Store, utc_now


def make_store(settings: Settings | None = None, clock: Clock = utc_now,
               migrate: bool = True) -> Store:
    settings = settings or load_settings()
    if migrate:
        upgrade(settings.database_url)
    return Store(make_engine(settings.database_url), CprVault(settings.cpr_key), clock,
                 retention_days=settings.retention_days)


StoreFactory = Callable[[], Store]


def safe_url(url: str) -> str:
    """The database URL with any password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        raise JobrotationError(f"DATABASE_URL er ikke en gyldig database-URL: {url!r}") from None


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """The database's own errors (no connection, no rights, a broken migration) as one
    Danish sentence naming the database — never its password."""
    try:
        yield
    except (SQLAlchemyError, CommandError) as exc:
        cause = getattr(exc, "orig", None) or exc
        first = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        raise JobrotationError(f"Databasen {safe_url(url)} kan ikke bruges: {first}") from None
