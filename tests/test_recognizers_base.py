"""``any_case``: a pattern written to match without IGNORECASE what it matches with it."""
import string

import pytest
import regex

from linter.recognizers.base import any_case


def test_each_letter_matches_what_ignorecase_matches_it_to():
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for letter in string.ascii_lowercase + string.ascii_uppercase:
        folded = [m.start() for m in regex.finditer(letter, everything, regex.IGNORECASE)]
        assert [m.start() for m in regex.finditer(any_case(letter), everything)] == folded, letter


@pytest.mark.parametrize("source", [
    r"\b(?:he|him|his)\b",
    r"\b(?P<owner>his|her)\s+(?:step-?|ex-)*(?P<rel>son|daughter)s?\b(?=\s+of\s+\p{Lu})",
    r"[a-z][a-z-]+(?:['’]s)?\s+(?-i:Smith)[^.!?\n]{0,5}\Z",
    r"caf(?:é|e)\s+(?<!\d)(?!x)\d{1,2}",
])
def test_rewritten_patterns_find_the_same(source):
    texts = ["HIS Son of Bob", "his son of bob", "Her step-daughters of Ann", "ſon", "He said him", "Cafe 12 CAFÉ 3",
             "Frank's SMITH ok", "frank's Smith. x", "ſmiths smith", "her ex-SON", "THE K\u212aid"]
    rewritten = regex.compile(any_case(source))
    original = regex.compile(source, regex.IGNORECASE)
    for text in texts:
        assert [m.span() for m in rewritten.finditer(text)] == [m.span() for m in original.finditer(text)], text


@pytest.mark.parametrize("source", [r"(a)\1", r"\x41", r"(?i:a)", r"\pL"])
def test_unknown_syntax_is_refused(source):
    with pytest.raises(ValueError):
        any_case(source)
