"""Engines and the append-only audit trail's guard, for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, text

# The audit trail is append-only: the database itself refuses UPDATE and DELETE on it.
SQLITE_AUDIT_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'revisionssporet kan ikke ændres'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'revisionssporet kan ikke slettes'); END",
)
POSTGRES_AUDIT_GUARD = (
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'revisionssporet kan ikke ændres eller slettes'; END $$ "
    "LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_append_only ON audit",
    "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
)


def audit_guard(dialect: str) -> tuple[str, ...]:
    return SQLITE_AUDIT_GUARD if dialect == "sqlite" else POSTGRES_AUDIT_GUARD


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def integrity_ok(engine: Engine) -> bool:
    """The database's own integrity check (SQLite) or a catalogue round trip (PostgreSQL)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        return conn.execute(text("SELECT count(*) FROM pg_class")).scalar() is not None
