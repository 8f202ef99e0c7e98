"""Reviews and their audit trail in the database, and the retention purge.

Nothing here knows about HTTP. Every change to a review and the audit entry
recording it are written in one transaction, so the trail can never disagree
with the review. Audit entries hold who, what and when, never draft text or
notes: the audit log is append-only and outlives the retention period.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import time
from dataclasses import dataclass

from linter import fixes

from .db import after_purge, transaction
from .timeutil import now_text, to_text, utc_now
from .tokens import Identity

log = logging.getLogger("postlint.store")

STATUSES = ("pending", "changes_requested", "approved", "rejected", "expired")
DECIDED = ("approved", "rejected", "changes_requested")
OUTCOME = {"approve": "approved", "reject": "rejected", "request_changes": "changes_requested"}
DECISION_OF = {status: decision for decision, status in OUTCOME.items()}
VERDICTS = ("block", "review", "ok")
ORDERS = ("newest", "due")
PREVIEW_CHARS = 160
# What a finding keeps once its draft is purged: enough to count and classify, no text.
KEPT_AFTER_PURGE = ("rule", "category", "severity", "message", "policy", "attachment")
# The same for every finding of a rule: stored once per rule in a review, not once per finding.
RULE_TEXT = ("category", "message", "why", "policy", "suggestion")
SHARED_VALUES = ("person", "fix", "message", "detected_by")
FINDING_KEYS = ("rule", "category", "severity", "message", "why", "policy", "start", "end", "start_utf16",
                "end_utf16", "excerpt", "suggestion", "attachment", "fingerprint", "detected_by", "person", "fix",
                "fix_summary")
# What a queue page reads: never the draft or its findings.
SUMMARY_COLUMNS = ("seq, id, status, verdict, profile, categories, finding_count, preview, submitted_by, "
                   "submitted_principal, submitted_at, decided_by, decided_principal, decided_at, decision_note, "
                   "withdrawn_at, withdrawn_by, withdrawn_principal, withdrawal_note, context_json, purged_at, "
                   "scheduled_for, due_at, account, replaces, replaced_by")
# A purge takes the write lock for this many reviews at a time, then lets other writers in.
PURGE_BATCH = 200
PURGE_PAUSE_MIN_SECONDS = 0.002


class NotFound(LookupError):
    pass


class OwnSubmission(PermissionError):
    pass


class AlreadyDecided(RuntimeError):
    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


class NoteRequired(ValueError):
    pass


class NoRewrite(ValueError):
    pass


class TooManyPending(RuntimeError):
    """The submitter (``scope`` "principal") or the account (``scope`` "account") already has
    ``limit`` reviews waiting for a decision."""

    def __init__(self, limit: int, scope: str = "principal"):
        super().__init__(limit)
        self.limit = limit
        self.scope = scope


class NotApproved(RuntimeError):
    """Only a standing approval can be withdrawn."""


class IdempotencyConflict(ValueError):
    """An ``Idempotency-Key`` used before for a different post."""


class NotReplaceable(RuntimeError):
    """A resubmission names a review it cannot replace; the message says why."""


def due_at(post: dict, submitted_at: str) -> str:
    """When a draft is due to go out, for the queue's order: its scheduled time, else when it
    was submitted (an unscheduled post goes out as soon as it is approved)."""
    scheduled = post.get("scheduled_for")
    if scheduled:
        try:
            return to_text(dt.datetime.fromisoformat(scheduled))
        except (TypeError, ValueError):
            pass
    return submitted_at


def _json(value) -> str:
    # ASCII escapes keep lone surrogates from a client's JSON storable as text.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def new_review_id() -> str:
    return "rv_" + secrets.token_urlsafe(16)


def _audit(conn, review_id: str, at: str, identity: Identity | None, action: str, **detail) -> None:
    actor, role, actor_id = (identity.name, identity.role, identity.principal_id) if identity \
        else ("postlint", "system", None)
    conn.execute("INSERT INTO audit (review_id, at, actor, role, action, detail, actor_id) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)", (review_id, at, actor, role, action, _json(detail), actor_id))


def pack_findings(findings: list[dict], text: str) -> str:
    """Findings as stored: each rule's texts once, and no excerpt that is just a slice of the draft
    (a 64 KB post with 300 findings stored about 230 KB of copies; the draft is stored once)."""
    rules, packed, shared_values, refs = {}, [], [], {}
    for finding in findings:
        shared = rules.setdefault(finding["rule"], {key: finding[key] for key in RULE_TEXT})
        # A rule's texts once; a finding whose message names its person keeps its own.
        item = {key: value for key, value in finding.items() if key not in RULE_TEXT or value != shared[key]}
        start, end = finding["start"], finding["end"]
        if start is not None and end is not None and text[start:end] == finding["excerpt"]:
            del item["excerpt"]
        # Every finding about one person carries the same person and the same fix: stored once.
        for key in SHARED_VALUES:
            if item.get(key) is not None:
                encoded = _json(item[key])
                if encoded not in refs:
                    refs[encoded] = len(shared_values)
                    shared_values.append(item[key])
                item[key] = {"ref": refs[encoded]}
        packed.append(item)
    return _json({"rules": rules, "findings": packed, "shared": shared_values})


def unpack_findings(stored: str, text: str | None) -> list[dict]:
    """The findings as the lint gave them (reviews stored before packing are a plain list)."""
    value = json.loads(stored)
    if isinstance(value, list):
        return value
    rules, findings, shared = value["rules"], [], value.get("shared", [])
    for item in value["findings"]:
        merged = {**rules.get(item["rule"], {}), **item}
        for key in SHARED_VALUES:
            if isinstance(merged.get(key), dict) and set(merged[key]) == {"ref"}:
                merged[key] = shared[merged[key]["ref"]]
        if "excerpt" not in merged and text is not None and merged.get("start") is not None:
            merged["excerpt"] = text[merged["start"]:merged["end"]]
        ordered = [key for key in FINDING_KEYS if key in merged] + [key for key in merged if key not in FINDING_KEYS]
        findings.append({key: merged[key] for key in ordered})
    return findings


def pending_count(conn, principal_id: str, up_to: int) -> int:
    """A principal's pending reviews, counted no further than ``up_to``."""
    return conn.execute("SELECT count(*) FROM (SELECT 1 FROM reviews WHERE submitted_principal = ? "
                        "AND status = 'pending' LIMIT ?) AS waiting", (principal_id, up_to)).fetchone()[0]


