"""Killed in the middle of committing: every commit it reported survives, whole.

A child process (``crash_writer.py``) creates employers through the store in a loop, one
transaction each (organisation + audit entry), and reports each id after its commit
returns. We SIGKILL it while it commits. On PostgreSQL we also SIGKILL the server process
doing its commits, so the server itself goes through crash recovery (WAL replay).
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from jobrotation.adapters.db import integrity_ok, integrity_problems
from jobrotation.adapters.tables import audit, organisations
from jobrotation.services.people import create_employer

from .conftest import ADMIN
from .crash_writer import valid_cvrs

WRITER = Path(__file__).with_name("crash_writer.py")
RUN_AFTER_FIRST_COMMIT = 1.0  # seconds of committing before the kill
STARTUP_LIMIT = 60.0  # seconds the writer may take to commit its first row


def run_and_kill(url: str, stderr_path: Path) -> tuple[dict[int, str], int | None]:
    """Start the writer, let it commit for a while, SIGKILL it mid-loop (on PostgreSQL
    its server process first). Returns the commits it reported ({id: cvr}) and, on
    PostgreSQL, the id of the server process that was killed."""
    with stderr_path.open("wb") as stderr:
        child = subprocess.Popen([sys.executable, str(WRITER), url], stdout=subprocess.PIPE,
                                 stderr=stderr, stdin=subprocess.DEVNULL)
    assert child.stdout is not None
    reported: dict[int, str] = {}
    backend: int | None = None
    buffer = b""

    def take(lines: bytes) -> bytes:
        nonlocal backend
        *complete, rest = lines.split(b"\n")  # a line counts only once it is whole
        for line in complete:
            word, value = line.decode().split()
            if word == "backend":
                backend = int(value)
            else:
                reported[int(word)] = value
        return rest

    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    started = time.monotonic()
    first_commit: float | None = None
    try:
        while True:
            now = time.monotonic()
            if first_commit is None and reported:
                first_commit = now
            if first_commit is not None and now - first_commit >= RUN_AFTER_FIRST_COMMIT:
                break
            if first_commit is None and now - started > STARTUP_LIMIT:
                raise AssertionError("the writer committed nothing:\n"
                                     + stderr_path.read_text(errors="replace"))
            if selector.select(timeout=0.05):
                chunk = os.read(child.stdout.fileno(), 65536)
                if not chunk:
                    raise AssertionError("the writer stopped by itself:\n"
                                         + stderr_path.read_text(errors="replace"))
                buffer = take(buffer + chunk)
        if backend is not None:
            # Frozen first, so that it cannot notice its server process die and exit on
            # its own; then the server process, most likely in the middle of a commit.
            child.send_signal(signal.SIGSTOP)
            os.kill(backend, signal.SIGKILL)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        take(buffer + child.stdout.read())
    finally:
        selector.close()
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    return reported, backend


def test_every_reported_commit_survives_a_sigkill_whole(store, request, tmp_path):
    dialect = store.engine.dialect.name
    cluster = request.getfixturevalue("pg_cluster") if dialect == "postgresql" else None
    log_mark = cluster.log_size() if cluster else 0

    url = store.engine.url.render_as_string(hide_password=False)
    reported, backend = run_and_kill(url, tmp_path / "writer.stderr")

    if cluster is not None:
        assert backend is not None
        # The server really crashed and recovered before we look.
        log = cluster.wait_for_log("database system is ready to accept connections",
                                   since=log_mark)
        assert f"(PID {backend}) was terminated by signal 9" in log
        assert "all server processes terminated; reinitializing" in log
        assert "automatic recovery in progress" in log

    assert len(reported) >= 10, "too few commits before the kill to mean anything"
    with store.read() as conn:
        stored = dict(conn.execute(select(organisations.c.id, organisations.c.cvr)).all())
        audited = list(conn.execute(
            select(audit.c.entity_id).where(audit.c.action == "organisation.created"))
            .scalars())
    # Every commit it reported is there, as reported.
    assert {i: stored.get(i) for i in reported} == reported
    # At most the one commit in flight at the kill landed unreported.
    assert len(stored) - len(reported) in (0, 1)
    # Whole transactions only: each organisation with its one audit entry, and no more.
    assert sorted(audited) == sorted(stored)

    # SQLite: integrity_check and foreign_key_check; PostgreSQL: amcheck over every heap
    # page and every B-tree index (the catalogue's and ours).
    assert integrity_problems(store.engine) == []
    assert integrity_ok(store.engine)

    # And the store carries on where the writer stopped.
    used = set(stored.values())
    cvr = next(c for c in valid_cvrs() if c not in used)
    new_id = create_employer(store, ADMIN, name="Efter nedbruddet A/S", cvr=cvr,
                             sector="private", municipality="Randers")
    assert new_id > max(stored)
