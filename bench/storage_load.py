"""What each storage backend costs the service: the same ``postlint serve`` on an SQLite file and
on a PostgreSQL database (a throwaway local cluster), linting and taking review submissions
(writes that wait for the disk) under load from ``bench.loadgen``.

PostgreSQL runs with its durable defaults here (``fsync`` on), unlike the test suite's cluster,
so a submission's cost includes the server's flush as SQLite's includes its own.
"""
from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from tests.support import postgres
from tests.support.live_server import live_server

from .api_load import _drive

LINTS = 2000
SUBMISSIONS = 600
CONCURRENCY = 8
WARMUP = 100


@contextlib.contextmanager
def _database(backend: str, folder: Path):
    if backend == "sqlite":
        yield None  # the server's own file under the folder
        return
    cluster = postgres.Cluster(postgres.binaries(), durable=True).start()
    try:
        cluster.admin("CREATE DATABASE postlint_bench")
        yield cluster.url("postlint_bench")
    finally:
        cluster.stop()


def _figures(result: dict) -> dict:
    return {key: result[key] for key in ("requests_per_second", "p50_ms", "p99_ms", "errors")}


def run(bodies: list[dict]) -> dict:
    backends = ["sqlite"] + (["postgresql"] if postgres.binaries() else [])
    results = {}
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="postlint-bench-") as tmp, _database(backend, Path(tmp)) as url:
            env = {"POSTLINT_RATE_LIMIT": "off", "POSTLINT_MAX_PENDING": "off",
                   "POSTLINT_MAX_PENDING_PER_ACCOUNT": "off"}
            with live_server(Path(tmp), env=env, workers=None, database=url) as server:
                common = {"host": "127.0.0.1", "port": server.port, "concurrency": CONCURRENCY,
                          "server_pid": server.process.pid}
                lint, _ = _drive({**common, "path": "/v1/lint", "token": server.make_token("scheduler", "bench"),
                                  "bodies": bodies, "requests": LINTS, "warmup": WARMUP})
                submit, _ = _drive({**common, "path": "/v1/reviews", "token": server.make_token("officer", "bench-officer"),
                                    "bodies": [{"post": body} for body in bodies], "requests": SUBMISSIONS,
                                    "warmup": 0, "expect_status": 201})
        results[backend] = {"lint": _figures(lint), "submit": _figures(submit)}
    if len(backends) == 1:
        results["postgresql"] = {"error": "PostgreSQL is not installed here (Debian's postgresql)"}
    return results
