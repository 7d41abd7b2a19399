"""The audit trail of a project as a readable page: when, who and what, in Danish.

``describe`` turns one audit entry into one sentence from its action and its ``data``
(ids, never names): person ids become names from ``names``, which the page reads from
the project's people only after the service has allowed the actor to see the trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from jobrotation.domain import format as fmt
from jobrotation.domain.project import (
    CHECKLIST,
    FOLLOW_UP_STAGES,
    PAY_FREQUENCIES,
    ROUTES,
    SUBSTITUTE_OUTCOMES,
)
from jobrotation.domain.workflow import PROJECT_STATES
from jobrotation.services.overview import project_trail

from .access import actor_of
from .pages import web_of

router = APIRouter()


CHANGED = {"title": "titel", "purpose": "formål", "route": "ordning",
           "checklist": "tjekliste", "contacts": "kontakter",
           "exceptions": "begrundede undtagelser", "pay_frequency": "lønperiode"}
SIGNED = {"application": "Ansøgningen", "agreement": "Aftalen"}
SIGNERS = {"employer": "arbejdsgiveren", "steward": "tillidsrepræsentanten"}
PROJECT_STEPS = {
    "project.readied": "Projektet blev markeret klar til ansøgning.",
    "project.reopened": "Projektet blev sat tilbage til kladde.",
    "project.applied": "Ansøgningen blev sendt til jobcenteret.",
    "project.approved": "Projektet blev godkendt.",
    "project.rejected": "Projektet blev afvist.",
    "project.started": "Projektet blev startet.",
    "project.closed": "Projektet blev afsluttet.",
}
CLAIM_STEPS = {
    "claim.submitted": "blev indsendt til jobcenteret", "claim.approved": "blev godkendt",
    "claim.rejected": "blev afvist", "claim.reopened": "blev sat tilbage til kladde",
    "claim.paid": "blev markeret som udbetalt",
}


def _and(items: Iterable[str]) -> str:
    """``a, b og c``."""
    items = list(items)
    return " og ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _day(iso: str) -> str:
    return fmt.day(dt.date.fromisoformat(iso))


def _name(names: Mapping[int, str], person_id: Any) -> str:
    return names.get(int(person_id), f"person {person_id}")


def _period(period: list[str]) -> str:
    return f"{_day(period[0])} – {_day(period[1])}"


def _reason(data: Mapping[str, Any]) -> str:
    reason = str(data.get("reason") or "").strip()
    return f" Begrundelse: {reason}" if reason else ""


def _created(data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    route = ROUTES.get(data.get("route", ""), data.get("route", "ukendt"))
    return f"Projektet »{data['title']}« blev oprettet med ordningen {route}."


def _updated(data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    parts = []
    for key, label in CHANGED.items():
        if key not in data:
            continue
        value = data[key]
        if key == "route":
            label += f" (nu {ROUTES.get(value, value)})"
        elif key == "checklist":
            done = sum(1 for k in CHECKLIST if value.get(k))
            label += f" ({done} af {len(CHECKLIST)} punkter opfyldt)"
        elif key == "exceptions":
            label += f" ({len(value) or 'ingen'})"
        elif key == "pay_frequency":
            label += f" (nu {PAY_FREQUENCIES.get(value, value)})"
        parts.append(label)
    extra = sorted(set(data) - set(CHANGED))
    return f"Projektet blev ændret: {_and(parts + extra) or 'intet'}."


def _training(data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    return (f"Medarbejder {_name(names, data['employee_id'])} kom på uddannelsen "
            f"»{data['course']}« fra {_day(data['start'])} til {_day(data['end'])}, "
            f"{fmt.number(data['hours_per_day'])} timer pr. dag.")


def _assignment(data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    return (f"Vikar {_name(names, data['substitute_id'])} blev ansat fra "
            f"{_day(data['start'])} til {_day(data['end'])}, "
            f"{fmt.number(data['hours_per_week'])} timer pr. uge.")


def _payrun(data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    who = _and(_name(names, p) for p in data.get("people", []))
    return (f"Lønkørslen for lønperioden {_period(data['period'])} blev registreret: "
            f"{fmt.money(data['wages_total_ore'])} i løn udbetalt {_day(data['paid_on'])}"
            + (f" til {who}." if who else "."))


def _computed(data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    lines = int(data["lines"])
    which = f"lønperioden {_period(data['period'])}" if data.get("period") \
        else f"lønkørsel {data['pay_run_id']}"
    return (f"Kravet for {which} blev beregnet: {fmt.money(data['amount_ore'])} "
            f"({lines} {'linje' if lines == 1 else 'linjer'}).")


def _followup(data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    stage = FOLLOW_UP_STAGES.get(data["stage"], data["stage"])
    outcomes = _and(SUBSTITUTE_OUTCOMES.get(o, o) for o in data.get("substitute_outcomes", []))
    return f"Opfølgningen {stage} blev registreret" + \
        (f"; vikarerne: {outcomes}." if outcomes else ".")


def _commented(data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    return f"Der blev skrevet en kommentar ({fmt.number(data['length'])} tegn)."


SENTENCES: dict[str, Callable[[Mapping[str, Any], Mapping[int, str]], str]] = {
    "project.created": _created, "project.updated": _updated, "training.added": _training,
    "assignment.added": _assignment, "payrun.recorded": _payrun,
    "claim.computed": _computed, "followup.recorded": _followup,
    "project.commented": _commented,
}


def _sentence(action: str, data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    if action in SENTENCES:
        return SENTENCES[action](data, names)
    if action in PROJECT_STEPS:
        return PROJECT_STEPS[action] + _reason(data)
    if action in CLAIM_STEPS:
        amount = f" på {fmt.money(data['amount_ore'])}" if "amount_ore" in data else ""
        return f"Kravet{amount} {CLAIM_STEPS[action]}." + _reason(data)
    document = action.removesuffix(".signed")
    if action.endswith(".signed") and document in SIGNED:
        signer = SIGNERS.get(data.get("role", ""))
        return f"{SIGNED[document]} blev underskrevet" + (f" af {signer}." if signer else ".")
    if action.startswith("project.") and data.get("to") in PROJECT_STATES:
        return f"Projektet gik til tilstanden {PROJECT_STATES[data['to']]}."
    raise KeyError(action)


def describe(entry: Mapping[str, Any], names: Mapping[int, str]) -> str:
    """One audit entry as one plain Danish sentence; an action without a sentence (or
    with data it cannot read) gives its own name rather than an error."""
    action = str(entry.get("action") or "ukendt")
    data = entry.get("data") or {}
    try:
        return _sentence(action, data, names)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return f"Handling: {action}."


def _with_periods(entries: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """A computed claim knows its pay run's id; give it the period from the trail."""
    periods = {e["entity_id"]: e["data"].get("period") for e in entries
               if e["action"] == "payrun.recorded"}
    return [{**e, "data": {**e["data"], "period": periods.get(e["data"].get("pay_run_id"))}}
            if e["action"] == "claim.computed" else e for e in entries]


@router.get("/projekter/{project_id}/spor", response_class=HTMLResponse)
def trail_page(request: Request, project_id: int) -> Response:
    web = web_of(request)
    actor = actor_of(request)
    trail = project_trail(web.store, actor, project_id)
    rows = [{"at": e["at"], "when": fmt.moment(e["at"]), "who": e["actor_label"],
             "what": describe(e, trail.names)} for e in _with_periods(trail.entries)]
    return web.render(request, "spor.html", project_id=project_id,
                      project_title=trail.title, rows=rows)
