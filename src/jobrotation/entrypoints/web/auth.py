"""Log in, log out and the logged-in start page ("Mine projekter").

``services.accounts.login`` checks the password (argon2) and limits failed attempts per
e-mail in the database, so the limit holds across web workers. A failed login shows the
service's Danish message and is logged without the e-mail address.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from jobrotation.domain.errors import NotAllowed
from jobrotation.domain.project import ROUTES
from jobrotation.domain.workflow import PROJECT_STATES
from jobrotation.law.conditions import ROUTE_LABELS
from jobrotation.law.facts import FACTS
from jobrotation.law.guidance import dagpenge_rules
from jobrotation.services import accounts, project_reads
from jobrotation.services.overview import my_agreements
from jobrotation.services.policy import ROLES

from .access import actor_of, safe_next
from .pages import web_of
from .security import log_refusal, session_of

router = APIRouter()

MAX_FIELD = 200


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, naeste: str | None = None) -> Response:
    if session_of(request).user_id is not None:
        return RedirectResponse(safe_next(naeste), status_code=303)
    return web_of(request).render(request, "login.html", email="", error=None,
                                  next_path=safe_next(naeste))


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, email: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "",
          naeste: Annotated[str, Form()] = "") -> Response:
    web = web_of(request)
    email = email.strip()[:MAX_FIELD]
    next_path = safe_next(naeste)
    if not email or not password:
        return web.render(request, "login.html", status_code=400, email=email,
                          next_path=next_path, error="Skriv både e-mail og adgangskode.")
    try:
        actor = accounts.login(web.store, email, password[:MAX_FIELD])
    except NotAllowed as exc:
        log_refusal(request, "login")
        return web.render(request, "login.html", status_code=401, email=email,
                          next_path=next_path, error=str(exc))
    assert actor.user_id is not None
    session_of(request).log_in(actor.user_id)
    return RedirectResponse(next_path, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    session_of(request).log_out()
    return RedirectResponse("/", status_code=303)


@router.get("/mine", response_class=HTMLResponse)
def mine(request: Request) -> Response:
    web = web_of(request)
    actor = actor_of(request)
    projects = project_reads.visible_projects(web.store, actor)
    agreements = my_agreements(web.store, actor) if actor.role == "substitute" else []
    return web.render(request, "mine.html", actor=actor, role=ROLES[actor.role],
                      projects=projects, agreements=agreements, states=PROJECT_STATES,
                      routes=ROUTES, route_labels=ROUTE_LABELS,
                      dagpenge=dagpenge_rules, benefit=FACTS["substitute.benefit"].choices)
