"""The pages open to everyone: what jobrotation is, one page per audience, the weekly
comparison and the two short checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from jobrotation.domain import format as fmt
from jobrotation.domain.project import CHECKLIST, ROUTES
from jobrotation.law.compare import RATES
from jobrotation.law.conditions import ROUTE_LABELS
from jobrotation.law.guidance import dagpenge_rules
from jobrotation.law.parameters import UNIT_LABELS, ParameterSet

from . import comparison
from .lawtext import (
    AUDIENCES,
    EMPLOYEE_CHECK,
    SUBSTITUTE_CHECK,
    Answer,
    Check,
    Field,
    answer,
    read_fields,
)
from .pages import web_of

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    return web_of(request).render(request, "home.html", checklist=list(CHECKLIST.values()),
                                  audiences=AUDIENCES)


def _audience(request: Request, slug: str, **extra: Any) -> HTMLResponse:
    web = web_of(request)
    audience = AUDIENCES[slug]
    return web.render(request, f"{slug}.html", audience=audience,
                      groups=audience.groups(web.today()), **extra)


def _rates(params: ParameterSet, day: dt.date) -> list[dict[str, str]]:
    """The comparison's rates in force on ``day``, with source and confidence."""
    out = []
    for name in RATES:
        p = params[name]
        v = next((v for v in reversed(p.values) if v.start <= day), None)
        if v is None or v.value is None:
            value = "ikke kendt"
        else:
            value = f"{fmt.money(v.value)} {UNIT_LABELS[p.unit].removeprefix('kr. ')}"
        out.append({"description": p.description, "value": value,
                    "confidence": v.confidence if v else "L",
                    "source": v.source if v else "ingen værdi før denne dato"})
    return out


@router.get("/ledige", response_class=HTMLResponse)
async def ledige(request: Request) -> HTMLResponse:
    return _audience(request, "ledige", dagpenge_rules=dagpenge_rules(),
                     route_labels=ROUTE_LABELS)


@router.get("/tillidsrepraesentanter", response_class=HTMLResponse)
async def tillidsrepraesentanter(request: Request) -> HTMLResponse:
    return _audience(request, "tillidsrepraesentanter")


@router.get("/virksomheder", response_class=HTMLResponse)
async def virksomheder(request: Request) -> HTMLResponse:
    web = web_of(request)
    return _audience(request, "virksomheder", rates=_rates(web.params, web.today()))


@router.get("/sammenlign", response_class=HTMLResponse)
async def sammenlign(request: Request) -> HTMLResponse:
    """A GET form: works without JavaScript; htmx asks for the result part only."""
    web = web_of(request)
    inputs = comparison.read_inputs(request.query_params, web.params)
    result = comparison.compute(inputs, web.params)
    partial = request.headers.get("hx-request") == "true" \
        and request.headers.get("hx-target") == "resultat"
    return web.render(request, "_sammenlign_resultat.html" if partial else "sammenlign.html",
                      inputs=inputs, result=result, sector_choices=comparison.SECTOR_CHOICES,
                      routes=ROUTES, route_labels=ROUTE_LABELS, money=comparison.money)


def _check_page(request: Request, check: Check, fields: list[Field] | None = None,
                result: Answer | None = None, status_code: int = 200) -> HTMLResponse:
    return web_of(request).render(request, "tjek.html", status_code=status_code, check=check,
                                  fields=fields if fields is not None else check.fields(),
                                  answer=result,
                                  errors=[f for f in (fields or []) if f.error])


async def _check_answer(request: Request, check: Check) -> HTMLResponse:
    form = await request.form()
    raw = {k: v for k, v in form.items() if isinstance(v, str)}
    fields = check.fields(raw)
    facts = read_fields(fields)
    if any(f.error for f in fields):
        return _check_page(request, check, fields, status_code=422)
    return _check_page(request, check, fields, answer(check, facts, web_of(request).today()))


def _check_routes(path: str, check: Check) -> None:
    """The short check's form (GET) and its answer (POST) at ``path``."""

    async def form(request: Request) -> HTMLResponse:
        return _check_page(request, check)

    async def answer_(request: Request) -> HTMLResponse:
        return await _check_answer(request, check)

    router.add_api_route(path, form, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(path, answer_, methods=["POST"], response_class=HTMLResponse)


_check_routes("/kan-jeg-vaere-vikar", SUBSTITUTE_CHECK)
_check_routes("/kan-min-medarbejder", EMPLOYEE_CHECK)
