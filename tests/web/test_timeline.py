"""The project plan as a timeline: whole ISO weeks, covered weeks and gaps per employee,
weeks employed per substitute, the Danish sentences and the SVG macro."""

from __future__ import annotations

import datetime as dt
import re

from jobrotation.entrypoints.web.pages import make_templates
from jobrotation.entrypoints.web.timeline import Timeline, plan_timeline, truncate

D = dt.date
NAMES = {1: "Anna Hansen", 2: "Bo Jensen", 3: "Cecilie Holm", 10: "Vera Vikar", 11: "Viggo Vikar"}


def training(employee: int, start: dt.date, end: dt.date, weekdays: str = "12345",
             course: str = "Svejsning") -> dict:
    return {"id": employee, "employee_id": employee, "course": course, "start": start,
            "end": end, "weekdays": weekdays, "hours_per_day": 740}


def assignment(substitute: int, start: dt.date, end: dt.date, covers: list[int]) -> dict:
    return {"id": substitute, "substitute_id": substitute, "start": start, "end": end,
            "hours_per_week": 3700, "covers": covers}


def kinds(t: Timeline, row: int) -> list[tuple[str, int, int]]:
    return [(s.kind, s.first_week, s.last_week) for s in t.rows[row].segments]


def render(t: Timeline) -> str:
    module = make_templates().env.get_template("_tidslinje.html").module
    return str(module.timeline(t))  # type: ignore[attr-defined]


def test_whole_iso_weeks_from_the_earliest_start_to_the_latest_end():
    # Wednesday 4 March 2026 to Tuesday 24 March 2026; the assignment starts earlier.
    t = plan_timeline([training(1, D(2026, 3, 4), D(2026, 3, 24))],
                      [assignment(10, D(2026, 2, 26), D(2026, 3, 10), [1])], NAMES)
    assert t.first_day == D(2026, 2, 23) and t.first_day.isoweekday() == 1
    assert t.last_day == D(2026, 3, 29) and t.last_day.isoweekday() == 7
    assert t.weeks == 5
    assert [k.label for k in t.week_ticks] == ["9", "10", "11", "12", "13"]
    # February starts before the span and would crowd March: March is labelled instead.
    assert [m.label for m in t.month_ticks] == ["mar. 2026"]
    assert t.month_ticks[0].x == t.label_width + 6 * t.week_width // 7


def test_partly_covered_training_has_covered_weeks_then_a_gap():
    # Four weeks of training (weeks 10–13 2026); the substitute covers the first two.
    t = plan_timeline([training(1, D(2026, 3, 2), D(2026, 3, 27))],
                      [assignment(10, D(2026, 3, 2), D(2026, 3, 13), [1])], NAMES)
    assert kinds(t, 0) == [("covered", 0, 1), ("gap", 2, 3)]
    assert kinds(t, 1) == [("substitute", 0, 1)]
    assert t.gaps == ("Anna Hansen er på uddannelse uden vikar i uge 12 2026 – uge 13 2026 "
                      "(16. marts 2026 – 27. marts 2026).",)
    gap = t.rows[0].segments[1]
    assert (gap.first_day, gap.last_day) == (D(2026, 3, 16), D(2026, 3, 27))
    assert gap.x == t.label_width + 2 * t.week_width and gap.width == 2 * t.week_width


def test_friday_training_not_covered_by_an_assignment_ending_thursday():
    t = plan_timeline([training(1, D(2026, 3, 2), D(2026, 3, 13), weekdays="5")],
                      [assignment(10, D(2026, 3, 2), D(2026, 3, 12), [1])], NAMES)
    assert kinds(t, 0) == [("covered", 0, 0), ("gap", 1, 1)]
    assert t.gaps == ("Anna Hansen er på uddannelse uden vikar i uge 11 2026 "
                      "(13. marts 2026).",)


def test_a_week_counts_only_if_a_listed_weekday_falls_in_the_training():
    # Mondays only, from Tuesday 3 March: the first Monday is 9 March (week 11).
    t = plan_timeline([training(1, D(2026, 3, 3), D(2026, 3, 16), weekdays="1")], [], NAMES)
    assert kinds(t, 0) == [("gap", 1, 2)]
    assert t.rows[0].segments[0].first_day == D(2026, 3, 9)
    assert t.summary.startswith("1 medarbejder på uddannelse i 2 uger, uden vikarer.")


def test_a_substitute_covering_two_employees():
    t = plan_timeline([training(1, D(2026, 3, 2), D(2026, 3, 13)),
                       training(2, D(2026, 3, 9), D(2026, 3, 20), course="Truckcertifikat")],
                      [assignment(10, D(2026, 3, 2), D(2026, 3, 20), [1, 2])], NAMES)
    assert [r.kind for r in t.rows] == ["employee", "employee", "substitute"]
    assert [r.label for r in t.rows] == ["Anna Hansen", "Bo Jensen", "Vera Vikar"]
    assert t.rows[1].sublabel == "Truckcertifikat"
    assert t.rows[2].sublabel == "dækker Anna Hansen, Bo Jensen"
    assert kinds(t, 0) == [("covered", 0, 1)]
    assert kinds(t, 1) == [("covered", 1, 2)]
    assert kinds(t, 2) == [("substitute", 0, 2)]
    assert t.gaps == ()
    assert t.summary == ("2 medarbejdere på uddannelse i 3 uger, dækket af 1 vikar. "
                         "Ingen huller i dækningen.")


