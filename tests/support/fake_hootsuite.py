"""A fake of Hootsuite's REST API and webhooks for the contract tests, on a loopback port.

It follows the shapes Hootsuite publishes for v1 of its REST API: ``POST /oauth2/token``
(refresh-token grant, client id and secret as HTTP Basic, a new refresh token with every
access token and the old one spent), ``GET /v1/me``, ``GET /v1/socialProfiles[/{id}]``,
``GET /v1/messages/{id}`` (``{"data": [message]}``), ``POST /v1/messages/{id}/approve`` and
``/reject`` (``sequenceNumber``, ``reviewerType``, ``reason``), errors as
``{"errors": [{"code", "message"}]}``; and webhook batches of ``{"seq_no", "type", "data"}``.

A message pending approval whose scheduled time has passed is expired, as Hootsuite's are:
it reads as ``EXPIRED_APPROVAL`` and approving or rejecting it answers 409. Tests can make
the next answers to a path fail (``fail_next``), slow every message fetch (``fetch_delay``) and
revoke the access tokens issued so far (``revoke_access_tokens``).
"""
from __future__ import annotations

import base64
import datetime as dt
import http.server
import itertools
import json
import secrets
import threading
import time
import urllib.parse

import requests

MESSAGE_EVENT = "com.hootsuite.messages.event.v1"


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeHootsuite:
    def __init__(self, client_id="postlint-app", client_secret="s3cret-client-value", access_ttl=3600):
        self.client_id, self.client_secret, self.access_ttl = client_id, client_secret, access_ttl
        self.refresh_tokens = {"rt-initial-" + secrets.token_hex(4)}
        self.initial_refresh_token = next(iter(self.refresh_tokens))
        self.access_tokens: dict[str, float] = {}
        self.messages: dict[str, dict] = {}
        self.profiles: dict[str, dict] = {}
        self.calls: list[tuple[str, str]] = []
        self.decisions: list[tuple[str, str, dict]] = []  # (message id, "approve"|"reject", body)
        self.token_grants = 0
        self.fetch_delay = 0.0
        self.failures: dict[tuple[str, str], list[tuple[int, dict]]] = {}
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    # -- the test's side ------------------------------------------------------------

    def start(self) -> "FakeHootsuite":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add_profile(self, profile_id: str, kind: str, username: str) -> None:
        self.profiles[profile_id] = {"id": profile_id, "type": kind, "socialNetworkUsername": username}

    def add_message(self, message_id: str, text: str, profile_id: str, *, state="PENDING_APPROVAL",
                    sequence=3, scheduled_in: float = 3600, media=(), reviewer="EXTERNAL") -> dict:
        message = {"id": message_id, "state": state, "text": text, "socialProfile": {"id": profile_id},
                   "scheduledSendTime": _utc(dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=scheduled_in)),
                   "sequenceNumber": sequence, "media": [{"id": m} for m in media],
                   "reviewers": [{"id": "r-1", "type": reviewer}]}
        self.messages[message_id] = message
        return message

    def fail_next(self, method: str, path: str, *answers: tuple[int, dict]) -> None:
        """The next requests to ``path`` get these ``(status, headers)`` answers first."""
        self.failures.setdefault((method, path), []).extend(answers)

    def revoke_access_tokens(self) -> None:
        with self._lock:
            self.access_tokens.clear()

    def decisions_for(self, message_id: str) -> list[tuple[str, dict]]:
        return [(kind, body) for mid, kind, body in self.decisions if mid == message_id]

    def event(self, message_id: str, state="PENDING_APPROVAL") -> dict:
        return {"seq_no": str(next(self._seq)), "type": MESSAGE_EVENT,
                "data": {"state": state, "organization": {"id": "814984"}, "message": {"id": message_id},
                         "timestamp": _utc(dt.datetime.now(dt.timezone.utc))}}

    def send_webhook(self, url: str, events: list) -> tuple[requests.Response, float]:
        """POST a batch as Hootsuite does; the answer and how long it took."""
        started = time.monotonic()
        answer = requests.post(url, json=events, timeout=30)
        return answer, time.monotonic() - started

    # -- the API's side ---------------------------------------------------------------

    def _answer(self, handler, status: int, body: dict | None = None, headers: dict | None = None) -> None:
        raw = json.dumps(body if body is not None else {}).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json;charset=utf-8")
        handler.send_header("Content-Length", str(len(raw)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        try:
            handler.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client died waiting (a test killed it): nobody to answer

    def _error(self, handler, status: int, code: int, message: str, headers=None) -> None:
        self._answer(handler, status, {"errors": [{"code": code, "message": message, "id": secrets.token_hex(8)}]},
                     headers)

    def _handle(self, handler, method: str) -> None:
        path = urllib.parse.urlsplit(handler.path).path
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        with self._lock:
            self.calls.append((method, path))
            queued = self.failures.get((method, path))
            failure = queued.pop(0) if queued else None
        if failure:
            status, headers = failure
            return self._error(handler, status, status * 10, "failure asked for by the test", headers)
        if path == "/oauth2/token" and method == "POST":
            return self._token(handler, raw)
        if not self._authorised(handler):
            return self._error(handler, 401, 4010, "Invalid or expired access token")
        parts = path.strip("/").split("/")
        if method == "GET" and parts == ["v1", "me"]:
            return self._answer(handler, 200, {"data": {"id": "21876543", "email": "comms@example.police.uk"}})
        if method == "GET" and parts == ["v1", "socialProfiles"]:
            return self._answer(handler, 200, {"data": list(self.profiles.values())})
        if method == "GET" and parts[:2] == ["v1", "socialProfiles"] and len(parts) == 3:
            profile = self.profiles.get(parts[2])
            if profile is None:
                return self._error(handler, 404, 4004, "Social profile not found")
            return self._answer(handler, 200, {"data": profile})
        if parts[:2] == ["v1", "messages"] and len(parts) in (3, 4):
            return self._message(handler, method, parts[2], parts[3] if len(parts) == 4 else None, raw)
        return self._error(handler, 404, 4004, "Not found")

    def _token(self, handler, raw: bytes) -> None:
        auth = handler.headers.get("Authorization", "")
        try:
            client, _, secret = base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
        except ValueError:
            client, secret = "", ""
        if (client, secret) != (self.client_id, self.client_secret):
            return self._answer(handler, 401, {"error": "invalid_client"})
        form = urllib.parse.parse_qs(raw.decode())
        presented = (form.get("refresh_token") or [""])[0]
        with self._lock:
            if form.get("grant_type") != ["refresh_token"] or presented not in self.refresh_tokens:
                return self._answer(handler, 400, {"error": "invalid_grant"})
            self.refresh_tokens.discard(presented)  # spent: a refresh token works once
            refresh, access = "rt-" + secrets.token_hex(8), "at-" + secrets.token_hex(8)
            self.refresh_tokens.add(refresh)
            self.access_tokens[access] = time.monotonic() + self.access_ttl
            self.token_grants += 1
        self._answer(handler, 200, {"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
                                    "expires_in": self.access_ttl, "scope": "offline"})

    def _authorised(self, handler) -> bool:
        token = handler.headers.get("Authorization", "").removeprefix("Bearer ")
        with self._lock:
            expiry = self.access_tokens.get(token)
        return expiry is not None and expiry > time.monotonic()

    def _current(self, message: dict) -> dict:
        scheduled = dt.datetime.fromisoformat(message["scheduledSendTime"].replace("Z", "+00:00"))
        if message["state"] == "PENDING_APPROVAL" and scheduled <= dt.datetime.now(dt.timezone.utc):
            message["state"] = "EXPIRED_APPROVAL"
        return message

    def _message(self, handler, method: str, message_id: str, action: str | None, raw: bytes) -> None:
        message = self.messages.get(message_id)
        if message is None or message["state"] == "DELETED":
            return self._error(handler, 404, 4004, "Message not found")
        if method == "GET" and action is None:
            time.sleep(self.fetch_delay)
            with self._lock:
                return self._answer(handler, 200, {"data": [dict(self._current(message))]})
        if method != "POST" or action not in ("approve", "reject"):
            return self._error(handler, 404, 4004, "Not found")
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._error(handler, 400, 4000, "Invalid JSON")
        if not isinstance(body.get("sequenceNumber"), int) or (action == "reject" and not body.get("reason")):
            return self._error(handler, 400, 4000, "sequenceNumber is required" if action == "approve"
                               else "sequenceNumber and reason are required")
        with self._lock:
            self._current(message)
            if message["state"] == "EXPIRED_APPROVAL":
                return self._error(handler, 409, 4090, "Message approval expired: the scheduled send time passed")
            if message["state"] != "PENDING_APPROVAL" or body["sequenceNumber"] != message["sequenceNumber"]:
                return self._error(handler, 409, 4091, "Message is not pending approval at this sequence number")
            message["state"] = "SCHEDULED" if action == "approve" else "REJECTED"
            self.decisions.append((message_id, action, body))
        self._answer(handler, 200, {"data": {}})
