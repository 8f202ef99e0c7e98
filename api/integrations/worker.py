"""One background thread per server process that works the Hootsuite queue.

Every worker process runs one, so the queue keeps moving if a process dies; the leases in
``queue`` keep two of them off the same row. The thread starts in each process after the fork
(``api.server``) and, in case that hook did not run, on the first request.
"""
from __future__ import annotations

import logging

from ..background import ProcessThread
from ..db import connect
from .hootsuite import ExternalReviewer
from .settings import HootsuiteSettings

log = logging.getLogger("postlint.integrations")


class QueueWorker(ProcessThread):
    name = "postlint-hootsuite"

    def __init__(self, app, database: str, settings: HootsuiteSettings):
        super().__init__()
        self.app, self.database, self.settings = app, database, settings

    def _run(self) -> None:
        conn = connect(self.database)
        reviewer = ExternalReviewer(self.app, conn, self.settings)
        try:
            while not self.stopping:
                try:
                    if reviewer.work_once():
                        continue
                except Exception as exc:  # keep working; the queue's rows say what failed
                    log.error("hootsuite queue: %s", type(exc).__name__)
                self.pause(self.settings.poll_seconds)
        finally:
            conn.close()
