"""The Hootsuite connection's settings: where the API is, the OAuth credentials and who postlint
acts as.

Credentials come from ``POSTLINT_HOOTSUITE_CLIENT_ID``, ``…_CLIENT_SECRET`` and
``…_REFRESH_TOKEN``, or from the TOML file named by ``POSTLINT_HOOTSUITE_CREDENTIALS``
(``client_id``, ``client_secret``, ``refresh_token``); a variable that is set wins over the
file. They are never logged, and ``repr`` of the settings hides them.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field

from ..config import ConfigError, check_webhook_url

DEFAULT_API = "https://platform.hootsuite.com"
CREDENTIAL_KEYS = ("client_id", "client_secret", "refresh_token")


@dataclass(frozen=True)
class HootsuiteSettings:
    api_base: str
    client_id: str | None = field(default=None, repr=False)
    client_secret: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    principal: str | None = None  # the scheduler principal reviews are submitted as (id or name)
    profiles: dict = field(default_factory=dict)  # Hootsuite social profile id -> network:handle
    poll_seconds: float = 1.0
    retry_seconds: float = 5.0
    lease_seconds: float = 60.0
    max_attempts: int = 8

    @property
    def missing(self) -> list[str]:
        """The credentials not given, as the variables an operator sets."""
        return [f"POSTLINT_HOOTSUITE_{key.upper()}" for key in CREDENTIAL_KEYS if not getattr(self, key)]

    @property
    def enabled(self) -> bool:
        return not self.missing and bool(self.principal)


def _profiles(value: str) -> dict:
    """``"115185509=x:@NYorksPolice, 2077=facebook:NYorksPolice"`` -> a mapping."""
    mapped = {}
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        profile, sep, account = part.partition("=")
        if not sep or not profile.strip() or not account.strip():
            raise ConfigError("POSTLINT_HOOTSUITE_PROFILES: expected PROFILE_ID=network:handle, "
                              f"separated by commas, not {part[:40]!r}")
        mapped[profile.strip()] = account.strip()
    return mapped


def _credentials_file(path: str) -> dict:
    try:
        with open(os.path.expanduser(path), "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"POSTLINT_HOOTSUITE_CREDENTIALS: cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        # The parser's message names a position, never a value.
        raise ConfigError(f"POSTLINT_HOOTSUITE_CREDENTIALS: {path} is not valid TOML ({exc})") from None
    unknown = sorted(set(data) - set(CREDENTIAL_KEYS))
    if unknown:
        raise ConfigError(f"POSTLINT_HOOTSUITE_CREDENTIALS: {path} has an unknown key {unknown[0]!r}; "
                          f"expected {', '.join(CREDENTIAL_KEYS)}")
    for key, value in data.items():
        if not isinstance(value, str):
            raise ConfigError(f"POSTLINT_HOOTSUITE_CREDENTIALS: {key} in {path} must be a string")
    return data


def _positive(environ, variable: str, default: float, high: float) -> float:
    raw = (environ.get(variable) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{variable}: cannot use {raw[:40]!r}") from None
    if not 0 < value <= high:
        raise ConfigError(f"{variable}: must be more than 0 and at most {high:g}")
    return value


def load(environ=None, overrides: dict | None = None) -> HootsuiteSettings:
    """The settings from the environment; ``overrides`` (tests) are ``POSTLINT_HOOTSUITE_*`` names."""
    environ = {**(os.environ if environ is None else environ), **(overrides or {})}

    def get(name: str) -> str | None:
        value = environ.get(f"POSTLINT_HOOTSUITE_{name}")
        return value.strip() if isinstance(value, str) and value.strip() else None

    credentials = _credentials_file(get("CREDENTIALS")) if get("CREDENTIALS") else {}
    for key in CREDENTIAL_KEYS:
        credentials[key] = get(key.upper()) or credentials.get(key) or None
    api_base = (get("API") or DEFAULT_API).rstrip("/")
    try:
        check_webhook_url(api_base)
    except ConfigError:
        raise ConfigError("POSTLINT_HOOTSUITE_API: must be an https:// address "
                          "(plain http:// only to this computer)") from None
    return HootsuiteSettings(
        api_base=api_base, principal=get("PRINCIPAL"), profiles=_profiles(get("PROFILES") or ""),
        poll_seconds=_positive(environ, "POSTLINT_HOOTSUITE_POLL_SECONDS", 1.0, 3600),
        retry_seconds=_positive(environ, "POSTLINT_HOOTSUITE_RETRY_SECONDS", 5.0, 3600),
        lease_seconds=_positive(environ, "POSTLINT_HOOTSUITE_LEASE_SECONDS", 60.0, 3600),
        **credentials)
