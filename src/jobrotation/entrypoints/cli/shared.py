"""What every command shares: the two consoles, the common options and ``friendly`` (a
product error as one Danish sentence and exit code 2)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from jobrotation.domain.errors import JobrotationError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])


class Lang(StrEnum):
    da = "da"
    en = "en"


class Sector(StrEnum):
    private = "private"
    public = "public"


LangOpt = Annotated[Lang, typer.Option("--lang", help="Sprog: da eller en")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Maskinlæsbart JSON-output")]
WhatIfOpt = Annotated[Path | None, typer.Option(
    "--what-if", help="YAML med ændrede parametre (fx en reform)")]


def friendly(fn: F) -> F:
    """Report the product's errors as a Danish sentence and exit 2. A ValueError,
    OverflowError or RecursionError that escapes comes from a value beyond what can be
    computed with (``law.bounds`` should refuse it first); it too becomes a sentence."""
    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except JobrotationError as exc:
            message = str(exc)
        except (ValueError, OverflowError, RecursionError):
            files = ", ".join(a.name for a in (*args, *kwargs.values()) if isinstance(a, Path))
            message = (f"{files}: et" if files else "Et") + \
                " tal eller en dato ligger uden for det, der kan regnes med"
        err.print(f"[bold red]Fejl:[/] {escape(message)}", soft_wrap=True)
        raise typer.Exit(2)
    return run  # type: ignore[return-value]
