"""The API's commands for ``postlint``: ``serve``, ``token create|revoke|list`` and ``purge``.

``linter/cli.py`` calls ``register(subparsers)``; ``python -m api.cli`` runs the
same commands on their own.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import config, db, review_store, tokens

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
# Why these: api/server.py. Threads per worker stay fixed; workers follow the CPUs.
DEFAULT_THREADS = 2
MAX_DEFAULT_WORKERS = 16


def _default_db() -> str:
    return os.environ.get("POSTLINT_DB") or config.DEFAULT_DATABASE


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask), else the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _default_workers() -> int:
    """One worker per usable CPU, up to MAX_DEFAULT_WORKERS."""
    return max(1, min(MAX_DEFAULT_WORKERS, usable_cpus()))


def _env(name: str, default: str) -> str:
    """A setting's variable, where set and not blank (as ``config.load`` treats them)."""
    value = os.environ.get(name, "")
    return value if value.strip() else default


def _on_off(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "on", "yes", "true"):
        return True
    if lowered in ("", "0", "off", "no", "false"):
        return False
    raise argparse.ArgumentTypeError(f"expected on or off (POSTLINT_ACCESS_LOG), not {value[:20]!r}")


def register(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="run the API and review dashboard with gunicorn")
    serve.add_argument("--host", default=os.environ.get("POSTLINT_HOST", DEFAULT_HOST),
                       help="address to bind (env POSTLINT_HOST; default %(default)s)")
    # String defaults go through ``type`` only when used, so a bad variable never breaks other commands.
    serve.add_argument("--port", type=int, default=os.environ.get("POSTLINT_PORT", str(DEFAULT_PORT)),
                       help="port to bind (env POSTLINT_PORT; default %(default)s)")
    serve.add_argument("--db", default=_default_db(), help="SQLite file (env POSTLINT_DB; default %(default)s)")
    serve.add_argument("--workers", type=int, default=_env("POSTLINT_WORKERS", str(_default_workers())),
                       help="worker processes (env POSTLINT_WORKERS; default %(default)s)")
    serve.add_argument("--threads", type=int, default=_env("POSTLINT_THREADS", str(DEFAULT_THREADS)),
                       help="threads per worker (env POSTLINT_THREADS; default %(default)s)")
    serve.add_argument("--access-log", dest="access_log", nargs="?", const="on", type=_on_off, metavar="on|off",
                       default=_env("POSTLINT_ACCESS_LOG", "off"),
                       help="log one line per request: method, path without the query string, status, "
                            "size, time; never bodies or tokens (env POSTLINT_ACCESS_LOG=on; default %(default)s)")
    serve.set_defaults(func=serve_command)

    token = subparsers.add_parser("token", help="create, revoke or list API tokens")
    actions = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="make a token; it is printed once, on the last line")
    create.add_argument("--role", required=True, choices=tokens.ROLES)
    create.add_argument("--name", required=True, help="the person or tool the token belongs to")
    create.add_argument("--db", default=_default_db())
    create.set_defaults(func=token_create_command)
    revoke = actions.add_parser("revoke", help="revoke every active token with this name")
    revoke.add_argument("name")
    revoke.add_argument("--db", default=_default_db())
    revoke.set_defaults(func=token_revoke_command)
    listing = actions.add_parser("list", help="list active token names and roles (never the tokens)")
    listing.add_argument("--db", default=_default_db())
    listing.set_defaults(func=token_list_command)

    purge = subparsers.add_parser("purge", help="remove draft text past the retention period now")
    purge.add_argument("--db", default=_default_db())
    purge.add_argument("--days", type=float, default=None,
                       help="retention in days (default: POSTLINT_RETENTION_DAYS or 30)")
    purge.set_defaults(func=purge_command)


def token_create_command(args) -> int:
    with db.opened(args.db) as conn:
        try:
            token = tokens.create(conn, args.role, args.name)
        except tokens.TokenError as exc:
            print(f"postlint token create: {exc}", file=sys.stderr)
            return 1
    print(f"Created a {args.role} token named {args.name!r}. It is shown only now; keep it secret.")
    print("Send it as 'Authorization: Bearer <token>'; revoke it with: postlint token revoke NAME")
    print(token)
    return 0


def token_revoke_command(args) -> int:
    with db.opened(args.db) as conn:
        count = tokens.revoke(conn, args.name)
    if not count:
        print(f"postlint token revoke: no active token named {args.name!r}", file=sys.stderr)
        return 1
    print(f"Revoked {count} token(s) named {args.name!r}.")
    return 0


def token_list_command(args) -> int:
    with db.opened(args.db) as conn:
        for row in tokens.list_active(conn):
            print(f"{row['name']}\t{row['role']}\tcreated {row['created_at']}")
    return 0


def purge_command(args) -> int:
    try:
        settings = config.load({"RETENTION_DAYS": args.days} if args.days is not None else None)
    except config.ConfigError as exc:
        print(f"postlint purge: {exc}", file=sys.stderr)
        return 2
    with db.opened(args.db) as conn:
        counts = review_store.purge(conn, retention_days=settings["RETENTION_DAYS"],
                                    pending_expiry_days=settings["PENDING_EXPIRY_DAYS"])
    print(f"Purged draft text from {counts['purged']} review(s); expired {counts['expired']} pending.")
    return 0


def serve_command(args) -> int:
    from .server import run
    return run(host=args.host, port=args.port, database=args.db, workers=args.workers, threads=args.threads,
               access_log=args.access_log)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="postlint", description="postlint API commands")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
