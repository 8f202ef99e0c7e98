"""The Flask application factory."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import auth, config, errors, request_db, retention, security
from .callbacks import Deliverer
from .ratelimit import DatabaseLimiter


@dataclass
class State:
    """What the app shares between requests; one per worker process."""
    engine: object
    limiter: DatabaseLimiter | None  # per principal (all its tokens together)
    anonymous_limiter: DatabaseLimiter | None = None  # per address, for requests without a valid token
    last_purge: float = 0.0
    callbacks: Deliverer | None = None


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    settings = config.load(test_config)
    engine = settings.pop("ENGINE") or _load_engine(settings["CALENDAR_PATH"])
    app.config.from_mapping(settings)
    app.json.sort_keys = False  # keep "error" bodies and results in the order they are built

    limit = config.parse_rate_limit(settings["RATE_LIMIT"])
    anonymous = config.parse_rate_limit(settings["ANONYMOUS_RATE_LIMIT"])
    app.extensions["postlint"] = State(engine, DatabaseLimiter(*limit) if limit else None,
                                       DatabaseLimiter(*anonymous) if anonymous else None)

    if settings["BEHIND_PROXY"]:
        # Exactly one proxy: its own X-Forwarded-* entry is trusted, anything a client sent
        # before it is not. Without the setting the headers are ignored, as anyone can send them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1)
    errors.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    request_db.init_app(app)
    retention.init_app(app)
    if settings["CALLBACK_SECRET"]:
        state = app.extensions["postlint"]
        state.callbacks = Deliverer(app.config["DATABASE"], settings["CALLBACK_SECRET"],
                                    settings["CALLBACK_RETRY_SECONDS"], settings["CALLBACK_POLL_SECONDS"])
        # Each worker sends what is due, including deliveries left by a process that died.
        app.before_request(state.callbacks.ensure_running)

    from .routes_accounts import bp as accounts_bp
    from .routes_catalogue import bp as catalogue_bp
    from .routes_dashboard import bp as dashboard_bp
    from .routes_lint import bp as lint_bp
    from .routes_meta import bp as meta_bp
    from .routes_reviews import bp as reviews_bp
    from .routes_tokens import bp as tokens_bp
    for blueprint in (meta_bp, dashboard_bp, lint_bp, catalogue_bp, reviews_bp, accounts_bp, tokens_bp):
        app.register_blueprint(blueprint)
    from . import integrations
    integrations.init_app(app, {key: value for key, value in (test_config or {}).items()
                                if key.startswith("POSTLINT_HOOTSUITE_")})
    return app


def _load_engine(calendar_path):
    from linter import load_engine
    return load_engine(calendar_path=calendar_path)
