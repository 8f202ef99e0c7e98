"""The API under load: the real service (``postlint serve``, gunicorn) on a loopback port,
driven from a second process by ``bench.loadgen``.

The rate limit is switched off with ``POSTLINT_RATE_LIMIT=off`` for the run; otherwise the
service runs with ``postlint serve``'s defaults (workers, threads, worker class, access log),
which the results report as measured.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.live_server import live_server  # the service the API tests run, started the same way

REQUESTS = 4000
CONCURRENCY = 16
WARMUP = 300


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return sorted(found)


def _rss_mb(pid: int) -> dict:
    values = {}
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    values[line.split(":")[0]] = round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return {"rss_mb": values.get("VmRSS"), "peak_rss_mb": values.get("VmHWM")}


def _worker_class(log_path: Path) -> str | None:
    """What gunicorn says it runs ("Using worker: ..."), as configured by postlint serve."""
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r"Using worker: (\S+)", text)
    return found.group(1) if found else None


def _pool_threads(pids) -> int | None:
    """Request threads per worker after the load: each worker's threads less its main thread."""
    counts = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
                counts += [int(line.split()[1]) - 1 for line in handle if line.startswith("Threads:")]
        except OSError:
            continue
    return max(counts) if counts else None


def _cpu_seconds(pids) -> float:
    """User plus system CPU time of these processes, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def _drive(job) -> tuple[dict, float]:
    """Run the load generator; returns its results and the server's CPU seconds in the measured part."""
    generator = subprocess.Popen([sys.executable, "-m", "bench.loadgen"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 cwd=Path(__file__).resolve().parent.parent)
    generator.stdin.write(json.dumps({**job, "wait_after_warmup": True}) + "\n")
    generator.stdin.flush()
    if not generator.stdout.readline():
        raise RuntimeError(f"load generator failed: {generator.stderr.read().strip()[-600:]}")
    pids = [job["server_pid"], *_children(job["server_pid"])]
    cpu_before = _cpu_seconds(pids)
    generator.stdin.write("go\n")
    generator.stdin.flush()
    out, errors = generator.communicate(timeout=600)
    cpu_used = _cpu_seconds(pids) - cpu_before
    if generator.returncode != 0 or not out.strip():
        raise RuntimeError(f"load generator failed: {errors.strip()[-600:]}")
    return json.loads(out.strip().splitlines()[-1]), cpu_used


def run(bodies: list[dict], *, requests: int = REQUESTS, concurrency: int = CONCURRENCY,
        warmup: int = WARMUP) -> dict:
    with tempfile.TemporaryDirectory(prefix="postlint-bench-") as tmp:
        # workers=None: postlint serve's own default, the set-up being measured.
        with live_server(Path(tmp), env={"POSTLINT_RATE_LIMIT": "off"}, workers=None) as server:
            pid = server.process.pid
            job = {"host": "127.0.0.1", "port": server.port, "path": "/v1/lint",
                   "token": server.make_token("scheduler", "bench"), "bodies": bodies,
                   "requests": requests, "concurrency": concurrency, "warmup": warmup, "server_pid": pid}
            result, server_cpu = _drive(job)
            workers = _children(pid)
            result["server"] = {"workers": len(workers), "worker_class": _worker_class(server.log_path),
                                "threads_per_worker": _pool_threads(workers),
                                "rate_limit": "off (POSTLINT_RATE_LIMIT=off)",
                                "cpu_ms_per_request": round(server_cpu / max(1, result["completed"]) * 1000, 3),
                                "master": _rss_mb(pid),
                                "worker_memory": [_rss_mb(worker) for worker in workers]}
    return result
