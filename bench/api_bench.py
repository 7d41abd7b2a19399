"""Benchmark of the JSON API: ``POST /api/v1/evaluate`` over HTTP on this machine.

    .venv/bin/python bench/api_bench.py              # 1 client × 2,000, 32 clients × 10,000
    .venv/bin/python bench/api_bench.py --quick      # 1 × 500, 32 × 2,000
    .venv/bin/python bench/api_bench.py --clients 1 8 32 --requests 2000 4000 10000

The server is ``entrypoints.api.create_api_app`` under uvicorn — one worker process, its
defaults otherwise (asyncio loop, h11), access log off — started by this script in a
subprocess on 127.0.0.1 and a free port, with its store on a temporary SQLite file (the
evaluation itself reads no database). It is stopped at the end, whatever happens.

Each request sends the case of ``examples/01_privat_metal_cnc_amu.yaml`` (all facts
given; every condition evaluated with its reasons) and gets the full evaluation back
(~14 kB of JSON). Every answer is checked: status 200 and route 1's weekly amount
``"7517.29"``.

The clients are threads, each with its own keep-alive ``httpx.Client``; they start
together and share the run's requests. A client's latency is the wall time from sending
a request to having read the whole answer (``perf_counter_ns``). Reported per run:
requests/s (requests ÷ wall time of the run), p50 / p99 / max latency in ms, and the CPU
time the server process and the clients used per request. Before the runs, 200
unmeasured requests warm the server up. Each run is bounded in time (``--max-seconds``);
a run cut short says so.

The clients run on the same machine as the server and take CPU from it: on 2 cores the
figures are what one server process and its clients share between them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from machine_info import cpu_model, usable_cpus

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "01_privat_metal_cnc_amu.yaml"
PATH = "/api/v1/evaluate"
EXPECTED_WEEK = "7517.29"
WARMUP = 200


# --- the server (run in the subprocess) -------------------------------------------------


def serve(port: int, database_url: str) -> None:
    import uvicorn
    from cryptography.fernet import Fernet

    from jobrotation.bootstrap import make_store
    from jobrotation.config import Settings
    from jobrotation.entrypoints.api import create_api_app

    store = make_store(Settings(database_url, Fernet.generate_key(), 30))
    uvicorn.run(create_api_app(store), host="127.0.0.1", port=port, log_level="warning",
                access_log=False)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """The API in a subprocess; ``with Server() as url: ...`` stops it on the way out."""

    def __init__(self) -> None:
        self.port = free_port()
        self.tmp = tempfile.TemporaryDirectory(prefix="api-bench-")
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        url = f"sqlite:///{Path(self.tmp.name) / 'bench.db'}"
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(self.port), url],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"the server stopped at start:\n{err}")
            try:
                if httpx.get(f"{self.url}/api/v1/compare", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not answer within 60 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far."""
        assert self.proc is not None
        with open(f"/proc/{self.proc.pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        self.tmp.cleanup()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- the clients ------------------------------------------------------------------------


def case_body() -> bytes:
    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    doc.pop("expected", None)

    def text_dates(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: text_dates(v) for k, v in value.items()}
        return value.isoformat() if isinstance(value, dt.date) else value

    import json
    return json.dumps(text_dates(doc), ensure_ascii=False).encode()


@dataclass
class Run:
    clients: int
    requested: int
    done: int
    wall_s: float
    latencies_ms: list[float]
    failures: int
    server_cpu_s: float
    client_cpu_s: float
    cut_short: bool

    @property
    def rps(self) -> float:
        return self.done / self.wall_s if self.wall_s else 0.0

    def percentile(self, q: float) -> float:
        data = sorted(self.latencies_ms)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, max(0, round(q / 100 * len(data)) - 1))]


def _check(response: httpx.Response) -> bool:
    if response.status_code != 200:
        return False
    return bool(response.json()["amounts_kr"]["route1_week"] == EXPECTED_WEEK)


