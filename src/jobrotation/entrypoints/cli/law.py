"""The law's commands: ``compare`` (the weekly comparison), ``evaluate`` (one case),
``batch`` (a table of cases) and ``rules`` (every condition and parameter)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from jobrotation.domain import format as fmt
from jobrotation.domain.errors import JobrotationError
from jobrotation.domain.units import to_ore
from jobrotation.entrypoints import present
from jobrotation.law.amounts import AMOUNTS
from jobrotation.law.case import Evaluation, evaluate
from jobrotation.law.compare import newest_known_year, scheme_status, weekly_comparison
from jobrotation.law.conditions import ROUTE_LABELS
from jobrotation.law.parameters import default_parameters
from jobrotation.law.routes import Verdict
from jobrotation.law.table import evaluate_lazy, reasons_column
from jobrotation.law.whatif import what_if

from .files import overrides, params, read_case, read_table
from .shared import JsonOpt, Lang, LangOpt, Sector, WhatIfOpt, err, friendly, out

VERDICT_STYLE = {Verdict.MET: "green", Verdict.NOT_MET: "red", Verdict.UNKNOWN: "yellow",
                 Verdict.NOT_APPLICABLE: "dim"}
ORE_PER_KRONE = to_ore(1)  # for the table's money columns, converted as polars expressions


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
    parameters = params(what_if_path)
    c = weekly_comparison(parameters, year or newest_known_year(parameters), sector.value, hours)
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


@friendly
def evaluate_cmd(
    case: Annotated[Path, typer.Argument(help="Sag som YAML eller JSON")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Vurderingsdato (ÅÅÅÅ-MM-DD)")]
    = None,
    what_if_path: WhatIfOpt = None, lang: LangOpt = Lang.da, as_json: JsonOpt = False,
) -> None:
    """Vurdér en sag: hver betingelse med begrundelse og hjemmel, og beløbene."""
    doc = read_case(case)
    day = _as_of(as_of or doc.get("as_of"))
    if what_if_path:
        before, after, changes = what_if(doc, overrides(what_if_path))
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


@friendly
def batch(
    source: Annotated[Path, typer.Argument(help="Tabel som CSV eller Parquet", exists=True,
                                           dir_okay=False)],
    out_path: Annotated[Path, typer.Option("--out", help="Resultat som CSV eller Parquet")],
    what_if_path: WhatIfOpt = None,
    chunk: Annotated[int, typer.Option(help="Rækker pr. del (fremdrift)")] = 200_000,
) -> None:
    """Vurdér en hel tabel af sager; tilføjer vurdering, beløb og begrundelse pr. række."""
    parameters = params(what_if_path)
    frame = read_table(source)
    parts = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, disable=not err.is_terminal) as bar:
        task = bar.add_task("Vurderer sager", total=frame.height)
        for offset in range(0, max(frame.height, 1), chunk):
            part = frame.slice(offset, chunk)
            parts.append(_readable(evaluate_lazy(part, parameters)).collect())
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


def _readable(lazy: pl.LazyFrame) -> pl.LazyFrame:
    """Route codes as Danish labels, øre as kroner, the failed mask as condition ids."""
    labels = {v.value: v.label for v in Verdict}
    money = list(AMOUNTS)
    return lazy.with_columns(
        *[pl.col(r).replace_strict(labels, return_dtype=pl.String).alias(ROUTE_LABELS[r])
          for r in ("route1", "route2", "veu")],
        *[(pl.col(m).cast(pl.Decimal(20, 2)) / ORE_PER_KRONE).alias(m + "_kr")
          for m in money],
        reasons_column(),
    ).drop(["route1", "route2", "veu", *money, "failed"])


@friendly
def rules(
    markdown: Annotated[bool, typer.Option("--markdown", help="Som docs/rules.md")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Alle betingelser og parametre med hjemmel og sikkerhed: kortet fra lov til kode."""
    in_force = default_parameters()
    if markdown:
        sys.stdout.write(present.rules_markdown(in_force) + "\n")
    elif as_json:
        print(json.dumps(present.rules_json(in_force), ensure_ascii=False, indent=2))
    else:
        table = Table(title="Betingelser")
        for col in ("id", "betingelse", "hjemmel", "sikkerhed"):
            table.add_column(col)
        for c in present.rules_json(in_force)["conditions"]:
            table.add_row(c["id"], c["text"], c["reference"], c["confidence"])
        out.print(table)