def account_pending_count(conn, account_key: str, up_to: int) -> int:
    """An account's pending reviews, whoever submitted them, counted no further than ``up_to``."""
    return conn.execute("SELECT count(*) FROM (SELECT 1 FROM reviews WHERE account = ? AND status = 'pending' "
                        "LIMIT ?) AS waiting", (account_key, up_to)).fetchone()[0]


def create(conn, *, post: dict, post_key: str, result: dict, note: str | None, identity: Identity,
           context: dict | None = None, idempotency_key: str | None = None,
           callback_url: str | None = None, max_pending: int | None = None,
           max_pending_per_account: int | None = None, replaces: str | None = None) -> tuple[object, bool]:
    """Store a pending review; ``(row, created)``. A repeated ``idempotency_key`` from the same
    principal returns the review it made, or IdempotencyConflict if the post differs.
    ``TooManyPending`` if the submitter already has ``max_pending`` reviews waiting, or the
    post's account ``max_pending_per_account``; a retry of a review already made is never refused.
    ``replaces`` names the submitter's draft that was sent back for changes, which this one answers."""
    review_id, at = new_review_id(), now_text()
    categories = sorted({f["category"] for f in result["findings"]})
    account = (context or {}).get("account_key")
    with transaction(conn):
        if idempotency_key is not None:
            earlier = conn.execute("SELECT * FROM reviews WHERE submitted_principal = ? AND idempotency_key = ?",
                                   (identity.principal_id, idempotency_key)).fetchone()
            if earlier is not None:
                if earlier["post_key"] != post_key:
                    raise IdempotencyConflict(idempotency_key)
                return earlier, False
        if max_pending is not None and pending_count(conn, identity.principal_id, max_pending) >= max_pending:
            raise TooManyPending(max_pending, "principal")
        if (account is not None and max_pending_per_account is not None
                and account_pending_count(conn, account, max_pending_per_account) >= max_pending_per_account):
            raise TooManyPending(max_pending_per_account, "account")
        if replaces is not None:
            _check_replaceable(conn, replaces, identity)
        conn.execute(
            "INSERT INTO reviews (id, status, post_key, profile, rules_version, verdict, categories, "
            "text_sha256, post_json, findings_json, submit_note, submitted_by, submitted_role, submitted_at, "
            "submitted_principal, account, context_json, idempotency_key, callback_url, preview, finding_count, "
            "scheduled_for, due_at, replaces) "
            "VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (review_id, post_key, result["profile"], result["rules_version"], result["verdict"],
             _json(categories), result["text_sha256"], _json(post), pack_findings(result["findings"], post["text"]),
             note, identity.name, identity.role, at, identity.principal_id,
             account, _json(context) if context else None, idempotency_key, callback_url,
             _json(post["text"][:PREVIEW_CHARS]), len(result["findings"]),
             post.get("scheduled_for"), due_at(post, at), replaces))
        _audit(conn, review_id, at, identity, "submitted",
               verdict=result["verdict"], findings=len(result["findings"]),
               **({"replaces": replaces} if replaces else {}))
        if replaces is not None:
            conn.execute("UPDATE reviews SET replaced_by = ? WHERE id = ?", (review_id, replaces))
            _audit(conn, replaces, at, identity, "resubmitted", by=review_id)
    return get(conn, review_id), True


