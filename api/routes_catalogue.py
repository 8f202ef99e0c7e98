"""The rules and profiles, with their policy citations, for the extension's cards and for people."""
from __future__ import annotations

from flask import Blueprint, jsonify

from . import categories, params
from .auth import ALL_ROLES, require_role
from .linting import engine

bp = Blueprint("catalogue", __name__, url_prefix="/v1")


@bp.get("/rules")
@require_role(*ALL_ROLES, query=("profile",))
def rules():
    profile = params.choice("profile", engine().profiles, default=engine().default_profile)
    return jsonify({"profile": profile, "rules_version": engine().rules_version,
                    "rules": engine().catalogue(profile)})


@bp.get("/profiles")
@require_role(*ALL_ROLES)
def profiles():
    return jsonify({"default": engine().default_profile, "rules_version": engine().rules_version,
                    "profiles": engine().profiles_catalogue()})


@bp.get("/categories")
@require_role(*ALL_ROLES)
def category_names():
    return jsonify({"categories": categories.catalogue()})
