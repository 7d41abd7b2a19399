"""A throwaway PostgreSQL cluster for the tests, started with the machine's own
``initdb`` and ``pg_ctl``: a temporary directory, a unix socket inside it and no TCP
port, trust authentication, ``fsync`` on. Stopped (and deleted) by ``stop``.

PostgreSQL refuses to run as root, and tests and CI run as root: the server programs then
run as the ``postgres`` OS user (``runuser``, else ``su``), which owns the directory.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

SERVER_USER = "postgres"
PORT = 5432  # only names the socket file: the server listens on no TCP port


class Unavailable(Exception):
    """PostgreSQL's server programs are not on this machine (or cannot be run)."""


def find_bin() -> Path:
    """The directory holding ``initdb``, ``pg_ctl`` and ``postgres``."""
    candidates = [shutil.which("initdb")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),  # newest first
                         key=lambda p: [int(n) for n in re.findall(r"\d+", p)], reverse=True)
    for candidate in candidates:
        if candidate:
            directory = Path(candidate).resolve().parent
            if all((directory / name).exists() for name in ("pg_ctl", "postgres")):
                return directory
    raise Unavailable("initdb/pg_ctl/postgres not found on PATH or in /usr/lib/postgresql/*/bin")


def _as_server_user() -> tuple[list[str], int | None, int | None]:
    """The command prefix that runs a program as the server's OS user, and that user's
    uid/gid (to chown the directory), or no prefix when we are not root."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        user = pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise Unavailable(f"running as root and there is no '{SERVER_USER}' OS user "
                          "to run PostgreSQL as") from None
    if shutil.which("runuser"):
        return ["runuser", "-u", SERVER_USER, "--"], user.pw_uid, user.pw_gid
    if shutil.which("su"):
        return ["su", "-s", "/bin/sh", SERVER_USER, "-c"], user.pw_uid, user.pw_gid
    raise Unavailable("running as root and neither runuser nor su is available")


@dataclass
class Cluster:
    root: Path
    bindir: Path
    prefix: list[str]
    log: Path = field(init=False)
    data: Path = field(init=False)
    watchdog: subprocess.Popen[bytes] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.log = self.root / "server.log"
        self.data = self.root / "data"

    # -- running the server programs -----------------------------------------------

    def _command(self, *args: str) -> list[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.prefix[-1:] == ["-c"]:  # su wants one shell command string
            return [*self.prefix, shlex.join(cmd)]
        return [*self.prefix, *cmd]

    def _run(self, *args: str, timeout: float = 120) -> None:
        cmd = self._command(*args)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        result = subprocess.run(cmd, cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=timeout, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{shlex.join(cmd)} failed ({result.returncode}):\n"
                               f"{result.stdout}{result.stderr}{self.log_tail()}")

    def watch(self) -> None:
        """Should this test process die without cleaning up (SIGTERM from a timeout,
        SIGKILL), a detached shell stops the server and deletes the directory."""
        stop = shlex.join(self._command("pg_ctl", "stop", "-D", str(self.data), "-m",
                                        "immediate"))
        script = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
                  f"[ -d {shlex.quote(str(self.data))} ] || exit 0; "
                  f"{stop} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.root))}")
        self.watchdog = subprocess.Popen(
            ["sh", "-c", script], cwd="/", stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n--- server log ---\n" + "\n".join(
                self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def initdb(self) -> None:
        # --no-sync: initdb's closing sync only guards the fresh files against an OS crash,
        # which a throwaway cluster never outlives. The server itself runs with fsync on.
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--no-locale", "--data-checksums", "--no-sync")

    def start(self) -> None:
        options = " ".join([
            "-c listen_addresses=''", f"-c unix_socket_directories='{self.root}'",
            f"-c port={PORT}", "-c fsync=on", "-c synchronous_commit=on",
            "-c full_page_writes=on", "-c restart_after_crash=on",
        ])
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w",
                  "-t", "60", "-o", options)

    def stop(self) -> None:
        """Stop the server (fast, else immediate) and delete its directory."""
        try:
            if (self.data / "postmaster.pid").exists():
                try:
                    self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w",
                              "-t", "30")
                except (RuntimeError, subprocess.TimeoutExpired):
                    self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate",
                              "-w", "-t", "30")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            if self.watchdog is not None:  # its own process group: the shell and its sleep
                os.killpg(self.watchdog.pid, signal.SIGKILL)
                self.watchdog.wait()

    # -- clients -------------------------------------------------------------------

    def connect(self, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(host=str(self.root), port=PORT, user="postgres",
                               dbname=dbname, autocommit=True, connect_timeout=10)

    def url(self, dbname: str) -> str:
        """A SQLAlchemy URL for one database of this cluster."""
        return f"postgresql+psycopg://postgres@/{dbname}?host={self.root}&port={PORT}"

    def wait_ready(self, timeout: float = 60) -> None:
        """Wait until the server accepts connections (after crash recovery, say)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self.connect() as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise RuntimeError("PostgreSQL did not come back" + self.log_tail()) \
                        from None
                time.sleep(0.05)

    def log_size(self) -> int:
        return self.log.stat().st_size if self.log.exists() else 0

    def wait_for_log(self, line: str, since: int, timeout: float = 60) -> str:
        """Wait until the server log, from byte ``since`` on, holds ``line``; return
        that part of the log."""
        deadline = time.monotonic() + timeout
        while True:
            with self.log.open("rb") as f:
                f.seek(since)
                written = f.read().decode(errors="replace")
            if line in written:
                return written
            if time.monotonic() > deadline:
                raise RuntimeError(f"no {line!r} in the server log:\n{written[-3000:]}")
            time.sleep(0.05)

    def create_database(self) -> str:
        name = f"jr_{uuid.uuid4().hex[:12]}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_cluster() -> Cluster:
    """initdb + pg_ctl start in a fresh temporary directory; raises ``Unavailable``."""
    bindir = find_bin()
    prefix, uid, gid = _as_server_user()
    # Under /tmp, not pytest's tmp_path: the server user must reach it, and a unix
    # socket path must stay under ~107 bytes.
    base = "/tmp" if os.path.isdir("/tmp") else None
    root = Path(tempfile.mkdtemp(prefix="jobrotation-pg-", dir=base))
    if uid is not None and gid is not None:
        os.chown(root, uid, gid)
    cluster = Cluster(root, bindir, prefix)
    try:
        cluster.initdb()
        cluster.start()
        cluster.watch()
    except BaseException:
        cluster.stop()
        raise
    return cluster
