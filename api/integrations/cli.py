"""``postlint integrations``: check the Hootsuite connection, and read what the integrations did.

``test hootsuite`` tries the configuration against the live API, one step at a time, and says
for each what is wrong and what to set. Secrets are never printed.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from .. import accounts, db, tokens
from ..command_settings import settings_options, uses_database
from ..config import ConfigError
from . import queue, settings as hootsuite_settings
from .hootsuite import ExternalReviewer, Unmapped, profile_account
from .hootsuite_api import HootsuiteClient, HootsuiteError, TokenStore


def register(subparsers) -> None:
    command = subparsers.add_parser("integrations", help="check the Hootsuite connection; read the integration logs")
    actions = command.add_subparsers(dest="integrations_command", required=True, metavar="ACTION")
    test = actions.add_parser("test", help="check an integration's configuration against the live API")
    test.add_argument("integration", choices=("hootsuite",))
    settings_options(test)
    test.set_defaults(func=test_command)
    log = actions.add_parser("log", help="Hootsuite events and decision callbacks, newest first")
    log.add_argument("what", choices=("events", "deliveries"))
    log.add_argument("--failing", action="store_true", help="deliveries: only those not delivered")
    log.add_argument("--limit", type=int, default=50)
    settings_options(log)
    log.set_defaults(func=log_command)


class Checks:
    def __init__(self):
        self.problems = 0

    def ok(self, text: str) -> None:
        print(f"ok       {text}")

    def problem(self, text: str) -> None:
        self.problems += 1
        print(f"PROBLEM  {text}")


@uses_database("integrations test")
def test_command(args) -> int:
    checks = Checks()
    try:
        settings = hootsuite_settings.load()
    except ConfigError as exc:
        checks.problem(str(exc))
        return 1
    print(f"Hootsuite API: {settings.api_base}")
    if settings.missing:
        checks.problem(f"credentials missing: set {', '.join(settings.missing)} "
                       "(or name a TOML file with them in POSTLINT_HOOTSUITE_CREDENTIALS)")
    else:
        checks.ok("client id, client secret and refresh token are set")
    with db.opened(args.database) as conn:
        identity = _check_principal(conn, settings, checks)
        if not settings.missing:
            _check_api(conn, settings, identity, checks)
    print("Register https://<this server>/hooks/hootsuite as the app's webhook URL in Hootsuite's developer portal.")
    if checks.problems:
        print(f"{checks.problems} problem(s): postlint cannot act as Hootsuite's reviewer until they are fixed.")
        return 1
    print("All checks passed.")
    return 0


def _check_principal(conn, settings, checks):
    if not settings.principal:
        checks.problem("POSTLINT_HOOTSUITE_PRINCIPAL is not set: make a scheduler with postlint token create "
                       "--role scheduler --name Hootsuite --account ... and set it to its name or pr_ id")
        return None
    found = tokens.find_principal(conn, settings.principal)
    if found is None:
        checks.problem(f"POSTLINT_HOOTSUITE_PRINCIPAL {settings.principal!r} is not an active principal in "
                       f"{args_db(conn)}")
        return None
    posting = accounts.names_of(conn, tokens.principal_accounts(conn, found["id"]))
    if found["role"] != "scheduler":
        checks.problem(f"{found['display_name']} ({found['id']}) is a {found['role']}; use a scheduler principal")
    elif not posting:
        checks.problem(f"{found['display_name']} ({found['id']}) may post from no account; grant them with "
                       "postlint account grant")
    else:
        checks.ok(f"reviews are submitted as {found['display_name']} ({found['id']}), "
                  f"who may post from {', '.join(posting)}")
    return tokens.Identity(0, found["display_name"], found["role"], found["id"],
                           tokens.principal_accounts(conn, found["id"]))


def args_db(conn) -> str:
    """Which database a connection is to, as the command shows it."""
    if conn.dialect == "postgresql":
        from ..config_report import mask_url
        info = conn.raw.info
        return mask_url(f"postgresql://{info.user}@{info.host}:{info.port}/{info.dbname}")
    return conn.execute("PRAGMA database_list").fetchone()["file"]


def _check_api(conn, settings, identity, checks) -> None:
    client = HootsuiteClient(settings, TokenStore(conn, settings))
    try:
        client.tokens.refresh()
        checks.ok("Hootsuite issued an access token for the refresh token")
        member = client.me()
        checks.ok(f"the token works: member {member.get('id', '?')}")
        profiles = client.social_profiles()
    except HootsuiteError as exc:
        checks.problem(str(exc))
        return
    if not profiles:
        checks.problem("the member can see no social profiles in Hootsuite")
    reviewer = ExternalReviewer(None, conn, settings, client=client)
    for profile in profiles:
        profile_id = str(profile.get("id"))
        label = f"social profile {profile_id} ({profile.get('type', '?')} {profile.get('socialNetworkUsername', '')})"
        try:
            account = reviewer.account_for(profile_id)
        except Unmapped as exc:
            guess = profile_account(profile)
            checks.problem(f"{label}: {exc}" if guess or profile_id in settings.profiles else
                           f"{label}: cannot tell its account; set POSTLINT_HOOTSUITE_PROFILES={profile_id}=network:handle")
            continue
        if identity is not None and accounts.key_of(account) not in identity.accounts:
            checks.problem(f"{label} is {account}, but {identity.name} may not post from it; "
                           f"postlint account grant {account} {identity.principal_id}")
        else:
            checks.ok(f"{label} is {account}")


@uses_database("integrations log")
def log_command(args) -> int:
    with db.opened(args.database) as conn:
        if args.what == "events":
            for row in queue.event_log(conn, args.limit):
                print(f"{row['id']}\t{row['received_at']}\tmessage {row['message_id']}\t{row['state']}\t"
                      f"{row['status']}\tattempts {row['attempts']}\t{row['outcome'] or '-'}")
        else:
            for row in queue.delivery_log(conn, args.limit, failing_only=args.failing):
                state = ("delivered " + row["delivered_at"] if row["delivered_at"] else
                         "given up " + row["given_up_at"] if row["given_up_at"] else
                         "next try " + row["next_attempt_at"])
                print(f"{row['id']}\treview {row['review_id']}\t{_origin(row['url'])}\tattempts {row['attempts']}\t"
                      f"last {row['last_outcome'] or '-'}\t{state}")
    return 0


def _origin(url: str) -> str:
    """The callback's scheme and host only: its path or query may carry the receiver's secret."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"

