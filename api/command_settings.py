"""How a ``postlint`` command finds its settings and its database: the same settings file and
variables as the server (``api.config``), with its own flags on top, and never a database created
where nobody asked for one.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

from . import config, db
from .config_report import shown_database


def settings_options(parser, *, database: bool = True) -> None:
    """--config (and --db) on every command, so each finds the settings the server uses."""
    parser.add_argument("--config", metavar="FILE", default=None,
                        help="settings file (env POSTLINT_CONFIG; default /etc/postlint/postlint.toml if it exists)")
    if database:
        parser.add_argument("--db", default=None, metavar="DATABASE",
                            help="SQLite file or postgresql:// URL (env POSTLINT_DB or POSTLINT_DATABASE_URL, or the "
                                 "settings file; default var/postlint.db)")


def settings_for(args, flags: dict | None = None) -> tuple[dict, dict]:
    """The effective settings for a command and where each came from; flags given win."""
    overrides = {key: value for key, value in (flags or {}).items() if value is not None}
    if getattr(args, "db", None) is not None:
        overrides["DATABASE"] = args.db
    settings, origins = config.resolve(overrides, config_file=getattr(args, "config", None))
    config.check(settings)
    return settings, origins


class NoDatabase(Exception):
    """A command was about to create a database nobody named."""


def database_for(args, command: str) -> str:
    """The database a command works on, said on stderr with where the choice came from.

    One that does not exist is created only when someone named it (a flag, a variable, the
    settings file); the built-in default is relative to the current folder, and a command run
    from the wrong folder must not quietly start an empty database there.
    """
    settings, origins = settings_for(args)
    # A --db given wins over everything, as every flag does.
    address = settings["DATABASE"] if getattr(args, "db", None) else db.address_of(settings)
    if db.is_server(address):
        origin = origins["DATABASE_URL"] if settings["DATABASE_URL"] else origins["DATABASE"]
        print(f"postlint {command}: database {shown_database(address)} ({origin})", file=sys.stderr)
        return address
    path = Path(settings["DATABASE"]).expanduser().resolve()
    origin = origins["DATABASE"]
    if origin == "default":
        origin = f"default {config.DEFAULT_DATABASE} in the current folder"
    if not path.exists():
        if origins["DATABASE"] == "default":
            raise NoDatabase(
                f"no database at {path} ({origin}). Run this where the server runs, or name the "
                "server's settings with --config FILE (or POSTLINT_CONFIG), or its database with --db")
        print(f"postlint {command}: creating a new database {path} ({origin})", file=sys.stderr)
    else:
        print(f"postlint {command}: database {path} ({origin})", file=sys.stderr)
    return str(path)


def uses_database(command: str):
    """Resolve the command's database first (``database_for``) into ``args.database``."""
    def decorate(run_command):
        @functools.wraps(run_command)
        def wrapped(args) -> int:
            try:
                args.database = database_for(args, command)
            except config.ConfigError as exc:
                print(f"postlint {command}: {exc}", file=sys.stderr)
                return 2
            except NoDatabase as exc:
                print(f"postlint {command}: {exc}", file=sys.stderr)
                return 1
            try:
                return run_command(args)
            except db.Error as exc:  # a server that is down, a wrong password: said, not a traceback
                print(f"postlint {command}: cannot use the database: {db.error_text(exc)}", file=sys.stderr)
                return 1
            except db.SchemaTooNew as exc:
                print(f"postlint {command}: {exc}", file=sys.stderr)
                return 1
        return wrapped
    return decorate
