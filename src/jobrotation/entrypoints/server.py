"""The product, put together and served: ``python -m jobrotation.entrypoints.server``.

The composition root: the web pages (``entrypoints.web``) with the JSON API
(``entrypoints.api``) beside them on the same store — the one place that knows both, so
neither entry point imports the other.

    app = create_app(store, secret_key=key)     # the pages and /api/v1

Run as a program it migrates the database (``DATABASE_URL``, default SQLite
``var/jobrotation.db``), fills the demo data if the database has no organisations, gives
every demo user without a password the documented demo password, prints the address and
the demo logins and serves on http://127.0.0.1:8000.

The session key comes from ``JOBROTATION_SESSION_KEY`` (at least 32 characters; set it,
the same on every web worker, in production). Without it a random key is made for this
process: fine for one demo server, but logins end when it restarts. No key is written to
disk, so none can end up in the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
import os
import secrets
import sys
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from jobrotation.bootstrap import database_errors, make_store
from jobrotation.config import load_settings
from jobrotation.domain.errors import JobrotationError
from jobrotation.entrypoints import api, web
from jobrotation.services import accounts
from jobrotation.services.demo import EMAIL_DOMAIN, fill_demo
from jobrotation.services.policy import ROLES, SYSTEM
from jobrotation.services.store import Store

DEMO_PASSWORD = "jobrotation-demo"


def create_app(store: Store, *, secret_key: bytes,
               today: Callable[[], dt.date] | None = None,
               secure_cookies: bool = False) -> FastAPI:
    """The web app on ``store`` (``web.create_app``) with the JSON API mounted at
    ``/api/v1``; the API's routes answer in JSON whatever the pages do with errors."""
    app = web.create_app(store, secret_key=secret_key, today=today,
                         secure_cookies=secure_cookies)
    app.state.store = store  # the JSON API reads it from here
    app.include_router(api.router)
    return app


def session_key() -> bytes:
    from_env = os.environ.get("JOBROTATION_SESSION_KEY", "")
    if from_env:
        if len(from_env) < 32:
            raise JobrotationError("JOBROTATION_SESSION_KEY skal være mindst 32 tegn")
        return from_env.encode()
    return secrets.token_bytes(32)


def prepare_demo(store: Store) -> list[tuple[str, str, str]]:
    """Demo data if the database is empty; the demo password for demo users without one.
    Returns (e-mail, role, name) of every demo user."""
    if not accounts.has_organisations(store):
        fill_demo(store)
    users = accounts.set_missing_passwords(store, SYSTEM, EMAIL_DOMAIN, DEMO_PASSWORD)
    return [(u["email"], u["role"], u["name"]) for u in users]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobrotation.entrypoints.server",
                                     description="Start jobrotation på nettet med demodata.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        with database_errors(settings.database_url):
            store = make_store(settings)
            logins = prepare_demo(store)
        app = create_app(store, secret_key=session_key())
    except JobrotationError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 2
    print(f"Jobrotation kører på http://{args.host}:{args.port}")
    if logins:
        print(f"\nDemo-logins (adgangskode for alle: {DEMO_PASSWORD}):")
        for email, role, name in logins:
            print(f"  {email:<28} {ROLES.get(role, role)}, {name}")
    print("\nStop med Ctrl+C.", flush=True)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(name)s: %(message)s")
    # Objects made at start-up (rules, parameters, templates) live as long as the process:
    # frozen, full garbage collections skip them (on a 50-person project page the slowest
    # requests fall from about 170 to about 60 ms; bench/page_bench.py).
    gc.freeze()
    # The server's access log would write query strings; the app logs requests itself
    # (method, path, status) with CPR-shaped text masked (see ``web.security``).
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False,
                proxy_headers=False, server_header=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["create_app", "main", "prepare_demo", "session_key", "DEMO_PASSWORD"]
