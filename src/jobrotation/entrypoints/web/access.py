"""Who is logged in: the acting user for a page, or a redirect to the login page.

Every logged-in page asks ``actor_of(request)``; the services then decide what that actor
may see and do (``services.policy``), so no page checks a role by itself.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request

from jobrotation.domain.errors import NotAllowed
from jobrotation.services import accounts
from jobrotation.services.policy import Actor

from .pages import web_of
from .security import session_of


class LoginRequired(Exception):
    """The page needs a login; the app answers with a redirect to ``/login``."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def actor_of(request: Request) -> Actor:
    """The logged-in actor, or ``LoginRequired``. A user deactivated since login is
    logged out and refused."""
    session = session_of(request)
    if session.user_id is None:
        raise LoginRequired(request.url.path)
    known: Actor | None = getattr(request.state, "actor", None)
    if known is not None:
        return known
    try:
        actor = accounts.actor_for_user(web_of(request).store, session.user_id)
    except NotAllowed:
        session.log_out()
        raise
    request.state.actor = actor  # the page's menu asks again; one lookup per request
    return actor


def login_url(next_path: str) -> str:
    return "/login?naeste=" + quote(next_path, safe="/")


def safe_next(value: str | None) -> str:
    """Only a path on this site: never another host (``//evil``, ``https:``)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/mine"
