"""Logins and API tokens: who is acting.

Passwords are hashed with argon2 (argon2-cffi); API tokens are random and stored only as
their SHA-256. Failed logins are counted per e-mail (hashed) in the database, so the
limit holds across several web workers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import Connection, func, insert, select, update

from jobrotation.adapters.tables import login_attempts, organisations, users
from jobrotation.domain.errors import InvalidInput, NotAllowed
from jobrotation.services.policy import Actor, Target, require
from jobrotation.services.store import Row, Store

_hasher = PasswordHasher()
MAX_FAILURES, WINDOW = 5, dt.timedelta(minutes=15)
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Adgangskoden skal have mindst {MIN_PASSWORD} tegn")
    return _hasher.hash(password)


def _key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def actor_of(conn: Connection, user: Row) -> Actor:
    """The policy's view of a user: role, organisation, municipality, person."""
    municipality = None
    if user["organisation_id"] is not None:
        municipality = conn.execute(select(organisations.c.municipality).where(
            organisations.c.id == user["organisation_id"])).scalar()
    return Actor(user["id"], user["role"], user["name"], user["organisation_id"],
                 municipality, user["person_id"])


def login(store: Store, email: str, password: str) -> Actor:
    """The actor for a correct e-mail and password; refuses after repeated failures."""
    key, now = _key(email), store.clock()
    with store.transaction(Actor(None, "admin", "login")) as tx:
        failures = tx.conn.execute(select(func.count()).select_from(login_attempts).where(
            login_attempts.c.key == key, login_attempts.c.succeeded.is_(False),
            login_attempts.c.at > now - WINDOW)).scalar_one()
        if failures >= MAX_FAILURES:
            raise NotAllowed("For mange mislykkede forsøg. Vent 15 minutter, og prøv igen.")
        user = tx.conn.execute(select(users).where(
            users.c.email == email.strip().lower(), users.c.active.is_(True))).mappings().first()
        ok = user is not None and _verify(user["password_hash"], password)
        # The attempt is committed whatever the outcome: the refusal comes after.
        tx.conn.execute(insert(login_attempts).values(key=key, at=now, succeeded=ok))
        actor = actor_of(tx.conn, user) if ok and user is not None else None
    if actor is None:
        raise NotAllowed("Forkert e-mail eller adgangskode.")
    return actor


def _verify(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def set_password(store: Store, actor: Actor, user_id: int, password: str) -> None:
    """An admin sets a password, or a user their own."""
    if actor.user_id != user_id:
        require(actor, "organisation.manage", Target())
    hashed = hash_password(password)
    with store.transaction(actor) as tx:
        tx.one(users, user_id, "Bruger")
        tx.conn.execute(update(users).where(users.c.id == user_id).values(password_hash=hashed))
        tx.audit("user.password_set", "user", user_id, None, {})


def issue_token(store: Store, actor: Actor, user_id: int) -> str:
    """A new API token for a user (shown once; only its hash is kept)."""
    if actor.user_id != user_id:
        require(actor, "organisation.manage", Target())
    token = secrets.token_urlsafe(32)
    with store.transaction(actor) as tx:
        tx.one(users, user_id, "Bruger")
        tx.conn.execute(update(users).where(users.c.id == user_id).values(
            api_token_hash=hashlib.sha256(token.encode()).hexdigest()))
        tx.audit("user.token_issued", "user", user_id, None, {})
    return token


def actor_for_token(store: Store, token: str) -> Actor:
    digest = hashlib.sha256(token.encode()).hexdigest()
    with store.read() as conn:
        user = conn.execute(select(users).where(users.c.api_token_hash == digest,
                                                users.c.active.is_(True))).mappings().first()
        if user is None:
            raise NotAllowed("Ugyldig eller udløbet API-nøgle.")
        return actor_of(conn, user)


def actor_for_user(store: Store, user_id: int) -> Actor:
    """The actor behind a session (the user may have been deactivated since)."""
    with store.read() as conn:
        user = conn.execute(select(users).where(users.c.id == user_id,
                                                users.c.active.is_(True))).mappings().first()
        if user is None:
            raise NotAllowed("Du er ikke længere logget ind.")
        return actor_of(conn, user)
