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
from sqlalchemy import ColumnElement, Connection, func, insert, select, update

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
    return _active_actor(store, users.c.api_token_hash == digest,
                         "Ugyldig eller udløbet API-nøgle.")


def actor_for_user(store: Store, user_id: int) -> Actor:
    """The actor behind a session (the user may have been deactivated since)."""
    return _active_actor(store, users.c.id == user_id, "Du er ikke længere logget ind.")


def _active_actor(store: Store, which: ColumnElement[bool], refusal: str) -> Actor:
    """The actor of the one active user ``which`` selects; ``NotAllowed(refusal)`` if none."""
    with store.read() as conn:
        user = conn.execute(select(users).where(which, users.c.active.is_(True))
                            ).mappings().first()
        if user is None:
            raise NotAllowed(refusal)
        return actor_of(conn, user)


# --- start-up: an empty database and the demo logins ----------------------------------------


def has_organisations(store: Store) -> bool:
    """Whether any organisation exists (a new, empty database has none)."""
    with store.read() as conn:
        return bool(conn.execute(select(func.count()).select_from(organisations)).scalar_one())


def set_missing_passwords(store: Store, actor: Actor, email_domain: str,
                          password: str) -> list[Row]:
    """Every active user with an e-mail at ``email_domain`` and no password gets
    ``password`` (``organisation.manage``). Returns all of them — ``email``, ``role``,
    ``name`` — in the order they were made."""
    require(actor, "organisation.manage", Target())
    with store.read() as conn:
        rows = list(conn.execute(
            select(users.c.id, users.c.email, users.c.role, users.c.name,
                   users.c.password_hash)
            .where(users.c.email.like(f"%@{email_domain}"), users.c.active.is_(True))
            .order_by(users.c.id)).mappings())
    for row in rows:
        if not row["password_hash"]:
            set_password(store, actor, row["id"], password)
    return [{"email": r["email"], "role": r["role"], "name": r["name"]} for r in rows]
