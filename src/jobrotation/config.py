"""Settings, read once from the environment and failing loudly on nonsense.

``DATABASE_URL``      SQLAlchemy URL; default SQLite file ``var/jobrotation.db``.
``JOBROTATION_KEY``   Fernet key for CPR numbers at rest. When unset, a key is created
                      once in ``var/cpr.key`` (mode 0600) — fine for a single machine;
                      production sets it explicitly.
``RETENTION_DAYS``    days after a project is closed before its people may be erased.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

from jobrotation.domain.errors import JobrotationError

VAR = Path("var")


@dataclass(frozen=True)
class Settings:
    database_url: str
    cpr_key: bytes
    retention_days: int


def _key(environ: dict[str, str]) -> bytes:
    if environ.get("JOBROTATION_KEY"):
        key = environ["JOBROTATION_KEY"].encode()
    else:
        path = VAR / "cpr.key"
        if not path.exists():
            VAR.mkdir(exist_ok=True)
            path.write_bytes(Fernet.generate_key())
            path.chmod(0o600)
        key = path.read_bytes().strip()
    try:
        Fernet(key)
    except ValueError:
        raise JobrotationError("JOBROTATION_KEY er ikke en gyldig Fernet-nøgle") from None
    return key


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    url = env.get("DATABASE_URL") or f"sqlite:///{VAR / 'jobrotation.db'}"
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        retention = int(env.get("RETENTION_DAYS", "1825"))
    except ValueError:
        raise JobrotationError("RETENTION_DAYS skal være et helt antal dage") from None
    return Settings(url, _key(env), retention)
