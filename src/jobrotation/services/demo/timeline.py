"""The demo's time: a settable clock, bank days, and the way to each workflow state.

The demo moves the store's clock through its two years, so every step is stamped with
the day it would have happened. A project or claim is taken to its final state along the
workflow's own transitions (``domain.workflow``), never by a list kept here.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from jobrotation.domain.calendar import BANK_HOLIDAYS
from jobrotation.domain.workflow import CLAIM_TRANSITIONS, PROJECT_TRANSITIONS, Transition


class SettableClock:
    """A settable "now" for the store: ``clock.set(day)``; the store calls ``clock()``."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, day: dt.date, hour: int = 8, minute: int = 0) -> None:
        self.now = at(day, hour, minute)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)


def bank_day(day: dt.date, step: int = 1) -> dt.date:
    """``day`` if banks are open, else the next (``step=1``) or previous (-1) such day."""
    while day.weekday() >= 5 or day in BANK_HOLIDAYS:
        day += dt.timedelta(days=step)
    return day


def after(day: dt.date, bank_days: int) -> dt.date:
    for _ in range(bank_days):
        day = bank_day(day + dt.timedelta(days=1))
    return day


def month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def _path(table: tuple[Transition, ...], target: str) -> tuple[str, ...]:
    """The states from "draft" to ``target``, never stepping back to "draft"."""
    paths: dict[str, tuple[str, ...]] = {"draft": ("draft",)}
    frontier = ["draft"]
    while frontier:
        source = frontier.pop(0)
        for t in table:
            if t.source == source and t.target not in paths:
                paths[t.target] = (*paths[source], t.target)
                frontier.append(t.target)
    if target not in paths:
        raise ValueError(f"no way from draft to {target!r}")
    return paths[target]


@cache
def project_path(state: str) -> tuple[str, ...]:
    """``draft`` … ``state``: e.g. ("draft", "ready", "applied", "rejected")."""
    return _path(PROJECT_TRANSITIONS, state)


@cache
def claim_path(end: str) -> tuple[str, ...]:
    """The claim states a pay run's claim passes to reach ``end``. "none": no claim is
    computed; "error": it is attempted but cannot be computed (a rate is unknown)."""
    if end == "none":
        return ()
    return ("draft",) if end == "error" else _path(CLAIM_TRANSITIONS, end)
