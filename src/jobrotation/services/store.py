"""The unit of work: one transaction per use case, with its audit entries inside it.

    with store.transaction(actor) as tx:
        tx.conn.execute(...)
        tx.audit("project.applied", "project", project_id, project_id, {...})

Commits when the block ends, rolls back on any exception: a change and its audit entry
land together or not at all. Time comes from ``store.clock`` so tests and back-dated
cases are deterministic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select, update

from jobrotation.adapters.crypto import CprVault
from jobrotation.adapters.tables import audit
from jobrotation.domain.errors import Conflict, NotFound
from jobrotation.law.parameters import ParameterSet, default_parameters
from jobrotation.services.policy import Actor

Clock = Callable[[], dt.datetime]
Row = Mapping[Any, Any]  # a database row as a mapping


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Store:
    engine: Engine
    vault: CprVault
    clock: Clock = utc_now
    params: ParameterSet | None = None
    retention_days: int = 1825

    @property
    def parameters(self) -> ParameterSet:
        return self.params or default_parameters()

    def today(self) -> dt.date:
        return self.clock().date()

    @contextmanager
    def transaction(self, actor: Actor) -> Iterator[Transaction]:
        with self.engine.begin() as conn:
            yield Transaction(conn, actor, self.clock())

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn


@dataclass
class Transaction:
    conn: Connection
    actor: Actor
    now: dt.datetime

    def audit(self, action: str, entity: str, entity_id: int | None,
              project_id: int | None, data: Mapping[str, Any]) -> None:
        """Append one entry. ``data`` must hold no CPR number and no names."""
        self.conn.execute(insert(audit).values(
            at=self.now, actor_id=self.actor.user_id, actor_label=self.actor.label,
            action=action, entity=entity, entity_id=entity_id, project_id=project_id,
            data=_jsonable(data)))

    def insert(self, table: Table, **values: Any) -> int:
        result = self.conn.execute(insert(table).values(**values))
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def one(self, table: Table, row_id: int, what: str) -> Row:
        row = self.conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
        if row is None:
            raise NotFound(f"{what} {row_id} findes ikke.")
        return row

    def update_versioned(self, table: Table, row_id: int, version: int, what: str,
                         **values: Any) -> None:
        """Update only if nobody changed the row since ``version`` was read."""
        result = self.conn.execute(
            update(table).where(table.c.id == row_id, table.c.version == version)
            .values(version=version + 1, **values))
        if result.rowcount == 0:
            self.one(table, row_id, what)  # NotFound if it is gone
            raise Conflict(f"{what} er blevet ændret af en anden, siden du hentede den. "
                           "Hent den igen og gentag din ændring.")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
