"""Real post texts for tests that check a shortcut against the long way round."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOLDOUT = ROOT / "tests" / "data" / "holdout.jsonl"
DEV_CORPUS = ROOT.parent / "shared" / "eval" / "dev.jsonl"  # present in the workspace, not in a bare clone


def _texts_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def holdout_texts() -> list[str]:
    return _texts_of(HOLDOUT)


def post_texts() -> list[str]:
    """The held-out posts, and the development corpus's when it is there."""
    return holdout_texts() + (_texts_of(DEV_CORPUS) if DEV_CORPUS.is_file() else [])
