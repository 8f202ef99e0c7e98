"""Settings for the API: defaults, then environment variables, then the caller's mapping.

Every setting an operator can change has one ``POSTLINT_*`` variable. A bad value
stops the service at start-up with a message naming the variable, rather than
running with a limit nobody asked for.
"""
from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

DEFAULT_DATABASE = "var/postlint.db"

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
}

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
}


def load(overrides: dict | None = None, environ=None) -> dict:
    """The effective settings: defaults < ``POSTLINT_*`` environment < ``overrides``."""
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    for variable, (key, convert) in ENVIRONMENT.items():
        raw = environ.get(variable)
        if raw is None or raw.strip() == "":
            continue
        try:
            settings[key] = convert(raw.strip())
        except ValueError:
            raise ConfigError(f"{variable}: cannot use {raw.strip()[:40]!r}") from None
    settings.update(overrides or {})
    check(settings)
    return settings


def check(settings: dict) -> None:
    parse_rate_limit(settings["RATE_LIMIT"])
    parse_rate_limit(settings["ANONYMOUS_RATE_LIMIT"], "POSTLINT_ANONYMOUS_RATE_LIMIT")
    origin_patterns(settings["CORS_ORIGINS"])
    if not 0 <= settings["RETENTION_DAYS"] <= MAX_DAYS:
        raise ConfigError(f"POSTLINT_RETENTION_DAYS: must be from 0 to {MAX_DAYS} days")
    expiry = settings["PENDING_EXPIRY_DAYS"]
    if expiry is not None and not 0 <= expiry <= MAX_DAYS:
        raise ConfigError(f"POSTLINT_PENDING_EXPIRY_DAYS: must be from 0 to {MAX_DAYS} days, or off")
    if not settings["MAX_CONTENT_LENGTH"] > 0:
        raise ConfigError("POSTLINT_MAX_BODY_BYTES: must be a positive number of bytes")
    for key, low, high in (("HEADER_TIMEOUT", 0.1, 3600), ("BODY_TIMEOUT", 0.1, 3600),
                           ("CONNECTIONS_PER_CLIENT", 1, 100_000), ("MAX_CONNECTIONS", 16, 1_000_000)):
        if not low <= settings[key] <= high:
            raise ConfigError(f"POSTLINT_{key}: must be from {low} to {high}")
    for key, variable in (("MAX_PENDING_PER_SUBMITTER", "POSTLINT_MAX_PENDING"),
                          ("MAX_PENDING_PER_ACCOUNT", "POSTLINT_MAX_PENDING_PER_ACCOUNT")):
        pending = settings[key]
        if pending is not None and pending < 1:
            raise ConfigError(f"{variable}: must be at least 1, or off")
    secret = settings["CALLBACK_SECRET"]
    if secret is not None and len(secret) < MIN_CALLBACK_SECRET_CHARS:
        raise ConfigError(f"POSTLINT_CALLBACK_SECRET: must be at least {MIN_CALLBACK_SECRET_CHARS} characters "
                          "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')")
    if not 0 < settings["CALLBACK_RETRY_SECONDS"] <= 3600:
        raise ConfigError("POSTLINT_CALLBACK_RETRY_SECONDS: must be more than 0 and at most 3600")
    if not 0 < settings["SESSION_HOURS"] <= 24 * 31:
        raise ConfigError("POSTLINT_SESSION_HOURS: must be more than 0 and at most 744 hours")
    if not 1 <= settings["DASHBOARD_POLL_SECONDS"] <= 3600:
        raise ConfigError("POSTLINT_DASHBOARD_POLL_SECONDS: must be from 1 to 3600 seconds")
    if settings["WEBHOOK_URL"]:
        check_webhook_url(settings["WEBHOOK_URL"])


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
