"""The account registry over HTTP: anyone sees the accounts they may post from; admins manage them."""
from __future__ import annotations

from flask import Blueprint, g, jsonify

from . import accounts, tokens
from .auth import ALL_ROLES, require_role
from .errors import ApiError
from .jsonbody import json_object
from .linting import engine
from .request_db import get_db

bp = Blueprint("accounts", __name__, url_prefix="/v1")


@bp.get("/me")
@require_role(*ALL_ROLES)
def me():
    """Who this token is, and the accounts it may post from (the extension asks once)."""
    identity = g.identity
    return jsonify({"principal_id": identity.principal_id, "name": identity.name, "role": identity.role,
                    "accounts": _visible_accounts()})


@bp.get("/accounts")
@require_role(*ALL_ROLES)
def listing():
    return jsonify({"accounts": _visible_accounts()})


@bp.post("/accounts")
@require_role("admin")
def add():
    body = json_object({"account", "display_name", "tier", "contributors", "profile"},
                       required={"account", "display_name", "tier"})
    try:
        entry = accounts.add(get_db(), body["account"], display_name=body["display_name"], tier=body["tier"],
                             contributors=body.get("contributors"), profile=body.get("profile"),
                             known_profiles=engine().profiles)
    except accounts.AccountExists as exc:
        raise ApiError(409, "conflict", str(exc), field=exc.field) from None
    except accounts.AccountError as exc:
        raise ApiError(422, "invalid_field", str(exc), field=exc.field) from None
    response = jsonify(entry)
    response.status_code = 201
    response.headers["Location"] = f"/v1/accounts/{entry['account']}"
    return response


@bp.get("/accounts/<name>")
@require_role(*ALL_ROLES)
def show(name):
    entry = _entry(name)
    if not _may_use(entry["key"]):
        raise ApiError(404, "not_found", "no such account")
    return jsonify({**entry, "officers": _officers(entry["key"]) if g.identity.role == "admin" else None})


@bp.delete("/accounts/<name>")
@require_role("admin")
def remove(name):
    accounts.remove(get_db(), _entry(name)["key"])
    return "", 204


@bp.post("/accounts/<name>/officers")
@require_role("admin")
def grant(name):
    """Let a principal (by id) post from this account."""
    entry = _entry(name)
    principal_id = json_object({"principal_id"}, required={"principal_id"})["principal_id"]
    found = tokens.find_principal(get_db(), principal_id) if isinstance(principal_id, str) \
        and principal_id.startswith(tokens.PRINCIPAL_PREFIX) else None
    if found is None:
        raise ApiError(422, "invalid_field", "principal_id: is not an active principal", field="principal_id")
    accounts.grant(get_db(), found["id"], entry["key"])
    return jsonify({**entry, "officers": _officers(entry["key"])})


@bp.delete("/accounts/<name>/officers/<principal_id>")
@require_role("admin")
def ungrant(name, principal_id):
    entry = _entry(name)
    if not accounts.ungrant(get_db(), principal_id, entry["key"]):
        raise ApiError(404, "not_found", "that principal may not post from this account")
    return "", 204


def _entry(name) -> dict:
    try:
        entry = accounts.get(get_db(), name)
    except accounts.AccountError:
        entry = None
    if entry is None:
        raise ApiError(404, "not_found", "no such account")
    return entry


def _may_use(key: str) -> bool:
    identity = g.identity
    return identity.role not in tokens.POSTING_ROLES or key in identity.accounts


def _visible_accounts() -> list[dict]:
    identity = g.identity
    keys = identity.accounts if identity.role in tokens.POSTING_ROLES else None
    return accounts.listing(get_db(), keys)


def _officers(key: str) -> list[dict]:
    conn = get_db()
    return [{"principal_id": pid, "name": tokens.principal(conn, pid)["display_name"]}
            for pid in sorted(accounts.officers_of(conn, key))]
