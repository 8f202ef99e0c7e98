"""The API's commands for ``postlint``: ``serve``, ``token``, ``account``, ``config``, ``purge``, ``backup``,
``restore`` and ``integrations``.

``linter/cli.py`` calls ``register(subparsers)``; ``python -m api.cli`` runs the
same commands on their own.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys

from . import accounts, backup, config, db, review_store, token_import, tokens
from .command_settings import settings_for, settings_options, uses_database
from .config_report import shown_database

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
# Why these: api/server.py. Threads per worker stay fixed; workers follow the CPUs.
DEFAULT_THREADS = 2
MAX_DEFAULT_WORKERS = 16


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask), else the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _default_workers() -> int:
    """One worker per usable CPU, up to MAX_DEFAULT_WORKERS."""
    return max(1, min(MAX_DEFAULT_WORKERS, usable_cpus()))


def _on_off(value: str) -> bool:
    try:
        return config.on_off(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected on or off, not {value[:20]!r}") from None


def register(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="run the API and review dashboard with gunicorn")
    serve.add_argument("--host", default=None,
                       help=f"address to bind (env POSTLINT_HOST; default {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=None,
                       help=f"port to bind (env POSTLINT_PORT; default {DEFAULT_PORT})")
    serve.add_argument("--workers", type=int, default=None,
                       help="worker processes (env POSTLINT_WORKERS; default one per usable CPU, at most "
                            f"{MAX_DEFAULT_WORKERS})")
    serve.add_argument("--threads", type=int, default=None,
                       help=f"threads per worker (env POSTLINT_THREADS; default {DEFAULT_THREADS})")
    serve.add_argument("--access-log", dest="access_log", nargs="?", const="on", type=_on_off, metavar="on|off",
                       default=None,
                       help="log one line per request: method, path without the query string, status, "
                            "size, time; never bodies or tokens (env POSTLINT_ACCESS_LOG=on; default off)")
    settings_options(serve)
    serve.set_defaults(func=serve_command)

    token = subparsers.add_parser("token", help="create, revoke or list API tokens")
    actions = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="make a token; it is printed once, on the last line")
    who = create.add_mutually_exclusive_group(required=True)
    who.add_argument("--name", help="a new person or tool (names are unique, ignoring case and spaces)")
    who.add_argument("--principal", metavar="PR_ID", help="another token for an existing principal")
    create.add_argument("--role", choices=tokens.ROLES, help="the new principal's role (with --name)")
    create.add_argument("--account", action="append", default=[], metavar="NETWORK:HANDLE",
                        help="a registered account the principal may post from (repeat for more)")
    create.add_argument("--expires", type=_expiry, metavar="DATE|TIME",
                        help="when the token stops working: 2027-03-31 (through that day, UTC) or "
                             "2027-03-31T18:00:00Z (default: never)")
    settings_options(create)
    create.set_defaults(func=token_create_command)
    expire = actions.add_parser("expire", help="make a token (tk_...) stop working now, or at --at")
    expire.add_argument("token", metavar="TOKEN_ID")
    expire.add_argument("--at", type=_expiry, metavar="DATE|TIME", help="a later expiry instead of now")
    settings_options(expire)
    expire.set_defaults(func=token_expire_command)
    bulk = actions.add_parser("import", help="a principal and a token for each officer in a CSV file "
                                             "(columns name, role, accounts, expires); all or nothing")
    bulk.add_argument("csv_file", metavar="OFFICERS.csv")
    bulk.add_argument("--out", metavar="TOKENS.csv",
                      help="write the new tokens here, readable by the owner only (default: standard output)")
    settings_options(bulk)
    bulk.set_defaults(func=token_import_command)
    revoke = actions.add_parser("revoke", help="revoke one token (tk_...) or a principal (pr_... or name) "
                                               "with all its tokens")
    revoke.add_argument("who", metavar="TOKEN_ID|PRINCIPAL_ID|NAME")
    settings_options(revoke)
    revoke.set_defaults(func=token_revoke_command)
    listing = actions.add_parser("list", help="list working tokens: name, role, principal, token id, accounts, "
                                              "created, expires, last used (never the tokens)")
    listing.add_argument("--all", action="store_true", help="expired and revoked tokens too, with their state")
    settings_options(listing)
    listing.set_defaults(func=token_list_command)

    account = subparsers.add_parser("account", help="register the force's accounts and who posts from them")
    account_actions = account.add_subparsers(dest="account_command", required=True, metavar="ACTION")
    add = account_actions.add_parser("add", help="register an account")
    add.add_argument("account", metavar="NETWORK:HANDLE", help="e.g. x:@NYorksPolice")
    add.add_argument("--display-name", required=True)
    add.add_argument("--tier", required=True, choices=("corporate", "local", "specialist", "individual"))
    add.add_argument("--contributors", type=int, default=None, help="how many people post from it")
    add.add_argument("--profile", default=None, help="the force profile its posts are linted with")
    settings_options(add)
    add.set_defaults(func=account_add_command)
    account_list = account_actions.add_parser("list", help="the registered accounts and who may post from them")
    settings_options(account_list)
    account_list.set_defaults(func=account_list_command)
    remove = account_actions.add_parser("remove", help="forget an account and every grant to post from it")
    remove.add_argument("account", metavar="NETWORK:HANDLE")
    settings_options(remove)
    remove.set_defaults(func=account_remove_command)
    for action, helptext in (("grant", "let a principal post from an account"),
                             ("ungrant", "stop a principal posting from an account")):
        sub = account_actions.add_parser(action, help=helptext)
        sub.add_argument("account", metavar="NETWORK:HANDLE")
        sub.add_argument("principal", metavar="PRINCIPAL_ID|NAME")
        settings_options(sub)
        sub.set_defaults(func=account_grant_command, grant=action == "grant")

    settings = subparsers.add_parser("config", help="the settings in effect and what is wrong with them")
    settings_actions = settings.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    check = settings_actions.add_parser("check", help="print every setting, where it came from (secrets "
                                                      "masked) and any problem; exits 1 if there is one")
    settings_options(check, database=False)
    check.set_defaults(func=config_check_command)

    purge = subparsers.add_parser("purge", help="remove draft text past the retention period now")
    settings_options(purge)
    purge.add_argument("--days", type=float, default=None,
                       help="retention in days (default: POSTLINT_RETENTION_DAYS or 30)")
    purge.set_defaults(func=purge_command)

    saving = subparsers.add_parser("backup", help="copy the database while the service runs, and check the copy")
    saving.add_argument("destination", metavar="DEST", help="a new file, or a folder for a dated one")
    settings_options(saving)
    saving.set_defaults(func=backup_command)
    restoring = subparsers.add_parser("restore", help="check a backup and make it the database")
    restoring.add_argument("source", metavar="SRC", help="a file made by postlint backup")
    restoring.add_argument("--replace", action="store_true",
                           help="replace a database that holds data (it is backed up first); stop the service")
    settings_options(restoring)
    restoring.set_defaults(func=restore_command)

    from .integrations import cli as integrations_cli
    integrations_cli.register(subparsers)


def _expiry(text: str):
    try:
        return tokens.parse_expiry(text)
    except tokens.TokenError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _fail(command: str, message) -> int:
    print(f"postlint {command}: {message}", file=sys.stderr)
    return 1


@uses_database("token create")
def token_create_command(args) -> int:
    with db.opened(args.database) as conn:
        try:
            tokens.check_expiry(args.expires)  # before the principal is made
            keys = [accounts.key_of(name) for name in args.account]
            missing = [name for name, key in zip(args.account, keys) if accounts.get(conn, key) is None]
            if missing:
                return _fail("token create", f"{missing[0]} is not registered; add it with postlint account add")
            if args.principal:
                found = tokens.find_principal(conn, args.principal)
                if found is None:
                    return _fail("token create", f"no active principal {args.principal!r}")
                principal_id, role, name = found["id"], found["role"], found["display_name"]
            else:
                if not args.role:
                    return _fail("token create", "--role is required with --name")
                principal_id = tokens.create_principal(conn, args.role, args.name)
                role, name = args.role, tokens.display_name(args.name)
            for key in keys:
                accounts.grant(conn, principal_id, key)
            token = tokens.issue(conn, principal_id, expires_at=args.expires)
        except (tokens.TokenError, accounts.AccountError) as exc:
            return _fail("token create", exc)
        posting_from = accounts.names_of(conn, tokens.principal_accounts(conn, principal_id))
    print(f"Created a {role} token for {name!r} ({principal_id}, token {token_id(token)}). "
          "It is shown only now; keep it secret.")
    if posting_from:
        print(f"May post from: {', '.join(posting_from)}")
    if args.expires:
        print(f"It expires at {tokens.check_expiry(args.expires)}.")
    print(f"Send it as 'Authorization: Bearer <token>'; revoke it with: postlint token revoke {token_id(token)}")
    print(token)
    return 0


def token_id(token: str) -> str:
    return tokens.TOKEN_ID_PREFIX + token[len(tokens.PREFIX):].split("_", 1)[0]


@uses_database("token revoke")
def token_revoke_command(args) -> int:
    with db.opened(args.database) as conn:
        count = tokens.revoke(conn, args.who)
    if not count:
        return _fail("token revoke", f"no active token or principal {args.who!r}")
    print(f"Revoked {count} token(s) for {args.who!r}.")
    return 0


@uses_database("token list")
def token_list_command(args) -> int:
    with db.opened(args.database) as conn:
        for row in tokens.list_active(conn, with_ended=args.all):
            posting = ",".join(accounts.names_of(conn, row["accounts"])) or "-"
            state = f"\t{row['state']}" if args.all else ""
            print(f"{row['name']}\t{row['role']}\t{row['principal_id']}\t{row['token_id']}\t{posting}\t"
                  f"created {row['created_at']}\texpires {row['expires_at'] or 'never'}\t"
                  f"last used {row['last_used_at'] or 'never'}{state}")
    return 0


@uses_database("token expire")
def token_expire_command(args) -> int:
    with db.opened(args.database) as conn:
        try:
            done = tokens.expire(conn, args.token, args.at)
        except tokens.TokenError as exc:
            return _fail("token expire", exc)
    if done is None:
        return _fail("token expire", f"no working token {args.token!r} (a token id reads tk_ and 16 hex digits)")
    print(f"Token {done['token_id']} of {done['name']!r} expires at {done['expires_at']}.")
    return 0


@uses_database("token import")
def token_import_command(args) -> int:
    try:
        with open(args.csv_file, encoding="utf-8-sig", newline="") as source:
            text = source.read()
    except (OSError, UnicodeDecodeError) as exc:
        return _fail("token import", f"cannot read {args.csv_file}: {exc}")
    out = None
    if args.out:
        try:  # made before anything is issued, so the tokens always have somewhere to go
            out = os.fdopen(os.open(args.out, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "w",
                            encoding="utf-8", newline="")
        except OSError as exc:
            return _fail("token import", f"cannot create {args.out}: {exc.strerror}")
    try:
        with db.opened(args.database) as conn:
            issued = token_import.import_officers(conn, text)
    except token_import.ImportRejected as exc:
        if out is not None:
            out.close()
            os.unlink(args.out)
        for problem in exc.problems:
            print(f"postlint token import: {args.csv_file}: {problem}", file=sys.stderr)
        return _fail("token import", f"{len(exc.problems)} problem(s); nothing was imported")
    writer = csv.writer(out or sys.stdout)
    writer.writerow(["name", "role", "principal_id", "token_id", "expires", "accounts", "token"])
    for entry in issued:
        writer.writerow([entry["name"], entry["role"], entry["principal_id"], entry["token_id"],
                         entry["expires_at"] or "", " ".join(entry["accounts"]), entry["token"]])
    if out is not None:
        out.close()
    print(f"Issued {len(issued)} token(s)" + (f"; they are in {args.out}" if args.out else "") +
          ". They are shown only now; hand each to its officer privately.", file=sys.stderr)
    return 0


@uses_database("account add")
def account_add_command(args) -> int:
    from linter import load_engine
    with db.opened(args.database) as conn:
        try:
            entry = accounts.add(conn, args.account, display_name=args.display_name, tier=args.tier,
                                 contributors=args.contributors, profile=args.profile,
                                 known_profiles=load_engine().profiles if args.profile else None)
        except accounts.AccountError as exc:
            return _fail("account add", exc)
    print(f"Registered {entry['account']} ({entry['display_name']}, {entry['tier']}).")
    return 0


@uses_database("account list")
def account_list_command(args) -> int:
    with db.opened(args.database) as conn:
        for entry in accounts.listing(conn):
            officers = sorted(tokens.principal(conn, p)["display_name"] for p in accounts.officers_of(conn, entry["key"]))
            print(f"{entry['account']}\t{entry['display_name']}\t{entry['tier']}\t"
                  f"contributors {entry['contributors'] or '-'}\tprofile {entry['profile'] or '-'}\t"
                  f"officers {', '.join(officers) or '-'}")
    return 0


@uses_database("account remove")
def account_remove_command(args) -> int:
    with db.opened(args.database) as conn:
        try:
            removed = accounts.remove(conn, args.account)
        except accounts.AccountError as exc:
            return _fail("account remove", exc)
    if not removed:
        return _fail("account remove", f"{args.account} is not registered")
    print(f"Removed {args.account}.")
    return 0


@uses_database("account grant")
def account_grant_command(args) -> int:
    command = "account grant" if args.grant else "account ungrant"
    with db.opened(args.database) as conn:
        found = tokens.find_principal(conn, args.principal)
        if found is None:
            return _fail(command, f"no active principal {args.principal!r}")
        try:
            if args.grant:
                accounts.grant(conn, found["id"], args.account)
            elif not accounts.ungrant(conn, found["id"], args.account):
                return _fail(command, f"{found['display_name']} may not post from {args.account} already")
        except accounts.AccountError as exc:
            return _fail(command, exc)
    verb = "may now post" if args.grant else "may no longer post"
    print(f"{found['display_name']} ({found['id']}) {verb} from {args.account}.")
    return 0


@uses_database("purge")
def purge_command(args) -> int:
    try:
        settings, _ = settings_for(args, {"RETENTION_DAYS": args.days})
    except config.ConfigError as exc:
        print(f"postlint purge: {exc}", file=sys.stderr)
        return 2
    with db.opened(args.database) as conn:
        counts = review_store.purge(conn, retention_days=settings["RETENTION_DAYS"],
                                    pending_expiry_days=settings["PENDING_EXPIRY_DAYS"])
    print(f"Purged draft text from {counts['purged']} review(s); expired {counts['expired']} pending.")
    return 0


SERVE_FLAGS = {"host": "HOST", "port": "PORT", "workers": "WORKERS", "threads": "THREADS",
               "access_log": "ACCESS_LOG"}


def serve_settings(args) -> dict:
    """Every setting the server runs with: flags over the environment over the settings file."""
    settings, _ = settings_for(args, {key: getattr(args, flag) for flag, key in SERVE_FLAGS.items()})
    if settings["WORKERS"] is None:
        settings["WORKERS"] = _default_workers()
    return settings


@uses_database("backup")
def backup_command(args) -> int:
    try:
        made = backup.backup(args.database, args.destination)
    except backup.BackupError as exc:
        return _fail("backup", exc)
    print(f"Backed up {shown_database(args.database)} to {made['path']}: {made['reviews']} review(s), {made['tokens']} token(s), "
          f"schema version {made['schema_version']}, "
          f"{'archive checked' if db.is_server(args.database) else 'integrity ok'}.")
    return 0


@uses_database("restore")
def restore_command(args) -> int:
    try:
        done = backup.restore(args.source, args.database, replace=args.replace)
    except backup.BackupError as exc:
        return _fail("restore", exc)
    if done["previous"]:
        print(f"The database it replaced was saved as {done['previous']}.")
    print(f"Restored {args.source} to {shown_database(args.database)}: {done['reviews']} review(s), {done['tokens']} token(s), "
          f"schema version {done['schema_version']}.")
    return 0


def serve_command(args) -> int:
    from .server import run
    try:
        settings = serve_settings(args)
    except config.ConfigError as exc:
        print(f"postlint serve: {exc}", file=sys.stderr)
        return 2
    return run(settings)


def config_check_command(args) -> int:
    from .config_report import report
    return report(args.config, sys.stdout)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="postlint", description="postlint API commands")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
