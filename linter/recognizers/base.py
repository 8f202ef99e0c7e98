"""What every recognizer returns: a span, a label and how it was found."""
from __future__ import annotations

import re
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


# The characters IGNORECASE also matches an ASCII letter to (version 0, simple case folding):
# tests/test_recognizers_base.py checks every letter against all of Unicode.
_FOLDS = {"s": "sS\u017f", "S": "Ss\u017f", "i": "iI\u0130", "I": "Ii\u0131", "k": "kK\u212a", "K": "Kk\u212a"}
# Those of them ``str.lower`` does not turn into that letter ("ſ" stays, "İ" becomes two characters).
_UNLOWERED_FOLDS = ("\u017f", "\u0130", "\u0131")


def may_hold(text: str, lowered: str, words) -> bool:
    """Whether an IGNORECASE (version 0) pattern that needs one of ``words`` (lower-case ASCII) could
    match ``text``, whose ``lower()`` is ``lowered``. A whole-post scan costs tens of microseconds even
    where it finds nothing, and a long post mostly holds the literal the regex module would otherwise
    reject it by; a few string searches rule most posts out exactly."""
    return any(word in lowered for word in words) or any(c in text for c in _UNLOWERED_FOLDS)
_ESCAPE = re.compile(r"\\.")
_GROUP_OPENINGS = ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?>")


def any_case(source: str) -> str:
    """A version-0 ``source`` written to match without IGNORECASE what it matches with it.

    A pattern scanned over a whole post pays for IGNORECASE at every character it tries (the engine
    folds both sides); a letter written as a class (``[hH]``) costs half as much. Classes and
    ``\\p{...}`` keep IGNORECASE, scoped to themselves (``(?i:[a-z])``), as do letters outside ASCII;
    a ``(?-i:...)`` group is case-sensitive either way. Syntax this does not know (a back-reference,
    a hex escape, an inline flag other than ``-i``) raises ValueError rather than guess.
    """
    out, i, n = [], 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            nxt = source[i + 1]
            if nxt in "pP":
                if not source.startswith("{", i + 2):
                    raise ValueError(f"any_case cannot rewrite {source[i:i + 3]!r}")
                end = source.index("}", i) + 1
                out.append("(?i:" + source[i:end] + ")")
                i = end
                continue
            if nxt.isdigit() or nxt in "xuUNgLG":
                raise ValueError(f"any_case cannot rewrite {source[i:i + 2]!r}")
            out.append(source[i:i + 2])  # a class escape (\s, \b, \d), or an escaped symbol
            i += 2
        elif c == "[":
            end = _class_end(source, i)
            body = source[i:end]
            letters = any(ch.isalpha() for ch in _ESCAPE.sub("", body))  # "[\\s-]" folds nothing
            out.append("(?i:" + body + ")" if letters else body)
            i = end
        elif c == "(" and source.startswith("(?", i):
            opening = next((o for o in _GROUP_OPENINGS if source.startswith(o, i)), None)
            if opening is not None:
                out.append(opening)
                i += len(opening)
            elif source.startswith("(?P<", i) or (source.startswith("(?<", i) and source[i + 3:i + 4].isalpha()):
                end = source.index(">", i) + 1
                out.append(source[i:end])
                i = end
            elif source.startswith("(?-i:", i):
                end = _group_end(source, i)
                out.append(source[i:end])
                i = end
            else:
                raise ValueError(f"any_case cannot rewrite {source[i:i + 5]!r}")
        elif c.isascii() and c.isalpha():
            out.append("[" + _FOLDS.get(c, c + c.swapcase()) + "]")
            i += 1
        elif c.isalpha():
            out.append("(?i:" + c + ")")
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _class_end(source: str, i: int) -> int:
    """The index after the (version 0, unnested) character class opening at ``i``."""
    j = i + 1
    if source.startswith("^", j):
        j += 1
    if source.startswith("]", j):
        j += 1
    while source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _group_end(source: str, i: int) -> int:
    """The index after the group opening at ``i``."""
    depth, j = 0, i
    while j < len(source):
        c = source[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _class_end(source, j)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise ValueError("unbalanced group")
