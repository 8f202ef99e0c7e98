"""Settings for the API: defaults, then the settings file, then environment variables, then the
caller's mapping (the command line's flags, or a test's).

Every setting an operator can change has one ``POSTLINT_*`` variable and the same name in lower
case, without the prefix, in the settings file (``api.settings_file``). A bad value stops the
service at start-up with a message naming the variable, rather than running with a limit nobody
asked for; ``postlint config check`` lists every bad value at once and where each came from.
"""
from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

DEFAULT_DATABASE = "var/postlint.db"
METRICS_ACCESS = ("loopback", "token", "off")

DEFAULTS = {
    "DATABASE": DEFAULT_DATABASE,
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "BATCH_MAX_POSTS": 500,
    "NOTE_MAX_CHARS": 2000,
    "RATE_LIMIT": "600/minute",
    "ANONYMOUS_RATE_LIMIT": "120/minute",
    "RETENTION_DAYS": 30.0,
    "PENDING_EXPIRY_DAYS": 90.0,
    "PURGE_INTERVAL_SECONDS": 3600.0,
    "CORS_ORIGINS": (),
    "CALENDAR_PATH": None,
    "ENGINE": None,
    # How the server meets clients still sending their request (``api.workers``).
    "HEADER_TIMEOUT": 10.0,
    "BODY_TIMEOUT": 30.0,
    "CONNECTIONS_PER_CLIENT": 64,
    "MAX_CONNECTIONS": 4096,
    # Pending reviews one principal may have waiting, and all principals together for one account.
    "MAX_PENDING_PER_SUBMITTER": 200,
    "MAX_PENDING_PER_ACCOUNT": 1000,
    # Signs decisions sent to a review's callback_url; callbacks are refused while unset.
    "CALLBACK_SECRET": None,
    "CALLBACK_RETRY_SECONDS": 5.0,
    "CALLBACK_POLL_SECONDS": 1.0,
    "SESSION_HOURS": 12.0,
    "DASHBOARD_POLL_SECONDS": 20.0,
    "WEBHOOK_URL": None,
    "WEBHOOK_ACCOUNTS": (),
    # Only the storage backend reads this; SQLite at DATABASE when unset.
    "DATABASE_URL": None,
    # Trust X-Forwarded-For/-Proto/-Host/-Port/-Prefix from exactly one reverse proxy in front.
    "BEHIND_PROXY": False,
    # Who may read /metrics: this computer directly (not through the proxy), a scraper holding
    # METRICS_TOKEN as well, or nobody.
    "METRICS": "loopback",
    "METRICS_TOKEN": None,
    # How ``postlint serve`` listens; None workers means one per usable CPU (``api.cli``).
    "HOST": "127.0.0.1",
    "PORT": 8080,
    "WORKERS": None,
    "THREADS": 2,
    "ACCESS_LOG": False,
}

MIN_METRICS_TOKEN_CHARS = 32

MIN_CALLBACK_SECRET_CHARS = 32

MAX_DAYS = 36500

PERIOD_SECONDS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}


class ConfigError(ValueError):
    """A setting that cannot be used; the message names it."""


