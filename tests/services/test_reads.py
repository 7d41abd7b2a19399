"""The reads the entry points use instead of the tables: a claim, a project's claims, a
claim with its project's title and pay period, a project with its employer, and the
start-up reads (an empty database, the demo logins). Each read is checked by the access
policy: a reader of the project may, another employer may not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from jobrotation.bootstrap import make_store
from jobrotation.config import Settings
from jobrotation.domain.errors import NotAllowed, NotFound
from jobrotation.services import accounts
from jobrotation.services import claims as claim_service
from jobrotation.services.demo import EMAIL_DOMAIN, DemoClock, DemoSummary, fill_demo
from jobrotation.services.overview import project_overview
from jobrotation.services.policy import SYSTEM, Actor
from jobrotation.services.project_reads import project_with_employer
from jobrotation.services.store import Store

PASSWORD = "reads-test-password"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoSummary]]:
    path = tmp_path_factory.mktemp("reads") / "demo.db"
    store = make_store(Settings(f"sqlite:///{path}", Fernet.generate_key(), 30), DemoClock())
    try:
        assert not accounts.has_organisations(store)
        summary = fill_demo(store)
        accounts.set_missing_passwords(store, SYSTEM, EMAIL_DOMAIN, PASSWORD)
        yield store, summary
    finally:
        store.engine.dispose()


def _employers(store: Store, summary: DemoSummary) -> tuple[Actor, Actor]:
    """An employer user of the example project's employer, and one of another employer."""
    employer = project_with_employer(store, SYSTEM, summary.example_project_id)
    own = [x for x in summary.logins if x.role == "employer"
           and x.organisation == employer["employer_name"]]
    other = [x for x in summary.logins if x.role == "employer"
             and x.organisation != employer["employer_name"]]
    assert own and other
    return (accounts.login(store, own[0].email, PASSWORD),
            accounts.login(store, other[0].email, PASSWORD))


def test_a_filled_database_has_organisations(demo):
    store, _ = demo
    assert accounts.has_organisations(store)


def test_the_project_with_its_employer_is_what_the_overview_shows(demo):
    store, summary = demo
    own, _ = _employers(store, summary)
    row = project_with_employer(store, own, summary.example_project_id)
    overview = project_overview(store, own, summary.example_project_id)
    assert row["id"] == summary.example_project_id
    assert row["title"] == overview.project["title"]
    assert row["employer_name"] == overview.employer["name"]
    assert row["municipality"] == overview.employer["municipality"]


def test_another_employer_may_not_read_the_project_or_its_claims(demo):
    store, summary = demo
    _, other = _employers(store, summary)
    with pytest.raises(NotAllowed):
        project_with_employer(store, other, summary.example_project_id)
    with pytest.raises(NotAllowed):
        claim_service.project_claims(store, other, summary.example_project_id)
    with pytest.raises(NotAllowed):
        claim_service.claim_of(store, other, summary.example_claim_id)
    with pytest.raises(NotAllowed):
        claim_service.claim_in_context(store, other, summary.example_claim_id)


def test_a_project_or_claim_that_does_not_exist_is_not_found(demo):
    store, _ = demo
    with pytest.raises(NotFound):
        project_with_employer(store, SYSTEM, 999_999)
    with pytest.raises(NotFound):
        claim_service.project_claims(store, SYSTEM, 999_999)
    with pytest.raises(NotFound, match="Krav 999999 findes ikke"):
        claim_service.claim_of(store, SYSTEM, 999_999)


def test_the_projects_claims_oldest_first_are_the_overviews(demo):
    store, summary = demo
    own, _ = _employers(store, summary)
    rows = claim_service.project_claims(store, own, summary.example_project_id)
    overview = project_overview(store, own, summary.example_project_id)
    assert [r["id"] for r in rows] == [c["id"] for c in overview.claims]
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert summary.example_claim_id in [r["id"] for r in rows]
    assert claim_service.claim_of(store, own, summary.example_claim_id) == next(
        r for r in rows if r["id"] == summary.example_claim_id)


def test_a_claim_in_context_names_its_project_and_pay_period(demo):
    store, summary = demo
    own, _ = _employers(store, summary)
    example = claim_service.claim_in_context(store, own, summary.example_claim_id)
    overview = project_overview(store, own, summary.example_project_id)
    run = next(r for r in overview.pay_runs if r["id"] == example.claim["pay_run_id"])
    assert example.claim["id"] == summary.example_claim_id
    assert example.project_title == overview.project["title"]
    assert example.period == (run["period_start"], run["period_end"])


def test_missing_passwords_are_set_once_and_only_by_an_administrator(demo):
    store, summary = demo
    own, _ = _employers(store, summary)
    with pytest.raises(NotAllowed):
        accounts.set_missing_passwords(store, own, EMAIL_DOMAIN, "another-password-1")
    # Every demo user has a password now (the fixture's): a second call changes none.
    users = accounts.set_missing_passwords(store, SYSTEM, EMAIL_DOMAIN, "another-password-1")
    assert {u["email"] for u in users} == {x.email for x in summary.logins}
    assert all(set(u) == {"email", "role", "name"} for u in users)
    with pytest.raises(NotAllowed):
        accounts.login(store, users[0]["email"], "another-password-1")
    assert accounts.login(store, users[0]["email"], PASSWORD).role == users[0]["role"]
