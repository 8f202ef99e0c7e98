"""Hootsuite's external reviewer: what postlint does with a message waiting for approval.

For each queued event the message is fetched again (events are not signed, so only what
Hootsuite's API says counts), its social profile is mapped to a registered account and the
text is linted in that account's context, as the configured scheduler principal. Then:

* verdict ok: approve it as the external reviewer;
* block, and every block finding has a safe rewrite that leaves no block: reject it with a
  reason that names the problems and gives the rewrite, which Hootsuite shows to the author;
* otherwise: leave it pending in Hootsuite and submit a postlint review for the comms team;
  when they decide, approve or reject it in Hootsuite with their note as the reason.

A message that was deleted, has expired or was decided meanwhile is recorded and skipped.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from linter import fixes

from .. import accounts, linting, review_store, tokens
from ..callbacks import retry_delay
from ..errors import ApiError
from . import queue
from .hootsuite_api import HootsuiteClient, HootsuiteError, TokenStore
from .settings import HootsuiteSettings

log = logging.getLogger("postlint.integrations")

MAX_REASON_CHARS = 1000
# Hootsuite's social profile types, as the networks of postlint's account registry.
NETWORKS = {"TWITTER": "x", "X": "x", "FACEBOOK": "facebook", "FACEBOOKPAGE": "facebook",
            "INSTAGRAM": "instagram", "INSTAGRAMBUSINESS": "instagram", "LINKEDIN": "linkedin",
            "LINKEDINCOMPANY": "linkedin", "YOUTUBECHANNEL": "youtube", "TIKTOKBUSINESS": "tiktok",
            "THREADS": "threads", "BLUESKY": "bluesky"}


class Unmapped(LookupError):
    """A social profile postlint cannot tie to a registered account; the message says why."""


@dataclasses.dataclass
class ExternalReviewer:
    """One worker's view of the integration: its database connection and Hootsuite client."""
    app: object
    conn: object
    settings: HootsuiteSettings
    client: HootsuiteClient | None = None
    profile_accounts: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self):
        if self.client is None:
            self.client = HootsuiteClient(self.settings, TokenStore(self.conn, self.settings))

    # -- the queue ---------------------------------------------------------------

    def work_once(self) -> bool:
        """Work one due event or one decided review; whether there was anything to do."""
        row = queue.lease_event(self.conn, self.settings.lease_seconds)
        if row is not None:
            self._work_event(row)
            return True
        row = queue.lease_decided(self.conn, self.settings.lease_seconds)
        if row is not None:
            self._pass_on_decision(row)
            return True
        return False

    def _delay(self, attempts: int, exc: HootsuiteError) -> float:
        return max(exc.retry_after or 0.0, retry_delay(attempts, self.settings.retry_seconds))

    def _work_event(self, row) -> None:
        attempts = row["attempts"] + 1
        try:
            status, outcome = self.act_on(row["message_id"])
        except HootsuiteError as exc:
            if exc.transient and attempts < self.settings.max_attempts:
                queue.retry_event(self.conn, row["id"], self._delay(attempts, exc), str(exc))
                return
            status, outcome = "failed", str(exc)
        except review_store.TooManyPending as exc:
            # The comms team is behind; the message waits in Hootsuite meanwhile.
            wait = min(3600.0, retry_delay(attempts, max(self.settings.retry_seconds, 60.0)))
            queue.retry_event(self.conn, row["id"], wait, f"{exc.limit} reviews already wait for the comms team")
            return
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the queue; never log text
            log.error("hootsuite event %d failed: %s", row["id"], type(exc).__name__)
            status, outcome = "failed", f"postlint could not work this event ({type(exc).__name__})"
        queue.finish_event(self.conn, row["id"], status, outcome)
        if status == "failed":
            log.warning("hootsuite event %d for message %s failed: %s", row["id"], row["message_id"], outcome)

    # -- one message ---------------------------------------------------------------

    def act_on(self, message_id: str) -> tuple[str, str]:
        """Fetch, lint and act on a message; ``(event status, what happened)``."""
        message = self.client.message(message_id)
        skipped = _not_actionable(message)
        if skipped:
            return "skipped", skipped
        sequence = message["sequenceNumber"]
        earlier = queue.handled(self.conn, message_id, sequence)
        if earlier is not None and earlier["action"] != "changed":
            return "skipped", f"already handled at this approval step ({earlier['action']})"
        try:
            account = self.account_for(str((message.get("socialProfile") or {}).get("id") or ""))
        except Unmapped as exc:
            return "failed", str(exc)
        with self.app.app_context():
            try:
                identity = self.identity()
                post_context, result, key = linting.lint_in_context(self.conn, _post_of(message, account), identity)
            except ApiError as exc:
                return "failed", f"postlint could not check the message: {exc.message}"
            if result["verdict"] == "ok":
                return self._decide(message_id, sequence, account, approve=True,
                                    detail="approved: nothing that needs review")
            reason = self._rewrite_reason(post_context) if result["verdict"] == "block" else None
            if reason:
                return self._decide(message_id, sequence, account, approve=False, reason=reason,
                                    detail="rejected with a safe rewrite")
            review_id = self._submit(message_id, sequence, post_context, result, key, identity)
        queue.record_message(self.conn, message_id, sequence, "waiting", account=account, review_id=review_id,
                             detail=f"{result['verdict']}: waiting for the comms team")
        return "done", f"{result['verdict']}: review {review_id} for the comms team; left pending in Hootsuite"

    def _decide(self, message_id, sequence, account, *, approve: bool, reason: str = "", detail: str):
        try:
            if approve:
                self.client.approve(message_id, sequence)
            else:
                self.client.reject(message_id, sequence, reason)
        except HootsuiteError as exc:
            if exc.kind not in ("conflict", "expired"):
                raise
            skipped = _not_actionable(self.client.message(message_id)) or f"Hootsuite refused: {exc}"
            queue.record_message(self.conn, message_id, sequence, "skipped", account=account, detail=skipped)
            return "skipped", skipped
        queue.record_message(self.conn, message_id, sequence, "approved" if approve else "rejected",
                             account=account, detail=detail)
        return "done", detail

    def _rewrite_reason(self, post_context) -> str | None:
        """Why the post is rejected and how to write it, if every block finding has a safe rewrite."""
        engine = linting.engine()
        post = post_context.post
        found = engine.lint(post)
        blocks = [f for f in found.findings if f.severity == "block"]
        if not blocks or any(not f.fix for f in blocks):
            return None
        fixed = [f for f in found.findings if f.fix]
        text = fixes.apply(post.text, fixes.edits_of(fixed))
        if engine.lint(dataclasses.replace(post, text=text)).verdict == "block":
            return None
        problems = "; ".join(dict.fromkeys(f.message for f in blocks))
        reason = f"postlint: {problems}. Post this instead: {text}"
        return reason if len(reason) <= MAX_REASON_CHARS else None

    def _submit(self, message_id, sequence, post_context, result, key, identity) -> str:
        """A pending review for the comms team; the same one if this event is worked again."""
        stored_context = {**post_context.to_dict(),
                          "account_key": post_context.account["key"] if post_context.account else None}
        note = f"Hootsuite message {message_id}, waiting for approval there"
        # Keyed by the text too: a message edited after its review gets a review of its own.
        row, _ = review_store.create(
            self.conn, post=post_context.post.to_dict(), post_key=key, result=result, note=note, identity=identity,
            context=stored_context, idempotency_key=f"hootsuite:{message_id}:{sequence}:{key[:16]}")
        return row["id"]

    # -- a decided review -------------------------------------------------------------

    def _pass_on_decision(self, row) -> None:
        attempts = row["attempts"] + 1
        try:
            action, detail = self.pass_on(row)
        except HootsuiteError as exc:
            if exc.transient and attempts < self.settings.max_attempts:
                queue.retry_message(self.conn, row, self._delay(attempts, exc), str(exc))
                return
            action, detail = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - as for events: record it and carry on
            log.error("hootsuite decision for message %s failed: %s", row["message_id"], type(exc).__name__)
            action, detail = "failed", f"postlint could not pass the decision on ({type(exc).__name__})"
        if action != "changed":  # a changed message was settled with its new event
            queue.settle_message(self.conn, row, action, detail)

    def pass_on(self, row) -> tuple[str, str]:
        """Tell Hootsuite what the comms team decided; ``(action, detail)`` to record."""
        status = "withdrawn" if row["withdrawn_at"] else row["review_status"]
        if status not in ("approved", "rejected", "changes_requested", "withdrawn"):
            return "skipped", f"the review {status.replace('_', ' ')}; left pending in Hootsuite"
        message = self.client.message(row["message_id"])
        skipped = _not_actionable(message)
        if not skipped and message["sequenceNumber"] != row["sequence_number"]:
            skipped = "the message moved to another approval step in Hootsuite"
        if skipped:
            return "skipped", skipped
        if status == "approved" and self._changed_since_review(message, row):
            detail = "changed in Hootsuite after the comms team approved it; checked again"
            queue.check_again(self.conn, row, detail)
            return "changed", detail
        try:
            if status == "approved":
                self.client.approve(row["message_id"], row["sequence_number"])
                return "approved", f"approved by {row['decided_by']} in postlint"
            note = row["withdrawal_note"] if status == "withdrawn" else row["decision_note"]
            self.client.reject(row["message_id"], row["sequence_number"],
                               (note or "Not approved by the communications team")[:MAX_REASON_CHARS])
            return "rejected", f"{status.replace('_', ' ')} by the comms team in postlint"
        except HootsuiteError as exc:
            if exc.kind not in ("conflict", "expired"):
                raise
            return "skipped", _not_actionable(self.client.message(row["message_id"])) or f"Hootsuite refused: {exc}"

    def _changed_since_review(self, message: dict, row) -> bool:
        """Whether the message as Hootsuite has it now is not what the comms team approved: an approval
        is for what the reviewer saw (``api.context.match_key``)."""
        try:
            account = self.account_for(str((message.get("socialProfile") or {}).get("id") or ""))
            with self.app.app_context():
                _, _, key = linting.lint_in_context(self.conn, _post_of(message, account), self.identity())
        except (Unmapped, ApiError):
            return True
        return key != row["post_key"]

    # -- who and where ------------------------------------------------------------------

    def identity(self) -> tokens.Identity:
        found = tokens.find_principal(self.conn, self.settings.principal or "")
        if found is None:
            raise ApiError(422, "no_principal", f"POSTLINT_HOOTSUITE_PRINCIPAL {self.settings.principal!r} is "
                                                "not an active principal; create it with postlint token create")
        return tokens.Identity(0, found["display_name"], found["role"], found["id"],
                               tokens.principal_accounts(self.conn, found["id"]))

    def account_for(self, profile_id: str) -> str:
        """The registered account (``network:handle``) a Hootsuite social profile posts to."""
        if not profile_id:
            raise Unmapped("the message names no social profile")
        name = self.settings.profiles.get(profile_id) or self.profile_accounts.get(profile_id)
        if name is None:
            profile = self.client.social_profile(profile_id)
            name = profile_account(profile) if profile else None
            if name is None:
                raise Unmapped(f"social profile {profile_id} is not one postlint can map to an account; map it "
                               f"with POSTLINT_HOOTSUITE_PROFILES={profile_id}=network:handle")
            self.profile_accounts[profile_id] = name
        try:
            registered = accounts.get(self.conn, name)
        except accounts.AccountError:
            registered = None
        if registered is None:
            raise Unmapped(f"social profile {profile_id} posts to {name}, which is not a registered account; "
                           "register it with postlint account add")
        return registered["account"]


