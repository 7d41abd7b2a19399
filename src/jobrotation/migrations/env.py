"""Alembic environment: the URL comes from the caller (``jobrotation db upgrade``)."""

from __future__ import annotations

from alembic import context

from jobrotation.adapters.db import make_engine
from jobrotation.adapters.tables import metadata

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url, "sqlalchemy.url mangler"
connection = config.attributes.get("connection")

if connection is None:
    with make_engine(url).begin() as conn:
        context.configure(connection=conn, target_metadata=metadata,
                          render_as_batch=conn.dialect.name == "sqlite")
        context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