def test_consecutive_weeks_merge_and_a_break_splits():
    # Two courses with one free week between them, and two back-to-back assignments.
    t = plan_timeline([training(1, D(2026, 1, 5), D(2026, 1, 16), course="A"),
                       training(1, D(2026, 1, 26), D(2026, 2, 6), course="B")],
                      [assignment(10, D(2026, 1, 5), D(2026, 1, 9), [1]),
                       assignment(10, D(2026, 1, 12), D(2026, 1, 16), [1])], NAMES)
    assert t.rows[0].sublabel == "A, B"
    assert kinds(t, 0) == [("covered", 0, 1), ("gap", 3, 4)]
    assert kinds(t, 1) == [("substitute", 0, 1)]
    assert len(t.rows) == 2


def test_summary_in_the_plural():
    t = plan_timeline([training(1, D(2026, 3, 2), D(2026, 3, 6)),
                       training(2, D(2026, 3, 16), D(2026, 3, 20)),
                       training(3, D(2026, 3, 30), D(2026, 4, 3))],
                      [assignment(10, D(2026, 3, 2), D(2026, 3, 6), [1]),
                       assignment(11, D(2026, 4, 20), D(2026, 4, 24), [2])], NAMES)
    assert t.summary == ("3 medarbejdere på uddannelse i 3 uger, dækket af 2 vikarer. "
                         "2 huller i dækningen.")
    assert len(t.gaps) == 2 and t.gaps[0].startswith("Bo Jensen")
    assert t.weeks == 8  # to the end of the last assignment


def test_empty_plan():
    t = plan_timeline([], [assignment(10, D(2026, 3, 2), D(2026, 3, 6), [])], NAMES)
    assert t.rows == () and t.gaps == ()
    assert t.summary == "Planen har endnu ingen medarbejdere på uddannelse."
    assert "ingen medarbejdere" in render(t) and "<svg" not in render(t)


def test_long_names_are_truncated_for_the_svg_only():
    name = "Anne-Marie Kristiansen-Winther"
    t = plan_timeline([training(1, D(2026, 3, 2), D(2026, 3, 6))], [], {1: name})
    row = t.rows[0]
    assert row.label == name and row.label_text == "Anne-Marie Kristianse…"
    assert len(row.label_text) == 22
    assert truncate("Bo", 22) == "Bo"


def test_the_macro_renders_a_rect_per_segment_and_no_inline_style():
    t = plan_timeline([training(1, D(2026, 3, 2), D(2026, 3, 27)),
                       training(2, D(2026, 3, 2), D(2026, 3, 6))],
                      [assignment(10, D(2026, 3, 2), D(2026, 3, 13), [1, 2])], NAMES)
    html = render(t)
    segments = [s for r in t.rows for s in r.segments]
    assert html.count("<rect") == len(segments) == 4
    assert html.count("seg-gap") == 1 and html.count(">!</text>") == 1
    assert "style=" not in html and "<script" not in html
    assert '<figure class="timeline"' in html and 'role="img"' in html
    labelled = re.search(r'<svg[^>]*aria-labelledby="([^"]+)"', html)
    assert labelled is not None
    for ref in labelled.group(1).split():
        assert f'id="{ref}"' in html
    assert f"<desc id=\"tidslinje-beskrivelse\">{t.summary}</desc>" in html
    for legend in ("Dækket af vikar", "Uden vikar", "Vikar ansat"):
        assert legend in html
    assert "<li>Anna Hansen er på uddannelse uden vikar i uge 12 2026" in html
    assert 'width="96"' in html  # two weeks of 48 px


def test_a_year_with_50_employees_and_50_substitutes():
    start = D(2026, 1, 5)
    trainings = [training(e, start + dt.timedelta(days=7 * (e % 10)),
                          start + dt.timedelta(days=357 + e // 10), weekdays="1234")
                 for e in range(1, 51)]
    assignments = [assignment(100 + e, start + dt.timedelta(days=7 * (e % 10)),
                              start + dt.timedelta(days=150 + 2 * e), [e, e % 50 + 1])
                   for e in range(1, 51)]
    t = plan_timeline(trainings, assignments, {})
    assert len(t.rows) == 100
    assert t.weeks == 52
    assert 4 <= t.week_width and t.width <= 900
    assert [int(k.label) for k in t.week_ticks][:3] == [2, 6, 10]  # every 4th week
    assert all(s.kind == "gap" for s in t.rows[0].segments[1:])
    assert len(t.gaps) == 50
    assert render(t).count("<rect") == sum(len(r.segments) for r in t.rows)
