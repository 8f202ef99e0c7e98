"""Edits on a post's text: what a fix is made of, and how a set of them is applied."""
from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str


def merge(edits) -> list[Edit]:
    """One edit per place, in text order; of two that overlap, the earlier (and longer) wins."""
    kept: list[Edit] = []
    for edit in sorted(set(edits), key=lambda e: (e.start, -e.end)):
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept


def edits_of(findings) -> list[Edit]:
    """Every edit the findings' fixes make."""
    return [Edit(e["start"], e["end"], e["replacement"]) for f in findings for e in (f.fix or ())]


def apply(text: str, edits) -> str:
    out, at = [], 0
    for edit in merge(edits):
        out.append(text[at:edit.start])
        out.append(edit.replacement)
        at = edit.end
    out.append(text[at:])
    return "".join(out)