def _check_replaceable(conn, review_id: str, identity: Identity) -> None:
    old = get(conn, review_id)
    if old is None:
        raise NotFound(review_id)
    if old["submitted_principal"] != identity.principal_id:
        raise NotReplaceable("only the officer who submitted a draft can resubmit it")
    if old["status"] != "changes_requested":
        raise NotReplaceable(f"that review is {old['status'].replace('_', ' ')}; only a draft sent back "
                             "for changes can be resubmitted")
    if old["replaced_by"] is not None:
        raise NotReplaceable(f"that draft has already been resubmitted as {old['replaced_by']}")


def get(conn, review_id: str):
    return conn.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchone()


# The queue's filters where the two backends' SQL differs: a category in the stored JSON list,
# and a search of the draft's text.
CATEGORY_IS = {
    "sqlite": "EXISTS (SELECT 1 FROM json_each(reviews.categories) WHERE value = ?)",
    "postgresql": "EXISTS (SELECT 1 FROM json_array_elements_text(reviews.categories::json) AS c(value) "
                  "WHERE c.value = ?)",
}
TEXT_HAS = {
    "sqlite": "instr(lower(json_extract(post_json, '$.text')), lower(?)) > 0",
    "postgresql": "strpos(lower(postlint_draft_text(post_json)), lower(?)) > 0",
}


