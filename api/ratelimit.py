"""Request limits shared by every worker and every instance: the requests of the last period are
kept in the service's database, so ``W`` workers (or several instances on one PostgreSQL
database) allow the limit once, not ``W`` times.

A sliding log: one row per allowed request, at most ``limit`` per key, each forgotten once it is
a period old. Counting and recording happen in one write transaction, so racing workers cannot
both take the last request. These rows are written without ``synchronous=FULL``: losing the
last moment's rows in a crash only lets a client make a few requests again. On PostgreSQL each
key's counting waits only for the same key's (``db.transaction``'s scope), not for every writer.
"""
from __future__ import annotations

import math
import time

from .db import transaction

LONGEST_PERIOD_SECONDS = 3600.0


class DatabaseLimiter:
    def __init__(self, limit: int, period_seconds: float, clock=time.time):
        self.limit = limit
        self.period = period_seconds
        self.clock = clock  # wall-clock time: every process must agree on it

    def retry_after(self, conn, key: str) -> int | None:
        """Record a request for ``key``; None if allowed, else whole seconds until it would be."""
        now = self.clock()
        with transaction(conn, scope=f"rate:{key}"):
            conn.execute("DELETE FROM rate_hits WHERE key = ? AND at <= ?", (key, now - self.period))
            count, oldest = conn.execute("SELECT count(*), min(at) FROM rate_hits WHERE key = ?",
                                         (key,)).fetchone()
            if count >= self.limit:
                return max(1, math.ceil(oldest + self.period - now))
            conn.execute("INSERT INTO rate_hits (key, at) VALUES (?, ?)", (key, now))
        return None


def forget_old(conn, now: float | None = None) -> None:
    """Drop the rows of keys that have gone quiet (each request drops only its own key's)."""
    now = time.time() if now is None else now
    with transaction(conn):
        conn.execute("DELETE FROM rate_hits WHERE at <= ?", (now - LONGEST_PERIOD_SECONDS,))
