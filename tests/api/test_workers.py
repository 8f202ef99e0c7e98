"""``FairThreadWorker``: a worker with every thread busy stops taking new connections, takes them
again once a thread is free, and never leaves a new client waiting for more than a moment; a
connection gets a thread only once its whole request has arrived."""
from __future__ import annotations

import os
import select
import selectors
import socket
import threading
import time
from concurrent import futures

import pytest
from gunicorn.config import Config

from api import connection_limits, workers
from api.workers import FairThreadWorker


class _Log:
    def __getattr__(self, _name):
        return lambda *args, **kwargs: None


@pytest.fixture
def make_worker(monkeypatch):
    # Long enough that a slow machine never sees the deferral run out by accident; the test of
    # the deferral sets its own.
    monkeypatch.setattr(workers, "ACCEPT_DEFER_SECONDS", 60.0)
    made = []

    def make(threads: int):
        listener = socket.create_server(("127.0.0.1", 0))
        cfg = Config()
        cfg.set("threads", threads)
        worker = FairThreadWorker(0, os.getppid(), [listener], None, 30, cfg, _Log())
        # What init_process() and run() set up, without the signal handlers and the main loop.
        worker.tpool = futures.ThreadPoolExecutor(max_workers=threads)
        worker.poller = selectors.DefaultSelector()
        worker.method_queue.init()
        worker.release = threading.Event()
        worker.handled = []

        def handle(conn):  # stands in for reading and answering a request
            worker.handled.append(conn)
            worker.release.wait(10)
            return False  # close the connection afterwards
        worker.handle = handle
        made.append((worker, listener))
        return worker
    yield make
    for worker, listener in made:
        worker.release.set()
        worker.tpool.shutdown(wait=True)
        worker.poller.close()
        worker.method_queue.close()
        listener.close()


def listening(worker) -> bool:
    return any(key.fileobj is worker.sockets[0] for key in worker.poller.get_map().values())


def connect_and_accept(worker) -> socket.socket:
    client = socket.create_connection(worker.sockets[0].getsockname())
    deadline = time.monotonic() + 5
    before = worker.nr_conns
    while worker.nr_conns == before and time.monotonic() < deadline:
        worker.accept(worker.sockets[0])
    assert worker.nr_conns == before + 1
    return client


def run_loop_once(worker, wait=0.05) -> None:
    """What the main loop does with readable connections (the listener is left alone)."""
    for key, _ in worker.poller.select(wait):
        if key.fileobj is not worker.sockets[0]:
            key.data(key.fileobj)


