"""One background thread per server process that works the Hootsuite queue.

Every worker process runs one, so the queue keeps moving if a process dies; the leases in
``queue`` keep two of them off the same row. The thread starts in each process after the fork
(``api.server``) and, in case that hook did not run, on the first request.
"""
from __future__ import annotations

import logging
import os
import threading

from ..db import connect
from .hootsuite import ExternalReviewer
from .settings import HootsuiteSettings

log = logging.getLogger("postlint.integrations")


class QueueWorker:
    def __init__(self, app, database: str, settings: HootsuiteSettings):
        self.app, self.database, self.settings = app, database, settings
        self._pid = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = False

    def ensure_running(self) -> None:
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            threading.Thread(target=self._run, name="postlint-hootsuite", daemon=True).start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    def _run(self) -> None:
        conn = connect(self.database)
        reviewer = ExternalReviewer(self.app, conn, self.settings)
        try:
            while not self._stopping:
                try:
                    if reviewer.work_once():
                        continue
                except Exception as exc:  # keep working; the queue's rows say what failed
                    log.error("hootsuite queue: %s", type(exc).__name__)
                self._wake.wait(self.settings.poll_seconds)
                self._wake.clear()
        finally:
            conn.close()
