"""The rules and profiles, with their policy citations, for the extension's cards and for people."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from .auth import ALL_ROLES, require_role
from .errors import ApiError
from .linting import engine

bp = Blueprint("catalogue", __name__, url_prefix="/v1")


@bp.get("/rules")
@require_role(*ALL_ROLES)
def rules():
    profile = request.args.get("profile") or engine().default_profile
    if profile not in engine().profiles:
        raise ApiError(422, "invalid_field", f"profile: unknown profile; known: {', '.join(sorted(engine().profiles))}",
                       field="profile")
    return jsonify({"profile": profile, "rules_version": engine().rules_version,
                    "rules": engine().catalogue(profile)})


@bp.get("/profiles")
@require_role(*ALL_ROLES)
def profiles():
    return jsonify({"default": engine().default_profile, "rules_version": engine().rules_version,
                    "profiles": engine().profiles_catalogue()})
