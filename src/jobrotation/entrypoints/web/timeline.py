"""The project plan as a timeline: per employee the training weeks, covered by a substitute
or not (a gap), and per substitute the weeks employed, laid out in whole ISO weeks with
the SVG geometry computed here so that ``_tidslinje.html`` only prints numbers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jobrotation.domain import format as fmt

LABEL_WIDTH = 210   # the names' column, px
PLOT_WIDTH = 720    # the weeks fit in this: 52 weeks make the SVG ~900 px wide
MIN_WEEK, MAX_WEEK = 4, 48
ROW_HEIGHT, BAR_HEIGHT = 40, 22
AXIS_HEIGHT = 40    # month labels, then week numbers
LABEL_CHARS, SUBLABEL_CHARS = 22, 30
MONTHS = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.",
          "nov.", "dec.")
KIND_TEXT = {"covered": "Dækket af vikar", "gap": "Uden vikar", "substitute": "Vikar ansat"}
EMPTY = "Planen har endnu ingen medarbejdere på uddannelse."


@dataclass(frozen=True)
class Segment:
    """A run of consecutive weeks of one kind: ``covered``, ``gap`` or ``substitute``."""

    kind: str
    first_week: int   # index into the timeline's weeks
    last_week: int
    first_day: dt.date  # the actual first and last training (or employed) day
    last_day: dt.date
    text: str         # e.g. "Uden vikar: uge 12 2026 – uge 13 2026"
    x: int
    y: int
    width: int
    height: int
    mark_x: int       # where a gap's "!" goes
    mark_y: int


@dataclass(frozen=True)
class Row:
    kind: str         # "employee" or "substitute"
    person_id: int
    label: str        # the full name
    sublabel: str     # course(s), or "dækker Anna Hansen, Bo Jensen"
    label_text: str   # truncated for the SVG
    sublabel_text: str
    y: int            # top of the row
    label_y: int
    sublabel_y: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Tick:
    x: int
    label: str


@dataclass(frozen=True)
class Timeline:
    title: str
    summary: str
    gaps: tuple[str, ...]
    rows: tuple[Row, ...]
    first_day: dt.date | None  # a Monday
    last_day: dt.date | None   # a Sunday
    weeks: int
    week_ticks: tuple[Tick, ...]
    month_ticks: tuple[Tick, ...]
    width: int
    height: int
    label_width: int
    week_width: int
    row_height: int
    axis_height: int
    week_label_y: int
    month_label_y: int


def plan_timeline(trainings: Sequence[Mapping[str, Any]],
                  assignments: Sequence[Mapping[str, Any]],
                  names: Mapping[int, str]) -> Timeline:
    """The timeline of a project's trainings (employees) and assignments (substitutes)."""
    assignments = [a for a in assignments if a["start"] <= a["end"]]
    if not trainings:
        return _empty()
    first = _monday(min(r["start"] for r in [*trainings, *assignments]))
    last = _monday(max(r["end"] for r in [*trainings, *assignments])) + dt.timedelta(days=6)
    weeks = (last - first).days // 7 + 1
    week_width = max(MIN_WEEK, min(MAX_WEEK, PLOT_WIDTH // weeks))

    def week(d: dt.date) -> int:
        return (d - first).days // 7

    def name(person: int) -> str:
        return names.get(person) or f"Person {person}"

    # Training days per employee and which of them an assignment covers.
    days: dict[int, set[dt.date]] = defaultdict(set)
    courses: dict[int, list[str]] = defaultdict(list)
    for t in trainings:
        employee, wanted = t["employee_id"], _weekdays(t["weekdays"])
        days[employee].update(d for d in _dates(t["start"], t["end"])
                              if d.isoweekday() in wanted)
        if t["course"] not in courses[employee]:
            courses[employee].append(t["course"])
    covered: dict[int, set[dt.date]] = defaultdict(set)
    for a in assignments:
        for employee in a["covers"]:
            covered[employee].update(d for d in days.get(employee, ())
                                     if a["start"] <= d <= a["end"])

    employees = sorted(courses, key=lambda e: (min(days[e], default=last), name(e), e))
    subs: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for a in sorted(assignments, key=lambda a: a["start"]):
        subs[a["substitute_id"]].append(a)

    rows: list[Row] = []
    gaps: list[str] = []
    training_weeks: set[int] = set()

    def segments(y: int, kinds: Mapping[int, str],
                 spans: Mapping[int, tuple[dt.date, dt.date]]) -> tuple[Segment, ...]:
        found = []
        for kind, start, end in _runs(kinds):
            x = LABEL_WIDTH + start * week_width
            width = (end - start + 1) * week_width
            top = y + (ROW_HEIGHT - BAR_HEIGHT) // 2
            a, b = spans[start][0], spans[end][1]
            found.append(Segment(
                kind, start, end, a, b, f"{KIND_TEXT[kind]}: {_weeks_and_days(a, b)}",
                x, top, width, BAR_HEIGHT, x + width // 2, top + BAR_HEIGHT // 2 + 5))
        return tuple(found)

    for employee in employees:
        by_week: dict[int, list[dt.date]] = defaultdict(list)
        for d in sorted(days[employee]):
            by_week[week(d)].append(d)
        training_weeks.update(by_week)
        kinds = {w: "covered" if any(d in covered[employee] for d in ds) else "gap"
                 for w, ds in by_week.items()}
        spans = {w: (ds[0], ds[-1]) for w, ds in by_week.items()}
        y = AXIS_HEIGHT + len(rows) * ROW_HEIGHT
        segs = segments(y, kinds, spans)
        rows.append(_row("employee", employee, name(employee), ", ".join(courses[employee]),
                         y, segs))
        gaps.extend(f"{name(employee)} er på uddannelse uden vikar i "
                    f"{_weeks_and_days(s.first_day, s.last_day)}."
                    for s in segs if s.kind == "gap")

    for sub, own in sorted(subs.items(), key=lambda s: (s[1][0]["start"], name(s[0]), s[0])):
        employed: dict[int, tuple[dt.date, dt.date]] = {}
        for a in own:
            for w in range(week(a["start"]), week(a["end"]) + 1):
                monday = first + dt.timedelta(weeks=w)
                a_day = max(a["start"], monday)
                b_day = min(a["end"], monday + dt.timedelta(days=6))
                old = employed.get(w, (a_day, b_day))
                employed[w] = (min(old[0], a_day), max(old[1], b_day))
        covers = _unique(e for a in own for e in a["covers"])
        y = AXIS_HEIGHT + len(rows) * ROW_HEIGHT
        segs = segments(y, dict.fromkeys(employed, "substitute"), employed)
        sublabel = "dækker " + ", ".join(name(e) for e in covers) if covers else "dækker ingen"
        rows.append(_row("substitute", sub, name(sub), sublabel, y, segs))

    summary = (f"{_count(len(employees), 'medarbejder', 'medarbejdere')} på uddannelse i "
               f"{_count(len(training_weeks), 'uge', 'uger')}, "
               + (f"dækket af {_count(len(subs), 'vikar', 'vikarer')}. " if subs
                  else "uden vikarer. ")
               + (f"{_count(len(gaps), 'hul', 'huller')} i dækningen." if gaps
                  else "Ingen huller i dækningen."))
    return Timeline(
        title=f"Projektplan {fmt.iso_week(first)} – {fmt.iso_week(last)}: "
              "uddannelse og vikardækning",
        summary=summary, gaps=tuple(gaps), rows=tuple(rows), first_day=first, last_day=last,
        weeks=weeks, week_ticks=_week_ticks(first, weeks, week_width),
        month_ticks=_month_ticks(first, last, week_width),
        width=LABEL_WIDTH + weeks * week_width + 8,
        height=AXIS_HEIGHT + len(rows) * ROW_HEIGHT + 4,
        label_width=LABEL_WIDTH, week_width=week_width, row_height=ROW_HEIGHT,
        axis_height=AXIS_HEIGHT, week_label_y=AXIS_HEIGHT - 8, month_label_y=14)


def _empty() -> Timeline:
    return Timeline(
        title="Projektplan", summary=EMPTY, gaps=(), rows=(), first_day=None, last_day=None,
        weeks=0, week_ticks=(), month_ticks=(), width=LABEL_WIDTH, height=AXIS_HEIGHT,
        label_width=LABEL_WIDTH, week_width=0, row_height=ROW_HEIGHT, axis_height=AXIS_HEIGHT,
        week_label_y=AXIS_HEIGHT - 8, month_label_y=14)


def _row(kind: str, person: int, label: str, sublabel: str, y: int,
         segments: tuple[Segment, ...]) -> Row:
    return Row(kind, person, label, sublabel, truncate(label, LABEL_CHARS),
               truncate(sublabel, SUBLABEL_CHARS), y, y + 17, y + 33, segments)


def _runs(kinds: Mapping[int, str]) -> list[tuple[str, int, int]]:
    """Consecutive weeks of the same kind merged: (kind, first week, last week)."""
    runs: list[tuple[str, int, int]] = []
    for w in sorted(kinds):
        if runs and runs[-1][0] == kinds[w] and runs[-1][2] == w - 1:
            runs[-1] = (kinds[w], runs[-1][1], w)
        else:
            runs.append((kinds[w], w, w))
    return runs


def _week_ticks(first: dt.date, weeks: int, week_width: int) -> tuple[Tick, ...]:
    """Every week up to 20 weeks, otherwise every 4th (or 8th, … when weeks are narrow)."""
    step = 1 if weeks <= 20 else 4
    while step * week_width < 28:
        step *= 2
    return tuple(
        Tick(LABEL_WIDTH + w * week_width + week_width // 2,
             str((first + dt.timedelta(weeks=w)).isocalendar()[1]))
        for w in range(0, weeks, step))


def _month_ticks(first: dt.date, last: dt.date, week_width: int) -> tuple[Tick, ...]:
    """The first of each month in the span ("jan." and the first label with the year),
    leaving out any label that would overlap the previous one or run past the end."""
    end = LABEL_WIDTH + ((last - first).days + 1) // 7 * week_width + 8
    starts = [dt.date(first.year, first.month, 1)]
    while (after := _next_month(starts[-1])) <= last:
        starts.append(after)

    def x(month: dt.date) -> int:
        return LABEL_WIDTH + max(0, (month - first).days) * week_width // 7

    if len(starts) > 1 and starts[0] < first and x(starts[1]) - x(starts[0]) < 80:
        starts.pop(0)  # the span starts late in a month: label the next one instead
    ticks: list[Tick] = []
    for month in starts:
        label = MONTHS[month.month - 1]
        if month.month == 1 or not ticks:
            label += f" {month.year}"
        fits = x(month) + 6 * len(label) <= end
        if fits and (not ticks or x(month) - ticks[-1].x >= 6 * len(ticks[-1].label) + 10):
            ticks.append(Tick(x(month), label))
    return tuple(ticks)


def _next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _weeks_and_days(a: dt.date, b: dt.date) -> str:
    """``uge 12 2026 – uge 13 2026 (16. marts 2026 – 27. marts 2026)``."""
    weeks = fmt.iso_week(a) if _monday(a) == _monday(b) else \
        f"{fmt.iso_week(a)} – {fmt.iso_week(b)}"
    days = fmt.day(a) if a == b else f"{fmt.day(a)} – {fmt.day(b)}"
    return f"{weeks} ({days})"


def truncate(text: str, chars: int) -> str:
    """``text`` cut to ``chars`` characters, the last one "…" when cut."""
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _dates(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    return (start + dt.timedelta(days=i) for i in range((end - start).days + 1))


def _weekdays(value: str | Iterable[int]) -> set[int]:
    """``"135"`` (or ``[1, 3, 5]``) → ISO weekdays, Monday = 1."""
    if isinstance(value, str):
        return {int(c) for c in value if c.isdigit()}
    return {int(c) for c in value}


def _unique(items: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(items))
