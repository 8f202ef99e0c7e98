"""Running the app under gunicorn, configured in code so ``postlint serve`` needs no config file."""
from __future__ import annotations

import sys

from gunicorn.app.base import BaseApplication

from . import config, db

# The path without the query string: a URL is the one place a careless client could put a token.
ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


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


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def run(*, host: str, port: int, database: str, workers: int, threads: int) -> int:
    """Build the app once in this process (rules load once, schema migrates once), then fork workers."""
    from . import create_app
    try:
        path = db.prepare(database)
        app = create_app({"DATABASE": str(path)})
    except config.ConfigError as exc:
        print(f"postlint serve: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"postlint serve: cannot open the database {database}: {exc.strerror}", file=sys.stderr)
        return 1
    address = _address(host, port)
    print(f"postlint API on http://{address}  (database {path})", flush=True)
    print(f"Review dashboard: http://{address}/review", flush=True)
    print(f"Make a token: postlint token create --role reviewer --name YOUR-NAME --db {path}", flush=True)
    _Gunicorn(app, {
        "bind": address, "workers": max(1, workers), "threads": max(1, threads),
        "worker_class": "gthread", "preload_app": True, "proc_name": "postlint",
        "accesslog": "-", "errorlog": "-", "access_log_format": ACCESS_LOG_FORMAT,
        "timeout": 60, "graceful_timeout": 10, "loglevel": "info",
        # One shared control socket under $HOME would let two services on a host step on each other.
        "control_socket_disable": True,
    }).run()
    return 0
