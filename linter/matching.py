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
for any alternative's match; and the whole pattern's matches are its alternatives'
own, merged leftmost first with the earlier alternative winning a tie.
``tests/test_matching.py`` checks these claims over every pattern in the packs.
"""
from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right

import ahocorasick
import regex

from .guards import combined as combined_guard
from .literals import MIN_LENGTH, pattern_shape

# On a short text up to this many possible alternatives run one by one; past it the whole
# pattern (one scan trying every alternative) is cheaper than that many scans. On a long text
# a scan's fixed cost matters little, and the whole pattern's scan is the dearer one however
# many alternatives it has (every alternative is tried at every character, where one alone is
# found by its first letters): the wanted-appeal pattern's 21 cost 6.3 ms over 10,000
# characters, against 1.0 ms one by one, which made a long post's lint grow faster than its text.
MERGE_LIMIT = 4
LONG_TEXT = 1000


# Trying a pattern at one position costs about as much as scanning this many characters
# for it; with more positions than that per character, the scan is cheaper. And past a
# few dozen positions a scan is kept however long the text: a pattern that needs a word
# after its first ("arrested ... after") looks for it afresh from every position it is
# tried at, but only once in a scan.
CHARACTERS_PER_ANCHOR = 24
MAX_ANCHORS = 32
# A pattern with a guard (guards.py) is tried untimed first, and the timed try made only where the
# guard matches: a try costs about a third of a timed one, so about three times as many are worth
# making before a scan is cheaper.
CHARACTERS_PER_GUARDED_ANCHOR = 8
MAX_GUARDED_ANCHORS = 96


def _one_by_one(chosen, alternatives: int, text: str) -> bool:
    """Whether the chosen alternatives of a pattern with this many are cheaper run one by one
    than as the whole pattern."""
    return len(text) >= LONG_TEXT or (len(chosen) <= MERGE_LIMIT and len(chosen) < alternatives)

# Timed calls pass their arguments by position: the regex module parses keyword arguments slowly
# (about 0.9 µs of a 2.5 µs failed match here, against 0.4 µs for a whole untimed one). Its
# docstrings leave ``partial`` out, so the order this relies on is checked once, at import:
# match/search(string, pos, endpos, concurrent, partial, timeout) and
# finditer(string, pos, endpos, overlapped, concurrent, partial, timeout). A release that moved
# them would otherwise turn a timeout into a partial-match flag without a word.
def _check_positional_order() -> None:
    probe = regex.compile("ab")
    partial = probe.match("a", 0, None, None, True)
    if partial is None or not partial.partial:
        raise ImportError("regex: match's fifth argument is no longer `partial`; see linter/matching.py")
    for call in (lambda: probe.match("ab", 0, None, None, False, 0.0),
                 lambda: probe.search("ab", 0, None, None, False, 0.0),
                 lambda: next(probe.finditer("ab", 0, None, False, None, False, 0.0))):
        try:
            call()
        except TimeoutError:
            continue  # a zero timeout runs out at the first check: the argument is the timeout
        raise ImportError("regex: the timeout is no longer where linter/matching.py passes it")


_check_positional_order()

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
        self._single: frozenset[str] = frozenset()
        self._automaton = None
        self._scanned = False  # whether the automaton holds any word (not every word is one character)

    @property
    def words(self) -> frozenset[str]:
        if self._automaton is None:
            self.seal()
        return self._words

    def add(self, words) -> None:
        if self._automaton is not None:
            raise RuntimeError("the vocabulary is sealed once it has been used")
        self._words.update(words)

    def seal(self) -> None:
        self._words = frozenset(self._words)
        # A single character ("7" for an age) is looked for on its own: in the automaton it would
        # be a hit at every digit of a long number.
        self._single = frozenset(w for w in self._words if len(w) == 1)
        automaton = ahocorasick.Automaton()
        for word in self._words - self._single:
            automaton.add_word(word, word)
        self._scanned = bool(self._words - self._single)
        if self._scanned:
            automaton.make_automaton()
        self._automaton = automaton

    def present(self, folded: str, prefix_length: int | None = None):
        """The words in ``folded``; with ``prefix_length``, also those wholly inside
        its first ``prefix_length`` characters (the post text before its attachments)."""
        found, in_prefix, _ = self.scan(folded, prefix_length)
        return found, in_prefix

    def scan(self, folded: str, prefix_length: int | None = None, with_ends: bool = False):
        """As ``present``, and with ``with_ends`` also ``ends(folded)`` from the same pass (else
        None): a long post's patterns nearly always ask where their words are."""
        if self._automaton is None:
            self.seal()
        if not self._words:
            return frozenset(), frozenset(), {} if with_ends else None
        ends = self._ends(folded) if with_ends else None
        if prefix_length is None:  # most posts have no attachments: one set serves both
            found = set(ends) if with_ends else {word for _, word in self._automaton.iter(folded)}
            found.update(c for c in self._single if c in folded)
            return found, found, ends
        found, in_prefix = set(), set()
        if with_ends:
            found.update(ends)
            in_prefix.update(word for word, at in ends.items() if at[0] < prefix_length)
        else:
            for end, word in self._automaton.iter(folded):
                found.add(word)
                if end < prefix_length:
                    in_prefix.add(word)
        for c in self._single:
            at = folded.find(c)
            if at >= 0:
                found.add(c)
                if at < prefix_length:
                    in_prefix.add(c)
        return found, in_prefix, ends

    def ends(self, folded: str) -> dict[str, list[int]]:
        """Where each word the automaton looks for ends in ``folded`` (its last character's index,
        in order)."""
        if self._automaton is None:
            self.seal()
        return self._ends(folded)

    def _ends(self, folded: str) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        if self._scanned:
            for end, word in self._automaton.iter(folded):
                at = found.get(word)
                if at is None:
                    found[word] = [end]
                else:
                    at.append(end)
        return found


