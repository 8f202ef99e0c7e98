"""A small client for the parts of Hootsuite's REST API (v1) postlint uses, with OAuth refresh.

Endpoints, as Hootsuite publishes them for platform.hootsuite.com:
``POST /oauth2/token`` (``grant_type=refresh_token``, client id and secret as HTTP Basic),
``GET /v1/me``, ``GET /v1/socialProfiles[/{id}]``, ``GET /v1/messages/{id}`` and
``POST /v1/messages/{id}/approve|reject`` with ``sequenceNumber`` and ``reviewerType``.
Answers come in a ``{"data": …}`` envelope and errors in ``{"errors": [{"code", "message"}]}``.

Hootsuite issues a new refresh token with each access token, so the tokens are kept in the
database (``hootsuite_oauth``), where every worker process and the CLI share them: a process
that refreshed with an old refresh token would otherwise lock the others out. The row is tied to
the configured refresh token by its hash, so an operator who pastes a new one starts afresh.
Tokens and secrets never reach a log or an exception's text.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request

from ..db import transaction
from ..timeutil import to_text, utc_now
from .settings import HootsuiteSettings

TIMEOUT_SECONDS = 5.0
# An access token this close to its expiry is refreshed first rather than sent and refused.
EXPIRY_MARGIN_SECONDS = 60


class HootsuiteError(Exception):
    """Hootsuite said no, or could not be reached. ``kind`` says what to do about it:
    ``refused`` (credentials), ``not_found``, ``conflict`` (not pending, or another sequence
    number), ``expired``, ``rate_limited`` and ``unavailable`` (try later), ``bad_request``."""

    def __init__(self, kind: str, status: int | None, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.kind, self.status, self.retry_after = kind, status, retry_after

    @property
    def transient(self) -> bool:
        return self.kind in ("rate_limited", "unavailable")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _exchange(method: str, url: str, *, headers: dict, body: bytes | None = None) -> tuple[int, dict, dict]:
    """One HTTP exchange: status, the decoded JSON body (or {}) and the headers."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status, raw, answer_headers = response.status, response.read(1_000_000), response.headers
    except urllib.error.HTTPError as exc:
        status, raw, answer_headers = exc.code, exc.read(1_000_000), exc.headers
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise HootsuiteError("unavailable", None, f"cannot reach Hootsuite ({type(exc).__name__})") from None
    try:
        decoded = json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, ValueError):
        decoded = {}
    return status, decoded if isinstance(decoded, dict) else {"data": decoded}, dict(answer_headers or {})


def _error_text(body: dict) -> str:
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message") or errors[0].get("code") or "")[:200]
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"][:100]  # OAuth errors: invalid_grant, invalid_client
    return ""


def _retry_after(headers: dict) -> float | None:
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _seed_hash(refresh_token: str) -> str:
    return hashlib.sha256(refresh_token.encode("utf-8")).hexdigest()


class TokenStore:
    """The current access token and refresh token, shared through the database."""

    def __init__(self, conn, settings: HootsuiteSettings):
        self.conn, self.settings = conn, settings
        self.seed = _seed_hash(settings.refresh_token or "")

    def _row(self):
        row = self.conn.execute("SELECT * FROM hootsuite_oauth WHERE id = 1").fetchone()
        return row if row is not None and row["seed_sha256"] == self.seed else None

    @staticmethod
    def _fresh(row) -> bool:
        return bool(row and row["access_token"] and row["access_expires_at"]
                    and row["access_expires_at"] > to_text(utc_now() + dt.timedelta(seconds=EXPIRY_MARGIN_SECONDS)))

    def access_token(self) -> str | None:
        row = self._row()
        return row["access_token"] if self._fresh(row) else None

    def refresh(self, refused: str | None = None) -> str:
        """A new access token. Under the write lock, so two processes never spend one refresh token
        twice; if another process refreshed meanwhile, its token is used instead."""
        with transaction(self.conn):
            row = self._row()
            if self._fresh(row) and row["access_token"] != refused:
                return row["access_token"]
            refresh_token = row["refresh_token"] if row else self.settings.refresh_token
            answer = self._grant(refresh_token)
            expires = utc_now() + dt.timedelta(seconds=float(answer.get("expires_in") or 3600))
            self.conn.execute(
                "INSERT INTO hootsuite_oauth (id, seed_sha256, refresh_token, access_token, access_expires_at, "
                "updated_at) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "seed_sha256 = excluded.seed_sha256, refresh_token = excluded.refresh_token, "
                "access_token = excluded.access_token, access_expires_at = excluded.access_expires_at, "
                "updated_at = excluded.updated_at",
                (self.seed, answer.get("refresh_token") or refresh_token, answer["access_token"],
                 to_text(expires), to_text(utc_now())))
        return answer["access_token"]

    def _grant(self, refresh_token: str) -> dict:
        basic = base64.b64encode(f"{self.settings.client_id}:{self.settings.client_secret}".encode()).decode()
        body = urllib.parse.urlencode({"grant_type": "refresh_token", "refresh_token": refresh_token}).encode()
        status, answer, headers = _exchange(
            "POST", self.settings.api_base + "/oauth2/token", body=body,
            headers={"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/json"})
        if status == 200 and isinstance(answer.get("access_token"), str):
            return answer
        if status == 429 or status >= 500:
            raise HootsuiteError("rate_limited" if status == 429 else "unavailable", status,
                                 f"Hootsuite's token endpoint answered {status}", _retry_after(headers))
        reason = _error_text(answer)
        if reason == "invalid_client" or status == 401:
            message = "Hootsuite refused the client id or secret (invalid_client)"
        elif reason == "invalid_grant":
            message = ("Hootsuite refused the refresh token (invalid_grant): it was revoked, has expired or "
                       "was already used; authorise the app again and set a new POSTLINT_HOOTSUITE_REFRESH_TOKEN")
        else:
            message = f"Hootsuite's token endpoint answered {status}" + (f" ({reason})" if reason else "")
        raise HootsuiteError("refused", status, message)


