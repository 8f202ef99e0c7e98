"""The posts the benchmark lints: the development corpus, or a small bundled sample.

Long posts are made by joining corpus posts end to end (starting at different
posts, so the texts differ) and cutting at a word boundary near the target length.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV_CORPUS = REPO.parent / "shared" / "eval" / "dev.jsonl"
DEV_CALENDAR = REPO.parent / "shared" / "eval" / "calendar.toml"
SAMPLE = Path(__file__).resolve().parent / "sample_posts.jsonl"
POST_KEYS = ("text", "account_tier", "account_contributors", "attachments", "scheduled_for", "profile")


@dataclass
class Corpus:
    name: str
    path: Path
    rows: list[dict]
    calendar: Path | None

    @property
    def api_bodies(self) -> list[dict]:
        """The posts as the API accepts them (strict: no id, expect or note)."""
        return [{k: row[k] for k in POST_KEYS if k in row} for row in self.rows]

    @property
    def texts(self) -> list[str]:
        return [row["text"] for row in self.rows]


def load() -> Corpus:
    chosen = os.environ.get("POSTLINT_BENCH_CORPUS")
    path = Path(chosen) if chosen else DEV_CORPUS
    if path.is_file():
        calendar = DEV_CALENDAR if DEV_CALENDAR.is_file() and not chosen else None
        return Corpus("development corpus", path, _read(path), calendar)
    return Corpus("bundled sample (development corpus not found)", SAMPLE, _read(SAMPLE), None)


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def joined_text(texts: list[str], length: int, start: int = 0) -> str:
    """Posts joined with blank lines from ``texts[start]`` on (wrapping round) until
    ``length`` characters, cut back to the last space so no word is split."""
    parts, total, i = [], 0, start
    while total < length + 64:
        piece = texts[i % len(texts)]
        parts.append(piece)
        total += len(piece) + 2
        i += 1
    text = "\n\n".join(parts)[:length]
    cut = text.rfind(" ", max(0, length - 40))
    return text[:cut] if cut > 0 else text


def texts_of_length(texts: list[str], length: int, count: int) -> list[str]:
    """``count`` different texts of about ``length`` characters."""
    step = max(1, len(texts) // count)
    return [joined_text(texts, length, start=i * step) for i in range(count)]
