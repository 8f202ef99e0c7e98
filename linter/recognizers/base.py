"""What every recognizer returns: a span, a label and how it was found."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entity:
    """One thing a recognizer found in a text.

    ``kind`` is the recognizer family (``person``, ``age``, ``phone``...),
    ``pattern`` names the exact pattern that fired so a false positive can be
    traced, and ``attrs`` carries what the family knows (a person's role, an
    age's value).
    """

    kind: str
    start: int
    end: int
    pattern: str
    attrs: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def detected_by(self) -> str:
        return f"{self.kind}/{self.pattern}"

    def get(self, key, default=None):
        if key == "pattern":
            return self.pattern
        return self.attrs.get(key, default)


class Found(list):
    """A recognizer's entities; ``complete`` is False when it stopped at a bound on
    its work before reaching the end of the text."""

    complete = True


def trie_alternation(words) -> str:
    """A pattern matching exactly ``words``, written as a trie: ``Ro(?:ad|w)`` for
    Road and Row. The regex engine tries alternatives one at a time at every
    position, so fifty suffixes cost fifty attempts; the trie costs one per
    character. Longer continuations come first, so like a longest-first list it
    prefers "Gardens" to "Garden"."""
    import regex

    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def depth(node) -> int:
        return max((1 + depth(child) for key, child in node.items() if key), default=0)

    def branches(node) -> list[str]:
        keys = sorted((k for k in node if k), key=lambda k: (-depth(node[k]), k))
        return [regex.escape(k) + tail(node[k]) for k in keys]

    def tail(node) -> str:
        options = branches(node)
        if not options:
            return ""
        group = options[0] if len(options) == 1 and "" not in node else "(?:" + "|".join(options) + ")"
        return group + "?" if "" in node else group

    return "(?:" + "|".join(branches(trie)) + ")"