def run_load(server: Server, body: bytes, clients: int, requests: int,
             max_seconds: float, check_every: int = 50) -> Run:
    shares = [requests // clients + (1 if i < requests % clients else 0)
              for i in range(clients)]
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures = [0] * clients
    start = threading.Barrier(clients + 1)
    deadline = [0.0]
    headers = {"Content-Type": "application/json"}

    def client(i: int) -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            start.wait()
            mine = latencies[i]
            for n in range(shares[i]):
                if time.monotonic() > deadline[0]:
                    return
                t0 = time.perf_counter_ns()
                response = http.post(PATH, content=body, headers=headers)
                content = response.read()
                mine.append((time.perf_counter_ns() - t0) / 1e6)
                # Parsing every answer would cost the clients more CPU than the server's
                # JSON encoding; the status is checked always, the content every 50th.
                if response.status_code != 200 or not content or \
                        (n % check_every == 0 and not _check(response)):
                    failures[i] += 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True)
               for i in range(clients)]
    for t in threads:
        t.start()
    cpu0, self0 = server.cpu_seconds(), _self_cpu()
    deadline[0] = time.monotonic() + max_seconds
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join(timeout=max_seconds + 120)
    wall = time.perf_counter() - t0
    flat = [x for part in latencies for x in part]
    return Run(clients, requests, len(flat), wall, flat, sum(failures),
               server.cpu_seconds() - cpu0, _self_cpu() - self0, len(flat) < requests)


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- report -----------------------------------------------------------------------------


def machine() -> str:
    model = cpu_model()
    import fastapi
    import pydantic
    import uvicorn
    usable = usable_cpus()
    return (f"nproc {usable}, {model}, {platform.system()} "
            f"{platform.machine()}; python {platform.python_version()}, fastapi "
            f"{fastapi.__version__}, pydantic {pydantic.__version__}, uvicorn "
            f"{uvicorn.__version__}, httpx {httpx.__version__}")


def report(run: Run) -> str:
    per = 1000 / run.done if run.done else float("nan")
    line = (f"{run.clients:>3} client{'s' if run.clients > 1 else ' '} {run.done:>6} req "
            f"{run.wall_s:7.2f} s  {run.rps:8.1f} req/s  p50 {run.percentile(50):7.2f} ms  "
            f"p99 {run.percentile(99):7.2f} ms  max {max(run.latencies_ms, default=0):7.2f} ms"
            f"  CPU/req server {run.server_cpu_s * per:5.2f} ms, clients "
            f"{run.client_cpu_s * per:5.2f} ms  failures {run.failures}")
    if run.cut_short:
        line += f"  (cut short at the time limit: {run.done} of {run.requested})"
    return line


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]), sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 32],
                    help="concurrent clients per run (default: 1 32)")
    ap.add_argument("--requests", type=int, nargs="+", default=None,
                    help="requests per run, one per --clients value "
                         "(default: 2000 for 1 client, 10000 otherwise)")
    ap.add_argument("--quick", action="store_true", help="500 and 2,000 requests")
    ap.add_argument("--max-seconds", type=float, default=300,
                    help="time limit per run (default 300 s)")
    args = ap.parse_args()
    if args.requests is None:
        default = (500, 2000) if args.quick else (2000, 10_000)
        args.requests = [default[0] if c == 1 else default[1] for c in args.clients]
    if len(args.requests) != len(args.clients):
        ap.error("--requests needs one value per --clients value")
    if any(c < 1 or c > 256 for c in args.clients) or any(
            n < 1 or n > 1_000_000 for n in args.requests):
        ap.error("clients 1–256, requests 1–1,000,000")

    body = case_body()
    print(machine())
    print(f"POST {PATH}: {len(body)} bytes in; one uvicorn worker on 127.0.0.1")
    with Server() as server:
        with httpx.Client(base_url=server.url) as http:
            answer = http.post(PATH, content=body,
                               headers={"Content-Type": "application/json"})
            assert _check(answer), answer.text[:500]
            print(f"answer: {len(answer.content)} bytes, route1_week "
                  f"{answer.json()['amounts_kr']['route1_week']}")
            for _ in range(WARMUP):
                http.post(PATH, content=body, headers={"Content-Type": "application/json"})
        runs = []
        for clients, requests in zip(args.clients, args.requests, strict=True):
            run = run_load(server, body, clients, requests, args.max_seconds)
            runs.append(run)
            print(report(run), flush=True)
    mean = {r.clients: statistics.fmean(r.latencies_ms) for r in runs if r.latencies_ms}
    print("mean latency ms: " + ", ".join(f"{c} clients {m:.2f}" for c, m in mean.items()))
    if any(r.failures for r in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
