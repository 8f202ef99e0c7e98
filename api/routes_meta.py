"""Routes about the service itself: health, Prometheus figures and the OpenAPI document."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from . import metrics
from .errors import ApiError
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


@bp.get("/metrics")
def prometheus_metrics():
    allowed = metrics.may_read(current_app.config, request.environ, request.headers)
    if allowed is None:
        raise ApiError(404, "not_found", "no such route")
    if not allowed:
        raise ApiError(403, "forbidden", "metrics are for a scraper on this computer or one holding "
                                         "POSTLINT_METRICS_TOKEN")
    body, content_type = metrics.render(get_db())
    return Response(body, content_type=content_type)
