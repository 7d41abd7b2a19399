"""Access through the pages: every logged-in route, every role, own and other workplace.

Each posting route is tried by each role on a project of its own workplace (or
municipality) and on another's. The expected answer comes from the one access policy
(``policy.allowed``), never from a second table here; every refusal is a 403 page and
leaves the audit trail as it was.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jobrotation.adapters.tables import audit
from jobrotation.entrypoints.web import create_app
from jobrotation.services import accounts
from jobrotation.services.policy import allowed
from jobrotation.services.project_reads import employer_target

from .conftest import SECRET, csrf_token, log_in

USERS = {"employer": "hr.metal@demo.example", "steward": "tr.metal@demo.example",
         "caseworker": "jobcenter@demo.example", "substitute": "vikar@demo.example",
         "other_employer": "hr.bageri@demo.example"}
OWN_DRAFT = 11  # Randers Maskinværksted's draft project (the paths name it {p})
# Posting route → the policy action it needs, with a body that would be valid.
POSTS = {
    "/projekter/{p}/kommentar": ("project.comment", {"text": "Hej"}),
    "/projekter/{p}/underskriv": ("project.sign", {"document": "agreement"}),
    "/projekter/{p}/trin": ("project.apply", {"to": "ready", "version": "1"}),
    "/projekter/{p}/tjekliste": ("project.edit", {"version": "1", "purpose": "x"}),
    "/projekter/{p}/medarbejdere": ("project.edit", {"person_id": "1"}),
    "/projekter/{p}/vikarer": ("project.edit", {"person_id": "1"}),
    "/projekter/{p}/loen": ("payrun.record", {"fra": "2025-01-01"}),
    "/projekter/{p}/arbejdsplads": ("organisation.edit", {"employer.ordinary_employees": "4"}),
    "/projekter/{p}/opfoelgning": ("followup.record", {"stage": "end"}),
    # Project 3 (closed) of the same workplace: pay run 7 has only a rejected claim (7).
    "/projekter/3/loenkoersler/7/krav": ("claim.create", {}),
    "/projekter/3/krav/7/trin": ("claim.submit", {"to": "draft", "version": "3"}),
}
PAGES = ["/projekter/{p}" + step for step in ("", "/arbejdsplads", "/medarbejdere", "/vikarer",
                                               "/tjekliste", "/loen", "/opfoelgning", "/spor")]


def _audit_count(store) -> int:
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(audit)).scalar_one()


@pytest.mark.parametrize("who", list(USERS))
@pytest.mark.parametrize("path", list(POSTS))
def test_a_refused_post_is_a_403_and_changes_nothing(store, who, path):
    from fastapi.testclient import TestClient

    client = TestClient(create_app(store, secret_key=SECRET), base_url="http://testserver")
    log_in(client, USERS[who])
    actor = accounts.login(store, USERS[who], "jobrotation-demo")
    with store.read() as conn:
        target = employer_target(conn, 2, OWN_DRAFT)
    action, body = POSTS[path]
    before = _audit_count(store)
    token = csrf_token(client, "/")
    out = client.post(path.format(p=OWN_DRAFT), data={**body, "csrf_token": token},
                      follow_redirects=False)
    if allowed(actor, action, target):
        assert out.status_code != 403, (who, path)
    else:
        assert out.status_code == 403, (who, path, out.status_code)
        assert "Ikke adgang" in out.text
        assert _audit_count(store) == before


@pytest.mark.parametrize("path", PAGES + ["/indbakke", "/overblik", "/mine", "/projekter/ny"])
def test_every_logged_in_page_sends_a_visitor_to_the_login(client, path):
    out = client.get(path.format(p=1), follow_redirects=False)
    assert out.status_code == 303
    assert out.headers["location"] == "/login?naeste=" + path.format(p=1)


def test_a_post_without_csrf_token_is_refused_even_when_logged_in(client, store):
    log_in(client, USERS["employer"])
    before = _audit_count(store)
    out = client.post(f"/projekter/{OWN_DRAFT}/kommentar", data={"text": "Hej"})
    assert out.status_code == 403 and _audit_count(store) == before


def test_login_returns_only_to_a_page_on_this_site(client):
    token = csrf_token(client, "/login")
    out = client.post("/login", data={"email": USERS["employer"],
                                      "password": "jobrotation-demo", "csrf_token": token,
                                      "naeste": "//evil.example/x"}, follow_redirects=False)
    assert out.headers["location"] == "/mine"