@dataclass(frozen=True)
class Filters:
    """What the queue is narrowed to; None means any."""
    category: str | None = None
    verdict: str | None = None
    submitted_by: str | None = None
    account: str | None = None
    text: str | None = None

    def clauses(self, dialect: str) -> tuple[list[str], list]:
        clauses, params = [], []
        if self.category is not None:
            clauses.append(CATEGORY_IS[dialect])
            params.append(self.category)
        for column, value in (("verdict", self.verdict), ("submitted_by", self.submitted_by),
                              ("account", self.account)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.text:
            # Case-insensitive (SQLite's lower() folds ASCII letters only); purged drafts never match.
            clauses.append(TEXT_HAS[dialect])
            params.append(self.text)
        return clauses, params


def page(conn, *, status: str | None, limit: int, before: int | None,
         submitted_by: str | None = None, order: str = "newest",
         filters: Filters = Filters()) -> list:
    """One page of the queue. ``newest``: newest submission first. ``due``: soonest due first
    (scheduled time, else submission time). ``before`` is the ``seq`` of the last review on
    the previous page, in either order; ``submitted_by`` a principal id."""
    clauses, params = filters.clauses(conn.dialect)
    if status == "withdrawn":
        clauses.append("withdrawn_at IS NOT NULL")
        status = None
    elif status == "approved":
        clauses.append("withdrawn_at IS NULL")
    for column, value in (("status = ?", status), ("submitted_principal = ?", submitted_by)):
        if value is not None:
            clauses.append(column)
            params.append(value)
    if before is not None:
        clauses.append("seq < ?" if order == "newest" else
                       "(due_at, seq) > (SELECT due_at, seq FROM reviews WHERE seq = ?)")
        params.append(before)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    ordering = "seq DESC" if order == "newest" else "due_at, seq"
    return conn.execute(f"SELECT {SUMMARY_COLUMNS} FROM reviews {where} ORDER BY {ordering} LIMIT ?",
                        (*params, limit)).fetchall()


def facets(conn, filters: Filters = Filters(), since: int | None = None) -> dict:
    """How many reviews each status holds under ``filters``, who and which accounts the queue
    can be narrowed to, the newest ``seq`` and how many pending drafts arrived after ``since``."""
    clauses, params = filters.clauses(conn.dialect)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    counts = dict.fromkeys((*STATUSES, "withdrawn"), 0)
    shown = "CASE WHEN withdrawn_at IS NOT NULL THEN 'withdrawn' ELSE status END"  # as ``status(row)``
    for row in conn.execute(f"SELECT {shown} AS shown, count(*) AS n FROM reviews {where} GROUP BY shown", params):
        counts[row["shown"]] = row["n"]
    arrived = 0
    if since is not None:
        arrived = conn.execute(
            f"SELECT count(*) FROM reviews {where} {'AND' if where else 'WHERE'} status = 'pending' AND seq > ?",
            (*params, since)).fetchone()[0]
    return {
        "counts": counts,
        "submitted_by": [r[0] for r in conn.execute("SELECT DISTINCT submitted_by FROM reviews ORDER BY 1")],
        "accounts": [r[0] for r in conn.execute(
            "SELECT DISTINCT account FROM reviews WHERE account IS NOT NULL ORDER BY 1")],
        "latest": conn.execute("SELECT coalesce(max(seq), 0) FROM reviews").fetchone()[0],
        "arrived": arrived,
    }


def record_view(conn, review_id: str, identity: Identity) -> None:
    """Record a reviewer's first look at a review; later looks add nothing to the trail."""
    seen = "SELECT 1 FROM audit WHERE review_id = ? AND actor_id = ? AND action = 'viewed'"
    if conn.execute(seen, (review_id, identity.principal_id)).fetchone():
        return  # the common case costs a read, not a write lock
    with transaction(conn):
        if not conn.execute(seen, (review_id, identity.principal_id)).fetchone():
            _audit(conn, review_id, now_text(), identity, "viewed")


def decide(conn, review_id: str, *, decision: str, note: str | None, identity: Identity,
           use_rewrite: bool = False):
    """Approve, reject or send back a pending review; exactly one of several racing callers wins.

    ``use_rewrite`` (rejecting or sending back only) asks the officer to use postlint's rewrite of
    the draft, which then explains the decision without a note."""
    with transaction(conn):
        row = get(conn, review_id)
        if row is None:
            raise NotFound(review_id)
        if row["submitted_principal"] == identity.principal_id:
            raise OwnSubmission(review_id)
        if row["status"] != "pending":
            raise AlreadyDecided(row["status"])
        if use_rewrite and not rewrite_edits(row):
            raise NoRewrite("postlint has no rewrite for this draft")
        if not note and not use_rewrite and (decision != "approve" or row["verdict"] == "block"):
            raise NoteRequired("a note is required to reject or to ask for changes, "
                               "or to approve a post with a serious finding")
        at, outcome = now_text(), OUTCOME[decision]
        conn.execute("UPDATE reviews SET status = ?, decided_by = ?, decided_role = ?, decided_at = ?, "
                     "decision_note = ?, decided_principal = ? WHERE id = ? AND status = 'pending'",
                     (outcome, identity.name, identity.role, at, note, identity.principal_id, review_id))
        _audit(conn, review_id, at, identity, outcome, note_given=bool(note), **({"use_rewrite": True} if use_rewrite else {}))
        decided = get(conn, review_id)
        _queue_callback(conn, decided, at)
    return decided


def withdraw(conn, review_id: str, *, note: str | None, identity: Identity):
    """Take back an approval: the post it was for needs a fresh review before it goes out."""
    with transaction(conn):
        row = get(conn, review_id)
        if row is None:
            raise NotFound(review_id)
        if row["status"] != "approved" or row["withdrawn_at"] is not None:
            raise NotApproved(shown_status(row))
        if not note:
            raise NoteRequired("a note is required to withdraw an approval")
        at = now_text()
        conn.execute("UPDATE reviews SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_principal = ?, "
                     "withdrawal_note = ? WHERE id = ?", (at, identity.name, identity.principal_id, note, review_id))
        _audit(conn, review_id, at, identity, "withdrawn", note_given=True)
        withdrawn = get(conn, review_id)
        _queue_callback(conn, withdrawn, at)
    return withdrawn


EDIT_KEYS = ("start", "end", "start_utf16", "end_utf16", "replacement")


def rewrite_edits(row) -> list[dict]:
    """The edits of postlint's rewrite of a stored draft: every finding's fix, one edit per place
    (as ``POST /v1/fix`` applies them); none once the draft is purged."""
    if not row["post_json"]:
        return []
    findings = unpack_findings(row["findings_json"], json.loads(row["post_json"])["text"])
    by_place = {}
    for finding in findings:
        for edit in finding.get("fix") or ():
            by_place.setdefault((edit["start"], edit["end"], edit["replacement"]), edit)
    return [{key: by_place[(e.start, e.end, e.replacement)][key] for key in EDIT_KEYS}
            for e in fixes.merge(fixes.Edit(*place) for place in by_place)]


def asked_rewrite(conn, row) -> dict | None:
    """The rewrite the reviewer told the officer to use when rejecting or sending the draft back:
    the rewritten text, the hash of the draft it applies to and its edits. The choice is the
    decision's audit entry (a flag, never text); the rewrite is made again from the stored
    findings, so it goes when the draft is purged."""
    if row["status"] not in ("rejected", "changes_requested") or not row["post_json"]:
        return None
    entry = conn.execute("SELECT detail FROM audit WHERE review_id = ? AND action = ? ORDER BY seq DESC LIMIT 1",
                         (row["id"], row["status"])).fetchone()
    if entry is None or not json.loads(entry["detail"]).get("use_rewrite"):
        return None
    edits = rewrite_edits(row)
    text = fixes.apply(json.loads(row["post_json"])["text"],
                       [fixes.Edit(e["start"], e["end"], e["replacement"]) for e in edits])
    return {"text": text, "text_sha256": row["text_sha256"], "edits": edits}


def _queue_callback(conn, row, at: str) -> None:
    """Queue the decision for the submitter's ``callback_url``, in the same transaction."""
    if row["callback_url"]:
        conn.execute("INSERT INTO callbacks (review_id, url, body, next_attempt_at) VALUES (?, ?, ?, ?)",
                     (row["id"], row["callback_url"], _json(callback_body(row)), at))


def shown_status(row) -> str:
    """A review's status as the API shows it: a withdrawn approval is ``withdrawn``."""
    return "withdrawn" if row["withdrawn_at"] else row["status"]


def audit_trail(conn, review_id: str) -> list[dict]:
    rows = conn.execute("SELECT at, actor, actor_id, role, action, detail FROM audit WHERE review_id = ? "
                        "ORDER BY seq", (review_id,)).fetchall()
    return [{"at": r["at"], "actor": r["actor"], "actor_id": r["actor_id"], "role": r["role"],
             "action": r["action"], "detail": json.loads(r["detail"])} for r in rows]


def for_post(conn, post_key: str):
    """The review that speaks for this post now: the one with the latest word on it.

    Each review's last event counts (submitted while pending, decided, withdrawn), so a later
    rejection overrides an earlier approval, a withdrawal ends it, and a resubmission after a
    decision shows as pending until it is decided.
    """
    return conn.execute(
        "SELECT * FROM reviews WHERE post_key = ? AND status <> 'expired' "
        "ORDER BY COALESCE(withdrawn_at, decided_at, submitted_at) DESC, seq DESC LIMIT 1",
        (post_key,)).fetchone()


def purge(conn, *, retention_days: float, pending_expiry_days: float | None,
          now: dt.datetime | None = None, batch_size: int = PURGE_BATCH) -> dict:
    """Remove draft text, excerpts and notes from reviews decided more than ``retention_days`` ago.

    Pending reviews untouched for ``pending_expiry_days`` are expired and purged too, so an
    abandoned draft does not keep personal data for ever. Audit metadata stays. The work is done
    ``batch_size`` reviews per transaction, so a purge of many never blocks submissions for long,
    and at the end the backend drops its old copies of the purged text (``db.after_purge``).
    """
    now = now or utc_now()
    stamp = to_text(now)
    decided_cutoff = to_text(now - dt.timedelta(days=retention_days))
    pending_cutoff = (to_text(now - dt.timedelta(days=pending_expiry_days))
                      if pending_expiry_days is not None else "")
    counts = {"purged": 0, "expired": 0}
    while True:
        started = time.monotonic()
        with transaction(conn):
            rows = conn.execute(
                "SELECT id, status, findings_json FROM reviews WHERE purged_at IS NULL AND ("
                "(status IN ('approved', 'rejected', 'changes_requested') AND decided_at <= ?) OR "
                "(status = 'pending' AND submitted_at <= ?)) LIMIT ?",
                (decided_cutoff, pending_cutoff, batch_size)).fetchall()
            for row in rows:
                _purge_one(conn, row, stamp, counts)
        if len(rows) < batch_size:
            break
        # Released between batches, and for about as long as it was held: a writer waiting on
        # the lock (SQLite's busy handler polls) gets in instead of meeting the next batch.
        time.sleep(max(PURGE_PAUSE_MIN_SECONDS, (time.monotonic() - started) / 2))
    if counts["purged"] and not after_purge(conn):
        log.warning("purge: readers kept the database busy; old copies of purged text may stay in its "
                    "files until the next purge that removes text")
    return counts


def _purge_one(conn, row, stamp: str, counts: dict) -> None:
    if row["status"] == "pending":
        conn.execute("UPDATE reviews SET status = 'expired' WHERE id = ?", (row["id"],))
        _audit(conn, row["id"], stamp, None, "expired")
        counts["expired"] += 1
    kept = [{key: f.get(key) for key in KEPT_AFTER_PURGE} for f in unpack_findings(row["findings_json"], None)]
    conn.execute("UPDATE reviews SET post_json = NULL, submit_note = NULL, decision_note = NULL, "
                 "withdrawal_note = NULL, preview = NULL, findings_json = ?, purged_at = ? WHERE id = ?",
                 (_json(kept), stamp, row["id"]))
    # A decision's callback quotes its note; by now it has long been delivered or given up.
    conn.execute("DELETE FROM callbacks WHERE review_id = ?", (row["id"],))
    _audit(conn, row["id"], stamp, None, "purged")
    counts["purged"] += 1


# -- shapes returned by the API -------------------------------------------------

def _decision(row) -> dict | None:
    if row["status"] not in DECIDED:
        return None
    return {"decision": DECISION_OF[row["status"]],
            "by": row["decided_by"], "by_id": row["decided_principal"], "at": row["decided_at"],
            "note": row["decision_note"]}


def _withdrawal(row) -> dict | None:
    if not row["withdrawn_at"]:
        return None
    return {"by": row["withdrawn_by"], "by_id": row["withdrawn_principal"], "at": row["withdrawn_at"],
            "note": row["withdrawal_note"]}


def _context(row) -> dict | None:
    if not row["context_json"]:
        return None
    context = json.loads(row["context_json"])
    context.pop("account_key", None)
    return context


def _links(review_id: str) -> dict:
    return {"link": f"/v1/reviews/{review_id}", "dashboard_link": f"/review#{review_id}"}


def summary(row) -> dict:
    return {
        "id": row["id"], "status": shown_status(row), "verdict": row["verdict"], "profile": row["profile"],
        "categories": json.loads(row["categories"]), "finding_count": row["finding_count"],
        "preview": json.loads(row["preview"]) if row["preview"] is not None else None,
        "submitted_by": row["submitted_by"], "submitted_by_id": row["submitted_principal"],
        "submitted_at": row["submitted_at"], "context": _context(row),
        "scheduled_for": row["scheduled_for"], "due_at": row["due_at"], "account": row["account"],
        "replaces": row["replaces"], "replaced_by": row["replaced_by"],
        "decision": _decision(row), "withdrawal": _withdrawal(row), "purged_at": row["purged_at"],
        **_links(row["id"]),
    }


def detail(row) -> dict:
    post = json.loads(row["post_json"]) if row["post_json"] else None
    return {
        **summary(row),
        "rules_version": row["rules_version"], "text_sha256": row["text_sha256"], "post": post,
        "findings": unpack_findings(row["findings_json"], post["text"] if post else None),
        "note": row["submit_note"],
    }


def lint_view(row) -> dict:
    """What ``POST /v1/lint`` says about the review of the post it just linted."""
    decision, withdrawal = _decision(row), _withdrawal(row)
    word = withdrawal or decision
    return {"id": row["id"], "status": shown_status(row),
            "decided_by": word["by"] if word else None,
            "decided_at": word["at"] if word else None,
            "note": word["note"] if word else None, **_links(row["id"])}


def callback_body(row) -> dict:
    """What a submitter's ``callback_url`` is told: the decision, never the draft."""
    return {"event": "review.withdrawn" if row["withdrawn_at"] else "review.decided",
            "review": lint_view(row), "idempotency_key": row["idempotency_key"]}
