"""A background thread per server process, started after the fork and woken early on demand.

The callback deliverer and the Hootsuite queue both need one: gunicorn forks its workers after the
app is built, so a thread started in the parent would not exist in them; each process starts its own
(``ensure_running``), once, from the post-fork hook or its first request.
"""
from __future__ import annotations

import os
import threading


class ProcessThread:
    """Subclasses give ``name`` and ``_run``, which should loop until ``self.stopping`` and sleep
    with ``self.pause(seconds)`` so ``wake`` and ``stop`` cut the wait short."""

    name = "postlint-background"

    def __init__(self):
        self._pid = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self.stopping = False

    def ensure_running(self) -> None:
        """Start the thread in this process if it is not running (a fork leaves it behind)."""
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            threading.Thread(target=self._run, name=self.name, daemon=True).start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """End the thread after its current round (tests; a server's threads end with it)."""
        self.stopping = True
        self._wake.set()

    def pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _run(self) -> None:
        raise NotImplementedError
