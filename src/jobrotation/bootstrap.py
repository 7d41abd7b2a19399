"""Wiring: settings → engine → store. Nothing connects at import time."""

from __future__ import annotations

from collections.abc import Callable

from jobrotation.adapters.crypto import CprVault
from jobrotation.adapters.db import make_engine
from jobrotation.adapters.migrate import upgrade
from jobrotation.config import Settings, load_settings
from jobrotation.services.store import Clock, Store, utc_now


def make_store(settings: Settings | None = None, clock: Clock = utc_now,
               migrate: bool = True) -> Store:
    settings = settings or load_settings()
    if migrate:
        upgrade(settings.database_url)
    return Store(make_engine(settings.database_url), CprVault(settings.cpr_key), clock,
                 retention_days=settings.retention_days)


StoreFactory = Callable[[], Store]
