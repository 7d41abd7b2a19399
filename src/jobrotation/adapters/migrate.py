"""Run the Alembic migrations shipped in ``jobrotation/migrations``."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config

from jobrotation.adapters.db import make_engine


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("jobrotation") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    # Our own engine, handed to env.py and disposed afterwards: an engine made inside
    # env.py would keep its pooled connection open (on PostgreSQL, an idle backend
    # that blocks DROP DATABASE) until the garbage collector finds it.
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        engine.dispose()
