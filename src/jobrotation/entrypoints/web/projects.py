"""A project, step by step: create it, put employees on training, hire substitutes, tick
the readiness checklist, apply — and the project page everyone with access reads.

Every step's page shows the law core's answer for the plan as it stands (eligibility
with reasons, both routes' economics). Each form posts to a service; a refused or
invalid change shows the form again with the user's input and a Danish message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from jobrotation.domain.errors import InvalidInput, NotFound
from jobrotation.domain.project import CHECKLIST, CONTACT_ROLES, PAY_FREQUENCIES, ROUTES
from jobrotation.domain.workflow import (
    EDITABLE,
    IN_PAYMENT,
    PROJECT_PERMISSIONS,
    PROJECT_STATES,
    SIGNABLE,
    can_sign,
    next_project_steps,
)
from jobrotation.law.conditions import ROUTE_LABELS
from jobrotation.law.facts import FACTS
from jobrotation.law.texts import CONDITION_BY_ID, condition_text
from jobrotation.services import people as people_service
from jobrotation.services import projects as project_service
from jobrotation.services.overview import ProjectOverview, project_overview
from jobrotation.services.policy import ROLES, Actor, Target, require

from .access import actor_of
from .forms import FORM_ERRORS, Form, fact_questions, typed_facts
from .pages import web_of
from .timeline import plan_timeline

router = APIRouter()

TRAINING_TYPES = dict(FACTS["training.type"].choices)
WEEKDAYS = {"1": "mandag", "2": "tirsdag", "3": "onsdag", "4": "torsdag", "5": "fredag",
            "6": "lørdag", "7": "søndag"}
STEPS = (("", "Overblik"), ("arbejdsplads", "Arbejdspladsen"),
         ("medarbejdere", "Medarbejdere og uddannelse"),
         ("vikarer", "Vikarer"), ("tjekliste", "Tjekliste og undtagelser"),
         ("loen", "Lønkørsler og krav"), ("opfoelgning", "Opfølgning"),
         ("spor", "Revisionsspor"))


NOTES = {"trin": "Projektet er flyttet et trin.", "underskrevet": "Du har underskrevet.",
         "kommentar": "Kommentaren er gemt.", "tilfoejet": "Tilføjet til planen.",
         "gemt": "Ændringerne er gemt.", "loenkoersel": "Lønkørslen er registreret.",
         "krav": "Kravet er gemt.", "opfoelgning": "Opfølgningen er registreret."}


def project_page(request: Request, template: str, ov: ProjectOverview, status_code: int = 200,
                 **context: Any) -> HTMLResponse:
    """A page of the project: the steps, the law's answer and ``template``'s own part."""
    return web_of(request).render(
        request, template, status_code=status_code, ov=ov, p=ov.project, steps=STEPS,
        states=PROJECT_STATES, routes=ROUTES, route_labels=ROUTE_LABELS, role_labels=ROLES,
        frequencies=PAY_FREQUENCIES, checklist=CHECKLIST, contact_roles=CONTACT_ROLES,
        training_types=TRAINING_TYPES, weekdays=WEEKDAYS, editable=EDITABLE,
        in_payment=IN_PAYMENT,
        note=NOTES.get(request.query_params.get("besked", "")), **context)


def read_project(request: Request, project_id: int,
                 action: str | None = None) -> tuple[Actor, ProjectOverview]:
    """The actor and the project, refused before any form is read unless the actor may
    take ``action`` on it."""
    actor = actor_of(request)
    ov = project_overview(web_of(request).store, actor, project_id)
    if action is not None:
        require(actor, action, ov.target)
    return actor, ov


def back_to(project_id: int, step: str = "", note: str = "") -> RedirectResponse:
    path = f"/projekter/{project_id}" + (f"/{step}" if step else "")
    return RedirectResponse(path + (f"?besked={note}" if note else ""), status_code=303)


# --- a new project ------------------------------------------------------------------------


@router.get("/projekter/ny", response_class=HTMLResponse)
def new_form(request: Request) -> Response:
    actor = actor_of(request)
    require(actor, "project.create", Target(actor.organisation_id))
    return _new_page(request, Form({"route": "route1", "pay_frequency": "monthly"}))


def _new_page(request: Request, form: Form, status_code: int = 200) -> HTMLResponse:
    return web_of(request).render(request, "projekt_ny.html", status_code=status_code,
                                  form=form, routes=ROUTES, frequencies=PAY_FREQUENCIES)


@router.post("/projekter/ny", response_class=HTMLResponse)
async def create(request: Request) -> Response:
    actor = actor_of(request)
    form = Form(await request.form())
    title = form.text("title", "Titel", required=True)
    purpose = form.text("purpose", "Formål", limit=2000)
    route = form.choice("route", "ordning", ROUTES)
    frequency = form.choice("pay_frequency", "lønperiode", PAY_FREQUENCIES)
    if form.errors:
        return _new_page(request, form, 422)
    try:
        project_id = project_service.create_project(
            web_of(request).store, actor, actor.organisation_id or 0, title, purpose, route,
            frequency)
    except FORM_ERRORS as exc:
        form.fail("title", str(exc))
        return _new_page(request, form, 400)
    return back_to(project_id, "arbejdsplads")


# --- the project page ---------------------------------------------------------------------


@router.get("/projekter/{project_id}", response_class=HTMLResponse)
def show(request: Request, project_id: int) -> Response:
    actor, ov = read_project(request, project_id)
    # "Ready" is offered once nothing stops it (the service checks again when it is taken).
    blocked = bool(ov.blocking or ov.missing_checklist)
    steps = [t for t in next_project_steps(ov.project["state"])
             if PROJECT_PERMISSIONS[t.target] in ov.can and not (t.target == "ready" and blocked)]
    return project_page(request, "projekt.html", ov, next_steps=steps, actor=actor,
                        plan=plan_timeline(ov.trainings, ov.assignments, ov.names),
                        signable={doc: can_sign(doc, ov.project["state"]) for doc in SIGNABLE})


@router.get("/projekter/{project_id}/betingelser", response_class=HTMLResponse)
def conditions(request: Request, project_id: int, par: int = 0) -> Response:
    """Every condition for one pair of the plan; htmx asks for the list alone."""
    _, ov = read_project(request, project_id)
    if not 0 <= par < len(ov.pairs):
        raise NotFound("Parret findes ikke i planen.")
    partial = request.headers.get("hx-request") == "true"
    return project_page(request, "_betingelser.html" if partial else "betingelser.html", ov,
                        pair=ov.pairs[par])


@router.post("/projekter/{project_id}/trin", response_class=HTMLResponse)
async def move(request: Request, project_id: int) -> Response:
    actor = actor_of(request)
    form = Form(await request.form())
    target = form.text("to", "Trin")
    reason = form.text("reason", "Begrundelse", limit=2000)
    version = int(form.number("version", "Version") or 0)
    project_service.move(web_of(request).store, actor, project_id, version, target,
                         reason or None)
    if request.query_params.get("tilbage") == "indbakke":
        return RedirectResponse("/indbakke?besked=trin", status_code=303)
    return back_to(project_id, note="trin")


@router.post("/projekter/{project_id}/underskriv", response_class=HTMLResponse)
async def sign(request: Request, project_id: int) -> Response:
    form = Form(await request.form())
    project_service.sign(web_of(request).store, actor_of(request), project_id,
                         form.text("document", "Dokument"))
    return back_to(project_id, note="underskrevet")


@router.post("/projekter/{project_id}/kommentar", response_class=HTMLResponse)
async def comment(request: Request, project_id: int) -> Response:
    form = Form(await request.form())
    project_service.comment(web_of(request).store, actor_of(request), project_id,
                            form.text("text", "Kommentar", required=True, limit=4000))
    return back_to(project_id, note="kommentar")


# --- step: the workplace --------------------------------------------------------------------


@router.get("/projekter/{project_id}/arbejdsplads", response_class=HTMLResponse)
def workplace(request: Request, project_id: int) -> Response:
    _, ov = read_project(request, project_id)
    return _workplace_page(request, ov, Form.prefilled(ov.employer["facts"] or {}))


def _workplace_page(request: Request, ov: ProjectOverview, form: Form,
                    status_code: int = 200) -> HTMLResponse:
    return project_page(request, "projekt_arbejdsplads.html", ov, status_code, form=form,
                        fields=fact_questions(list(people_service.EMPLOYER_FACTS), form),
                        sectors=FACTS["employer.sector"].choices, step="arbejdsplads")


@router.post("/projekter/{project_id}/arbejdsplads", response_class=HTMLResponse)
async def save_workplace(request: Request, project_id: int) -> Response:
    actor, ov = read_project(request, project_id, "organisation.edit")
    form = Form(await request.form())
    facts = typed_facts(form, list(people_service.EMPLOYER_FACTS))
    if form.errors:
        return _workplace_page(request, ov, form, 422)
    people_service.update_employer(web_of(request).store, actor, ov.project["employer_id"],
                                   facts)
    return back_to(project_id, "arbejdsplads", "gemt")


# --- step: employees and their training ---------------------------------------------------


@router.get("/projekter/{project_id}/tjekliste", response_class=HTMLResponse)
def checklist(request: Request, project_id: int) -> Response:
    _, ov = read_project(request, project_id)
    return project_page(request, "projekt_tjekliste.html", ov,
                        open_conditions=_open_conditions(ov, web_of(request).today()),
                        step="tjekliste")


def _open_conditions(ov: ProjectOverview, day: dt.date) -> list[tuple[str, str]]:
    """(condition id, text) of every condition that fails or lacks facts for the route,
    and every one already carrying a justification."""
    found: dict[str, str] = {}
    for r in ov.open_conditions():
        found.setdefault(r.condition.id, r.text())
    for cid in ov.project["exceptions"] or {}:
        found.setdefault(cid, condition_text(CONDITION_BY_ID[cid], day))
    return list(found.items())


@router.post("/projekter/{project_id}/tjekliste", response_class=HTMLResponse)
async def save_checklist(request: Request, project_id: int) -> Response:
    actor, ov = read_project(request, project_id, "project.edit")
    form = Form(await request.form())
    version = int(form.number("version", "Version") or 0)
    changes = {
        "purpose": form.text("purpose", "Formål", limit=2000),
        "checklist": {key: form.checked(f"check-{key}") for key in CHECKLIST},
        "contacts": {key: value for key in CONTACT_ROLES
                     if (value := form.text(f"contact-{key}", CONTACT_ROLES[key]))},
        "exceptions": {cid: value for cid, _ in _open_conditions(ov, web_of(request).today())
                       if (value := form.text(f"exception-{cid}", "Begrundelse", limit=2000))},
    }
    if form.errors:
        raise InvalidInput(" ".join(form.errors.values()))
    project_service.update_project(web_of(request).store, actor, project_id, version,
                                   **changes)
    return back_to(project_id, "tjekliste", "gemt")
