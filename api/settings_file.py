"""The settings file: one TOML file an operator keeps with the service, e.g.
``/etc/postlint/postlint.toml``.

Its keys are the ``POSTLINT_*`` variables in lower case without the prefix (``db``,
``rate_limit``, ``cors_origins``...), so the README's one table of settings serves both. Values
may be TOML's own types (``port = 8080``, ``behind_proxy = true``, ``cors_origins = [...]``) or
the same text the variable takes. A path in the file (``db``, ``calendar``) is relative to the
file's folder, not to wherever a command happens to run, so the server and every command find
the same database.

Which file: ``--config FILE``, else ``POSTLINT_CONFIG``, else ``/etc/postlint/postlint.toml`` if it
exists. A file that was named and is missing, unreadable, not TOML or holds a key postlint does
not know is an error naming the file and the key, never a silent fallback to defaults.
"""
from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path

from . import config

SYSTEM_FILE = Path("/etc/postlint/postlint.toml")
CONFIG_VARIABLE = "POSTLINT_CONFIG"
PATH_KEYS = frozenset({"DATABASE", "CALENDAR_PATH"})
KEYS = {variable.removeprefix("POSTLINT_").lower(): variable for variable in config.ENVIRONMENT}


def locate(environ, flag: str | os.PathLike | None = None) -> Path | None:
    """The settings file in use, or None when there is none."""
    named = flag or (environ.get(CONFIG_VARIABLE) or "").strip()
    if named:
        path = Path(named).expanduser().resolve()
        if not path.is_file():
            source = "--config" if flag else CONFIG_VARIABLE
            raise config.ConfigError(f"{source}: no settings file at {path}")
        return path
    return SYSTEM_FILE if SYSTEM_FILE.is_file() else None


def read(path: Path) -> dict:
    """``{SETTING: (value, origin)}`` for each key in the file."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise config.ConfigError(f"{path}: cannot read it ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise config.ConfigError(f"{path}: not valid TOML ({exc})") from None
    found = {}
    for name, value in data.items():
        variable = KEYS.get(name)
        if variable is None:
            close = difflib.get_close_matches(name, KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise config.ConfigError(f"{path}: unknown setting {name!r}{hint}")
        key, _ = config.ENVIRONMENT[variable]
        try:
            converted = config.convert(variable, _as_text(value))
        except config.ConfigError:
            raise config.ConfigError(f"{path}: {name}: cannot use {str(value)[:40]!r}") from None
        if key in PATH_KEYS:
            converted = str((path.parent / Path(converted).expanduser()).resolve())
        found[key] = (converted, f"file {path} ({name})")
    return found


def _as_text(value) -> str:
    """A TOML value as the text its variable would hold."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ",".join(value)
    if isinstance(value, (str, int, float)):
        return str(value)
    raise config.ConfigError(f"expected text, a number, true/false or a list of text, not {type(value).__name__}")
