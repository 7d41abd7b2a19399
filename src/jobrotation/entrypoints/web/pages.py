"""Rendering a page: the Jinja2 environment, Danish filters and what every page shows
(the scheme's status on the app's date, the navigation, the CSRF token)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from jobrotation.domain import format as fmt
from jobrotation.domain.errors import NotAllowed
from jobrotation.law.compare import SchemeStatus, scheme_status
from jobrotation.law.conditions import ROUTE_LABELS
from jobrotation.law.facts import FACTS
from jobrotation.law.parameters import ParameterSet
from jobrotation.services import accounts
from jobrotation.services.store import Store

from .security import Sessions, session_of

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

NAV = (
    ("/", "Forside"),
    ("/ledige", "Ledige"),
    ("/tillidsrepraesentanter", "Tillidsrepræsentanter"),
    ("/virksomheder", "Virksomheder"),
    ("/sammenlign", "Sammenlign ordningerne"),
    ("/kan-jeg-vaere-vikar", "Kan jeg være vikar?"),
    ("/kan-min-medarbejder", "Kan min medarbejder komme i jobrotation?"),
)

# The logged-in menu: which pages each role has (the pages' services decide access).
ROLE_NAV = {
    "employer": (("/mine", "Mine projekter"), ("/projekter/ny", "Nyt projekt"),
                 ("/overblik", "Overblik")),
    "steward": (("/mine", "Mine projekter"),),
    "substitute": (("/mine", "Mine aftaler"),),
    "caseworker": (("/indbakke", "Indbakke"), ("/mine", "Projekter"), ("/overblik", "Overblik")),
    "admin": (("/indbakke", "Indbakke"), ("/mine", "Projekter"), ("/overblik", "Overblik")),
}

CONFIDENCE_LABELS = {
    "H": "høj — officiel kilde eller flere samstemmende kilder",
    "M": "middel — én god sekundær kilde",
    "L": "lav — afledt eller modstridende; brug med forsigtighed",
}


@dataclass
class Web:
    """What the web entrypoint shares between requests (all of it immutable or in the
    database: nothing here is per-user state)."""

    store: Store
    sessions: Sessions
    today: Callable[[], dt.date]
    templates: Jinja2Templates
    _statuses: dict[dt.date, SchemeStatus] = field(default_factory=dict, repr=False)

    @property
    def params(self) -> ParameterSet:
        return self.store.parameters

    def status(self) -> SchemeStatus:
        day = self.today()
        found = self._statuses.get(day)
        if found is None:
            found = self._statuses[day] = scheme_status(self.params, day)
        return found

    def param(self, name: str) -> str:
        """A parameter's value on the app's date, as a page writes it ("10", "7,4")."""
        return fmt.plain(self.params.value_at(name, self.today()))

    def render(self, request: Request, name: str, status_code: int = 200,
               **context: Any) -> HTMLResponse:
        session = session_of(request)
        actor = context.get("actor") or getattr(request.state, "actor", None)
        if actor is None and session.user_id is not None:
            try:
                actor = accounts.actor_for_user(self.store, session.user_id)
            except NotAllowed:
                actor = None
        context.update(
            request=request, path=request.url.path, nav=NAV, today=self.today(),
            status=self.status(), logged_in=actor is not None,
            user_nav=ROLE_NAV.get(actor.role, ()) if actor else (), user=actor,
            csrf_token=self.sessions.csrf_token(session),
            confidence_labels=CONFIDENCE_LABELS, param=self.param)
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)


def web_of(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.autoescape = True
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters["money"] = fmt.money
    env.filters["day"] = fmt.day
    env.filters["number"] = fmt.number
    env.filters["when"] = fmt.moment
    env.filters["isodate"] = dt.date.fromisoformat
    env.filters["route_label"] = lambda route: ROUTE_LABELS[route]
    env.filters["plain"] = fmt.plain
    env.filters["fact_question"] = lambda name: FACTS[name].question
    return templates
