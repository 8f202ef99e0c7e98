"""Rule patterns that run only the alternatives a post could match.

Most rule patterns are lists of alternatives (a lexicon such as ``{@wanted_appeal}``
has a dozen), and the regular-expression engine tries every alternative at every
position: a pattern costs in proportion to its alternatives, whether their words
are in the post or not. Most alternatives need a word (``literals.py``). At load,
each pattern is split into its top-level alternatives and their required words go
into one Aho-Corasick automaton (the ``Vocabulary``); per lint, one pass over the
case-folded post says which of those words it holds, and a pattern runs only the
alternatives that could match.

This changes no result. An alternative whose required word is nowhere in the text
fails at every position and in every backtracking state, so the pattern without it
finds exactly the same matches; a search for "any match" is the same as a search
for any alternative's match. ``tests/test_matching.py`` checks both claims over
every pattern in the packs.
"""
from __future__ import annotations

import ahocorasick
import regex

from .literals import required_literals

# Different posts make different subsets of a pattern's alternatives possible; each
# subset is compiled once. The cache starts again when full (a plain dict stays
# safe when the API's threads share it).
UNION_CACHE_SIZE = 128

# A back-reference ties alternatives together by group number, and a global inline
# flag applies to the whole pattern: such a pattern stays whole.
_UNSPLITTABLE = regex.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?&|\(\?R\)|\(\?\d|\(\?[a-zA-Z]+\)")


def split_alternatives(source: str) -> list[str]:
    """The top-level alternatives of a pattern, with enclosing ``(?:...)`` groups
    opened, so ``(?:a|(?:b|c))`` gives ``a``, ``b``, ``c``. Matching them in order
    is matching the pattern."""
    if _UNSPLITTABLE.search(source):
        return [source]
    inner = _unwrap(source)
    parts = _top_level_parts(inner)
    if len(parts) == 1:
        return [inner]
    return [alternative for part in parts for alternative in split_alternatives(part)]


def _unwrap(source: str) -> str:
    while source.startswith("(?:") and _closing_paren(source, 0) == len(source) - 1:
        source = source[3:-1]
    return source


def _scan(source: str):
    """Yield (index, character, depth) for every character outside a character
    class and not escaped, with the group depth before it."""
    depth, i, n = 0, 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(source, i)
            continue
        if c == ")":
            depth -= 1
        yield i, c, depth
        if c == "(":
            depth += 1
        i += 1


def _class_end(source: str, i: int) -> int:
    """The index after the character class opening at i (version 0 syntax: no nesting)."""
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":  # a leading ] is a literal
        j += 1
    while j < len(source):
        if source[j] == "\\":
            j += 2
            continue
        if source[j] == "]":
            return j + 1
        j += 1
    return j


def _closing_paren(source: str, opening: int) -> int | None:
    for i, c, depth in _scan(source):
        if i > opening and c == ")" and depth == 0:
            return i
    return None


def _top_level_parts(source: str) -> list[str]:
    parts, start = [], 0
    for i, c, depth in _scan(source):
        if c == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
    parts.append(source[start:])
    return parts


class Vocabulary:
    """Every word some alternative needs, found in one pass over a folded text."""

    def __init__(self):
        self._words: set[str] = set()
        self._automaton = None

    def add(self, words) -> None:
        if self._automaton is not None:
            raise RuntimeError("the vocabulary is sealed once it has been used")
        self._words.update(words)

    def seal(self) -> None:
        automaton = ahocorasick.Automaton()
        for word in self._words:
            automaton.add_word(word, word)
        if self._words:
            automaton.make_automaton()
        self._automaton = automaton

    def __len__(self) -> int:
        return len(self._words)

    def present(self, folded: str, prefix_length: int | None = None):
        """The words in ``folded``; with ``prefix_length``, also those wholly inside
        its first ``prefix_length`` characters (the post text before its attachments)."""
        if self._automaton is None:
            self.seal()
        if not self._words:
            return frozenset(), frozenset()
        found, in_prefix = set(), set()
        limit = len(folded) if prefix_length is None else prefix_length
        for end, word in self._automaton.iter(folded):
            found.add(word)
            if end < limit:
                in_prefix.add(word)
        return found, in_prefix


class Matcher:
    """One rule pattern: the whole, compiled, and its alternatives with the words
    each needs (None when an alternative needs no particular word)."""

    __slots__ = ("whole", "flags", "alternatives", "words", "_all", "_unions")

    def __init__(self, whole):
        self.whole = whole
        self.flags = whole.flags
        sources = split_alternatives(whole.pattern)
        if len(sources) == 1:
            compiled = [whole]
        else:
            compiled = [regex.compile(s, self.flags) for s in sources]
        self.alternatives = tuple((c, required_literals(c.pattern)) for c in compiled)
        # One of these words is in every text the pattern matches (None: no such set).
        self.words = None if any(w is None for _, w in self.alternatives) else \
            frozenset().union(*(w for _, w in self.alternatives))
        self._all = tuple(range(len(self.alternatives)))
        self._unions: dict[tuple, object] = {}

    @property
    def pattern(self) -> str:
        return self.whole.pattern

    def possible(self, present) -> tuple[int, ...]:
        """Indexes of the alternatives that could match a text holding the words ``present``."""
        if self.words is not None and self.words.isdisjoint(present):
            return ()
        return tuple([i for i, (_, words) in enumerate(self.alternatives)
                      if words is None or not words.isdisjoint(present)])

    def could_match(self, present) -> bool:
        return self.words is None or not self.words.isdisjoint(present)

    def search(self, text: str, present, timeout=None) -> bool:
        for _, (compiled, words) in self._possible_pairs(present):
            if compiled.search(text, timeout=timeout) is not None:
                return True
        return False

    def finditer(self, text: str, present, timeout=None):
        chosen = self.possible(present)
        if not chosen:
            return iter(())
        return self._union(chosen).finditer(text, timeout=timeout)

    def first(self, text: str, present, timeout=None):
        return next(self.finditer(text, present, timeout), None)

    def _possible_pairs(self, present):
        for i, pair in enumerate(self.alternatives):
            if pair[1] is None or not pair[1].isdisjoint(present):
                yield i, pair

    def _union(self, chosen: tuple[int, ...]):
        if chosen == self._all:
            return self.whole
        if len(chosen) == 1:
            return self.alternatives[chosen[0]][0]
        union = self._unions.get(chosen)
        if union is None:
            if len(self._unions) >= UNION_CACHE_SIZE:
                self._unions.clear()
            union = regex.compile("|".join(self.alternatives[i][0].pattern for i in chosen), self.flags)
            self._unions[chosen] = union
        return union
