"""A per-token sliding-window request limit, kept in the worker's memory.

Each gunicorn worker keeps its own window, so with W workers a token can make
at most W times the configured number of requests per period. That is enough
to stop a runaway script or scheduler loop, which is what the limit is for.
"""
from __future__ import annotations

import math
import threading
import time
from collections import deque


class SlidingWindowLimiter:
    def __init__(self, limit: int, period_seconds: float, clock=time.monotonic):
        self.limit = limit
        self.period = period_seconds
        self.clock = clock
        self._hits: dict[object, deque] = {}
        self._lock = threading.Lock()

    def retry_after(self, key) -> int | None:
        """Record a request for ``key``; None if allowed, else whole seconds until it would be."""
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.period:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, math.ceil(hits[0] + self.period - now))
            hits.append(now)
            self._forget_idle(now)
            return None

    def _forget_idle(self, now: float) -> None:
        # Keeps memory bounded by the active tokens, not every token ever seen.
        if len(self._hits) > 1000:
            for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.period]:
                del self._hits[key]
