"""The database commands: ``db upgrade``."""

from __future__ import annotations

import typer

from jobrotation.adapters.migrate import upgrade
from jobrotation.bootstrap import database_errors, safe_url
from jobrotation.config import load_settings

from .shared import friendly, out

db_app = typer.Typer(help="Databasen: skema og migreringer.", no_args_is_help=True)


@db_app.command("upgrade")
@friendly
def db_upgrade() -> None:
    """Opdatér databasen (DATABASE_URL) til nyeste skema."""
    url = load_settings().database_url
    shown = safe_url(url)
    with database_errors(url):
        upgrade(url)
    out.print(f"Databasen er opdateret til nyeste skema: {shown}")
