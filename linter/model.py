"""The post a client sends and the findings the engine returns.

These shapes are contracts shared with the API, the extension and scheduling
tools, so they are plain frozen dataclasses with explicit ``to_dict`` methods.
Parsing a post validates every field and raises ``PostError`` naming the field.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

TIERS = ("corporate", "local", "specialist", "individual")
ATTACHMENT_KINDS = ("image", "video", "audio", "link")
SEVERITIES = ("advice", "review", "block")  # weakest first
MAX_TEXT_CHARS = 64 * 1024
MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_FIELD_CHARS = 4096

POST_FIELDS = {"text", "account_tier", "account_contributors", "attachments", "scheduled_for", "profile"}
ATTACHMENT_FIELDS = {"kind", "filename", "alt", "caption", "source_url"}


class PostError(ValueError):
    """A post that cannot be linted. ``field`` names the offending field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Attachment:
    kind: str = "image"
    filename: str = ""
    alt: str = ""
    caption: str = ""
    source_url: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "filename": self.filename, "alt": self.alt,
                "caption": self.caption, "source_url": self.source_url}


@dataclass(frozen=True)
class Post:
    text: str
    account_tier: str = "local"
    account_contributors: int | None = None
    attachments: tuple[Attachment, ...] = ()
    scheduled_for: dt.datetime | None = None
    profile: str | None = None

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "account_tier": self.account_tier,
            "account_contributors": self.account_contributors,
            "attachments": [a.to_dict() for a in self.attachments],
            "scheduled_for": self.scheduled_for.isoformat() if self.scheduled_for else None,
            "profile": self.profile,
        }


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    why: str
    policy: tuple[tuple[str, str], ...]
    start: int | None
    end: int | None
    start_utf16: int | None
    end_utf16: int | None
    excerpt: str
    suggestion: str | None
    attachment: int | None
    fingerprint: str
    detected_by: str
    # For a finding about a person: who the engine took them to be (1-based index, gender, age, town,
    # status, roles, and every mention as [start, end]), so a rewrite can describe them.
    person: dict | None = None
    # A safe rewrite, where one exists: edits on the post text and a one-line summary.
    fix: tuple[dict, ...] | None = None
    fix_summary: str | None = None

    def sort_key(self):
        position = self.start if self.start is not None else 1 << 62
        return (position, self.attachment if self.attachment is not None else -1,
                self.end or 0, self.rule, self.fingerprint)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "why": self.why,
            "policy": [{"profile": p, "section": s} for p, s in self.policy],
            "start": self.start,
            "end": self.end,
            "start_utf16": self.start_utf16,
            "end_utf16": self.end_utf16,
            "excerpt": self.excerpt,
            "suggestion": self.suggestion,
            "attachment": self.attachment,
            "fingerprint": self.fingerprint,
            "detected_by": self.detected_by,
            "person": self.person,
            "fix": list(self.fix) if self.fix is not None else None,
            "fix_summary": self.fix_summary,
        }


@dataclass(frozen=True)
class LintResult:
    verdict: str
    profile: str
    rules_version: str
    text_sha256: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "profile": self.profile,
            "rules_version": self.rules_version,
            "text_sha256": self.text_sha256,
            "findings": [f.to_dict() for f in self.findings],
        }


def verdict_for(findings) -> str:
    """The strongest severity present; advice alone is still ``ok``."""
    severities = {f.severity for f in findings}
    if "block" in severities:
        return "block"
    if "review" in severities:
        return "review"
    return "ok"


def _string(obj: dict, key: str, where: str, limit: int) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PostError(where, "must be a string")
    if len(value) > limit:
        raise PostError(where, f"must be at most {limit} characters")
    return value


def parse_datetime(value: str, where: str = "scheduled_for") -> dt.datetime:
    """An ISO 8601 date or datetime; a naive one is taken as UK local time."""
    if not isinstance(value, str) or not value.strip():
        raise PostError(where, "must be an ISO 8601 date-time string")
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        # The value is not echoed: error messages end up in logs, and posts carry personal data.
        raise PostError(where, "is not an ISO 8601 date-time (e.g. 2027-04-10T09:00:00+01:00)") from None
    if not 1970 <= moment.year <= 2200:
        # Far-off years overflow when converted between time zones; no post is scheduled there.
        raise PostError(where, "must be a date between 1970 and 2200")
    if moment.tzinfo is None:
        from zoneinfo import ZoneInfo
        moment = moment.replace(tzinfo=ZoneInfo("Europe/London"))
    return moment


def parse_attachment(obj, index: int, strict: bool) -> Attachment:
    where = f"attachments[{index}]"
    if not isinstance(obj, dict):
        raise PostError(where, "must be an object")
    if strict:
        unknown = sorted(set(obj) - ATTACHMENT_FIELDS)
        if unknown:
            raise PostError(f"{where}.{unknown[0]}", "is not a known field")
    kind = obj.get("kind", "image")
    if kind not in ATTACHMENT_KINDS:
        raise PostError(f"{where}.kind", f"must be one of {', '.join(ATTACHMENT_KINDS)}")
    return Attachment(
        kind=kind,
        **{key: _string(obj, key, f"{where}.{key}", MAX_ATTACHMENT_FIELD_CHARS)
           for key in ("filename", "alt", "caption", "source_url")},
    )


def parse_post(obj, *, strict: bool = False, known_profiles=None) -> Post:
    """Validate a JSON-decoded post. ``strict`` rejects unknown fields (the API);
    evaluation files carry extra keys such as ``id`` and ``expect``."""
    if not isinstance(obj, dict):
        raise PostError("post", "must be a JSON object")
    if strict:
        unknown = sorted(set(obj) - POST_FIELDS)
        if unknown:
            raise PostError(unknown[0], "is not a known field")
    if "text" not in obj:
        raise PostError("text", "is required")
    text = obj["text"]
    if not isinstance(text, str):
        raise PostError("text", "must be a string")
    if len(text) > MAX_TEXT_CHARS:
        raise PostError("text", f"must be at most {MAX_TEXT_CHARS} characters")

    tier = obj.get("account_tier")
    if tier is None:
        tier = "local"
    if tier not in TIERS:
        raise PostError("account_tier", f"must be one of {', '.join(TIERS)}")

    contributors = obj.get("account_contributors")
    if contributors is not None and (
            isinstance(contributors, bool) or not isinstance(contributors, int)
            or not 0 < contributors < 1_000_000):
        raise PostError("account_contributors", "must be a positive whole number")

    attachments = obj.get("attachments")
    if attachments is None:
        attachments = []
    if not isinstance(attachments, list):
        raise PostError("attachments", "must be a list")
    if len(attachments) > MAX_ATTACHMENTS:
        raise PostError("attachments", f"must hold at most {MAX_ATTACHMENTS} items")

    scheduled = obj.get("scheduled_for")
    moment = None if scheduled is None else parse_datetime(scheduled)

    profile = obj.get("profile")
    if profile is not None:
        if not isinstance(profile, str):
            raise PostError("profile", "must be a string")
        if known_profiles is not None and profile not in known_profiles:
            raise PostError("profile", f"is not a known profile; known: {', '.join(sorted(known_profiles))}")

    return Post(
        text=text,
        account_tier=tier,
        account_contributors=contributors,
        attachments=tuple(parse_attachment(a, i, strict) for i, a in enumerate(attachments)),
        scheduled_for=moment,
        profile=profile,
    )
