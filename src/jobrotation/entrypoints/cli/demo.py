"""The demo commands: ``demo`` (the comparison and an example case, no database) and
``demo-data`` (fill an empty database with fictitious people, projects and claims)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from jobrotation.bootstrap import database_errors, make_store, safe_url
from jobrotation.config import load_settings
from jobrotation.domain import format as fmt
from jobrotation.domain.errors import JobrotationError
from jobrotation.domain.workflow import CLAIM_STATES, PROJECT_STATES
from jobrotation.law.compare import newest_known_year, weekly_comparison
from jobrotation.law.parameters import default_parameters
from jobrotation.services.claims import claim_in_context, explain
from jobrotation.services.demo import DemoClock, DemoSummary, fill_demo
from jobrotation.services.policy import ROLES, SYSTEM
from jobrotation.services.store import Store

from .law import evaluate_cmd, print_comparison
from .shared import Lang, friendly, out

TABLE_LABELS = {
    "organisations": "organisationer", "users": "brugere", "people": "personer",
    "projects": "projekter", "trainings": "uddannelsesforløb", "assignments": "vikaransættelser",
    "pay_runs": "lønkørsler", "claims": "krav", "follow_ups": "opfølgninger",
    "comments": "kommentarer", "signatures": "underskrifter", "audit": "revisionsspor",
}


@friendly
def demo(
    case: Annotated[Path | None, typer.Argument(help="Sag (standard: første i examples/)")]
    = None,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
) -> None:
    """Vis ugesammenligningen for nyeste år med kendte satser og vurdér en eksempelsag."""
    params = default_parameters()
    year = newest_known_year(params)
    for sector in ("private", "public"):
        print_comparison(weekly_comparison(params, year, sector), "da")
    path = case or next(iter(sorted(Path("examples").glob("*.yaml"))), None)
    if path is None:
        raise JobrotationError("Ingen eksempelsag fundet i examples/")
    out.print(f"\n[bold]Eksempel: {path}[/]")
    evaluate_cmd(path, as_of=as_of, what_if_path=None, lang=Lang.da, as_json=False)


@friendly
def demo_data() -> None:
    """Fyld en tom database med demodata (fiktive personer).

    Jobcenter Randers, fire arbejdsgivere, projekter i begge ordninger og alle
    tilstande, lønkørsler, krav og opfølgning — alt gennem tjenesterne, med revisionsspor.
    """
    settings = load_settings()
    url = settings.database_url
    shown = safe_url(url)
    with database_errors(url):
        store = make_store(settings, clock=DemoClock())
        try:
            out.print(f"Databasen er opdateret til nyeste skema: {shown}")
            summary = fill_demo(store)
            _print_demo(store, summary)
        finally:
            store.engine.dispose()


def _print_demo(store: Store, summary: DemoSummary) -> None:
    out.print("[bold]Demodata indlæst[/]: Jobcenter Randers, to private og to offentlige "
              "arbejdsgivere (fiktive personer; CPR-numre på formen 0101ÅÅ-00NN).")
    counts = Table(title="Rækker pr. tabel")
    counts.add_column("Tabel")
    counts.add_column("Rækker", justify="right")
    for name, label in TABLE_LABELS.items():
        counts.add_row(f"{label} ({name})", str(summary.counts.get(name, 0)))
    out.print(counts)
    out.print("Projekter: " + ", ".join(
        f"{PROJECT_STATES[s]} {summary.projects_by_state.get(s, 0)}" for s in PROJECT_STATES),
        soft_wrap=True)
    out.print("Krav: " + ", ".join(
        f"{CLAIM_STATES[s]} {summary.claims_by_state.get(s, 0)}" for s in CLAIM_STATES),
        soft_wrap=True)
    out.print("\n[bold]Demo-logins[/] (e-mail — rolle, navn, organisation; ingen "
              "adgangskode er sat):", soft_wrap=True)
    for login in summary.logins:
        out.print(f"  {login.email} — {ROLES[login.role]}, {login.name}, {login.organisation}",
                  soft_wrap=True)
    example = claim_in_context(store, SYSTEM, summary.example_claim_id)
    claim, (start, end) = example.claim, example.period
    out.print(f"\n[bold]Eksempel:[/] krav nr. {claim['id']} i projekt {claim['project_id']} "
              f"\"{example.project_title}\", lønperioden {fmt.day(start)} – {fmt.day(end)} "
              f"({CLAIM_STATES[claim['state']]}): [bold]{fmt.money(claim['amount'])}[/]",
              soft_wrap=True)
    for line in explain(claim):
        out.print(f"  {line}", soft_wrap=True)
    for warning in claim["warnings"]:
        out.print(f"  [yellow]Advarsel:[/] {warning}", soft_wrap=True)
    for note in summary.notes:
        out.print(f"[yellow]Bemærk:[/] {note}", soft_wrap=True)