def send_first_bytes(worker, client, request=b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") -> None:
    """The client sends its request; the main loop reads it and queues the connection for a thread."""
    before = worker.in_hand
    client.sendall(request)
    deadline = time.monotonic() + 5
    while worker.in_hand == before and time.monotonic() < deadline:
        run_loop_once(worker)
    assert worker.in_hand == before + 1


def request(worker) -> socket.socket:
    client = connect_and_accept(worker)
    send_first_bytes(worker, client)
    return client


def finish_all(worker) -> None:
    """Let the handlers return, then run the finish callbacks as the main loop would."""
    worker.release.set()
    deadline = time.monotonic() + 5
    while worker.in_hand and time.monotonic() < deadline:
        if select.select([worker.method_queue.fileno()], [], [], 0.05)[0]:
            worker.method_queue.run_callbacks(None)
    assert worker.in_hand == 0


def test_gunicorn_has_the_hooks_the_worker_needs():
    assert workers.supported()
    assert 0 < workers.ACCEPT_DEFER_SECONDS <= 0.05  # a new client waits a moment at most


def test_a_worker_with_its_only_thread_busy_stops_listening_until_it_is_free(make_worker):
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    assert listening(worker)
    client = request(worker)
    assert worker.in_hand == 1 and not listening(worker)
    worker.set_accept_enabled(True)  # the main loop's next turn: still busy, so still not listening
    assert not listening(worker)
    client.close()  # (a graceful close waits for the client to hang up)
    finish_all(worker)
    worker.set_accept_enabled(True)
    assert listening(worker)


def test_with_two_threads_the_second_request_still_lets_it_listen_until_both_are_busy(make_worker):
    worker = make_worker(threads=2)
    worker.set_accept_enabled(True)
    clients = [request(worker)]
    assert worker.in_hand == 1 and listening(worker)
    clients.append(request(worker))
    assert worker.in_hand == 2 and not listening(worker)
    for client in clients:
        client.close()
    finish_all(worker)
    worker.set_accept_enabled(True)
    assert listening(worker)


def test_a_busy_worker_takes_only_a_connection_no_free_worker_took(make_worker, monkeypatch):
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    client = request(worker)
    monkeypatch.setattr(workers, "ACCEPT_DEFER_SECONDS", 0.02)
    waiting = socket.create_connection(worker.sockets[0].getsockname())
    worker.wait_for_and_dispatch_events(timeout=1.0)  # a main-loop turn: the client has only just come
    assert worker.nr_conns == 1 and not listening(worker)
    time.sleep(0.03)
    worker.set_accept_enabled(True)  # still busy: a busy worker never listens, so never races a free one
    assert not listening(worker)
    worker.wait_for_and_dispatch_events(timeout=1.0)  # left waiting that long: every worker is busy
    assert worker.nr_conns == 2 and len(worker.reading) == 1 and not listening(worker)
    for sock in (client, waiting):
        sock.close()
    finish_all(worker)


def test_a_stopping_worker_never_listens_again(make_worker, monkeypatch):
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    client = request(worker)
    worker.set_accept_enabled(False)  # what run() does when the worker is told to stop
    monkeypatch.setattr(workers, "ACCEPT_DEFER_SECONDS", 0.01)
    late = socket.create_connection(worker.sockets[0].getsockname())
    for _ in range(3):
        worker.wait_for_and_dispatch_events(timeout=0.02)
    assert worker.nr_conns == 1  # not even a connection left waiting
    client.close()
    finish_all(worker)
    assert not listening(worker)
    late.close()


def test_a_new_connection_gets_a_thread_only_once_it_has_sent_something(make_worker, monkeypatch):
    monkeypatch.setattr(workers, "FRESH_COUNTS_SECONDS", 0.01)
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    idle = []
    for _ in range(3):  # more silent clients than threads
        idle.append(connect_and_accept(worker))
        time.sleep(0.02)
        worker.set_accept_enabled(True)  # silent for a while: no longer counted as about to need a thread
    assert worker.in_hand == 0 and worker.handled == [] and listening(worker)
    assert len(worker.reading) == 3
    speaking = request(worker)  # served at once, not behind the silent ones
    assert len(worker.handled) == 1 and worker.handled[0].data_ready
    assert len(worker.reading) == 3
    for client in (*idle, speaking):
        client.close()
    finish_all(worker)


def test_a_connection_that_never_speaks_is_closed(make_worker, monkeypatch):
    monkeypatch.setattr(FairThreadWorker, "limits", connection_limits.ConnectionLimits(head_timeout=0.01))
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    silent = connect_and_accept(worker)
    time.sleep(0.02)
    worker.murder_pending()  # the main loop does this on every turn
    assert worker.nr_conns == 0 and not worker.reading and worker.handled == []
    assert not any(key.fileobj is not worker.sockets[0] for key in worker.poller.get_map().values())
    silent.settimeout(5)
    assert silent.recv(100).startswith(b"HTTP/1.1 408 ")  # and closed by the server
    assert silent.recv(4096) is not None
    silent.close()


def test_a_request_head_sent_in_pieces_gets_a_thread_only_when_complete(make_worker):
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    client = connect_and_accept(worker)
    for piece in (b"POST /v1/lint HTTP/1.1\r\n", b"Host: x\r\nContent-Length: 2\r\n", b"\r\n", b"{"):
        client.sendall(piece)
        time.sleep(0.02)
        run_loop_once(worker)
        assert worker.in_hand == 0 and worker.handled == []
    send_first_bytes(worker, client, b"}")  # the body's last byte: now a thread takes it
    assert worker.handled[0].prefetched.endswith(b"\r\n\r\n{}")
    client.close()
    finish_all(worker)


def test_a_chunked_body_over_the_limit_is_refused_without_a_thread(make_worker, monkeypatch):
    monkeypatch.setattr(FairThreadWorker, "limits", connection_limits.ConnectionLimits(max_body_bytes=1000))
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    client = connect_and_accept(worker)
    client.sendall(b"POST /v1/lint HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    for _ in range(3):
        client.sendall(b"200\r\n" + b" " * 0x200 + b"\r\n")
        run_loop_once(worker)
    client.settimeout(5)
    answer = client.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413 ") and b"body_too_large" in answer
    assert worker.handled == [] and worker.nr_conns == 0
    client.close()


def test_a_malformed_request_head_is_answered_400_in_json_without_a_thread(make_worker):
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    client = connect_and_accept(worker)
    client.sendall(b"GET /healthz HTTP/1.1\r\nAuthorization Bearer plt_0123456789abcdef_x\r\n\r\n")
    run_loop_once(worker)
    client.settimeout(5)
    answer = client.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400 ") and b'"bad_request"' in answer
    assert b"Content-Security-Policy: default-src 'none'" in answer and b"X-Frame-Options: DENY" in answer
    assert b"plt_" not in answer and worker.handled == []
    client.close()


def test_a_just_accepted_connection_counts_towards_the_threads(make_worker):
    worker = make_worker(threads=2)
    worker.set_accept_enabled(True)
    running = request(worker)
    assert worker.in_hand == 1 and listening(worker)
    arriving = connect_and_accept(worker)  # will want the second thread in a moment
    assert worker.in_hand == 1 and len(worker.reading) == 1 and not listening(worker)
    for client in (running, arriving):
        client.close()
    finish_all(worker)


def test_a_burst_of_connections_is_not_all_taken_by_an_idle_worker(make_worker):
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    first = connect_and_accept(worker)  # nothing received yet, nothing running
    assert worker.in_hand == 0 and not listening(worker)
    first.close()


def test_while_busy_the_main_loop_looks_again_soon(make_worker, monkeypatch):
    monkeypatch.setattr(workers, "ACCEPT_DEFER_SECONDS", 0.01)
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    client = request(worker)
    worker.set_accept_enabled(True)
    assert worker.accept_wanted and not listening(worker)
    started = time.monotonic()
    worker.wait_for_and_dispatch_events(timeout=1.0)  # run() asks for a second; nothing happens
    assert time.monotonic() - started < 0.5
    client.close()
    finish_all(worker)


def test_requests_still_arriving_cannot_hold_more_than_the_memory_cap(make_worker, monkeypatch):
    monkeypatch.setattr(workers, "MAX_BUFFERED_BYTES", 3000)
    worker = make_worker(threads=1)
    worker.set_accept_enabled(True)
    head = b"POST /v1/lint HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n"
    clients = []
    for _ in range(3):
        client = connect_and_accept(worker)
        client.sendall(head + b" " * 1000)
        clients.append(client)
        time.sleep(0.02)
        run_loop_once(worker)
    assert len(worker.reading) == 2 and worker.buffered <= 3000  # the oldest made room
    clients[0].settimeout(5)
    assert clients[0].recv(100).startswith(b"HTTP/1.1 408 ")
    assert worker.handled == []
    for client in clients:
        client.close()
