"""The JSON API, ``/api/v1``: the same services as the pages, described by OpenAPI.

    app.include_router(api.router)     # in the web app (which sets app.state.store)
    app = create_api_app(store)        # standalone: tests and the benchmark

The law is public: ``POST /evaluate`` and ``GET /compare`` need no login. Everything else
needs ``Authorization: Bearer <API-nøgle>`` (``services.accounts``), and who may do what
is decided by the services' one access policy — nothing here decides access.

Errors are JSON ``{"fejl": "<Danish message>"}``, produced by the router itself (its
route class), so they are the same whichever app includes it:

    InvalidInput, InvalidParameters, RateUnknown, a malformed request   422
    no or an unknown API token                       401 (WWW-Authenticate: Bearer)
    NotAllowed                                       403 (the policy's message only)
    NotFound                                         404
    Conflict (optimistic locking), IllegalTransition 409
    any other product error                          400

Money is kroner as an exact decimal string (``"7517.29"``), in and out. CPR numbers
are never shown except masked (``DDMMÅÅ-XXXX``). The description is served at
``/api/v1/openapi.json``.

Modules, one per resource, each with its request and response models: ``law`` (evaluate,
compare), ``projects``, ``claims`` (pay runs and claims), ``followup`` (and the
dashboard), ``people``; ``errors`` (the route class and the JSON errors), ``deps`` (the
store and the actor) and ``models`` (what the models share).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from jobrotation.services.store import Store

from . import claims, followup, law, people, projects
from .errors import HTTP_MESSAGES, JsonErrorRoute, error_response

API_VERSION = "1"

router = APIRouter(prefix="/api/v1", route_class=JsonErrorRoute)
for _resource in (law, projects, claims, followup, people):
    router.include_router(_resource.router)


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI description of ``router`` alone (whatever app includes it)."""
    return get_openapi(
        title="Jobrotation API", version=API_VERSION, routes=router.routes,
        description=__doc__.split("\n\n", 1)[0] if __doc__ else None)


@router.get("/openapi.json", include_in_schema=False)
def openapi() -> JSONResponse:
    return JSONResponse(openapi_document())


def create_api_app(store: Store) -> FastAPI:
    """The API alone, on ``store``: for tests, the benchmark and API-only deployments."""
    app = FastAPI(title="Jobrotation API", version=API_VERSION, openapi_url=None,
                  docs_url=None, redoc_url=None)
    app.state.store = store
    app.include_router(router)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        # outside the router's routes: an unknown address or method
        detail = HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        return error_response(HTTPException(exc.status_code, detail, exc.headers))

    return app


__all__ = ["router", "create_api_app", "error_response", "openapi_document"]
