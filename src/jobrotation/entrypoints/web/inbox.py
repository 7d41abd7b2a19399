"""The jobcentre's inbox: applications and claims to decide, each with the law's answer."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from jobrotation.domain.project import ROUTES
from jobrotation.domain.workflow import CLAIM_STATES
from jobrotation.law.conditions import ROUTE_LABELS
from jobrotation.services.overview import inbox

from .access import actor_of
from .pages import web_of
from .projects import NOTES

router = APIRouter()


@router.get("/indbakke", response_class=HTMLResponse)
def inbox_page(request: Request) -> Response:
    actor = actor_of(request)
    web = web_of(request)
    box = inbox(web.store, actor)
    return web.render(request, "indbakke.html", actor=actor, box=box, routes=ROUTES,
                      route_labels=ROUTE_LABELS, claim_states=CLAIM_STATES,
                      note=NOTES.get(request.query_params.get("besked", "")))
