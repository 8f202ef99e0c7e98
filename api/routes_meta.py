"""Routes about the service itself: health and the OpenAPI document."""
from __future__ import annotations

from flask import Blueprint, jsonify

from .request_db import get_db
from .linting import engine
from .openapi import document

bp = Blueprint("meta", __name__)


@bp.get("/healthz")
def healthz():
    get_db().execute("SELECT 1").fetchone()
    return jsonify({"status": "ok", "rules_version": engine().rules_version})


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
