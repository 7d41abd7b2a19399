"""Login, logout and 'Mine projekter'; the session cookie; CSRF on every POST; security
headers; refusals logged without personal data."""

from __future__ import annotations

import base64
import json
import logging
import re

from sqlalchemy import update

from jobrotation.adapters.tables import users
from jobrotation.domain.workflow import PROJECT_STATES

from .conftest import csrf_token, log_in, main_text

EMPLOYER = "hr.metal@demo.example"
SUBSTITUTE = "vikar@demo.example"
CPR_LIKE = re.compile(r"\b\d{6}-?\d{4}\b")


def session_payload(cookie: str) -> dict:
    """The signed cookie's payload (itsdangerous: base64 JSON, then signature)."""
    body = cookie.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_employer_logs_in_and_sees_projects_with_danish_states(client):
    answer = log_in(client, EMPLOYER)
    assert answer.status_code == 303 and answer.headers["location"] == "/mine"
    page = client.get("/mine")
    assert page.status_code == 200
    text = main_text(page.text)
    assert "Mine projekter" in text and "Henrik Bjerre" in text and "arbejdsgiver" in text
    assert "Randers Maskinværksted ApS" in text
    assert any(label in text for label in PROJECT_STATES.values())
    assert not CPR_LIKE.search(page.text)
    assert "Log ud" in page.text


def test_substitute_sees_own_agreements(client):
    log_in(client, SUBSTITUTE)
    page = client.get("/mine")
    text = main_text(page.text)
    assert "Mine vikaraftaler" in text and "Randers Maskinværksted ApS" in text
    assert not CPR_LIKE.search(page.text)


def test_wrong_password_gives_danish_error_and_is_logged_without_personal_data(client,
                                                                               caplog):
    caplog.set_level(logging.INFO)
    answer = log_in(client, EMPLOYER, "forkert-adgangskode")
    assert answer.status_code == 401
    assert "Forkert e-mail eller adgangskode." in answer.text
    assert client.get("/mine", follow_redirects=False).status_code == 303
    refusals = [r.getMessage() for r in caplog.records if "adgang nægtet" in r.getMessage()]
    assert refusals and "årsag=login" in refusals[0]
    for record in caplog.records:
        message = record.getMessage()
        assert "@" not in message and "forkert-adgangskode" not in message
        assert "Bjerre" not in message


def test_login_is_rate_limited(client):
    for _ in range(5):
        assert log_in(client, "tr.metal@demo.example", "gaet-forkert-1").status_code == 401
    blocked = log_in(client, "tr.metal@demo.example")
    assert blocked.status_code == 401
    assert "For mange mislykkede forsøg" in blocked.text


def test_session_cookie_is_httponly_samesite_lax_and_holds_only_ids(client):
    first = client.get("/")
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie
    answer = log_in(client, EMPLOYER)
    value = re.search(r"jobrotation_session=([^;]+)", answer.headers["set-cookie"]).group(1)
    payload = session_payload(value)
    assert set(payload) == {"n", "u"} and isinstance(payload["u"], int)
    assert "demo.example" not in json.dumps(payload)


def test_secure_cookies_when_served_over_https(make_client):
    page = make_client(secure_cookies=True).get("/")
    assert "Secure" in page.headers["set-cookie"]
    assert "max-age" in page.headers["strict-transport-security"]


def test_login_gives_a_new_session_and_csrf_token(client):
    before = csrf_token(client, "/login")
    log_in(client, EMPLOYER)
    after = csrf_token(client, "/mine")
    assert before != after


def test_logout_needs_csrf_and_ends_the_session(client):
    log_in(client, EMPLOYER)
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert client.get("/mine", follow_redirects=False).status_code == 200
    token = csrf_token(client, "/mine")
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/mine", follow_redirects=False).headers["location"] == "/login?naeste=/mine"


def test_login_post_without_csrf_token_is_refused(client):
    client.get("/login")
    page = client.post("/login", data={"email": EMPLOYER, "password": "jobrotation-demo"})
    assert page.status_code == 403
    assert client.get("/mine", follow_redirects=False).status_code == 303


def test_tampered_cookie_is_an_anonymous_visitor(client):
    log_in(client, EMPLOYER)
    value = client.cookies.get("jobrotation_session")
    payload = base64.urlsafe_b64encode(b'{"n":"x","u":1}').decode().rstrip("=")
    client.cookies.clear()
    client.cookies.set("jobrotation_session", payload + "." + value.split(".", 1)[1])
    assert client.get("/mine", follow_redirects=False).status_code == 303


def test_deactivated_user_is_refused_and_the_refusal_logged_without_personal_data(
        client, store, caplog):
    log_in(client, EMPLOYER)
    with store.engine.begin() as conn:
        conn.execute(update(users).where(users.c.email == EMPLOYER).values(active=False))
    caplog.set_level(logging.INFO)
    page = client.get("/mine")
    assert page.status_code == 403
    assert "Ikke adgang" in page.text and "ikke længere logget ind" in page.text
    messages = [r.getMessage() for r in caplog.records]
    assert any("adgang nægtet: GET /mine" in m and "årsag=ikke-tilladt" in m for m in messages)
    for message in messages:
        assert "@" not in message and "Bjerre" not in message
        assert not CPR_LIKE.search(message)
    assert client.get("/mine", follow_redirects=False).status_code == 303  # session ended


def test_security_headers_on_pages_errors_and_redirects(client):
    for path in ("/", "/findes-ikke", "/mine"):
        response = client.get(path, follow_redirects=False)
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["cache-control"] == "no-store"


def test_no_api_docs_page_that_would_load_from_a_cdn(client):
    assert client.get("/docs").status_code == 404


def test_request_log_has_no_query_string_and_masks_cpr_shaped_paths(client, caplog):
    caplog.set_level(logging.INFO, logger="jobrotation.web.requests")
    client.get("/sammenlign?year=2024&hours=37&employee_wage=250")
    client.get("/personer/010190-1234")
    messages = [r.getMessage() for r in caplog.records if r.name == "jobrotation.web.requests"]
    assert "GET /sammenlign 200" in messages
    assert "GET /personer/******-**** 404" in messages
    assert not any("?" in m or "010190" in m for m in messages)


def test_the_json_api_is_mounted_and_needs_a_token_not_a_csrf_token(client):
    answer = client.post("/api/v1/evaluate", json={"employer": {"sector": "public"}})
    assert answer.status_code == 200
    assert "routes" in answer.json()
    refused = client.post("/api/v1/projects", json={"title": "X", "purpose": "",
                                                    "route": "route1"})
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
