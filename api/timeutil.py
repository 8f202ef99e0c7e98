"""Timestamps as fixed-width UTC text, so SQLite compares them as strings correctly."""
from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def to_text(moment: dt.datetime) -> str:
    """``2025-01-31T09:05:00.123Z``: always milliseconds, always UTC."""
    moment = moment.astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def now_text() -> str:
    return to_text(utc_now())
