"""The victim of the crash test: commits employers in a loop until it is killed.

    python crash_writer.py DATABASE_URL

Each employer is one ``create_employer`` transaction (the organisation and its audit
entry together). After each commit it prints ``<id> <cvr>`` and flushes, so every line
the parent reads is a promise that the row is durable. On PostgreSQL it first prints
``backend <pid>``: the server process that does its commits.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from cryptography.fernet import Fernet
from sqlalchemy import text

from jobrotation.bootstrap import make_store
from jobrotation.config import Settings
from jobrotation.services.people import create_employer
from jobrotation.services.policy import Actor

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
ADMIN = Actor(1, "admin", "admin")


def valid_cvrs(start: int = 1_000_000) -> Iterator[str]:
    """Valid CVR numbers in rising order: seven digits (no leading zero) and the check
    digit that makes the weighted sum divisible by 11; bases needing a "10" are skipped."""
    base = start
    while True:
        digits = [int(d) for d in f"{base:07d}"]
        check = -sum(w * d for w, d in zip(CVR_WEIGHTS, digits, strict=False)) % 11
        if check < 10 and digits[0] != 0:
            yield f"{base:07d}{check}"
        base += 1


def main(url: str) -> None:
    store = make_store(Settings(url, Fernet.generate_key(), 30), migrate=False)
    if store.engine.dialect.name == "postgresql":
        # The pool hands every transaction this same connection, hence this backend.
        with store.read() as conn:
            print("backend", conn.execute(text("SELECT pg_backend_pid()")).scalar(),
                  flush=True)
    for n, cvr in enumerate(valid_cvrs(), start=1):
        org_id = create_employer(store, ADMIN, name=f"Nedbrud {n} ApS", cvr=cvr,
                                 sector="private", municipality="Randers")
        sys.stdout.write(f"{org_id} {cvr}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
