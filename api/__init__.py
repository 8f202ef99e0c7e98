"""HTTP API for postlint: linting, the review workflow and the comms team's dashboard.

Flask is imported only when an app is built, so ``postlint check`` (which loads
``api.cli`` for its subcommands) does not pay for it.
"""
from __future__ import annotations


def create_app(test_config: dict | None = None):
    from .app import create_app as build
    return build(test_config)
