"""Engines and the append-only audit trail's guard, for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

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


def integrity_problems(engine: Engine) -> list[str]:
    """The database's own integrity checks; empty when all is well.

    SQLite: ``PRAGMA integrity_check`` and ``foreign_key_check``. PostgreSQL: the amcheck
    extension over every heap page (``verify_heapam``) and every B-tree index against its
    table (``bt_index_check`` with ``heapallindexed``)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            problems = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))
                        if r[0] != "ok"]
            return problems + [f"fremmednøgle: {tuple(r)}"
                               for r in conn.execute(text("PRAGMA foreign_key_check"))]
        return _postgres_problems(conn)


def _postgres_problems(conn: Connection) -> list[str]:
    conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
    problems = [
        f"{rel} block {blk} offset {off}: {msg}" for rel, blk, off, msg in conn.execute(text(
            "SELECT c.oid::regclass::text, v.blkno, v.offnum, v.msg FROM pg_class c, "
            "LATERAL verify_heapam(c.oid, on_error_stop => false) v "
            "WHERE c.relkind IN ('r', 'm', 't') AND c.relpersistence <> 't'"))]
    indexes = conn.execute(text(
        "SELECT c.oid, c.oid::regclass::text FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
        "WHERE am.amname = 'btree' AND i.indisvalid AND i.indisready "
        "AND c.relpersistence <> 't'")).all()
    for oid, name in indexes:
        try:
            with conn.begin_nested():  # a failed check must not abort the others
                conn.execute(text("SELECT bt_index_check(:oid, true)"), {"oid": oid})
        except DBAPIError as error:
            problems.append(f"{name}: {error.orig}")
    conn.commit()
    return problems


def integrity_ok(engine: Engine) -> bool:
    return not integrity_problems(engine)
