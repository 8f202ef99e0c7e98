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

2. A connection gets a thread only once its whole request has arrived. Gunicorn gives each
   connection to a thread, which then reads the request from the socket: a client that trickles
   its request head or body a byte at a time (slowloris) holds that thread for as long as it
   likes, and as many such clients as there are threads stop the worker. Here the main loop reads
   new and kept-alive connections itself, without blocking, and ``h11`` (a strict HTTP/1.1
   parser) says when the request is complete; only then is the connection queued for a thread,
   with the bytes already read handed to gunicorn's parser. A request whose head has not arrived
   within ``head_timeout`` seconds of connecting (or of its first byte on a kept-alive
   connection), or whose body has not within ``body_timeout`` after the head, is answered 408
   and closed. A body longer than the app allows (declared, or counted as chunks arrive) is
   answered 413 as soon as that is clear, without reading the rest or taking a thread.

3. No one client and no flood of connections can shut others out. At most
   ``connections_per_client`` connections from one address may be sending their request at once
   in a worker, and a worker holds at most ``max_connections``: past either, a new connection
   replaces the oldest one still sending its request (from that address, or from anyone), which
   is answered 408 and closed. The requests still arriving in a worker hold at most
   ``MAX_BUFFERED_BYTES`` of memory between them, the oldest again making room. And when connections
   have waited in the listen queue for ``FLOOD_SECONDS`` (thousands of idle clients connecting at
   once), a worker takes them in batches instead of one by one, so a real client queued behind
   them gets in within a moment.

Everything else (keep-alive, HTTP parsing, slow bodies, graceful shutdown) is gunicorn's own.
The worker overrides a few methods of gunicorn's ``ThreadWorker`` (as in gunicorn 27);
``supported()`` checks they are there with the expected signatures, and ``postlint serve``
falls back to plain ``gthread`` on a gunicorn without them.
"""
from __future__ import annotations

import errno
import inspect
import resource
import select
import selectors
import time
from collections import Counter
from functools import partial

import h11
from gunicorn import util as gunicorn_util
from gunicorn.workers import gthread
from gunicorn.workers.gthread import ThreadWorker

from .connection_limits import (LIMITS, NOT_HTTP, TIMED_OUT, PartialRequest, declared_length, send, too_large,
                                write_json_error)

ACCEPT_DEFER_SECONDS = 0.005
FRESH_COUNTS_SECONDS = 0.05
FLOOD_SECONDS = 0.05
SWEEP_SECONDS = 0.1
ACCEPT_BATCH = 128
# Requests still arriving are held in memory; past this much in one worker, the oldest make room.
MAX_BUFFERED_BYTES = 64 * 1024 * 1024
READ_CHUNK = 64 * 1024

WORKER_CLASS = "api.workers.FairThreadWorker"

_HOOKS = {"enqueue_req": ["self", "conn"], "finish_request": ["self", "conn", "fs"],
          "set_accept_enabled": ["self", "enabled"], "accept": ["self", "listener"],
          "murder_pending": ["self"], "wait_for_and_dispatch_events": ["self", "timeout"],
          "on_client_socket_readable": ["self", "conn", "client"], "handle": ["self", "conn"],
          "handle_request": ["self", "req", "conn"]}


def supported() -> bool:
    """Whether this gunicorn's threaded worker has what ``FairThreadWorker`` builds on."""
    try:
        found = {name: list(inspect.signature(getattr(ThreadWorker, name)).parameters) for name in _HOOKS}
        params = list(inspect.signature(gthread.TConn).parameters)
        writer = list(inspect.signature(gunicorn_util.write_error).parameters)
    except (AttributeError, TypeError, ValueError):
        return False
    return (found == _HOOKS and params == ["cfg", "sock", "client", "server"]
            and writer == ["sock", "status_int", "reason", "mesg"] and hasattr(gunicorn_util, "write_nonblock"))


