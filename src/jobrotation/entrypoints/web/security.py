"""Sessions, CSRF, security headers and the logging of refusals.

Session: a cookie signed with itsdangerous (HttpOnly, SameSite=Lax, Secure when the app
is served over HTTPS). It holds the user id (``None`` before login) and a random session
nonce that anchors the CSRF token — no name, no e-mail, nothing personal. Nothing lives
in process memory, so any number of web workers sharing the key accept the same cookie.

CSRF: the token is HMAC(key, nonce); every unsafe request (POST, PUT, PATCH, DELETE) must
carry it in the form field ``csrf_token`` or the ``X-CSRF-Token`` header. The check is an
app-wide dependency, so a route added later is covered without doing anything.

Headers: a strict Content-Security-Policy (only this host; no inline script or style),
no framing, no MIME sniffing, no referrer to other sites.

Refusals (a missing CSRF token, ``NotAllowed``, a failed login) are logged with the
method, the route's path template, the user id and the kind of refusal — never a name,
an e-mail address, a CPR number, a query string or a form value. The request log (used
instead of the server's access log, which would write query strings) is method, path
without query and status, with anything shaped like a CPR number masked.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("jobrotation.web.access")
request_log = logging.getLogger("jobrotation.web.requests")
_CPR_IN_PATH = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")

COOKIE = "jobrotation_session"
MAX_AGE = 8 * 60 * 60  # seconds; a login lasts a working day
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
))
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


@dataclass
class Session:
    """One visitor's session. ``changed`` makes the middleware send a new cookie."""

    nonce: str
    user_id: int | None = None
    changed: bool = False

    @classmethod
    def new(cls) -> Session:
        return cls(secrets.token_urlsafe(18), None, True)

    def log_in(self, user_id: int) -> None:
        """A new nonce at login: a session fixed before login is worth nothing after."""
        self.nonce, self.user_id, self.changed = secrets.token_urlsafe(18), user_id, True

    def log_out(self) -> None:
        self.nonce, self.user_id, self.changed = secrets.token_urlsafe(18), None, True


class Sessions:
    """Signs and reads session cookies; makes and checks CSRF tokens."""

    def __init__(self, secret_key: bytes, secure: bool = False) -> None:
        if len(secret_key) < 16:
            raise ValueError("secret_key skal være mindst 16 bytes")
        self._key = secret_key
        self._serializer = URLSafeTimedSerializer(secret_key, salt="jobrotation.session")
        self.secure = secure

    def load(self, cookie: str | None) -> Session:
        if cookie:
            try:
                data = self._serializer.loads(cookie, max_age=MAX_AGE)
            except BadSignature:  # also expired (SignatureExpired is a BadSignature)
                data = None
            if isinstance(data, dict) and isinstance(data.get("n"), str):
                uid = data.get("u")
                return Session(data["n"], uid if isinstance(uid, int) else None)
        return Session.new()

    def dump(self, session: Session) -> str:
        return self._serializer.dumps({"n": session.nonce, "u": session.user_id})

    def cookie_header(self, session: Session) -> str:
        parts = [f"{COOKIE}={self.dump(session)}", "Path=/", f"Max-Age={MAX_AGE}",
                 "HttpOnly", "SameSite=Lax"]
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)

    def csrf_token(self, session: Session) -> str:
        return hmac.new(self._key, b"csrf:" + session.nonce.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: Session, token: str) -> bool:
        return hmac.compare_digest(self.csrf_token(session), token)


def _cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            text: str = value.decode("latin-1")
            for part in text.split(";"):
                key, _, val = part.strip().partition("=")
                if key == COOKIE:
                    return val
    return None


class WebMiddleware:
    """Loads the session into ``request.state.session``, sends the cookie when the session
    changed, and adds the security headers to every response."""

    def __init__(self, app: ASGIApp, sessions: Sessions) -> None:
        self.app = app
        self.sessions = sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")
        status = 500
        session = self.sessions.load(_cookie(scope))
        if static:
            session.changed = False  # assets never start a session
        scope.setdefault("state", {})["session"] = session

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers.setdefault(key, value)
                if self.sessions.secure:
                    headers.setdefault("strict-transport-security",
                                       "max-age=31536000; includeSubDomains")
                if static:
                    headers.setdefault("cache-control", "public, max-age=3600")
                else:
                    headers.setdefault("cache-control", "no-store")
                    if session.changed:
                        headers.append("set-cookie", self.sessions.cookie_header(session))
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            request_log.info("%s %s %s", scope["method"],
                             _CPR_IN_PATH.sub("******-****", scope["path"]), status)


class CsrfRefused(Exception):
    """An unsafe request without a valid CSRF token."""


def session_of(request: Request) -> Session:
    session: Session = request.state.session
    return session


def route_path(request: Request) -> str:
    """The matched route's template (``/projekter/{id}``), else the path — no query."""
    route: Any = request.scope.get("route")
    return str(getattr(route, "path", None) or request.url.path)


def log_refusal(request: Request, kind: str) -> None:
    """One line per refusal: method, route, user id and kind. No personal data."""
    session: Session | None = getattr(request.state, "session", None)
    log.warning("adgang nægtet: %s %s bruger=%s årsag=%s", request.method, route_path(request),
                session.user_id if session else None, kind)


API_PREFIX = "/api/"


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: unsafe methods must carry the session's CSRF token.

    The JSON API (``/api/``) is exempt: it authenticates with a Bearer token sent by the
    client itself, never with the session cookie, so a forged cross-site request carries
    no credentials."""
    if request.method in SAFE_METHODS or request.url.path.startswith(API_PREFIX):
        return
    sessions: Sessions = request.app.state.web.sessions
    sent: Any = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded",
                                    "multipart/form-data")):
            sent = (await request.form()).get(CSRF_FIELD)
    if not isinstance(sent, str) or not sessions.csrf_ok(session_of(request), sent):
        raise CsrfRefused()
