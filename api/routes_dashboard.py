"""The review dashboard's page and its sign-in.

``POST /review/session`` takes a reviewer token from a JSON body (the page's script) or
from the form itself when the script did not load; the token is never in a URL. It
answers with the session cookie (see ``sessions``). Without script the browser is sent
back to the page, which then says the dashboard needs its script.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, make_response, redirect, render_template, request

from . import sessions, tokens
from .auth import CSRF_HEADER, REVIEW_ROLES, session_identity
from .config import LOOPBACK_HOSTS
from .errors import ApiError
from .jsonbody import json_object
from .request_db import get_db

bp = Blueprint("dashboard", __name__)


@bp.get("/review")
def page():
    signed_in = bool(request.cookies.get(sessions.COOKIE)) and _live_session() is not None
    return _page(signed_in=signed_in)


@bp.post("/review/session")
def sign_in():
    from_form = request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
    _refuse_other_sites()
    presented = (request.form.get("token", "") if from_form
                 else _token_field(json_object({"token"}, required={"token"})))
    identity = tokens.authenticate(get_db(), presented.strip())
    problem = None
    if identity is None:
        problem = (401, "unauthorized", "That token was not recognised, has expired or has been revoked.")
    elif identity.role not in REVIEW_ROLES:
        problem = (403, "forbidden", "That token cannot review drafts. Ask for a reviewer token.")
    if problem:
        status, code, message = problem
        if from_form:
            return _page(signed_in=False, sign_in_error=message), status
        raise ApiError(status, code, message)
    secret, csrf = sessions.create(get_db(), identity, current_app.config["SESSION_HOURS"])
    response = redirect("/review", code=303) if from_form else jsonify(_session_body(identity, csrf))
    # No Max-Age: a browser-session cookie, gone when the browser closes.
    response.set_cookie(sessions.COOKIE, secret, httponly=True, samesite="Strict", secure=_needs_secure(),
                        path="/")
    return response


@bp.get("/review/session")
def current():
    found = _live_session() if request.cookies.get(sessions.COOKIE) else None
    if found is None:
        raise ApiError(401, "signed_out", "sign in with your reviewer token")
    identity, csrf, expires_at = found
    return jsonify({**_session_body(identity, csrf), "expires_at": expires_at})


@bp.delete("/review/session")
def sign_out():
    if request.cookies.get(sessions.COOKIE):
        session_identity()  # checks the CSRF value, so another site cannot sign a reviewer out
        sessions.end(get_db(), request.cookies[sessions.COOKIE])
    response = make_response("", 204)
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="Strict", secure=_needs_secure())
    return response


def _page(*, signed_in: bool, sign_in_error: str | None = None) -> str:
    return render_template("review.html", signed_in=signed_in, sign_in_error=sign_in_error,
                           poll_seconds=f"{current_app.config['DASHBOARD_POLL_SECONDS']:g}")


def _session_body(identity, csrf: str) -> dict:
    return {"name": identity.name, "role": identity.role, "csrf": csrf, "csrf_header": CSRF_HEADER}


def _token_field(body: dict) -> str:
    if not isinstance(body["token"], str):
        raise ApiError(422, "invalid_field", "token: must be a string", field="token")
    return body["token"]


def _live_session():
    return sessions.lookup(get_db(), request.cookies[sessions.COOKIE])


def _needs_secure() -> bool:
    """Secure everywhere but plain HTTP on this computer, where browsers would refuse it."""
    return not (request.scheme == "http" and urlsplit(request.host_url).hostname in LOOPBACK_HOSTS)


def _refuse_other_sites() -> None:
    """A sign-in posted from another site would sign this browser in as someone else."""
    origin = request.headers.get("Origin")
    fetch_site = request.headers.get("Sec-Fetch-Site")
    # The page's no-referrer policy makes a browser send "Origin: null" with its own form;
    # Sec-Fetch-Site, which no page can set, then says whether it really was this site.
    own_origin = origin in (None, request.host_url.rstrip("/")) or (origin == "null" and fetch_site == "same-origin")
    if not own_origin or fetch_site not in (None, "same-origin", "none"):
        raise ApiError(403, "cross_site", "sign in from the dashboard page itself")
