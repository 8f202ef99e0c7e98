"""What changed between a draft sent back for changes and its resubmission.

Word by word (each word with the space after it), so a reviewer sees the
officer's edit as whole words struck out and added, not as scattered letters.
"""
from __future__ import annotations

import difflib
import re

_PIECES = re.compile(r"\s+|\S+\s*")


def word_diff(old: str, new: str) -> list[dict]:
    """``[{"op": "equal"|"delete"|"insert", "text": ...}]``; joining the equal and delete
    pieces gives ``old``, the equal and insert pieces give ``new``."""
    before, after = _PIECES.findall(old), _PIECES.findall(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    pieces: list[dict] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "delete", "replace") and i2 > i1:
            _add(pieces, "equal" if tag == "equal" else "delete", "".join(before[i1:i2]))
        if tag in ("insert", "replace") and j2 > j1:
            _add(pieces, "insert", "".join(after[j1:j2]))
    return pieces


def _add(pieces: list[dict], op: str, text: str) -> None:
    if pieces and pieces[-1]["op"] == op:
        pieces[-1]["text"] += text
    else:
        pieces.append({"op": op, "text": text})
