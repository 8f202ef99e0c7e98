"""Ages and age words: "34-year-old", "aged 15", "Name, 16,", "teenage boy"."""
from __future__ import annotations

import regex

from ..literals import required_literals
from .base import Entity, trie_alternation

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}
# The number words as a trie ("s(?:even(?:teen)?|ix(?:teen)?)|..."): with twenty
# alternatives tried in turn at every position the pattern cost several times more.
# At most one number word can be followed by a space or hyphen at any position, so
# the order of alternatives changes no match.
_NUM = r"(?P<n>\d{1,3}|" + trie_alternation(NUMBER_WORDS) + r")"

_PATTERNS = [
    ("year-old", regex.compile(_NUM + r"[\s-]+years?[\s-]+old\b", regex.I | regex.V1)),
    ("aged", regex.compile(r"\baged\s+(?:around\s+|about\s+|between\s+)?" + _NUM + r"\b", regex.I | regex.V1)),
    ("apposition", regex.compile(r"(?<=\p{L}[\p{L}\p{M}]*\s*)(?:,\s*(?P<n>\d{1,2})\s*,|\(\s*(?P<n>\d{1,2})\s*\))", regex.V1)),
    ("age-of", regex.compile(r"\bage\s+(?:of\s+)?(?P<n>\d{1,2})\b", regex.I | regex.V1)),
]
# Words that say "under 18" on their own.
_MINOR_WORDS = regex.compile(
    r"\b(?:teenage(?:d|r|rs)?|teen|schoolboy|schoolgirl|schoolchild(?:ren)?|pupil|pupils|youth|youngster|"
    r"juvenile|child|children|boy|girl|boys|girls|toddler|baby|infant|kid|kids|under[- ]18s?|"
    r"year\s+(?:[7-9]|1[0-3])\s+(?:pupil|student)s?)\b",
    regex.I | regex.V1,
)
# Each pattern with the words (case-folded) one of which every match holds, when they
# can be proven: a text without any of them is not scanned for that pattern.
def _shortest_forms(words):
    """The words with any that holds another left out: a text without "boy" has no "boys"."""
    if words is None:
        return None
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


_SCANS = [(name, pattern, _shortest_forms(required_literals(pattern.pattern)))
          for name, pattern in [*_PATTERNS, ("minor-word", _MINOR_WORDS)]]


def age_value(raw: str) -> int:
    return int(raw) if raw.isdigit() else NUMBER_WORDS[raw.lower()]


def find_ages(text: str, limit: int | None = None) -> list[Entity]:
    found = []
    folded = text.casefold()
    for name, pattern, words in _SCANS:
        if words is not None and not any(word in folded for word in words):
            continue
        count = 0
        for m in pattern.finditer(text):
            if name == "minor-word":
                found.append(Entity("age", m.start(), m.end(), name, {"value": None, "minor": True}))
            else:
                age = age_value(m.group("n"))
                if not 0 < age < 120:
                    continue
                found.append(Entity("age", m.start(), m.end(), name, {"value": age, "minor": age < 18}))
            count += 1
            if limit is not None and count >= limit:
                break
    found.sort(key=lambda e: (e.start, -e.end))
    return found if limit is None else found[:limit]
