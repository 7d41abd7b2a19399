"""What every route depends on: the including app's store and the actor behind the bearer
token (``services.accounts``). Nothing here decides access: that is the services' policy."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from jobrotation.domain.errors import NotAllowed
from jobrotation.services import accounts
from jobrotation.services.policy import Actor
from jobrotation.services.store import Store

_bearer = HTTPBearer(auto_error=False, scheme_name="API-nøgle",
                     description="Brugerens API-nøgle: `Authorization: Bearer <nøgle>`.")


def app_store(request: Request) -> Store:
    """The including app's store (``app.state.store``)."""
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise RuntimeError("app.state.store er ikke sat")
    return store


async def store_of(request: Request) -> Store:
    """``app_store`` as a dependency; async, so it costs no thread hop."""
    return app_store(request)


def actor_of(request: Request,
             credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
             ) -> Actor:
    """The user behind the bearer token, or 401."""
    if credentials is None or not credentials.credentials:
        raise HTTPException(401, "Mangler API-nøgle: send 'Authorization: Bearer <nøgle>'.",
                            headers={"WWW-Authenticate": "Bearer"})
    try:
        return accounts.actor_for_token(app_store(request), credentials.credentials)
    except NotAllowed as exc:
        raise HTTPException(401, str(exc), headers={
            "WWW-Authenticate": 'Bearer error="invalid_token"'}) from None


StoreDep = Annotated[Store, Depends(store_of)]
ActorDep = Annotated[Actor, Depends(actor_of)]