def _split_origins(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _days(value: str) -> float:
    return float(value)


def _count_or_off(value: str) -> int | None:
    return None if value.lower() in ("off", "none", "never") else int(value)


def _days_or_off(value: str) -> float | None:
    return None if value.lower() in ("off", "none", "never") else float(value)


def on_off(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "on", "yes", "true"):
        return True
    if lowered in ("0", "off", "no", "false"):
        return False
    raise ValueError(value)


def _metrics_access(value: str) -> str:
    if value.lower() not in METRICS_ACCESS:
        raise ValueError(value)
    return value.lower()


ENVIRONMENT = {
    "POSTLINT_DB": ("DATABASE", str),
    "POSTLINT_RATE_LIMIT": ("RATE_LIMIT", str),
    "POSTLINT_ANONYMOUS_RATE_LIMIT": ("ANONYMOUS_RATE_LIMIT", str),
    "POSTLINT_RETENTION_DAYS": ("RETENTION_DAYS", _days),
    "POSTLINT_PENDING_EXPIRY_DAYS": ("PENDING_EXPIRY_DAYS", _days_or_off),
    "POSTLINT_PURGE_INTERVAL_SECONDS": ("PURGE_INTERVAL_SECONDS", float),
    "POSTLINT_CORS_ORIGINS": ("CORS_ORIGINS", _split_origins),
    "POSTLINT_CALENDAR": ("CALENDAR_PATH", str),
    "POSTLINT_MAX_BODY_BYTES": ("MAX_CONTENT_LENGTH", int),
    "POSTLINT_HEADER_TIMEOUT": ("HEADER_TIMEOUT", float),
    "POSTLINT_BODY_TIMEOUT": ("BODY_TIMEOUT", float),
    "POSTLINT_CONNECTIONS_PER_CLIENT": ("CONNECTIONS_PER_CLIENT", int),
    "POSTLINT_MAX_CONNECTIONS": ("MAX_CONNECTIONS", int),
    "POSTLINT_MAX_PENDING": ("MAX_PENDING_PER_SUBMITTER", _count_or_off),
    "POSTLINT_MAX_PENDING_PER_ACCOUNT": ("MAX_PENDING_PER_ACCOUNT", _count_or_off),
    "POSTLINT_CALLBACK_SECRET": ("CALLBACK_SECRET", str),
    "POSTLINT_CALLBACK_RETRY_SECONDS": ("CALLBACK_RETRY_SECONDS", float),
    "POSTLINT_SESSION_HOURS": ("SESSION_HOURS", float),
    "POSTLINT_DASHBOARD_POLL_SECONDS": ("DASHBOARD_POLL_SECONDS", float),
    "POSTLINT_WEBHOOK_URL": ("WEBHOOK_URL", str),
    "POSTLINT_WEBHOOK_ACCOUNTS": ("WEBHOOK_ACCOUNTS", _split_origins),
    "POSTLINT_DATABASE_URL": ("DATABASE_URL", str),
    "POSTLINT_BEHIND_PROXY": ("BEHIND_PROXY", on_off),
    "POSTLINT_METRICS": ("METRICS", _metrics_access),
    "POSTLINT_METRICS_TOKEN": ("METRICS_TOKEN", str),
    "POSTLINT_HOST": ("HOST", str),
    "POSTLINT_PORT": ("PORT", int),
    "POSTLINT_WORKERS": ("WORKERS", int),
    "POSTLINT_THREADS": ("THREADS", int),
    "POSTLINT_ACCESS_LOG": ("ACCESS_LOG", on_off),
}
VARIABLE_OF = {key: variable for variable, (key, _) in ENVIRONMENT.items()}


def convert(variable: str, raw: str):
    """One setting's text as its value, or ConfigError naming the variable."""
    key, converter = ENVIRONMENT[variable]
    try:
        return converter(raw.strip())
    except ValueError:
        raise ConfigError(f"{variable}: cannot use {raw.strip()[:40]!r}") from None


def load(overrides: dict | None = None, environ=None, config_file=None) -> dict:
    """The effective settings: defaults < settings file < ``POSTLINT_*`` environment < ``overrides``."""
    settings, _ = resolve(overrides, environ, config_file)
    check(settings)
    return settings


def resolve(overrides: dict | None = None, environ=None, config_file=None) -> tuple[dict, dict]:
    """The settings before checking, and where each came from (``"default"``, the file's path and
    key, the variable, or ``"command line"``). A value that cannot be read raises ConfigError."""
    from . import settings_file
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    origins = {key: "default" for key in settings}
    found = settings_file.locate(environ, config_file)
    if found is not None:
        for key, (value, origin) in settings_file.read(found).items():
            settings[key], origins[key] = value, origin
    for variable, (key, _) in ENVIRONMENT.items():
        raw = environ.get(variable)
        if raw is None or raw.strip() == "":
            continue
        settings[key], origins[key] = convert(variable, raw), f"environment {variable}"
    for key, value in (overrides or {}).items():
        settings[key] = value
        origins[key] = "command line"
    return settings, origins


def check(settings: dict) -> None:
    """Raise ConfigError for the first unusable setting."""
    for each in CHECKS:
        each(settings)


def problems(settings: dict) -> list[str]:
    """Every unusable setting's message, for ``postlint config check``."""
    found = []
    for each in CHECKS:
        try:
            each(settings)
        except ConfigError as exc:
            found.append(str(exc))
    return found


def _check_rate_limits(settings):
    parse_rate_limit(settings["RATE_LIMIT"])
    parse_rate_limit(settings["ANONYMOUS_RATE_LIMIT"], "POSTLINT_ANONYMOUS_RATE_LIMIT")


def _check_origins(settings):
    origin_patterns(settings["CORS_ORIGINS"])


def _check_retention(settings):
    if not 0 <= settings["RETENTION_DAYS"] <= MAX_DAYS:
        raise ConfigError(f"POSTLINT_RETENTION_DAYS: must be from 0 to {MAX_DAYS} days")
    expiry = settings["PENDING_EXPIRY_DAYS"]
    if expiry is not None and not 0 <= expiry <= MAX_DAYS:
        raise ConfigError(f"POSTLINT_PENDING_EXPIRY_DAYS: must be from 0 to {MAX_DAYS} days, or off")


def _check_connections(settings):
    if not settings["MAX_CONTENT_LENGTH"] > 0:
        raise ConfigError("POSTLINT_MAX_BODY_BYTES: must be a positive number of bytes")
    for key, low, high in (("HEADER_TIMEOUT", 0.1, 3600), ("BODY_TIMEOUT", 0.1, 3600),
                           ("CONNECTIONS_PER_CLIENT", 1, 100_000), ("MAX_CONNECTIONS", 16, 1_000_000)):
        if not low <= settings[key] <= high:
            raise ConfigError(f"POSTLINT_{key}: must be from {low} to {high}")


def _check_pending(settings):
    for key, variable in (("MAX_PENDING_PER_SUBMITTER", "POSTLINT_MAX_PENDING"),
                          ("MAX_PENDING_PER_ACCOUNT", "POSTLINT_MAX_PENDING_PER_ACCOUNT")):
        pending = settings[key]
        if pending is not None and pending < 1:
            raise ConfigError(f"{variable}: must be at least 1, or off")


def _check_callbacks(settings):
    secret = settings["CALLBACK_SECRET"]
    if secret is not None and len(secret) < MIN_CALLBACK_SECRET_CHARS:
        raise ConfigError(f"POSTLINT_CALLBACK_SECRET: must be at least {MIN_CALLBACK_SECRET_CHARS} characters "
                          "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')")
    if not 0 < settings["CALLBACK_RETRY_SECONDS"] <= 3600:
        raise ConfigError("POSTLINT_CALLBACK_RETRY_SECONDS: must be more than 0 and at most 3600")


def _check_dashboard(settings):
    if not 0 < settings["SESSION_HOURS"] <= 24 * 31:
        raise ConfigError("POSTLINT_SESSION_HOURS: must be more than 0 and at most 744 hours")
    if not 1 <= settings["DASHBOARD_POLL_SECONDS"] <= 3600:
        raise ConfigError("POSTLINT_DASHBOARD_POLL_SECONDS: must be from 1 to 3600 seconds")


def _check_webhook(settings):
    if settings["WEBHOOK_URL"]:
        check_webhook_url(settings["WEBHOOK_URL"])


def _check_metrics(settings):
    if settings["METRICS"] not in METRICS_ACCESS:
        raise ConfigError(f"POSTLINT_METRICS: must be one of {', '.join(METRICS_ACCESS)}")
    token = settings["METRICS_TOKEN"]
    if settings["METRICS"] == "token" and not token:
        raise ConfigError("POSTLINT_METRICS: 'token' needs POSTLINT_METRICS_TOKEN, the scraper's bearer token")
    if token is not None and len(token) < MIN_METRICS_TOKEN_CHARS:
        raise ConfigError(f"POSTLINT_METRICS_TOKEN: must be at least {MIN_METRICS_TOKEN_CHARS} characters "
                          "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')")


def _check_listening(settings):
    if not isinstance(settings["PORT"], int) or not 1 <= settings["PORT"] <= 65535:
        raise ConfigError("POSTLINT_PORT: must be from 1 to 65535")
    workers = settings["WORKERS"]
    if workers is not None and not 1 <= workers <= 256:
        raise ConfigError("POSTLINT_WORKERS: must be from 1 to 256")
    if not 1 <= settings["THREADS"] <= 64:
        raise ConfigError("POSTLINT_THREADS: must be from 1 to 64")


def _check_database_url(settings):
    url = settings["DATABASE_URL"]
    if url and not url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        raise ConfigError("POSTLINT_DATABASE_URL: expected a PostgreSQL URL such as "
                          "postgresql://postlint@db.example/postlint (SQLite is the POSTLINT_DB file)")


CHECKS = (_check_rate_limits, _check_origins, _check_retention, _check_connections, _check_pending,
          _check_callbacks, _check_dashboard, _check_webhook, _check_metrics, _check_listening,
          _check_database_url)


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def check_webhook_url(url: str) -> None:
    """HTTPS, or plain HTTP to this computer (a local relay, or a test)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return
    raise ConfigError("POSTLINT_WEBHOOK_URL: must be an https:// address "
                      "(plain http:// only to this computer)")


def parse_rate_limit(value, variable: str = "POSTLINT_RATE_LIMIT") -> tuple[int, float] | None:
    """``"600/minute"`` -> ``(600, 60.0)``; ``"off"`` or ``None`` -> no limit."""
    if value is None or str(value).strip().lower() in ("", "off", "none", "0"):
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(second|minute|hour)s?\s*", str(value))
    if not match or int(match.group(1)) < 1:
        raise ConfigError(f"{variable}: expected COUNT/second|minute|hour or off, "
                          f"not {str(value)[:40]!r}")
    return int(match.group(1)), PERIOD_SECONDS[match.group(2)]


# A wildcard stands for a host name or an extension id, so it can never reach
# into a path, a user-info part or a second origin.
_WILDCARD = "[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*"


def origin_patterns(origins) -> list:
    """Exact origins stay strings; ``chrome-extension://*`` style entries become anchored patterns.

    A bare ``*`` is refused: the API is never open to every web page.
    """
    if isinstance(origins, str):
        origins = _split_origins(origins)
    patterns = []
    for origin in origins:
        origin = origin.strip().rstrip("/")
        if origin in ("*", ""):
            raise ConfigError("POSTLINT_CORS_ORIGINS: '*' is not allowed; list the origins "
                              "(chrome-extension://* allows any extension id)")
        if "://" not in origin:
            raise ConfigError(f"POSTLINT_CORS_ORIGINS: {origin[:60]!r} is not an origin "
                              "(expected scheme://host)")
        if "*" in origin:
            body = _WILDCARD.join(re.escape(part) for part in origin.split("*"))
            patterns.append(re.compile(f"{body}\\Z", re.IGNORECASE))
        else:
            patterns.append(origin)
    return patterns
