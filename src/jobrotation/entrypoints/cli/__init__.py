"""The command line: ``jobrotation compare | evaluate | batch | rules | demo | db upgrade |
demo-data``.

Danish output by default, ``--lang en`` for English, ``--json`` for machines. Errors are
reported as one Danish sentence and exit code 2, never as a traceback.

Modules: ``shared`` (the consoles, the common options, ``friendly``), ``files`` (reading
cases, tables and what-if files), ``law`` (compare, evaluate, batch, rules), ``demo``
(demo, demo-data) and ``database`` (db upgrade). The commands are registered here, in
the order ``--help`` lists them.
"""

from __future__ import annotations

import typer

from . import database, demo, law
from .shared import friendly

app = typer.Typer(help="Jobrotation: regler, økonomi og sager for jobrotationsordningen.",
                  no_args_is_help=True, add_completion=False)
app.command()(law.compare)
app.command("evaluate")(law.evaluate_cmd)
app.command()(law.batch)
app.command()(law.rules)
app.command()(demo.demo)
app.add_typer(database.db_app, name="db")
app.command("demo-data")(demo.demo_data)

__all__ = ["app", "friendly"]
