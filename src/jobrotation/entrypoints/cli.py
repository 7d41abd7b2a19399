"""The command line: ``jobrotation compare | evaluate | batch | rules | demo | db upgrade |
demo-data``.

Danish output by default, ``--lang en`` for English, ``--json`` for machines. Errors are
reported as one Danish sentence and exit code 2, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import polars as pl
import typer
import yaml
from alembic.util.exc import CommandError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from jobrotation import format as fmt
from jobrotation.adapters.migrate import upgrade
from jobrotation.adapters.tables import claims, pay_runs, projects
from jobrotation.bootstrap import make_store
from jobrotation.config import load_settings
from jobrotation.domain.errors import JobrotationError
from jobrotation.domain.workflow import CLAIM_STATES, PROJECT_STATES
from jobrotation.entrypoints import present
from jobrotation.law.amounts import AMOUNTS
from jobrotation.law.compare import newest_known_year, scheme_status, weekly_comparison
from jobrotation.law.conditions import ROUTE_LABELS
from jobrotation.law.evaluate import (
    Evaluation,
    Verdict,
    default_parameters,
    evaluate,
    evaluate_lazy,
    reasons_column,
    what_if,
)
from jobrotation.law.parameters import ParameterSet, load_overrides
from jobrotation.services.claims import explain
from jobrotation.services.demo import DemoClock, DemoSummary, fill_demo
from jobrotation.services.policy import ROLES
from jobrotation.services.store import Store

app = typer.Typer(help="Jobrotation: regler, økonomi og sager for jobrotationsordningen.",
                  no_args_is_help=True, add_completion=False)
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

VERDICT_STYLE = {Verdict.MET: "green", Verdict.NOT_MET: "red", Verdict.UNKNOWN: "yellow",
                 Verdict.NOT_APPLICABLE: "dim"}


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


def _params(what_if_path: Path | None) -> ParameterSet:
    base = default_parameters()
    return base.with_overrides(_overrides(what_if_path)) if what_if_path else base


def _overrides(path: Path) -> dict[str, Mapping[str, Any]]:
    """The what-if file (``load_overrides``), each parameter given as a table."""
    with _reading(path):
        docs = load_overrides(path)
    bad = [str(name) for name, doc in docs.items() if not isinstance(doc, Mapping)]
    if bad:
        raise JobrotationError(f"{path.name}: hver parameter skal være en tabel med 'values' "
                               f"({', '.join(bad)} er ikke)")
    return docs


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Every way reading an input file fails, as one Danish sentence naming the file."""
    try:
        yield
    except FileNotFoundError:
        raise JobrotationError(f"Filen {path} findes ikke") from None
    except IsADirectoryError:
        raise JobrotationError(f"{path} er en mappe, ikke en fil") from None
    except OSError as exc:
        raise JobrotationError(f"{path} kan ikke læses ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, yaml.reader.ReaderError):
        raise JobrotationError(f"{path.name} er ikke tekst i UTF-8 (en binær fil?)") from None
    except json.JSONDecodeError as exc:
        raise JobrotationError(f"{path.name} kan ikke læses (linje {exc.lineno}): {exc.msg}"
                               ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" (linje {mark.line + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or exc
        raise JobrotationError(f"{path.name} kan ikke læses{where}: {problem}") from None
    except ValueError:  # PyYAML's constructor lets an impossible date (2024-02-30) out bare
        raise JobrotationError(f"{path.name} indeholder en dato, der ikke findes, eller et "
                               "tal, der ikke kan læses") from None
    except RecursionError:
        raise JobrotationError(f"{path.name} er indlejret for dybt til at kunne læses") from None


class _CaseLoader(yaml.SafeLoader):
    """Safe YAML where a date that does not exist (2024-02-30) is an error with its line."""

    def timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            problem = f"'{node.value}' er ikke en dato, der findes"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark
                                                    ) from None


_CaseLoader.add_constructor("tag:yaml.org,2002:timestamp", _CaseLoader.timestamp)


def _read_case(path: Path) -> dict[str, Any]:
    with _reading(path):
        text = path.read_text(encoding="utf-8")
        doc = json.loads(text) if path.suffix == ".json" else yaml.load(text, _CaseLoader)
    if not isinstance(doc, dict):
        raise JobrotationError(f"{path.name} skal indeholde én sag (en tabel af felter)")
    return doc


@app.command()
@friendly
def compare(
    year: Annotated[int | None, typer.Option(help="År (standard: nyeste år med kendte satser)")]
    = None,
    sector: Annotated[Sector, typer.Option(help="private (privat) eller public (offentlig)")]
    = Sector.private,
    hours: Annotated[float | None, typer.Option(
        help="Timer pr. uge (standard: en normal uge, 37)")] = None,
    lang: LangOpt = Lang.da, as_json: JsonOpt = False, what_if_path: WhatIfOpt = None,
) -> None:
    """Sammenlign de to ordningers tilskud pr. uge (vejledningens tabel)."""
    params = _params(what_if_path)
    c = weekly_comparison(params, year or newest_known_year(params), sector.value, hours)
    if as_json:
        print(json.dumps(present.comparison_json(c), ensure_ascii=False, indent=2))
        return
    print_comparison(c, lang.value)


def print_comparison(c: Any, lang: str) -> None:
    da = lang == "da"
    sector = ("privat" if c.sector == "private" else "offentlig") if da else c.sector
    title = (f"Tilskud pr. uge {c.year}, {sector} arbejdsgiver, {fmt.number(c.hours)} timer"
             if da else f"Subsidy per week {c.year}, {sector} employer, {c.hours:g} hours")
    table = Table(title=title)
    table.add_column("Ordning" if da else "Route")
    table.add_column("Tilskud" if da else "Subsidy")
    table.add_column("I alt pr. uge" if da else "Total per week", justify="right")

    def money(ore: int | None) -> str:
        if ore is None:
            return c.unknown_text if da else f"rate not known for {c.year}"
        return fmt.money(ore, lang)

    table.add_row("1. Jobrotationsydelse" if da else "1. Job-rotation benefit",
                  money(c.route1), money(c.route1))
    table.add_row("2. Løntilskud + VEU" if da else "2. Wage subsidy + VEU",
                  f"VEU {money(c.veu)} + {'løntilskud' if da else 'subsidy'} "
                  f"{money(c.wage_subsidy)}", money(c.route2))
    out.print(table)
    for note in c.estimates:
        out.print(f"[yellow]Advarsel:[/] {escape(note)}" if da
                  else f"[yellow]Warning:[/] {escape(note)}")
    if c.wage_subsidy_hours is not None and da:
        out.print(f"Ved løntilskud hos en offentlig arbejdsgiver fastsættes vikarens timer ud "
                  f"fra ydelsen: {fmt.number(c.wage_subsidy_hours)} timer pr. uge ved højeste "
                  "dagpenge.")
    if c.sector == "private":
        out.print("I private virksomheder skal vikaren have ordinær løn i begge ordninger."
                  if da else "In private firms the substitute gets an ordinary wage in both.")


@app.command("evaluate")
@friendly
def evaluate_cmd(
    case: Annotated[Path, typer.Argument(help="Sag som YAML eller JSON")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Vurderingsdato (ÅÅÅÅ-MM-DD)")]
    = None,
    what_if_path: WhatIfOpt = None, lang: LangOpt = Lang.da, as_json: JsonOpt = False,
) -> None:
    """Vurdér en sag: hver betingelse med begrundelse og hjemmel, og beløbene."""
    doc = _read_case(case)
    day = _as_of(as_of or doc.get("as_of"))
    if what_if_path:
        overrides = _overrides(what_if_path)
        before, after, changes = what_if(doc, overrides)
        if as_json:
            print(json.dumps({"before": present.evaluation_json(before, lang.value),
                              "after": present.evaluation_json(after, lang.value),
                              "changes": [{"what": c.what, "before": _plain(c.before),
                                           "after": _plain(c.after)} for c in changes]},
                             ensure_ascii=False, indent=2))
            return
        print_evaluation(after, lang.value, day)
        out.print("\n[bold]Ændringer i forhold til gældende regler:[/]" if lang == Lang.da
                  else "\n[bold]Changes against the rules in force:[/]")
        for c in changes or []:
            out.print(f"  {c.what}: {_show(c.before, lang.value)} → {_show(c.after, lang.value)}")
        if not changes:
            out.print("  ingen" if lang == Lang.da else "  none")
        return
    result = evaluate(doc)
    if as_json:
        print(json.dumps({"as_of": day.isoformat(), "name": doc.get("name"),
                          **present.evaluation_json(result, lang.value)},
                         ensure_ascii=False, indent=2))
        return
    if doc.get("name"):
        out.print(f"[bold]{doc['name']}[/]")
    print_evaluation(result, lang.value, day)


def _as_of(raw: object) -> dt.date:
    if raw is None:
        return dt.date.today()  # the edge of the system: the law core never asks the clock
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise JobrotationError(f"'{raw}' er ikke en dato (ÅÅÅÅ-MM-DD)") from None


def _plain(value: Any) -> Any:
    return value.name.lower() if isinstance(value, Verdict) else value


def _show(value: Any, lang: str) -> str:
    if isinstance(value, Verdict):
        return present.verdict_label(value, lang)
    if isinstance(value, int):
        return fmt.money(value, lang)
    return fmt.plain(value, lang)


def print_evaluation(e: Evaluation, lang: str, as_of: dt.date) -> None:
    da = lang == "da"
    status = scheme_status(default_parameters(), as_of)
    out.print(f"[dim]Ordningens status {fmt.day(as_of, lang)}:[/] {status.sentence()}")
    for route, verdict in e.routes.items():
        label = ROUTE_LABELS[route]
        out.print(f"[bold]{label.capitalize()}:[/] [{VERDICT_STYLE[verdict]}]"
                  f"{present.verdict_label(verdict, lang)}[/]")
    table = Table(show_lines=True)
    for col in (("Betingelse", "Condition"), ("Vurdering", "Verdict"), ("Begrundelse", "Reason"),
                ("Hjemmel", "Reference")):
        table.add_column(col[0] if da else col[1])
    for r in e.conditions:
        style = VERDICT_STYLE[r.verdict]
        table.add_row(r.text(lang), f"[{style}]{present.verdict_label(r.verdict, lang)}[/]",
                      r.observed(lang) if r.verdict is not Verdict.NOT_APPLICABLE else "",
                      f"{r.condition.reference} ({r.condition.confidence})")
    out.print(table)
    amounts = Table(title="Arbejdsgiverens økonomi" if da else "The employer's economics")
    amounts.add_column("Post" if da else "Item")
    for head in (("Jobrotationsydelse pr. uge", "Route 1 per week"),
                 ("Løntilskud pr. uge", "Route 2 per week"),
                 ("Jobrotationsydelse i alt", "Route 1 in total"),
                 ("Løntilskud i alt", "Route 2 in total")):
        amounts.add_column(head[0] if da else head[1], justify="right")
    for label, cells in present.picture(e):
        amounts.add_row(label, *(fmt.money(v, lang) for v in cells))
    out.print(amounts)
    out.print("[dim]Beløb i alt er prist dag for dag som kravene: timerne pr. uge lagt på "
              "arbejdsdagene (helligdage fri), hver dag til sin sats, pr. lønperiode.[/]" if da
              else "[dim]Totals are priced day by day like the claims: weekly hours on working "
                   "days (public holidays off), each day at its rate, per pay period.[/]")
    if e.missing:
        out.print("[yellow]Mangler oplysninger:[/] " + ", ".join(e.missing))
    for w in e.warnings:
        out.print(f"[yellow]Advarsel:[/] {w}")


@app.command()
@friendly
def batch(
    source: Annotated[Path, typer.Argument(help="Tabel som CSV eller Parquet", exists=True,
                                           dir_okay=False)],
    out_path: Annotated[Path, typer.Option("--out", help="Resultat som CSV eller Parquet")],
    what_if_path: WhatIfOpt = None,
    chunk: Annotated[int, typer.Option(help="Rækker pr. del (fremdrift)")] = 200_000,
) -> None:
    """Vurdér en hel tabel af sager; tilføjer vurdering, beløb og begrundelse pr. række."""
    params = _params(what_if_path)
    frame = _read_table(source)
    parts = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, disable=not err.is_terminal) as bar:
        task = bar.add_task("Vurderer sager", total=frame.height)
        for offset in range(0, max(frame.height, 1), chunk):
            part = frame.slice(offset, chunk)
            parts.append(_readable(evaluate_lazy(part, params)).collect())
            bar.advance(task, part.height)
    result = pl.concat(parts) if parts else frame
    if out_path.suffix == ".parquet":
        result.write_parquet(out_path)
    elif out_path.suffix == ".csv":
        result.write_csv(out_path)
    else:
        raise JobrotationError("Resultatet skal gemmes som .csv eller .parquet")
    counts = result.group_by("jobrotationsydelse").len().sort("jobrotationsydelse")
    err.print(f"{result.height} sager vurderet → {out_path}")
    for row in counts.iter_rows():
        err.print(f"  jobrotationsydelse {row[0]}: {row[1]}")


def _read_table(path: Path) -> pl.DataFrame:
    try:
        if path.suffix == ".parquet":
            return pl.read_parquet(path)
        if path.suffix == ".csv":
            return pl.read_csv(path, try_parse_dates=True, infer_schema_length=10_000)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise JobrotationError(f"{path.name} kan ikke læses: {exc}") from None
    raise JobrotationError("Tabellen skal være .csv eller .parquet")


def _readable(lazy: pl.LazyFrame) -> pl.LazyFrame:
    """Route codes as Danish labels, øre as kroner, the failed mask as condition ids."""
    labels = {v.value: v.label for v in Verdict}
    money = list(AMOUNTS)
    return lazy.with_columns(
        *[pl.col(r).replace_strict(labels, return_dtype=pl.String).alias(ROUTE_LABELS[r])
          for r in ("route1", "route2", "veu")],
        *[(pl.col(m).cast(pl.Decimal(20, 2)) / 100).alias(m + "_kr")
          for m in money],
        reasons_column(),
    ).drop(["route1", "route2", "veu", *money, "failed"])


@app.command()
@friendly
def rules(
    markdown: Annotated[bool, typer.Option("--markdown", help="Som docs/rules.md")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Alle betingelser og parametre med hjemmel og sikkerhed: kortet fra lov til kode."""
    params = default_parameters()
    if markdown:
        sys.stdout.write(present.rules_markdown(params) + "\n")
    elif as_json:
        print(json.dumps(present.rules_json(params), ensure_ascii=False, indent=2))
    else:
        table = Table(title="Betingelser")
        for col in ("id", "betingelse", "hjemmel", "sikkerhed"):
            table.add_column(col)
        for c in present.rules_json(params)["conditions"]:
            table.add_row(c["id"], c["text"], c["reference"], c["confidence"])
        out.print(table)


@app.command()
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


# --- the database ---------------------------------------------------------------------------

db_app = typer.Typer(help="Databasen: skema og migreringer.", no_args_is_help=True)
app.add_typer(db_app, name="db")

TABLE_LABELS = {
    "organisations": "organisationer", "users": "brugere", "people": "personer",
    "projects": "projekter", "trainings": "uddannelsesforløb", "assignments": "vikaransættelser",
    "pay_runs": "lønkørsler", "claims": "krav", "follow_ups": "opfølgninger",
    "comments": "kommentarer", "signatures": "underskrifter", "audit": "revisionsspor",
}


def safe_url(url: str) -> str:
    """The database URL with any password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        raise JobrotationError(f"DATABASE_URL er ikke en gyldig database-URL: {url!r}") from None


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """The database's own errors (no connection, no rights, a broken migration) as one
    Danish sentence naming the database — never its password."""
    try:
        yield
    except (SQLAlchemyError, CommandError) as exc:
        cause = getattr(exc, "orig", None) or exc
        first = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        raise JobrotationError(f"Databasen {safe_url(url)} kan ikke bruges: {first}") from None


@db_app.command("upgrade")
@friendly
def db_upgrade() -> None:
    """Opdatér databasen (DATABASE_URL) til nyeste skema."""
    url = load_settings().database_url
    shown = safe_url(url)
    with database_errors(url):
        upgrade(url)
    out.print(f"Databasen er opdateret til nyeste skema: {shown}")


@app.command("demo-data")
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
    with store.read() as conn:
        claim = conn.execute(select(claims).where(claims.c.id == summary.example_claim_id)
                             ).mappings().one()
        title = conn.execute(select(projects.c.title).where(
            projects.c.id == claim["project_id"])).scalar_one()
        run = conn.execute(select(pay_runs.c.period_start, pay_runs.c.period_end).where(
            pay_runs.c.id == claim["pay_run_id"])).one()
    out.print(f"\n[bold]Eksempel:[/] krav nr. {claim['id']} i projekt {claim['project_id']} "
              f"\"{title}\", lønperioden {fmt.day(run[0])} – {fmt.day(run[1])} "
              f"({CLAIM_STATES[claim['state']]}): [bold]{fmt.money(claim['amount'])}[/]",
              soft_wrap=True)
    for line in explain(claim):
        out.print(f"  {line}", soft_wrap=True)
    for warning in claim["warnings"]:
        out.print(f"  [yellow]Advarsel:[/] {warning}", soft_wrap=True)
    for note in summary.notes:
        out.print(f"[yellow]Bemærk:[/] {note}", soft_wrap=True)


if __name__ == "__main__":  # pragma: no cover
    app()
