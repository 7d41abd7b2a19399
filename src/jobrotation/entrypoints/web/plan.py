"""The plan of a project: the employees on training and the substitutes covering them.

Each page shows the law core's answer for the plan as it stands; a refused or invalid
addition shows the form again with the user's input and a Danish message.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from jobrotation.law.bounds import MAX_DAY_HOURS, MAX_WEEK_HOURS
from jobrotation.law.facts import FACTS
from jobrotation.services import people as people_service
from jobrotation.services import projects as project_service
from jobrotation.services.overview import ProjectOverview
from jobrotation.services.policy import Actor
from jobrotation.services.store import Store

from .forms import FORM_ERRORS, Form, fact_questions, typed_facts
from .pages import web_of
from .projects import TRAINING_TYPES, WEEKDAYS, back_to, project_page, read_project

router = APIRouter()
# The facts each form asks about a person, a training and a substitute job; the rest of a
# case comes from the columns (dates, hours, fee) and the employer.
EMPLOYEE_FACTS = [n for n in FACTS if n.startswith("employee.")]
TRAINING_FACTS = ["training.strengthens_competences"]
SUBSTITUTE_FACTS = ["substitute.benefit", "substitute.benefit_months_total",
                    "substitute.benefit_months_continuous", "substitute.in_job",
                    "substitute.last_employer_is_this", "substitute.monthly_benefit",
                    "employer.owned_by_substitute_partner"]
ASSIGNMENT_FACTS = ["substitute.same_or_similar_job"]


@router.get("/projekter/{project_id}/medarbejdere", response_class=HTMLResponse)
def employees(request: Request, project_id: int) -> Response:
    actor, ov = read_project(request, project_id)
    return _employees_page(request, actor, ov, Form({}))


def _employees_page(request: Request, actor: Actor, ov: ProjectOverview, form: Form,
                    status_code: int = 200) -> HTMLResponse:
    known = _people(request, actor, ov, "employee")
    return project_page(
        request, "projekt_medarbejdere.html", ov, status_code, form=form, known=known,
        person_fields=fact_questions(EMPLOYEE_FACTS, form),
        training_fields=fact_questions(TRAINING_FACTS, form),
        chosen_days="".join(map(str, form.ids("weekdays"))) or "12345", step="medarbejdere")


def _people(request: Request, actor: Actor, ov: ProjectOverview, kind: str) -> list[dict[str, Any]]:
    if "person.read" not in ov.can:
        return []
    found = people_service.find_people(web_of(request).store, actor, ov.project["employer_id"])
    return [p for p in found if p["kind"] == kind and not p["erased"]]


@router.post("/projekter/{project_id}/medarbejdere", response_class=HTMLResponse)
async def add_training(request: Request, project_id: int) -> Response:
    actor, ov = read_project(request, project_id, "project.edit")
    data = await request.form()
    form = Form(data)
    person_id = _chosen_person(form)
    course = form.text("course", "Kursets navn", required=True)
    provider = form.text("provider", "Uddannelsessted", required=True)
    kind = form.choice("type", "uddannelsestype", TRAINING_TYPES)
    start = form.date("start", "Første dag")
    end = form.date("end", "Sidste dag")
    hours = form.number("hours_per_day", "Timer pr. dag", low=0.25, high=MAX_DAY_HOURS)
    fee = form.money_ore("fee", "Deltagerbetaling") or 0
    veu = form.checked("veu_eligible")
    days = "".join(sorted(set(d for d in data.getlist("weekdays") if d in WEEKDAYS)))
    if not days:
        form.fail("weekdays", "Vælg mindst én ugedag.")
    person_facts = typed_facts(form, EMPLOYEE_FACTS) if person_id is None else {}
    training_facts = typed_facts(form, TRAINING_FACTS)
    if form.errors or start is None or end is None or hours is None:
        return _employees_page(request, actor, ov, form, 422)
    store = web_of(request).store
    try:
        person_id = person_id or _new_person(store, actor, ov, form, "employee", person_facts)
        project_service.add_training(
            store, actor, project_id, person_id, provider=provider, course=course, type=kind,
            start=start, end=end, hours_per_day=hours, weekdays=days, fee_ore=fee,
            veu_eligible=veu, facts=training_facts)
    except FORM_ERRORS as exc:
        form.fail("form", str(exc))
        return _employees_page(request, actor, ov, form, 400)
    return back_to(project_id, "medarbejdere", "tilfoejet")


def _new_person(store: Store, actor: Actor, ov: ProjectOverview, form: Form, kind: str,
                facts: dict[str, Any]) -> int:
    """Add the person typed in the form; a later failure in the same form then offers
    them as already added, so nothing typed is lost or added twice."""
    person_id = people_service.add_person(
        store, actor, kind=kind, name=form.values["name"], employer_id=ov.project["employer_id"],
        cpr=form.values.get("cpr") or None, facts=facts)
    form.values["person_id"] = str(person_id)
    return person_id


def _chosen_person(form: Form) -> int | None:
    """An existing person (``person_id``) or a new one (name, CPR and facts)."""
    chosen = form.text("person_id", "Person")
    if chosen.isdigit():
        return int(chosen)
    form.text("name", "Navn", required=True)
    form.text("cpr", "CPR-nummer", limit=11, cpr_ok=True)
    form.values["cpr"] = ""  # typed once, sealed by the service, never shown again
    return None


# --- step: substitutes --------------------------------------------------------------------


@router.get("/projekter/{project_id}/vikarer", response_class=HTMLResponse)
def substitutes(request: Request, project_id: int) -> Response:
    actor, ov = read_project(request, project_id)
    return _substitutes_page(request, actor, ov, Form({}))


def _substitutes_page(request: Request, actor: Actor, ov: ProjectOverview, form: Form,
                      status_code: int = 200) -> HTMLResponse:
    return project_page(
        request, "projekt_vikarer.html", ov, status_code, form=form,
        known=_people(request, actor, ov, "substitute"),
        person_fields=fact_questions(SUBSTITUTE_FACTS, form),
        job_fields=fact_questions(ASSIGNMENT_FACTS, form),
        covered=set(form.ids("covers")), step="vikarer")


@router.post("/projekter/{project_id}/vikarer", response_class=HTMLResponse)
async def add_assignment(request: Request, project_id: int) -> Response:
    actor, ov = read_project(request, project_id, "project.edit")
    data = await request.form()
    form = Form(data)
    person_id = _chosen_person(form)
    start = form.date("start", "Første dag")
    end = form.date("end", "Sidste dag")
    hours = form.number("hours_per_week", "Timer pr. uge", low=0.25, high=MAX_WEEK_HOURS)
    wage = form.money_ore("hourly_wage", "Timeløn")
    covers = form.ids("covers")
    if not covers:
        form.fail("covers", "Vælg hvem vikaren dækker.")
    person_facts = typed_facts(form, SUBSTITUTE_FACTS) if person_id is None else {}
    job_facts = typed_facts(form, ASSIGNMENT_FACTS)
    if form.errors or start is None or end is None or hours is None:
        return _substitutes_page(request, actor, ov, form, 422)
    store = web_of(request).store
    try:
        person_id = person_id or _new_person(store, actor, ov, form, "substitute",
                                             person_facts)
        project_service.add_assignment(
            store, actor, project_id, person_id, start=start, end=end, hours_per_week=hours,
            covers=covers, hourly_wage_ore=wage, facts=job_facts)
    except FORM_ERRORS as exc:
        form.fail("form", str(exc))
        return _substitutes_page(request, actor, ov, form, 400)
    return back_to(project_id, "vikarer", "tilfoejet")


# --- step: the readiness checklist, contacts and justified exceptions ---------------------
