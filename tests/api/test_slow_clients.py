"""Slow and idle clients against the real ``postlint serve`` (issue 14, item 1).

Every attacking socket comes from another loopback address (Linux routes all of 127.0.0.0/8 to
this host), so the per-client limits meet them as they would meet a distant attacker, while the
probing requests come from 127.0.0.1. Everything is bounded: a fixed number of sockets, a few
seconds, and every socket is closed at the end.
"""
from __future__ import annotations

import contextlib
import resource
import socket
import threading
import time

import pytest
import requests

from tests.support.live_server import live_server

pytestmark = pytest.mark.slow

SLOWLORIS_SOCKETS = 64
IDLE_CONNECTIONS = 2000
IDLE_ADDRESSES = 50  # 40 connections from each, under the per-client limit


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module", autouse=True)
def enough_file_descriptors():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = IDLE_CONNECTIONS + SLOWLORIS_SOCKETS + 512
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            pytest.fail(f"this test needs {wanted} open files; the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def connect_from(address: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((address, 0))
    sock.settimeout(10)
    sock.connect(("127.0.0.1", port))
    return sock


class Trickler:
    """Slowloris: each socket sends a request head one byte at a time and never finishes it."""

    def __init__(self, sockets, interval=0.25):
        self.sockets = sockets
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        head = b"POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        filler = b"X-Padding: " + b"a" * 4000
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.sendall(head)
        position = 0
        while not self.stopped.wait(self.interval):
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.send(filler[position % len(filler):position % len(filler) + 1])
            position += 1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(5)


def timed(call) -> tuple[float, object]:
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


def test_slowloris_and_idle_connections_do_not_stop_the_service(tmp_path):
    with live_server(tmp_path) as server:
        token = server.make_token("officer", "under-siege")
        lint = lambda: requests.post(server.base_url + "/v1/lint", headers=bearer(token),  # noqa: E731
                                     json={"text": "Officers attended a collision on the A64."}, timeout=30)
        health = lambda: requests.get(server.base_url + "/healthz", timeout=30)  # noqa: E731
        slow = [connect_from("127.0.0.2", server.port) for _ in range(SLOWLORIS_SOCKETS)]
        idle = []
        try:
            with Trickler(slow):
                for index in range(IDLE_CONNECTIONS):
                    idle.append(connect_from(f"127.0.1.{index % IDLE_ADDRESSES + 1}", server.port))
                time.sleep(1.0)  # the trickle is under way and every idle socket has been connected
                for _ in range(3):
                    seconds, answer = timed(health)
                    assert answer.status_code == 200
                    assert seconds < 1.0, f"/healthz took {seconds:.2f} s"
                    seconds, answer = timed(lint)
                    assert answer.status_code == 200
                    assert seconds < 1.0, f"a lint took {seconds:.2f} s"
        finally:
            for sock in slow + idle:
                sock.close()


def test_a_request_head_that_never_finishes_is_cut_off_with_408(tmp_path):
    with live_server(tmp_path, env={"POSTLINT_HEADER_TIMEOUT": "1"}) as server:
        slow = [connect_from("127.0.0.3", server.port) for _ in range(4)]
        try:
            with Trickler(slow, interval=0.1):
                time.sleep(2.5)
            answers = []
            for sock in slow:
                sock.settimeout(5)
                with contextlib.suppress(OSError):
                    answers.append(sock.recv(200))
            assert answers and all(a.startswith(b"HTTP/1.1 408 ") for a in answers), answers
        finally:
            for sock in slow:
                sock.close()


def test_a_body_that_trickles_in_is_cut_off_and_holds_no_thread(tmp_path):
    env = {"POSTLINT_BODY_TIMEOUT": "2", "POSTLINT_THREADS": "1"}
    with live_server(tmp_path, env=env, workers=1) as server:
        token = server.make_token("officer", "slow-body")
        slow = [connect_from("127.0.0.4", server.port) for _ in range(4)]  # 4x the only thread
        try:
            for sock in slow:
                sock.sendall(b"POST /v1/lint HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             b"Authorization: Bearer " + token.encode() + b"\r\nContent-Length: 100\r\n\r\n{")
            seconds, answer = timed(lambda: requests.post(
                server.base_url + "/v1/lint", headers=bearer(token), json={"text": "Hello"}, timeout=30))
            assert answer.status_code == 200 and seconds < 1.0
            time.sleep(2.5)
            for sock in slow:
                sock.settimeout(5)
                assert sock.recv(200).startswith(b"HTTP/1.1 408 ")
        finally:
            for sock in slow:
                sock.close()


def test_one_address_cannot_hold_more_than_its_share_of_connections(tmp_path):
    with live_server(tmp_path, env={"POSTLINT_CONNECTIONS_PER_CLIENT": "8"}, workers=1) as server:
        held = [connect_from("127.0.0.5", server.port) for _ in range(8)]
        try:
            time.sleep(0.3)
            newcomer = connect_from("127.0.0.5", server.port)
            held.append(newcomer)
            held[0].settimeout(5)
            replaced = held[0].recv(4096)  # the oldest one still sending makes room
            assert replaced.startswith(b"HTTP/1.1 408 ") and b"request_timeout" in replaced
            newcomer.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            newcomer.settimeout(5)
            assert newcomer.recv(4096).startswith(b"HTTP/1.1 200 ")
            for sock in held[1:8]:  # the others were left alone
                sock.settimeout(0.1)
                with pytest.raises(socket.timeout):
                    sock.recv(1)
        finally:
            for sock in held:
                sock.close()


def test_idle_connections_from_the_users_own_address_do_not_lock_the_user_out(tmp_path):
    """An attacker on the same host (or behind the same NAT) as the user: 500 idle connections
    from 127.0.0.1, far over the per-address cap, and the user's requests still get in."""
    with live_server(tmp_path) as server:
        idle = []
        try:
            for _ in range(500):
                idle.append(connect_from("127.0.0.1", server.port))
            time.sleep(0.5)
            for _ in range(3):
                seconds, answer = timed(lambda: requests.get(server.base_url + "/healthz", timeout=30))
                assert answer.status_code == 200 and seconds < 1.0, f"/healthz took {seconds:.2f} s"
        finally:
            for sock in idle:
                sock.close()