class HootsuiteClient:
    def __init__(self, settings: HootsuiteSettings, tokens: TokenStore):
        self.settings, self.tokens = settings, tokens

    def _call(self, method: str, path: str, payload: dict | None = None) -> dict:
        token = self.tokens.access_token() or self.tokens.refresh()
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            body = None
            if payload is not None:
                body = json.dumps(payload).encode("utf-8")
                headers["Content-Type"] = "application/json"
            status, answer, answer_headers = _exchange(method, self.settings.api_base + path,
                                                       headers=headers, body=body)
            if status == 401 and attempt == 1:
                token = self.tokens.refresh(refused=token)  # expired early or revoked: once more
                continue
            break
        if 200 <= status < 300:
            return answer
        reason = _error_text(answer)
        kind = {401: "refused", 403: "refused", 404: "not_found", 409: "conflict", 429: "rate_limited"}.get(
            status, "unavailable" if status >= 500 else "bad_request")
        if kind == "conflict" and "expired" in reason.lower():
            kind = "expired"
        text = f"Hootsuite answered {status} to {method} {path.split('?')[0]}" + (f": {reason}" if reason else "")
        raise HootsuiteError(kind, status, text, _retry_after(answer_headers))

    @staticmethod
    def _data(answer: dict):
        return answer.get("data") if isinstance(answer, dict) else None

    def me(self) -> dict:
        return self._data(self._call("GET", "/v1/me")) or {}

    def social_profiles(self) -> list[dict]:
        data = self._data(self._call("GET", "/v1/socialProfiles"))
        return [p for p in data if isinstance(p, dict)] if isinstance(data, list) else []

    def social_profile(self, profile_id: str) -> dict | None:
        try:
            data = self._data(self._call("GET", f"/v1/socialProfiles/{urllib.parse.quote(profile_id, safe='')}"))
        except HootsuiteError as exc:
            if exc.kind == "not_found":
                return None
            raise
        return data if isinstance(data, dict) else None

    def message(self, message_id: str) -> dict | None:
        """The message, or None when Hootsuite has no such message (deleted)."""
        try:
            data = self._data(self._call("GET", f"/v1/messages/{urllib.parse.quote(message_id, safe='')}"))
        except HootsuiteError as exc:
            if exc.kind == "not_found":
                return None
            raise
        if isinstance(data, list):  # the envelope holds a list of one
            data = data[0] if data else None
        return data if isinstance(data, dict) else None

    def approve(self, message_id: str, sequence_number: int) -> None:
        self._call("POST", f"/v1/messages/{urllib.parse.quote(message_id, safe='')}/approve",
                   {"sequenceNumber": sequence_number, "reviewerType": "EXTERNAL"})

    def reject(self, message_id: str, sequence_number: int, reason: str) -> None:
        self._call("POST", f"/v1/messages/{urllib.parse.quote(message_id, safe='')}/reject",
                   {"sequenceNumber": sequence_number, "reviewerType": "EXTERNAL", "reason": reason})
