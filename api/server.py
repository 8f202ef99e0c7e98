"""Running the app under gunicorn, configured in code so ``postlint serve`` needs no config file.

The defaults come from the API benchmark (``bench/api_load.py``: 16 keep-alive clients sending
``POST /v1/lint``, 2 cores, several interleaved runs of each setting):

* one worker process per usable core. Linting is CPU work and each process has one GIL, so
  more threads in fewer processes add no throughput;
* ``FairThreadWorker`` (``api.workers``). With gunicorn's own gthread one worker usually ended
  up with 14-16 of the 16 connections and the other core partly idle (p99 36-51 ms); with this
  worker most runs split them 8/8 (p99 30-37 ms, a third more requests per second). It also
  gives a new connection a thread only once it has sent something, so clients that connect and
  say nothing no longer hold threads;
* two threads per worker. One thread gave a slightly better p99 (26-28 ms in the same runs),
  but then a request waits behind whatever its worker is doing: an interactive lint behind a
  500-post batch took 258 ms (p50) with one thread and 5 ms with two. Four threads cost p99
  (more requests sharing one GIL at a time) and gain nothing;
* no access log unless asked for (``--access-log``): a line per request cost about 0.15-0.2 ms
  of server CPU, over a tenth of a request. When on it records method, path without the query
  string, status, size and time, never a body or a header. Every log line, the server's own
  error log included, has anything like a token removed (``api.logs``).

A slow client no longer holds a thread while it sends its request: the worker's main loop reads
each request before a thread gets it, within the read deadlines and per-client limits of
``api.connection_limits.ConnectionLimits`` (``POSTLINT_HEADER_TIMEOUT`` and the rest, see ``api.config``).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from gunicorn.app.base import BaseApplication

from . import config, db, integrations, logs, metrics, workers as fair_workers
from .config_report import shown_database
from .connection_limits import ConnectionLimits

# The path without the query string: a URL is the one place a careless client could put a token.
ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def worker_class() -> str:
    return fair_workers.WORKER_CLASS if fair_workers.supported() else "gthread"


def connection_limits(settings) -> ConnectionLimits:
    return ConnectionLimits(
        head_timeout=settings["HEADER_TIMEOUT"], body_timeout=settings["BODY_TIMEOUT"],
        connections_per_client=settings["CONNECTIONS_PER_CLIENT"],
        max_connections=settings["MAX_CONNECTIONS"], max_body_bytes=settings["MAX_CONTENT_LENGTH"])


def gunicorn_options(*, address: str, workers: int, threads: int, access_log: bool) -> dict:
    return {
        "bind": address, "workers": max(1, workers), "threads": max(1, threads),
        "worker_class": worker_class(), "preload_app": True, "proc_name": "postlint",
        "accesslog": "-" if access_log else None, "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT, "logger_class": logs.LOGGER_CLASS,
        "timeout": 60, "graceful_timeout": 10, "loglevel": "info",
        # One shared control socket under $HOME would let two services on a host step on each other.
        "control_socket_disable": True,
    }


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict):
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self):
        for key, value in self._options.items():
            if key in self.cfg.settings:  # newer settings are skipped on an older gunicorn
                self.cfg.set(key, value)

    def load(self):
        return self._app


def postlint_command() -> str:
    """How to run ``postlint`` from a shell: its name when it is on PATH, else its full path."""
    beside = Path(sys.executable).with_name("postlint")
    if shutil.which("postlint") == str(beside) or not beside.exists():
        return "postlint"
    return str(beside)


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def run(settings: dict) -> int:
    """Build the app once in this process (rules load once, schema migrates once), then fork workers.

    ``settings`` is the whole effective configuration (``api.cli.serve_settings``), so the app
    and the workers run with exactly what ``postlint config check`` shows.
    """
    from . import create_app
    metrics_folder = metrics.prepare_multiprocess()  # before anything counts, so every worker shares it
    database = db.address_of(settings)
    shown = shown_database(database)
    try:
        path = db.prepare(database)
        app = create_app({**settings, "DATABASE": str(path)})
    except config.ConfigError as exc:
        print(f"postlint serve: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"postlint serve: cannot open the database {shown}: {exc.strerror}", file=sys.stderr)
        return 1
    except db.Error as exc:
        print(f"postlint serve: cannot use the database {shown}: {db.error_text(exc)}", file=sys.stderr)
        return 1
    except db.SchemaTooNew as exc:
        print(f"postlint serve: {shown}: {exc}", file=sys.stderr)
        return 1
    app.extensions["postlint"].engine.warm_up()  # lazily built patterns, once, before the fork
    # Set in this process before the fork, so every worker starts with them.
    fair_workers.FairThreadWorker.limits = connection_limits(app.config)
    address = _address(settings["HOST"], settings["PORT"])
    print(f"postlint API on http://{address}  (database {shown_database(path)})",
          flush=True)
    print(f"Review dashboard: http://{address}/review", flush=True)
    # With a database server the command finds it from the same settings (POSTLINT_DATABASE_URL).
    where = "" if db.is_server(path) else f" --db {path}"
    print(f"Make a token: {postlint_command()} token create --role reviewer --name YOUR-NAME{where}", flush=True)
    options = gunicorn_options(address=address, workers=settings["WORKERS"], threads=settings["THREADS"],
                               access_log=settings["ACCESS_LOG"])
    # A dead worker's live figures (requests in flight) leave with it; its counts stay in the sum.
    options["child_exit"] = lambda server, worker: metrics.worker_gone(worker.pid)
    deliverer = app.extensions["postlint"].callbacks

    def start_background_work(_worker) -> None:
        # Each worker sends due decision callbacks and works the Hootsuite queue from its start,
        # not only once a request arrives.
        if deliverer is not None:
            deliverer.ensure_running()
        integrations.start_workers(app)
    options["post_worker_init"] = start_background_work
    try:
        _Gunicorn(app, options).run()
    finally:
        metrics.remove_multiprocess(metrics_folder)
    return 0
