"""The web product: server-rendered Danish pages (FastAPI + Jinja2, htmx for live updates).

    app = create_app(store, secret_key=key)

Modules: ``security`` (session cookie, CSRF, headers, refusal log), ``pages`` (templates
and what every page shows), ``lawtext`` (rule texts, audiences and the short checks, all
from ``law``), ``comparison`` (the weekly comparison and net-cost chart), ``public`` (the
open pages), ``auth`` (login, logout, "Mine projekter"). The product — these pages with
the JSON API beside them — is put together and served by ``entrypoints.server``
(``python -m jobrotation.entrypoints.server``, with the demo data).

Errors become Danish pages: ``NotAllowed`` and a missing CSRF token → 403 "Ikke adgang"
(logged without personal data), ``NotFound`` → 404, other product errors → 400, and an
unknown address → 404 — never a traceback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from jobrotation.domain import format as fmt
from jobrotation.domain.errors import JobrotationError, NotAllowed, NotFound
from jobrotation.services.store import Store

from . import auth, claims, dashboard, inbox, plan, projects, public, trail
from .access import LoginRequired, login_url
from .pages import STATIC, Web, make_templates, web_of
from .security import CsrfRefused, Sessions, WebMiddleware, csrf_protect, log_refusal

HTTP_TITLES = {404: "Siden findes ikke", 405: "Det kan man ikke her",
               400: "Forespørgslen kan ikke bruges", 403: "Ikke adgang"}


def create_app(store: Store, *, secret_key: bytes,
               today: Callable[[], dt.date] | None = None,
               secure_cookies: bool = False) -> FastAPI:
    """The web app on ``store``. ``today`` gives the date the pages are about (default:
    the store's clock in Danish time); ``secure_cookies`` when served over HTTPS."""
    sessions = Sessions(secret_key, secure=secure_cookies)

    def danish_today() -> dt.date:
        return store.clock().astimezone(fmt.DANISH_TIME).date()

    app = FastAPI(title="Jobrotation", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(csrf_protect)])
    app.state.web = Web(store, sessions, today or danish_today, make_templates())
    app.add_middleware(WebMiddleware, sessions=sessions)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(public.router)
    app.include_router(auth.router)
    app.include_router(dashboard.router)
    app.include_router(projects.router)
    app.include_router(plan.router)
    app.include_router(claims.router)
    app.include_router(inbox.router)
    app.include_router(trail.router)
    _install_error_pages(app)
    return app


def _error_page(request: Request, status_code: int, title: str, message: str) -> Response:
    return web_of(request).render(request, "fejl.html", status_code=status_code, title=title,
                                  message=message)


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(login_url(exc.next_path), status_code=303)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, exc: CsrfRefused) -> Response:
        log_refusal(request, "csrf")
        return _error_page(request, 403, "Ikke adgang",
                           "Formularen kunne ikke godkendes, fordi den er for gammel eller "
                           "ikke kom fra denne side. Gå tilbage, genindlæs siden og prøv "
                           "igen.")

    @app.exception_handler(NotAllowed)
    async def not_allowed(request: Request, exc: NotAllowed) -> Response:
        log_refusal(request, "ikke-tilladt")
        return _error_page(request, 403, "Ikke adgang", str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error_page(request, 404, "Findes ikke", str(exc))

    @app.exception_handler(JobrotationError)
    async def product_error(request: Request, exc: JobrotationError) -> Response:
        return _error_page(request, 400, "Det kunne ikke lade sig gøre", str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return _error_page(request, 400, HTTP_TITLES[400],
                           "Formularen var ikke udfyldt, som den skulle. Gå tilbage og prøv "
                           "igen.")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        title = HTTP_TITLES.get(exc.status_code, "Der opstod en fejl")
        message = "Adressen findes ikke. Brug menuen for at finde det, du leder efter." \
            if exc.status_code == 404 else "Siden kan ikke vises."
        response = _error_page(request, exc.status_code, title, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response


__all__ = ["create_app"]
