"""The post in its context: which account it goes out from, when, and what an approval binds.

A post may name its ``account`` (``network:handle``). The registry then supplies the
tier, contributors and profile; a caller's own value that disagrees is refused, so a
token cannot turn a local account's appeal into a corporate one by saying so. Officers
and schedulers whose principal lists accounts may post only from those.

An approval is for what the reviewer saw: the text and attachments (after normalising
whitespace, Unicode form and link-shortener URLs, which schedulers rewrite freely), the
account (or the tier and contributors where none is named), the profile and whether the
post goes out inside a pre-election period. ``match_key`` is that fingerprint.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from linter.elections import period_at
from linter.model import Post

from . import accounts
from .errors import ApiError
from .timeutil import utc_now
from .tokens import POSTING_ROLES, Identity

# Link shorteners the force's tools use: a new short code for the same link is not a new post.
SHORTENERS = ("bit.ly", "t.co", "ow.ly", "buff.ly", "tinyurl.com", "goo.gl", "is.gd", "lnkd.in", "fb.me",
              "rb.gy", "cutt.ly", "t.ly", "rebrand.ly", "dlvr.it", "trib.al", "shorturl.at", "bl.ink")
_SHORT_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:" + "|".join(re.escape(d) for d in SHORTENERS) + r")/[A-Za-z0-9_-]+/?",
    re.IGNORECASE)
SHORT_LINK_MARK = "\u27e8short link\u27e9"


@dataclass(frozen=True)
class PostContext:
    post: Post
    account: dict | None  # the registry entry, when the post names an account
    election_period: str | None

    def to_dict(self) -> dict:
        account = self.account or {}
        return {
            "account": account.get("account"), "network": account.get("network"),
            "account_name": account.get("display_name"), "tier": self.post.account_tier,
            "contributors": self.post.account_contributors,
            "scheduled_for": self.post.scheduled_for.isoformat() if self.post.scheduled_for else None,
            "election_period": self.election_period, "in_election_period": self.election_period is not None,
        }


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return _SHORT_LINK.sub(SHORT_LINK_MARK, " ".join(text.split()))


def match_key(context: PostContext, profile: str) -> str:
    post = context.post
    canonical = {
        "text": normalise(post.text),
        "attachments": [{k: normalise(v) for k, v in a.to_dict().items()} for a in post.attachments],
        "account": context.account["key"] if context.account else None,
        "tier": post.account_tier, "contributors": post.account_contributors,
        "profile": profile, "election_period": context.election_period,
    }
    encoded = json.dumps(canonical, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("ascii")).hexdigest()


def _bound_accounts(identity: Identity) -> tuple[str, ...] | None:
    """The accounts this caller is held to, or None when it may use any."""
    if identity.role in POSTING_ROLES and identity.accounts:
        return identity.accounts
    return None


def resolve(conn, obj, identity: Identity, *, parse, periods) -> PostContext:
    """Parse a post for this caller, taking tier, contributors and profile from its account."""
    if not isinstance(obj, dict):
        return PostContext(parse(obj), None, None)
    obj = dict(obj)
    named = obj.pop("account", None)
    bound = _bound_accounts(identity)
    if named is None and bound is not None:
        if len(bound) > 1:
            raise ApiError(422, "account_required",
                           f"account: this token posts from {len(bound)} accounts; name one of them",
                           field="account", accounts=accounts.names_of(conn, bound))
        named = bound[0]
    entry = None
    if named is not None:
        entry = _registered(conn, named, identity, bound)
        for field, registered in (("account_tier", entry["tier"]), ("account_contributors", entry["contributors"]),
                                  ("profile", entry["profile"])):
            given = obj.get(field)
            if given is not None and registered is not None and given != registered:
                raise ApiError(422, "disagrees_with_registry",
                               f"{field}: {entry['account']} is registered with {registered!r}; "
                               f"leave {field} out and the registry supplies it", field=field)
            if registered is not None:
                obj[field] = registered
    post = parse(obj)
    moment = post.scheduled_for or utc_now()
    period = period_at(periods, moment)
    return PostContext(post, entry, period.name if period else None)


def _registered(conn, named, identity: Identity, bound) -> dict:
    try:
        key = accounts.key_of(named)
    except accounts.AccountError as exc:
        raise ApiError(422, "invalid_field", str(exc), field="account") from None
    entry = accounts.get(conn, key)
    if entry is None:
        raise ApiError(422, "unknown_account",
                       "account: is not a registered account; an admin adds it with postlint account add",
                       field="account")
    if identity.role in POSTING_ROLES and key not in (bound or ()):
        allowed = ", ".join(accounts.names_of(conn, bound)) if bound else "none"
        raise ApiError(403, "account_forbidden",
                       f"this token may not post from {entry['account']}; it may post from: {allowed}")
    return entry


def may_see(identity: Identity, row, officers_of_account) -> bool:
    """Whether a caller may learn a review's status: its submitter, the account's officers, reviewers."""
    if identity.reviews_everything or row["submitted_principal"] == identity.principal_id:
        return True
    return bool(row["account"]) and identity.principal_id in officers_of_account(row["account"])