class WordStarts:
    """A post's case-folded text, where patterns look for the words they start with.
    Built only when folding kept every character in place (no "ß" to "ss"), so a
    position in the folded text is the same position in the original."""

    __slots__ = ("folded", "looked_for", "vocabulary", "_ends", "_found")

    def __init__(self, folded: str, looked_for=frozenset(), vocabulary=None, ends=None):
        self.folded = folded
        self.looked_for = looked_for  # the vocabulary's words: one absent from its pass is not here
        self.vocabulary = vocabulary  # a ``Vocabulary`` that can say where its words end
        self._ends = ends  # its ``ends(folded)``, if the caller has them already
        self._found: dict[tuple[str, bool], list[int]] = {}

    def positions(self, word: str, end: int, most: int, word_start: bool = False) -> list[int]:
        """Where ``word`` starts wholly before ``end``, the first ``most`` of them (at most
        ``MAX_GUARDED_ANCHORS + 1``); with ``word_start``, only where no letter, digit or underscore
        stands before it. Many patterns start with the same words ("the", "arrested"), so the
        first places of each are looked for once per lint."""
        key = (word, word_start)
        found = self._found.get(key)
        if found is None and self.vocabulary is not None and word in self.looked_for and len(word) > 1 \
                and len(self.folded) >= LONG_TEXT:
            # One more automaton pass places every word the vocabulary scans for at once (in a short
            # post a few string searches cost less).
            if self._ends is None:
                self._ends = self.vocabulary.ends(self.folded)
            folded, back = self.folded, len(word) - 1
            found = self._found[key] = [
                last - back for last in self._ends.get(word, ())
                if not (word_start and last > back and _ascii_word_char(folded[last - back - 1]))]
        if found is None:
            found, folded, cap = [], self.folded, MAX_GUARDED_ANCHORS + 1
            if word_start:
                # A short word ("a", "in") stands inside many others: find only where words start.
                for m in _word_starting(word).finditer(folded, overlapped=True):
                    found.append(m.start())
                    if len(found) >= cap:
                        break
            else:
                find = folded.find
                at = find(word)
                while at >= 0 and len(found) < cap:
                    found.append(at)
                    at = find(word, at + 1)
            self._found[key] = found
        # The places wholly before ``end`` are the first of them, in order.
        return found[:min(most, bisect_right(found, end - len(word)))]


