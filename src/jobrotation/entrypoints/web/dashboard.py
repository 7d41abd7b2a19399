"""The dashboard ("Overblik"): the triple gain per employer and per municipality, as key
figures, tables and bar charts drawn as SVG on the server.

The rows come from ``services.followup.triple_gain``, which shows each actor only what it
may see and refuses other roles; the geometry and the sums here are pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from jobrotation.domain import format as fmt
from jobrotation.services.followup import triple_gain

from .access import actor_of
from .pages import web_of

router = APIRouter()

SUMMED = ("projects", "substitutes", "substitutes_in_work", "hours_trained",
          "subsidies_paid_ore", "employees_using_skills")
WIDTH, SPAN = 460, 320  # the chart's width; the longest bar (room after it for the value)
FIRST, STEP, BAR_HEIGHT = 20, 56, 24  # the first bar's top; distance between bars


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: float
    width: float
    text: str = ""  # the value as shown after the bar
    outline: float = 0.0  # the whole's width, drawn as a frame behind the bar (0: none)

    @property
    def end(self) -> float:
        """Where the bar (or its frame) ends: the value is written after it."""
        return max(self.width, self.outline)


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page: the ids of the title and description
    title: str
    caption: str
    bars: tuple[Bar, ...]
    css: str = "bar-route1"
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return FIRST + len(self.bars) * STEP


def bars(items: Iterable[tuple[str, float]], *, top: float | None = None, span: float = SPAN,
         show: Callable[[float], str] = fmt.number) -> list[Bar]:
    """One horizontal bar per (label, value), one below the other; the largest value (or
    ``top``) is ``span`` wide, zero or less gives no width."""
    items = list(items)
    if top is None:
        top = max((value for _, value in items), default=0)
    return [Bar(label, value, FIRST + i * STEP, max(value, 0) / top * span if top > 0 else 0.0,
                show(value)) for i, (label, value) in enumerate(items)]


def part_bars(items: Iterable[tuple[str, int, int]], *, span: float = SPAN) -> list[Bar]:
    """(label, part, whole): the part as a bar inside a frame for the whole, all scaled to
    the largest whole; the text reads "3 af 4"."""
    items = list(items)
    top = max((whole for _, _, whole in items), default=0)
    wholes = bars([(label, whole) for label, _, whole in items], top=top, span=span)
    parts = bars([(label, part) for label, part, _ in items], top=top, span=span)
    return [replace(p, outline=w.width, text=f"{fmt.number(p.value)} af {fmt.number(w.value)}")
            for p, w in zip(parts, wholes, strict=True)]


def total(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The rows' figures summed, with the number of rows as ``employers``."""
    sums: dict[str, Any] = {"employers": 0, **dict.fromkeys(SUMMED, 0)}
    for row in rows:
        sums["employers"] += 1
        for key in SUMMED:
            sums[key] += row[key]
    return sums


def by_municipality(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The employer rows summed per municipality, in order of the municipality's name."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["municipality"], []).append(row)
    return [{"municipality": name, **total(groups[name])} for name in sorted(groups)]


def share(part: int, whole: int) -> str | None:
    """``2, 3`` → ``67 %``; None when there is no whole."""
    return f"{fmt.number(round(100 * part / whole))} %" if whole else None


def charts(rows: list[dict[str, Any]], name: str, key: str, per: str) -> list[Chart]:
    """The three charts of the triple gain for rows labelled by ``name``."""
    return [
        Chart(f"{key}-vikarer", f"Vikarer i job eller uddannelse bagefter {per}",
              "Udfyldt bjælke: vikarer i job eller uddannelse bagefter. Ramme: alle vikarer.",
              tuple(part_bars((r[name], r["substitutes_in_work"], r["substitutes"])
                              for r in rows))),
        Chart(f"{key}-timer", f"Timer i uddannelse {per}", "Medarbejdernes timer i uddannelse.",
              tuple(bars((r[name], r["hours_trained"]) for r in rows)), css="bar-route2"),
        Chart(f"{key}-tilskud", f"Udbetalt tilskud {per}", "Udbetalt tilskud i kroner.",
              tuple(bars(((r[name], r["subsidies_paid_ore"]) for r in rows),
                         show=lambda ore: fmt.money(int(ore))))),
    ]


@router.get("/overblik", response_class=HTMLResponse)
def overblik(request: Request) -> Response:
    web = web_of(request)
    actor = actor_of(request)
    employers = triple_gain(web.store, actor)
    municipalities = by_municipality(employers)
    sums = total(employers)
    return web.render(
        request, "overblik.html", employers=employers, municipalities=municipalities,
        sums=sums, in_work_share=share(sums["substitutes_in_work"], sums["substitutes"]),
        share=share, employer_charts=charts(employers, "employer", "arbejdsgiver",
                                            "pr. arbejdsgiver"),
        municipality_charts=charts(municipalities, "municipality", "kommune", "pr. kommune"))
