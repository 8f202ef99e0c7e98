"""Text geometry: sentence windows, UTF-16 offsets and line/column positions.

Rules reason about context inside a window (a sentence or a paragraph), so the
text is cut once per lint into windows that every rule shares.
"""
from __future__ import annotations

import bisect
import hashlib

import regex

# A sentence ends at . ! ? (optionally closed by quotes or brackets) followed by
# whitespace, or at a line break. Abbreviations such as "Mr." and "St." and
# times such as "5.30pm" are not ends because no whitespace follows the dot or
# the next word is lower case.
# The punctuation is matched and then dropped from the match (\K), rather than looked back at from
# every space: the same boundaries, without an abbreviation look-behind at each character.
# And every alternative opens with the character it needs (the abbreviation is looked back at from after
# its full stop), so the engine skips at once the places no boundary can start.
_SENTENCE_END = regex.compile(
    r"""(?:[.!?…]['"’”)\]]|\.(?<!\b(?:Mr|Mrs|Ms|Dr|St|Sgt|Insp|Supt|Det|Cllr|No|Ch|Con|Jr|Sr|vs|v|PC|DC|DS|DI)\.)|[!?…])"""
    r"""\K\s+(?=[^a-z])|\n+|[|•]\K[^\S\n]"""
    r"""|\p{Extended_Pictographic}\K[^\S\n]+(?=\p{Lu})""",  # "… this morning 💐 Sandra from the Co-op": an emoji ends a sentence
    regex.V1,
)
_PARAGRAPH_END = regex.compile(r"\n\s*\n")


class Windows:
    """Sentence and paragraph boundaries of one text, found once."""

    __slots__ = ("text", "sentence_starts", "sentence_ends", "_paragraphs")

    def __init__(self, text: str):
        self.text = text
        self.sentence_starts, self.sentence_ends = _cut(text, _SENTENCE_END)
        self._paragraphs = None  # cut when a rule first asks: few do

    @property
    def paragraph_starts(self) -> list[int]:
        return self._paragraph_cut()[0]

    @property
    def paragraph_ends(self) -> list[int]:
        return self._paragraph_cut()[1]

    def _paragraph_cut(self) -> tuple[list[int], list[int]]:
        if self._paragraphs is None:
            self._paragraphs = _cut(self.text, _PARAGRAPH_END)
        return self._paragraphs

    def sentence(self, offset: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)
        return self.sentence_starts[i], self.sentence_ends[i]

    def sentence_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def sentence_bounds(self, index: int) -> tuple[int, int]:
        return self.sentence_starts[index], self.sentence_ends[index]

    def paragraph(self, offset: int) -> tuple[int, int]:
        starts, ends = self._paragraph_cut()
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        return starts[i], ends[i]

    def window(self, kind: str, start: int, end: int) -> tuple[int, int]:
        """The window of ``kind`` holding the span; it grows to cover a span that
        crosses a boundary."""
        if kind == "post":
            return 0, len(self.text)
        pick = self.sentence if kind == "sentence" else self.paragraph
        lo, _ = pick(start)
        _, hi = pick(max(end - 1, start))
        return lo, hi

    def neighbourhood(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding the span and the one after it: enough for
        "Name, 34, was arrested. He remains in custody." style reporting."""
        i = self.sentence_index(start)
        j = min(self.sentence_index(max(end - 1, start)) + 1, len(self.sentence_starts) - 1)
        return self.sentence_starts[i], self.sentence_ends[j]


def _cut(text: str, boundary) -> tuple[list[int], list[int]]:
    starts, ends = [0], []
    for m in boundary.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


_ASTRAL = regex.compile(r"[^\x00-\uFFFF]")


class Utf16Map:
    """Code-point offsets to UTF-16 code units (what JavaScript strings index).

    Characters outside the Basic Multilingual Plane (most emoji) take two
    units, so each one before an offset shifts it by one."""

    __slots__ = ("astral",)

    def __init__(self, text: str):
        self.astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, offset: int) -> int:
        return offset + bisect.bisect_left(self.astral, offset)


def utf16_offset(text: str, offset: int) -> int:
    return Utf16Map(text)(offset)


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def squash(text: str) -> str:
    """Whitespace-collapsed, case-folded text: the stable part of a context."""
    return " ".join(text.split()).casefold()
