"""Logins, the failed-login limit and API tokens."""

from __future__ import annotations

import datetime as dt

import pytest

from jobrotation.domain.errors import InvalidInput, NotAllowed
from jobrotation.services import accounts
from jobrotation.services import people as people_service

from .conftest import ADMIN


@pytest.fixture
def user(store):
    org = people_service.create_employer(store, ADMIN, name="Bageriet", cvr="25313763",
                                         sector="private", municipality="Aarhus")
    user_id = people_service.create_user(store, ADMIN, email="hr@bageriet.dk", name="HR",
                                         role="employer", organisation_id=org)
    accounts.set_password(store, ADMIN, user_id, "rugbrød-hver-dag")
    return user_id, org


def test_login_gives_the_users_actor_with_organisation_and_municipality(store, user):
    actor = accounts.login(store, "HR@Bageriet.dk ", "rugbrød-hver-dag")
    assert (actor.user_id, actor.role, actor.organisation_id, actor.municipality) == \
        (user[0], "employer", user[1], "Aarhus")


def test_wrong_password_and_unknown_user_get_the_same_answer(store, user):
    for email in ("hr@bageriet.dk", "ingen@bageriet.dk"):
        with pytest.raises(NotAllowed, match="Forkert e-mail eller adgangskode"):
            accounts.login(store, email, "forkert-kodeord")


def test_five_failures_lock_the_login_for_fifteen_minutes(store, user, clock):
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(NotAllowed, match="Forkert"):
            accounts.login(store, "hr@bageriet.dk", "forkert-kodeord")
    with pytest.raises(NotAllowed, match="For mange"):
        accounts.login(store, "hr@bageriet.dk", "rugbrød-hver-dag")
    clock.now += accounts.WINDOW + dt.timedelta(seconds=1)
    assert accounts.login(store, "hr@bageriet.dk", "rugbrød-hver-dag").user_id == user[0]


def test_short_password_is_refused(store, user):
    with pytest.raises(InvalidInput, match="mindst 10 tegn"):
        accounts.set_password(store, ADMIN, user[0], "kort")


def test_api_token_is_shown_once_and_stored_only_as_a_hash(store, user):
    token = accounts.issue_token(store, ADMIN, user[0])
    assert accounts.actor_for_token(store, token).user_id == user[0]
    with store.read() as conn:
        from sqlalchemy import select

        from jobrotation.adapters.tables import users
        stored = conn.execute(select(users.c.api_token_hash)).scalars().all()
    assert token not in stored
    with pytest.raises(NotAllowed):
        accounts.actor_for_token(store, token + "x")