def profile_account(profile: dict) -> str | None:
    """``x:@NYorksPolice`` for a Hootsuite TWITTER profile whose username is NYorksPolice."""
    network = NETWORKS.get(str(profile.get("type") or "").upper())
    handle = str(profile.get("socialNetworkUsername") or "").strip().lstrip("@")
    if not network or not handle:
        return None
    return f"{network}:@{handle}" if network == "x" else f"{network}:{handle}"


def _not_actionable(message) -> str | None:
    """Why a fetched message cannot be approved or rejected now, or None if it can."""
    if message is None:
        return "deleted in Hootsuite"
    state = str(message.get("state") or "")
    if "EXPIRED" in state:
        return "expired in Hootsuite: its scheduled time passed before it was approved"
    if state == "DELETED":
        return "deleted in Hootsuite"
    if state != "PENDING_APPROVAL":
        return f"already {state.lower().replace('_', ' ') or 'decided'} in Hootsuite"
    sequence = message.get("sequenceNumber")
    if isinstance(sequence, bool) or not isinstance(sequence, int):
        return "Hootsuite gave no approval step (sequenceNumber) for the message"
    reviewers = [r for r in message.get("reviewers") or () if isinstance(r, dict)]
    if reviewers and not any(r.get("type") == "EXTERNAL" for r in reviewers):
        return "waiting for another reviewer in Hootsuite, not an external one"
    return None


def _post_of(message: dict, account: str) -> dict:
    post = {"text": message.get("text") or "", "account": account,
            "attachments": [{"kind": "image"} for item in message.get("media") or () if isinstance(item, dict)]}
    scheduled = message.get("scheduledSendTime")
    if isinstance(scheduled, str) and scheduled:
        try:
            post["scheduled_for"] = dt.datetime.fromisoformat(scheduled.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
    return post
