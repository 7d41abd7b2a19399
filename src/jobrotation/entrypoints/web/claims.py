"""Pay runs, claims and follow-up of a running project.

A pay run is recorded as the plan has it for the period (``domain.calendar``), less the
days each person was away; the wages paid are typed per person. The law core then
computes the claim from the recorded runs — it is never typed in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from jobrotation.domain.calendar import planned_hours
from jobrotation.domain.project import FOLLOW_UP_STAGES, SUBSTITUTE_OUTCOMES
from jobrotation.domain.workflow import CLAIM_PERMISSIONS, CLAIM_STATES, next_claim_steps
from jobrotation.services import claims as claim_service
from jobrotation.services import followup
from jobrotation.services.overview import ProjectOverview

from .access import actor_of
from .forms import FORM_ERRORS, Form
from .pages import web_of
from .projects import back_to, project_page, read_project

router = APIRouter()

EMPLOYEE_OUTCOMES = {"completed": "Har gennemført uddannelsen",
                     "back_at_work": "Er tilbage i jobbet",
                     "using_skills": "Bruger det lærte i arbejdet"}
EMPLOYER_OUTCOMES = {"production_kept": "Produktionen blev holdt i gang",
                     "would_repeat": "Vil gerne bruge jobrotation igen"}


def _members(ov: ProjectOverview) -> list[int]:
    ids = [t["employee_id"] for t in ov.trainings] + [a["substitute_id"] for a in ov.assignments]
    return list(dict.fromkeys(ids))


def _default_period(ov: ProjectOverview) -> tuple[dt.date, dt.date] | None:
    """The calendar month after the last recorded run, else the plan's first month."""
    if ov.pay_runs:
        start = ov.pay_runs[-1]["period_end"] + dt.timedelta(days=1)
    else:
        starts = [t["start"] for t in ov.trainings] + [a["start"] for a in ov.assignments]
        if not starts:
            return None
        start = min(starts).replace(day=1)
    following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start, following - dt.timedelta(days=1)


@router.get("/projekter/{project_id}/loen", response_class=HTMLResponse)
def pay_page(request: Request, project_id: int) -> Response:
    _, ov = read_project(request, project_id)
    form = Form(request.query_params)
    period = (form.date("fra", "Første dag", required=False),
              form.date("til", "Sidste dag", required=False))
    if None in period:
        period = _default_period(ov) or (None, None)
    return _pay_page(request, ov, form, period[0], period[1])


def _pay_page(request: Request, ov: ProjectOverview, form: Form, start: dt.date | None,
              end: dt.date | None, status_code: int = 200) -> HTMLResponse:
    planned = planned_hours(ov.trainings, ov.assignments, start, end) if start and end else {}
    claims_by_run: dict[int, list[Any]] = {}
    for c in ov.claims:
        claims_by_run.setdefault(c["pay_run_id"], []).append(c)
    return project_page(
        request, "projekt_loen.html", ov, status_code, form=form, start=start, end=end,
        members=_members(ov), planned={p: sum(days.values()) for p, days in planned.items()},
        claims_by_run=claims_by_run, claim_states=CLAIM_STATES, step="loen",
        claim_steps=lambda c: [t for t in next_claim_steps(c["state"])
                               if CLAIM_PERMISSIONS[t.target] in ov.can])


@router.post("/projekter/{project_id}/loen", response_class=HTMLResponse)
async def record(request: Request, project_id: int) -> Response:
    actor, ov = read_project(request, project_id, "payrun.record")
    form = Form(await request.form())
    start = form.date("fra", "Lønperiodens første dag")
    end = form.date("til", "Lønperiodens sidste dag")
    paid_on = form.date("paid_on", "Udbetalingsdag")
    wages: dict[int, int] = {}
    absent: dict[int, set[dt.date]] = {}
    for pid in _members(ov):
        wage = form.money_ore(f"wage-{pid}", f"Løn til {ov.name(pid)}")
        if wage:
            wages[pid] = wage
        absent[pid] = _dates(form, f"absent-{pid}", ov.name(pid))
    if form.errors or start is None or end is None or paid_on is None:
        return _pay_page(request, ov, form, start, end, 422)
    hours = {pid: {d: h for d, h in days.items() if d not in absent.get(pid, set())}
             for pid, days in planned_hours(ov.trainings, ov.assignments, start, end).items()}
    try:
        claim_service.record_pay_run(web_of(request).store, actor, project_id,
                                     period_start=start, period_end=end, paid_on=paid_on,
                                     wages_ore=wages, hours=hours)
    except FORM_ERRORS as exc:
        form.fail("form", str(exc))
        return _pay_page(request, ov, form, start, end, 400)
    return back_to(project_id, "loen", "loenkoersel")