class FairThreadWorker(ThreadWorker):
    """gthread that takes new connections only while a thread is free, and gives a connection a
    thread only once its request has arrived (see the module text)."""

    limits = LIMITS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the worker's main thread touches these (accepting, polling and finishing a
        # request all run there), so they need no lock.
        self.in_hand = 0  # requests handed to the thread pool and not finished yet
        self.reading: dict = {}  # connection -> PartialRequest, oldest first
        self.reading_from: Counter = Counter()  # address -> connections in ``reading``
        self.buffered = 0  # bytes held for the connections in ``reading``
        self.accept_wanted = False  # what the main loop last asked for
        self.backlog_seen: float | None = None
        self.backlog_since: float | None = None
        self.next_sweep = 0.0
        self.worker_connections = self.limits.max_connections

    def init_process(self):
        # Thousands of idle sockets are cheap in the main loop, but each is a file descriptor.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = self.limits.max_connections + 256
        if soft != resource.RLIM_INFINITY and soft < wanted:
            limit = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
        # Gunicorn's worker writes its error answers through this module function; this process
        # runs only this worker, so the replacement reaches exactly those answers.
        gunicorn_util.write_error = write_json_error
        super().init_process()

    def _full(self) -> bool:
        # A connection accepted in the last FRESH_COUNTS_SECONDS will want a thread in a moment,
        # so it counts too, or a worker would take a whole burst of connections before its first
        # request starts. One that has taken longer stops counting: it may never finish.
        young = 0
        cutoff = time.monotonic() - FRESH_COUNTS_SECONDS
        for state in reversed(self.reading.values()):  # newest last
            if state.started < cutoff:
                break
            young += 1
        return self.in_hand + young >= self.cfg.threads

    def set_accept_enabled(self, enabled):
        # The main loop asks to listen on every turn while it has room for connections, and to
        # stop when it is told to stop. A worker with no free thread does not listen. A worker at
        # its connection cap still listens while it has a connection it may replace.
        if not enabled and self.alive and self.reading:
            enabled = True
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
            return False
        sock.setblocking(False)
        address = _address(client)
        # At a limit, the new connection replaces the oldest one still sending its request, from
        # this address (its own cap) or from anyone (the worker's): a client that has just
        # connected sends its request at once, while one holding a slot that long is stalling.
        # Refusing the newcomer instead would lock out everyone sharing the address (a NAT, a
        # proxy, this host) for as long as the stalling connections are allowed to last.
        if self.reading_from[address] >= self.limits.connections_per_client:
            self._close_reading(next(c for c, state in self.reading.items() if state.address == address),
                                TIMED_OUT)
        if self.nr_conns >= self.worker_connections and self.reading:
            self._close_reading(next(iter(self.reading)), TIMED_OUT)
        self.nr_conns += 1
        conn = gthread.TConn(self.cfg, sock, client, listener.getsockname())  # non-blocking
        self._start_reading(conn, b"")
        self._stop_listening_if_full()
        return True

    def on_client_socket_readable(self, conn, client):
        # A kept-alive connection's next request is read in the main loop too.
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._start_reading(conn, b"")

    # -- reading a request without a thread ------------------------------------------------

    def _start_reading(self, conn, already: bytes) -> None:
        address = _address(conn.client)
        state = PartialRequest(address, time.monotonic(), self.limits)
        self.reading[conn] = state
        self.reading_from[address] += 1
        conn.timeout = state.head_deadline
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_reading_readable, conn))
        if already:
            self._received(conn, state, already)

    def on_reading_readable(self, conn, _sock):
        state = self.reading.get(conn)
        if state is None:
            return
        try:
            data = conn.sock.recv(READ_CHUNK)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client went away before finishing its request
            self._close_reading(conn, None)
            return
        self._received(conn, state, data)

    def _received(self, conn, state: PartialRequest, data: bytes) -> None:
        state.data += data
        self.buffered += len(data)
        while self.buffered > MAX_BUFFERED_BYTES:  # many large requests arriving slowly at once
            oldest = next(iter(self.reading))
            self._close_reading(oldest, TIMED_OUT)
            if oldest is conn:
                return
        state.parser.receive_data(data)
        try:
            while True:
                event = state.parser.next_event()
                if event is h11.NEED_DATA:
                    return
                if isinstance(event, h11.Request):
                    state.head_done = True
                    state.body_deadline = time.monotonic() + self.limits.body_timeout
                    if declared_length(event) > self.limits.max_body_bytes:
                        self._close_reading(conn, too_large(self.limits.max_body_bytes))
                        return
                    if state.parser.they_are_waiting_for_100_continue:
                        send(conn.sock, b"HTTP/1.1 100 Continue\r\n\r\n")
                        conn.continue_sent = True
                elif isinstance(event, h11.Data):
                    state.body_bytes += len(event.data)
                    if state.body_bytes > self.limits.max_body_bytes:  # chunked, or lying
                        self._close_reading(conn, too_large(self.limits.max_body_bytes))
                        return
                elif isinstance(event, h11.EndOfMessage) or event is h11.PAUSED:
                    break
                else:  # ConnectionClosed: nothing more will come
                    break
        except h11.RemoteProtocolError as exc:
            if not state.head_done:
                status = exc.error_status_hint if exc.error_status_hint in NOT_HTTP else 400
                self._close_reading(conn, NOT_HTTP[status])
                return
            # The head is complete, so gunicorn can read it at once and answer the framing error.
        self._hand_over(conn, state)

    def _forget_reading(self, conn) -> PartialRequest:
        state = self.reading.pop(conn)
        self.buffered -= len(state.data)
        self.reading_from[state.address] -= 1
        if not self.reading_from[state.address]:
            del self.reading_from[state.address]
        try:
            self.poller.unregister(conn.sock)
        except (OSError, KeyError, ValueError):
            pass
        return state

    def _hand_over(self, conn, state: PartialRequest) -> None:
        self._forget_reading(conn)
        conn.prefetched = bytes(state.data)
        conn.data_ready = True  # so the thread does not wait for data again
        self.enqueue_req(conn)

    def _close_reading(self, conn, answer: bytes | None) -> None:
        self._forget_reading(conn)
        self.nr_conns -= 1
        if answer:
            send(conn.sock, answer)
        conn.close()

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        if now < self.next_sweep:  # the main loop turns on every event; a deadline can wait a moment
            return
        self.next_sweep = now + SWEEP_SECONDS
        # A stopping worker waits for requests under way, not for clients that have sent nothing.
        expired = [conn for conn, state in self.reading.items()
                   if (state.body_deadline if state.head_done else state.head_deadline) <= now
                   or (not self.alive and not state.data)]
        for conn in expired:
            self._close_reading(conn, TIMED_OUT)

    # -- threads ----------------------------------------------------------------------------

    def handle(self, conn):
        """Runs in a worker thread: gunicorn's own handling, reading first what the main loop read."""
        prefetched = getattr(conn, "prefetched", b"")
        conn.prefetched = b""
        if prefetched:
            conn.init()
            conn.parser.unreader.unread(prefetched)
        return super().handle(conn)

    def handle_request(self, req, conn):
        if getattr(conn, "continue_sent", False):  # the main loop already told the client to go on
            conn.continue_sent = False
            req._expected_100_continue = False
        return super().handle_request(req, conn)

    def enqueue_req(self, conn):
        self.in_hand += 1
        super().enqueue_req(conn)
        self._stop_listening_if_full()

    def finish_request(self, conn, fs):
        self.in_hand -= 1
        # A client may send its next request before the answer to this one (pipelining): those
        # bytes are already in gunicorn's buffer, and must be read in the main loop like any
        # other request rather than by a thread waiting for the rest.
        read_ahead = b""
        if conn.parser is not None and not fs.cancelled() and fs.exception() is None and fs.result():
            read_ahead = conn.parser.unreader.take_buffered()
        super().finish_request(conn, fs)
        if read_ahead and conn in self.keepalived_conns:
            self.poller.unregister(conn.sock)
            self.keepalived_conns.remove(conn)
            self._start_reading(conn, read_ahead)
        # The main loop's next turn listens again if a thread is free.

    # -- the listen queue ---------------------------------------------------------------------

    def wait_for_and_dispatch_events(self, timeout):
        holding_back = self.accept_wanted and self._full()
        if holding_back:
            # Nothing may happen to wake the loop before its usual second is up; look again soon.
            timeout = min(timeout, ACCEPT_DEFER_SECONDS)
        super().wait_for_and_dispatch_events(timeout)
        if self.accept_wanted and self._full():
            self._take_left_over_connections()
        else:
            self.backlog_seen = self.backlog_since = None

    def _take_left_over_connections(self) -> None:
        """Accept connections that have waited ACCEPT_DEFER_SECONDS with no worker taking them.

        A worker with a free thread takes a new connection within microseconds, so one still
        waiting that long means every worker is busy: then this one takes it rather than leave
        the client waiting. A busy worker never races a free one for a connection, so a worker
        whose threads are stuck (a long batch) is not handed new clients while another could
        serve them. A queue that stays non-empty for FLOOD_SECONDS is a flood of connections
        (idle ones, say): then up to ACCEPT_BATCH are taken at once, so that whoever is queued
        behind them is not kept waiting.
        """
        waiting = [listener for listener in self.sockets if _readable(listener)]
        if not waiting:
            self.backlog_seen = self.backlog_since = None
            return
        now = time.monotonic()
        if self.backlog_since is None:
            self.backlog_since = now
        if self.backlog_seen is None:
            self.backlog_seen = now
        elif now - self.backlog_seen >= ACCEPT_DEFER_SECONDS:
            self.backlog_seen = None
            waiting[0].setblocking(False)
            batch = ACCEPT_BATCH if now - self.backlog_since >= FLOOD_SECONDS else 1
            for _ in range(batch):
                if not self.accept(waiting[0]):
                    break


def _address(client) -> str:
    return client[0] if isinstance(client, tuple) else str(client)


def _readable(sock) -> bool:
    try:
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return False
