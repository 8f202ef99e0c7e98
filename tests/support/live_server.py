"""The real service for tests: ``postlint serve`` in a subprocess on a free loopback port.

    with live_server(tmp_path) as server:
        token = server.make_token("officer", "olivia")
        requests.post(server.base_url + "/v1/lint", json=..., headers=...)

Each server has its own SQLite file under ``tmp_path``, unless given a ``database`` (a
PostgreSQL URL, which several servers can share). Its stdout and stderr go to a file, so tests
can assert what the service logged (``log_text()``).
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

START_TIMEOUT_SECONDS = 45.0
STOP_TIMEOUT_SECONDS = 15.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postlint_command() -> list[str]:
    """The ``postlint`` console script next to this Python, else ``python -m linter.cli``."""
    script = Path(sys.executable).with_name("postlint")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("postlint")
    return [found] if found else [sys.executable, "-m", "linter.cli"]


class LiveServer:
    def __init__(self, tmp_path: Path, env: dict | None = None, workers: int | None = 2,
                 database: str | None = None, name: str = "live-server"):
        self.directory = Path(tmp_path) / name
        self.directory.mkdir(parents=True, exist_ok=True)
        self.db_path = database or self.directory / "postlint.db"
        self.log_path = self.directory / "server.log"
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.workers = workers
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _postlint(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*postlint_command(), *args], env=self.env, capture_output=True,
                              text=True, timeout=60)

    def start(self) -> None:
        command = [*postlint_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--db", str(self.db_path)]
        if self.workers is not None:  # None: postlint serve's own default (one per usable CPU)
            command += ["--workers", str(self.workers)]
        with open(self.log_path, "ab") as log:
            # A session of its own, so stopping the server reaches its gunicorn workers too.
            self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_until_healthy()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"postlint serve exited with {self.process.returncode}:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"postlint serve did not become healthy in {START_TIMEOUT_SECONDS:.0f} s:\n"
                           f"{self.log_text()}")

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        """A ``postlint`` command against this server's database, e.g. ``cli("account", "list")``."""
        return self._postlint(*args, "--db", str(self.db_path))

    def make_token(self, role: str, name: str) -> str:
        done = self._postlint("token", "create", "--role", role, "--name", name, "--db", str(self.db_path))
        if done.returncode != 0:
            raise RuntimeError(f"postlint token create failed ({done.returncode}): {done.stderr.strip()}")
        return done.stdout.strip().splitlines()[-1]

    def revoke_token(self, name: str) -> None:
        done = self._postlint("token", "revoke", name, "--db", str(self.db_path))
        if done.returncode != 0:
            raise RuntimeError(f"postlint token revoke failed ({done.returncode}): {done.stderr.strip()}")

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def kill(self) -> None:
        """SIGKILL the server and its workers: no shutdown code runs, as in a crash."""
        if self.process and self.process.poll() is None:
            self._signal_group(signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        elif self.process:
            self._signal_group(signal.SIGKILL)  # workers can outlive a master that already exited

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def restart(self) -> None:
        """Stop (if still running) and start again on the same port and database."""
        self.stop()
        self.start()

    def wait_for_log(self, text: str, timeout: float = 15.0) -> str:
        """The log once it contains ``text``: workers write an access line just after answering."""
        deadline = time.monotonic() + timeout
        while True:
            log = self.log_text()
            if text in log or time.monotonic() > deadline:
                return log
            time.sleep(0.05)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""


@contextlib.contextmanager
def live_server(tmp_path, env: dict | None = None, workers: int | None = 2, database: str | None = None,
                name: str = "live-server"):
    server = LiveServer(tmp_path, env=env, workers=workers, database=database, name=name)
    server.start()
    try:
        yield server
    finally:
        server.stop()