def _dates(form: Form, name: str, who: str) -> set[dt.date]:
    """Days typed as "3.3.2025, 4.3.2025" (any separator of comma, semicolon or space)."""
    text = form.text(name, f"Fraværsdage for {who}", limit=600)
    found = set()
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if part:
            one = Form({name: part})
            day = one.date(name, f"Fraværsdag for {who}")
            if day is None:
                form.fail(name, next(iter(one.errors.values())))
            else:
                found.add(day)
    return found


@router.post("/projekter/{project_id}/loenkoersler/{run_id}/krav", response_class=HTMLResponse)
def compute(request: Request, project_id: int, run_id: int) -> Response:
    claim_service.compute_claim(web_of(request).store, actor_of(request), run_id)
    return back_to(project_id, "loen", "krav")


@router.post("/projekter/{project_id}/krav/{claim_id}/trin", response_class=HTMLResponse)
async def move_claim(request: Request, project_id: int, claim_id: int) -> Response:
    form = Form(await request.form())
    reason = form.text("reason", "Begrundelse", limit=2000)
    claim_service.move_claim(web_of(request).store, actor_of(request), claim_id,
                             int(form.number("version", "Version") or 0),
                             form.text("to", "Trin"), reason or None)
    if request.query_params.get("tilbage") == "indbakke":
        return RedirectResponse("/indbakke?besked=krav", status_code=303)
    return back_to(project_id, "loen", "krav")


# --- follow-up -------------------------------------------------------------------------


@router.get("/projekter/{project_id}/opfoelgning", response_class=HTMLResponse)
def follow_up_page(request: Request, project_id: int) -> Response:
    _, ov = read_project(request, project_id)
    return _follow_up_page(request, ov, Form({}))


def _follow_up_page(request: Request, ov: ProjectOverview, form: Form,
                    status_code: int = 200) -> HTMLResponse:
    done = {f["stage"] for f in ov.follow_ups}
    return project_page(
        request, "projekt_opfoelgning.html", ov, status_code, form=form, step="opfoelgning",
        stages={k: v for k, v in FOLLOW_UP_STAGES.items() if k not in done},
        all_stages=FOLLOW_UP_STAGES, outcomes=SUBSTITUTE_OUTCOMES,
        employee_outcomes=EMPLOYEE_OUTCOMES, employer_outcomes=EMPLOYER_OUTCOMES,
        employees=list(dict.fromkeys(t["employee_id"] for t in ov.trainings)),
        substitutes=list(dict.fromkeys(a["substitute_id"] for a in ov.assignments)))


@router.post("/projekter/{project_id}/opfoelgning", response_class=HTMLResponse)
async def record_follow_up(request: Request, project_id: int) -> Response:
    actor, ov = read_project(request, project_id, "followup.record")
    form = Form(await request.form())
    stage = form.choice("stage", "tidspunkt", FOLLOW_UP_STAGES)
    substitutes = {a["substitute_id"]: form.choice(f"sub-{a['substitute_id']}",
                                                   f"udfald for {ov.name(a['substitute_id'])}",
                                                   SUBSTITUTE_OUTCOMES)
                   for a in ov.assignments}
    employees = {t["employee_id"]: {k: form.checked(f"emp-{t['employee_id']}-{k}")
                                    for k in EMPLOYEE_OUTCOMES} for t in ov.trainings}
    employer = {k: form.checked(f"employer-{k}") for k in EMPLOYER_OUTCOMES}
    if form.errors:
        return _follow_up_page(request, ov, form, 422)
    try:
        followup.record_follow_up(web_of(request).store, actor, project_id, stage,
                                  substitutes=substitutes, employees=employees,
                                  employer=employer)
    except FORM_ERRORS as exc:
        form.fail("form", str(exc))
        return _follow_up_page(request, ov, form, 400)
    return back_to(project_id, "opfoelgning", "opfoelgning")