@functools.lru_cache(maxsize=4096)
def _word_starting(word: str):
    """Every place ``word`` starts with no ASCII letter, digit or underscore before it, found with
    ``finditer(..., overlapped=True)`` so overlapping places count too. Compiled once per word:
    ``regex.compile``'s own cache costs more than the search on a short post. The word is a literal
    after the look-behind (not inside a look-ahead) so the engine can search for it directly."""
    return regex.compile(r"(?<![0-9A-Za-z_])" + regex.escape(word))


def _ascii_word_char(ch: str) -> bool:
    """A letter, digit or underscore that folded to ASCII, so one in the original text too
    (what a pattern's \\w is, and a \\b cannot stand after)."""
    return ch.isascii() and (ch.isalnum() or ch == "_")


_UNBUILT = object()


class Matcher:
    """One rule pattern: the whole, compiled, and its alternatives with the words
    each needs (None when an alternative needs no particular word) and the words
    each starts with (None when it can start otherwise).

    When every alternative a post makes possible starts with a known word, the
    whole pattern is tried only where those words start in the text: any match
    starts at one of them, and the whole pattern tried at a position finds what a
    scan would find there. Otherwise, when a post makes only a few alternatives
    possible, each runs on its own and their matches are merged as the whole
    pattern would have found them; when it makes many possible, the whole pattern
    runs. Nothing is compiled per post: single alternatives are compiled once, on
    first use.
    """

    __slots__ = ("whole", "sources", "needs", "words", "mergeable", "leading", "word_start", "_singles", "_guard")

    def __init__(self, whole):
        self.whole = whole
        self.sources = tuple(split_alternatives(whole.pattern))
        shapes = [pattern_shape(source) for source in self.sources]
        self.needs = tuple(words for words, _, _ in shapes)
        # One of these words is in every text the pattern matches (None: no such set).
        self.words = None if any(w is None for w in self.needs) else frozenset().union(*self.needs)
        # Merging separate scans is exact only when no alternative can match the empty string.
        self.mergeable = len(self.sources) > 1 and all(width for _, width, _ in shapes)
        self.leading = tuple(leading for _, _, leading in shapes)
        # An alternative that opens with \b cannot match where its first word (a letter or digit)
        # runs on from the word before it: "the" in "other" is no place to try it.
        self.word_start = tuple(source.startswith(r"\b") for source in self.sources)
        self._singles: list = [None] * len(self.sources) if len(self.sources) > 1 else [whole]
        self._guard = _UNBUILT  # an untimed pre-check for a try at one position (guards.py)

    @property
    def pattern(self) -> str:
        return self.whole.pattern

    @property
    def alternatives(self) -> tuple:
        """(compiled alternative, words it needs) pairs, for inspection and tests."""
        return tuple((self._single(i), words) for i, words in enumerate(self.needs))

    def vocabulary_words(self) -> set[str]:
        """The words a lint's one vocabulary pass should look for on this pattern's behalf."""
        words = {word for needed in self.needs if needed for word in needed}
        words.update(word for leading in self.leading if leading for word in leading if len(word) >= MIN_LENGTH)
        return words

    def possible(self, present) -> tuple[int, ...]:
        """Indexes of the alternatives that could match a text holding the words ``present``."""
        if self.words is not None and self.words.isdisjoint(present):
            return ()
        return tuple([i for i, words in enumerate(self.needs) if words is None or not words.isdisjoint(present)])

    def search(self, text: str, present, timeout=None, starts=None, offset: int = 0) -> bool:
        """Whether the pattern matches ``text``. ``starts`` (a ``WordStarts`` over a folded
        text holding ``text`` at ``offset``) lets it try only where its words start."""
        chosen = self.possible(present)
        if not chosen:
            return False
        anchors = self._anchors(chosen, present, starts, offset, len(text)) if starts is not None else None
        if anchors is not None:
            match, guard = self.whole.match, self.guard_match
            return any((guard is None or guard(text, at) is not None)
                       and match(text, at, None, None, False, timeout) is not None for at in anchors)
        if not _one_by_one(chosen, len(self.sources), text):
            return self.whole.search(text, None, None, None, False, timeout) is not None
        return any(self._single(i).search(text, None, None, None, False, timeout) is not None for i in chosen)

    def finditer(self, text: str, present, timeout=None, starts=None, offset: int = 0):
        """The whole pattern's matches in ``text``, as ``whole.finditer`` finds them."""
        chosen = self.possible(present)
        if not chosen:
            return iter(())
        anchors = self._anchors(chosen, present, starts, offset, len(text)) if starts is not None else None
        if anchors is not None:
            return self._anchored(anchors, text, timeout)
        if len(chosen) == 1:
            return self._single(chosen[0]).finditer(text, None, None, False, None, False, timeout)
        if not self.mergeable or not _one_by_one(chosen, len(self.sources), text):
            return self.whole.finditer(text, None, None, False, None, False, timeout)
        return self._merged([self._single(i) for i in chosen], text, timeout)

    def first(self, text: str, present, timeout=None):
        return next(self.finditer(text, present, timeout), None)

    def _anchors(self, chosen, present, starts, offset: int, length: int) -> list[int] | None:
        """Positions in ``text`` where a chosen alternative's first word starts, in order;
        None when some chosen alternative has no first word or a scan would be cheaper."""
        if self.guard_match is None:
            budget = min(MAX_ANCHORS, max(1, length // CHARACTERS_PER_ANCHOR))
        else:
            budget = min(MAX_GUARDED_ANCHORS, max(1, length // CHARACTERS_PER_GUARDED_ANCHOR))
        end = offset + length
        find = starts.folded.find
        found = set()
        for i in chosen:
            leading = self.leading[i]
            if leading is None:
                return None
            for word in leading:
                if word not in present and word in starts.looked_for:
                    continue  # the vocabulary pass looked for it and it is not in the text
                if offset == 0:
                    # From the start of the text: the places are shared by every pattern that asks.
                    found.update(starts.positions(word, end, budget + 1,
                                                  self.word_start[i] and _ascii_word_char(word[0])))
                    if len(found) > budget:
                        return None
                    continue
                at = find(word, offset, end)
                while at >= 0:
                    found.add(at - offset)
                    if len(found) > budget:
                        return None
                    at = find(word, at + 1, end)
        return sorted(found)

    def _anchored(self, anchors, text: str, timeout):
        """The whole pattern tried at each anchor in turn, from the end of the last match
        (matches are never empty: each starts with a word)."""
        match, guard, floor = self.whole.match, self.guard_match, 0
        for at in anchors:
            if at < floor or (guard is not None and guard(text, at) is None):
                continue
            found = match(text, at, None, None, False, timeout)
            if found is not None:
                yield found
                floor = found.end()

    @staticmethod
    def _merged(singles, text: str, timeout):
        """The whole pattern's matches from its alternatives' own: at each step the
        leftmost next match wins, the earlier alternative on a tie, and scanning
        goes on from its end (matches are never empty here)."""
        upcoming = [p.search(text, None, None, None, False, timeout) for p in singles]
        position = 0
        while True:
            best = None
            for k, match in enumerate(upcoming):
                if match is not None and match.start() < position:
                    match = upcoming[k] = singles[k].search(text, position, None, None, False, timeout)
                if match is not None and (best is None or match.start() < upcoming[best].start()):
                    best = k
            if best is None:
                return
            match = upcoming[best]
            yield match
            position = match.end()

    @property
    def guard_match(self):
        """The guard's ``match``, untimed (it cannot backtrack badly: guards.py), or None when the
        pattern has no guard. A timed try is made only where it matches."""
        guard = self._guard
        if guard is _UNBUILT:
            source = combined_guard(self.sources, self.whole.flags)
            guard = self._guard = None if source is None else regex.compile(source, self.whole.flags).match
        return guard

    def _single(self, index: int):
        compiled = self._singles[index]
        if compiled is None:
            compiled = self._singles[index] = regex.compile(self.sources[index], self.whole.flags)
        return compiled

