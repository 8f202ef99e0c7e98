"""Tokens over HTTP: admins issue, list, expire and revoke them (one at a time or from a CSV of
officers); anyone sees their own token's details and swaps it for a new one.

A new token is in the answer that made it and nowhere else: only its hash is stored.
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from . import accounts, token_import, tokens
from .auth import ALL_ROLES, require_role
from .errors import ApiError
from .jsonbody import json_object
from .request_db import get_db

bp = Blueprint("tokens", __name__, url_prefix="/v1")

MAX_CSV_CHARS = 200_000


def _shown(entry: dict) -> dict:
    """A token as the API shows it: its accounts as people write them, never the token."""
    return {**entry, "accounts": accounts.names_of(get_db(), entry["accounts"])}


def _expiry_field(body: dict, *, required_future: bool = True):
    value = body.get("expires_at")
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(422, "invalid_field", "expires_at: must be a date or a time, as text", field="expires_at")
    try:
        when = tokens.parse_expiry(value)
        tokens.check_expiry(when)
    except tokens.TokenError as exc:
        raise ApiError(422, "invalid_field", f"expires_at: {exc}", field="expires_at") from None
    return when


def _issued(token: str, status: int = 201):
    conn = get_db()
    row = conn.execute("SELECT id FROM tokens WHERE public_id = ?",
                       (token[len(tokens.PREFIX):].split("_", 1)[0],)).fetchone()
    response = jsonify({"token": token, **_shown(tokens.token_details(conn, row["id"]))})
    response.status_code = status
    return response


@bp.get("/tokens")
@require_role("admin", query=("all",))
def listing():
    with_ended = request.args.get("all", "0")
    if with_ended not in ("0", "1"):
        raise ApiError(422, "invalid_field", "all: must be 0 or 1", field="all")
    return jsonify({"tokens": [_shown(entry) for entry in tokens.list_active(get_db(), with_ended=with_ended == "1")]})


@bp.post("/tokens")
@require_role("admin")
def issue():
    """Another token for a principal (``principal_id``), or a new principal (``name``, ``role``)
    with the ``accounts`` it may post from."""
    body = json_object({"principal_id", "name", "role", "accounts", "expires_at"})
    expires_at = _expiry_field(body)
    names = body.get("accounts") or []
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ApiError(422, "invalid_field", "accounts: must be a list of network:handle", field="accounts")
    conn = get_db()
    for name in names:
        try:
            if accounts.get(conn, name) is None:
                raise accounts.AccountError("accounts", f"{name[:60]} is not registered")
        except accounts.AccountError as exc:
            raise ApiError(422, "invalid_field", f"accounts: {exc.message}", field="accounts") from None
    if "principal_id" in body:
        if "name" in body or "role" in body:
            raise ApiError(422, "invalid_field", "name: give principal_id or a new name and role, not both",
                           field="name")
        found = tokens.find_principal(conn, body["principal_id"]) \
            if isinstance(body["principal_id"], str) and body["principal_id"].startswith(tokens.PRINCIPAL_PREFIX) else None
        if found is None:
            raise ApiError(422, "invalid_field", "principal_id: is not an active principal", field="principal_id")
        principal_id = found["id"]
    else:
        for field in ("name", "role"):
            if not isinstance(body.get(field), str):
                raise ApiError(422, "invalid_field", f"{field}: is required (or give principal_id)", field=field)
        if body["role"] not in tokens.ROLES:
            raise ApiError(422, "invalid_field", f"role: must be one of {', '.join(tokens.ROLES)}", field="role")
        try:
            principal_id = tokens.create_principal(conn, body["role"], body["name"])
        except tokens.NameTaken as exc:
            held = f" ({exc.existing_id}; send its principal_id to give them another token)" if exc.existing_id else ""
            raise ApiError(409, "conflict", f"name: an active principal already has this name{held}",
                           field="name") from None
        except tokens.TokenError as exc:
            raise ApiError(422, "invalid_field", f"name: {exc}", field="name") from None
    for name in names:
        accounts.grant(conn, principal_id, name)
    return _issued(tokens.issue(conn, principal_id, expires_at=expires_at))


@bp.post("/tokens/import")
@require_role("admin")
def import_officers():
    body = json_object({"csv"}, required={"csv"})
    if not isinstance(body["csv"], str) or len(body["csv"]) > MAX_CSV_CHARS:
        raise ApiError(422, "invalid_field", f"csv: must be the file's text, at most {MAX_CSV_CHARS} characters",
                       field="csv")
    try:
        issued = token_import.import_officers(get_db(), body["csv"])
    except token_import.ImportRejected as exc:
        raise ApiError(422, "invalid_rows", f"{exc.problems[0]}" + (
            f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else "") + "; nothing was imported",
            field="csv", problems=[problem.as_dict() for problem in exc.problems]) from None
    response = jsonify({"issued": issued})
    response.status_code = 201
    return response


@bp.post("/tokens/<token_id>/expiry")
@require_role("admin")
def expire(token_id):
    """Set when a working token stops working: ``expires_at`` null means now."""
    body = json_object({"expires_at"}, required={"expires_at"})
    found = tokens.expire(get_db(), token_id, _expiry_field(body))
    if found is None:
        raise ApiError(404, "not_found", "no working token with that id")
    return jsonify(_shown(found))


@bp.delete("/tokens/<token_id>")
@require_role("admin")
def revoke(token_id):
    if not (token_id.startswith(tokens.TOKEN_ID_PREFIX) and tokens.revoke(get_db(), token_id)):
        raise ApiError(404, "not_found", "no working token with that id")
    return "", 204


@bp.get("/me/token")
@require_role(*ALL_ROLES)
def mine():
    """The caller's own token: when it was made, when it expires and when it was last used."""
    return jsonify(_shown(tokens.token_details(get_db(), g.identity.token_id)))


@bp.post("/me/token/rotation")
@require_role(*ALL_ROLES)
def rotate():
    """A new token for the caller, with the same principal and expiry; the one sent stops working."""
    if "Authorization" not in request.headers:
        # A dashboard session must never see a token; the extension, which keeps one, rotates it.
        raise ApiError(403, "forbidden", "rotate a token with the token itself (the extension's options "
                                         "page does), not from a dashboard sign-in")
    try:
        return _issued(tokens.rotate(get_db(), g.identity))
    except tokens.TokenError:  # revoked by a racing rotation a moment ago
        raise ApiError(401, "unauthorized", "the token is not valid, has expired or has been revoked") from None
