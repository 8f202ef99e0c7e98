"""When the retention purge runs: at start-up, then lazily on requests at most once an interval."""
from __future__ import annotations

import logging
import threading
import time

from flask import current_app

from . import db, ratelimit, review_store
from .db import connect, is_busy

log = logging.getLogger("postlint.api")
_lock = threading.Lock()


def run(app) -> dict:
    conn = connect(app.config["DATABASE"])
    try:
        counts = review_store.purge(conn, retention_days=app.config["RETENTION_DAYS"],
                                    pending_expiry_days=app.config["PENDING_EXPIRY_DAYS"])
        ratelimit.forget_old(conn)
    finally:
        conn.close()
    app.extensions["postlint"].last_purge = time.monotonic()
    if counts["purged"]:
        log.info("retention purge: %(purged)d reviews purged, %(expired)d expired", counts)
    return counts


def run_if_due() -> None:
    app = current_app._get_current_object()
    state = app.extensions["postlint"]
    if time.monotonic() - state.last_purge < app.config["PURGE_INTERVAL_SECONDS"]:
        return
    if _lock.acquire(blocking=False):  # one thread purges; the others carry on serving
        try:
            run(app)
        except db.OperationalError as exc:
            if not is_busy(exc):
                raise
            # Another process is purging or writing at length: this request goes on, and the
            # purge is tried again after the next interval.
            app.extensions["postlint"].last_purge = time.monotonic()
            log.warning("retention purge postponed: the database is busy")
        finally:
            _lock.release()


def init_app(app) -> None:
    run(app)
    app.before_request(run_if_due)
