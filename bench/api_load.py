"""The API under load: the real service (``postlint serve``, gunicorn) on a loopback port,
driven from a second process by ``bench.loadgen``.

The rate limit is switched off with ``POSTLINT_RATE_LIMIT=off`` for the run; otherwise the
service runs with ``postlint serve``'s defaults (workers, threads, worker class, access log),
which the results report as measured.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REQUESTS = 4000
CONCURRENCY = 16
WARMUP = 300
START_TIMEOUT_SECONDS = 45.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postlint() -> list[str]:
    script = Path(sys.executable).with_name("postlint")
    if script.is_file():
        return [str(script)]
    return [shutil.which("postlint") or "postlint"]


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


@contextlib.contextmanager
def running_service(directory: Path, workers: int | None = None):
    port = _free_port()
    database = directory / "bench.db"
    env = {**os.environ, "POSTLINT_RATE_LIMIT": "off", "PYTHONUNBUFFERED": "1"}
    env.pop("POSTLINT_DB", None)
    command = [*_postlint(), "serve", "--host", "127.0.0.1", "--port", str(port), "--db", str(database)]
    if workers:
        command += ["--workers", str(workers)]
    log_path = directory / "server.log"
    with open(log_path, "ab") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_healthy(server, port, log_path)
        yield server, port, database, env
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=15)


def _wait_healthy(server, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"postlint serve exited with {server.returncode}: "
                               f"{log_path.read_text(errors='replace')[-600:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"postlint serve was not healthy within {START_TIMEOUT_SECONDS:.0f} s")


def _make_token(database: Path, env) -> str:
    done = subprocess.run([*_postlint(), "token", "create", "--role", "scheduler", "--name", "bench",
                           "--db", str(database)], env=env, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"postlint token create failed: {done.stderr.strip()[-300:]}")
    return done.stdout.strip().splitlines()[-1]


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
        with running_service(Path(tmp)) as (server, port, database, env):
            token = _make_token(database, env)
            job = {"host": "127.0.0.1", "port": port, "path": "/v1/lint", "token": token, "bodies": bodies,
                   "requests": requests, "concurrency": concurrency, "warmup": warmup,
                   "server_pid": server.pid}
            result, server_cpu = _drive(job)
            workers = _children(server.pid)
            result["server"] = {"workers": len(workers), "worker_class": _worker_class(Path(tmp) / "server.log"),
                                "threads_per_worker": _pool_threads(workers),
                                "rate_limit": "off (POSTLINT_RATE_LIMIT=off)",
                                "cpu_ms_per_request": round(server_cpu / max(1, result["completed"]) * 1000, 3),
                                "master": _rss_mb(server.pid),
                                "worker_memory": [_rss_mb(pid) for pid in workers]}
    return result
