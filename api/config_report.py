"""``postlint config check``: every setting in effect, where it came from, and what is wrong.

Secrets are shown only as set or unset; addresses that may carry a password have it masked.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from . import config, db, settings_file
from .storage import schema

# Shown as set or unset, never as their value, by ``postlint config check``.
SECRETS = frozenset({"CALLBACK_SECRET", "METRICS_TOKEN"})
# Addresses that may carry a password or a relay's key: shown with those parts masked.
SECRET_URLS = frozenset({"DATABASE_URL", "WEBHOOK_URL"})


def report(config_file, out) -> int:
    """Print the report; 0 when the settings are usable, 1 when not."""
    try:
        settings, origins = config.resolve(config_file=config_file)
    except config.ConfigError as exc:  # the file or a variable cannot even be read
        print(f"problem: {exc}", file=out)
        return 1
    found = settings_file.locate(os.environ, config_file)
    print(f"settings file: {found if found else 'none (defaults and POSTLINT_* variables only)'}", file=out)
    width = max(len(name) for name in settings_file.KEYS)
    for name, variable in settings_file.KEYS.items():
        key, _ = config.ENVIRONMENT[variable]
        print(f"  {name:<{width}} = {shown(key, settings[key])}   [{origins[key]}]", file=out)
    print(f"database: {_database_line(settings)}", file=out)
    found_problems = config.problems(settings)
    for extra in (_database_problem(settings), _calendar_problem(settings)):
        if extra:
            found_problems.append(extra)
    for problem in found_problems:
        print(f"problem: {problem}", file=out)
    if found_problems:
        return 1
    print("settings OK", file=out)
    return 0


def _database_problem(settings) -> str | None:
    if db.is_server(db.address_of(settings)):
        return _server_problem(db.address_of(settings))
    path = Path(settings["DATABASE"]).expanduser().resolve()
    if path.exists():
        return None if path.is_file() else f"POSTLINT_DB: {path} is not a file"
    folder = next((p for p in path.parents if p.exists()), None)
    if folder is None or not folder.is_dir():
        return f"POSTLINT_DB: no folder to create {path} in"
    if not os.access(folder, os.W_OK):
        return f"POSTLINT_DB: {path} does not exist and {folder} is not writable by this user"
    return None


def _server_problem(url: str) -> str | None:
    """Whether the database server answers and its schema is one this postlint can use."""
    try:
        conn = db.connect(url)
    except db.Error as exc:
        return f"POSTLINT_DATABASE_URL: cannot connect to {mask_url(url)}: {db.error_text(exc)}"
    try:
        version = db.schema_version(conn)
    finally:
        conn.close()
    if version not in (None, db.SCHEMA_VERSION) and version not in schema.known_revisions():
        return (f"POSTLINT_DATABASE_URL: the database's schema ({version}) is newer than this "
                f"postlint's ({db.SCHEMA_VERSION})")
    return None


def _database_line(settings) -> str:
    if db.is_server(db.address_of(settings)):
        return mask_url(db.address_of(settings))
    path = Path(settings["DATABASE"]).expanduser().resolve()
    return f"{path} ({'exists' if path.is_file() else 'created when the server first starts'})"


def _calendar_problem(settings) -> str | None:
    calendar = settings["CALENDAR_PATH"]
    if calendar and not Path(calendar).expanduser().is_file():
        return f"POSTLINT_CALENDAR: no file at {Path(calendar).expanduser().resolve()}"
    return None


def shown(key: str, value) -> str:
    """A setting as ``postlint config check`` prints it: secrets masked."""
    if value is None or value == ():
        return "(unset)"
    if key in SECRETS:
        return "******** (set)"
    if key in SECRET_URLS:
        return mask_url(str(value))
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def shown_database(address) -> str:
    """A database as postlint prints it: a file's path, or a server's URL without its password."""
    return mask_url(address) if db.is_server(address) else str(address)


def mask_url(url: str) -> str:
    """The address with any password, query and path after the host hidden."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:********@" if parts.password else (f"{parts.username}@" if parts.username else "")
    hidden = "/********" if (parts.path not in ("", "/") or parts.query) and parts.scheme.startswith("http") else parts.path
    return f"{parts.scheme}://{user}{host}{hidden}"
