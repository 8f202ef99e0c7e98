"""The gunicorn worker ``postlint serve`` runs: gthread, with two changes to how it takes new
connections.

1. A busy worker leaves new connections to an idle one. Gunicorn's threaded worker accepts
   every connection it is woken for and keeps it for the connection's whole keep-alive life.
   Workers race for new connections, so with keep-alive clients the split can be very uneven:
   under the API benchmark (16 keep-alive clients, 2 workers) one worker often held 12 to 15 of
   the 16 connections, its clients waiting 20-35 ms per request while the other worker's few
   waited 2-9 ms and its core partly idled. Linting is CPU work under one GIL per process, so
   the crowded worker cannot catch up by running more threads. ``FairThreadWorker`` stops
   listening while it has as many requests in hand (running or queued for its threads, or
   accepted in the last ``FRESH_COUNTS_SECONDS``) as it has threads, so the kernel hands the
   connection to a worker that can start on it. A connection left waiting for
   ``ACCEPT_DEFER_SECONDS`` means every worker is busy; then a busy worker takes it, so new
   clients still get in after a moment instead of waiting behind kept-alive ones.

2. A new connection gets a thread only once it has sent something. Gunicorn gives each new
   connection to a thread at once, and the thread waits up to 5 s for the request: a client
   that connects and sends nothing (a browser's speculative pre-connection, a stalled client)
   holds a thread that long, and as many of them as there are threads stall the worker. Here
   the main loop watches new connections alongside the kept-alive ones and queues one for a
   thread when it is readable; one that sends nothing for ``FIRST_BYTE_SECONDS`` is closed.

Everything else (keep-alive, HTTP parsing, slow bodies, graceful shutdown) is gunicorn's own.
The worker overrides a few methods of gunicorn's ``ThreadWorker`` (as in gunicorn 27);
``supported()`` checks they are there with the expected signatures, and ``postlint serve``
falls back to plain ``gthread`` on a gunicorn without them.
"""
from __future__ import annotations

import errno
import inspect
import select
import selectors
import time
from collections import deque
from functools import partial

from gunicorn.workers import gthread
from gunicorn.workers.gthread import ThreadWorker

ACCEPT_DEFER_SECONDS = 0.005
FRESH_COUNTS_SECONDS = 0.05
FIRST_BYTE_SECONDS = 5.0  # as long as gunicorn's own thread waits for a new connection's request

WORKER_CLASS = "api.workers.FairThreadWorker"

_HOOKS = {"enqueue_req": ["self", "conn"], "finish_request": ["self", "conn", "fs"],
          "set_accept_enabled": ["self", "enabled"], "accept": ["self", "listener"],
          "murder_pending": ["self"], "wait_for_and_dispatch_events": ["self", "timeout"]}


def supported() -> bool:
    """Whether this gunicorn's threaded worker has what ``FairThreadWorker`` builds on."""
    try:
        found = {name: list(inspect.signature(getattr(ThreadWorker, name)).parameters) for name in _HOOKS}
        params = list(inspect.signature(gthread.TConn).parameters)
    except (AttributeError, TypeError, ValueError):
        return False
    return found == _HOOKS and params == ["cfg", "sock", "client", "server"]


class FairThreadWorker(ThreadWorker):
    """gthread that takes new connections only while a thread is free, and gives a new
    connection a thread only once it has sent something (see the module text)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the worker's main thread touches these (accepting, polling and finishing a
        # request all run there), so they need no lock.
        self.in_hand = 0  # requests handed to the thread pool and not finished yet
        self.fresh_conns: deque = deque()  # accepted, nothing received yet; oldest first
        self.accept_wanted = False  # what the main loop last asked for
        self.backlog_seen: float | None = None

    def _full(self) -> bool:
        # A connection accepted in the last FRESH_COUNTS_SECONDS will want a thread in a moment,
        # so it counts too, or a worker would take a whole burst of connections before its first
        # request starts. One that has stayed silent longer stops counting: it may never speak.
        young = 0
        cutoff = time.monotonic() - FRESH_COUNTS_SECONDS
        for conn in reversed(self.fresh_conns):  # newest last
            if conn.accepted_at < cutoff:
                break
            young += 1
        return self.in_hand + young >= self.cfg.threads

    def set_accept_enabled(self, enabled):
        # The main loop asks to listen on every turn while it has room for connections, and to
        # stop when it is told to stop. A worker with no free thread does not listen.
        self.accept_wanted = enabled
        super().set_accept_enabled(enabled and not self._full())

    def _stop_listening_if_full(self) -> None:
        if self._full():
            super().set_accept_enabled(False)

    def accept(self, listener):
        try:
            sock, client = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = gthread.TConn(self.cfg, sock, client, listener.getsockname())  # non-blocking
        conn.accepted_at = time.monotonic()
        conn.timeout = conn.accepted_at + FIRST_BYTE_SECONDS
        self.fresh_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_fresh_readable, conn))
        self._stop_listening_if_full()

    def on_fresh_readable(self, conn, _sock):
        self.poller.unregister(conn.sock)
        self.fresh_conns.remove(conn)
        conn.data_ready = True  # so the thread does not wait for data again
        self.enqueue_req(conn)

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        while self.fresh_conns and self.fresh_conns[0].timeout <= now:
            conn = self.fresh_conns.popleft()
            try:
                self.poller.unregister(conn.sock)
            except (OSError, KeyError, ValueError):
                pass
            self.nr_conns -= 1
            conn.close()

    def enqueue_req(self, conn):
        self.in_hand += 1
        super().enqueue_req(conn)
        self._stop_listening_if_full()

    def finish_request(self, conn, fs):
        self.in_hand -= 1
        super().finish_request(conn, fs)  # may hand a kept-alive connection straight back
        # The main loop's next turn listens again if a thread is free.

    def wait_for_and_dispatch_events(self, timeout):
        holding_back = self.accept_wanted and self._full()
        if holding_back:
            # Nothing may happen to wake the loop before its usual second is up; look again soon.
            timeout = min(timeout, ACCEPT_DEFER_SECONDS)
        super().wait_for_and_dispatch_events(timeout)
        if self.accept_wanted and self._full():
            self._take_a_left_over_connection()
        else:
            self.backlog_seen = None

    def _take_a_left_over_connection(self) -> None:
        """Accept a connection that has waited ACCEPT_DEFER_SECONDS with no worker taking it.

        A worker with a free thread takes a new connection within microseconds, so one still
        waiting that long means every worker is busy: then this one takes it rather than leave
        the client waiting. A busy worker never races a free one for a connection, so a worker
        whose threads are stuck (a long batch, a client sending its request very slowly) is not
        handed new clients while another could serve them.
        """
        waiting = [listener for listener in self.sockets if _readable(listener)]
        if not waiting:
            self.backlog_seen = None
            return
        now = time.monotonic()
        if self.backlog_seen is None:
            self.backlog_seen = now
        elif now - self.backlog_seen >= ACCEPT_DEFER_SECONDS:
            self.backlog_seen = None
            waiting[0].setblocking(False)
            self.accept(waiting[0])


def _readable(sock) -> bool:
    try:
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return False
