"""Scheduling tools that call postlint before a post goes out: Hootsuite's external reviewer
(``hootsuite``) and the generic pre-publish webhook (``prepublish``)."""
from __future__ import annotations

import logging

from . import settings as hootsuite_settings
from .prepublish import bp as prepublish_bp
from .routes import bp as hootsuite_bp
from .worker import QueueWorker


def init_app(app, overrides: dict | None = None) -> None:
    """Register the routes, and the Hootsuite queue worker when Hootsuite is configured.

    ``overrides`` are ``POSTLINT_HOOTSUITE_*`` settings given to ``create_app`` (tests)."""
    app.register_blueprint(prepublish_bp)
    app.register_blueprint(hootsuite_bp)
    settings = hootsuite_settings.load(overrides=overrides)
    missing = settings.missing + ([] if settings.principal else ["POSTLINT_HOOTSUITE_PRINCIPAL"])
    if 0 < len(missing) < 4:  # some of it is set: say what stops it, by name only
        logging.getLogger("postlint.integrations").warning(
            "the Hootsuite integration is off until %s are set (postlint integrations test hootsuite)",
            ", ".join(missing))
    if settings.enabled:
        worker = QueueWorker(app, app.config["DATABASE"], settings)
        app.extensions["postlint.hootsuite"] = worker
        # Each worker process works the queue, including events left by a process that died.
        app.before_request(worker.ensure_running)


def start_workers(app) -> None:
    """Start this process's queue worker (gunicorn's post_worker_init)."""
    worker = app.extensions.get("postlint.hootsuite")
    if worker is not None:
        worker.ensure_running()
