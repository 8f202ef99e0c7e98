"""The literal prefilter may skip a pattern only when it provably cannot match."""
import pytest

from linter.literals import leading_literals, required_literals
from tests.support.texts import holdout_texts


@pytest.mark.parametrize(("source", "expected"), [
    (r"\bwarrants?\b", {"warrant"}),
    (r"\b(?:covert|unmarked)\s+cars?\b", {"covert", "unmarked"}),
    (r"\p{Lu}\w+", None),           # no word is required
    (r"\d{3}", None),
    (r"(?:a|bb)", None),            # words shorter than three letters are no filter
    (r"\bf\*+k\w*", {"f*"}),          # ...unless they hold a symbol: "f*" is rare
    (r"ab{2,}c", {"abb"}),          # a repeated letter counts as many times as it must occur
])
def test_required_literals_table(source, expected):
    found = required_literals(source)
    assert (None if found is None else set(found)) == expected


@pytest.mark.parametrize(("source", "expected"), [
    (r"\b(?:vote|elect)\s+\w+", {"vote", "elect"}),
    (r"(?<!x)\bRT\s", {"rt"}),          # look-arounds and \b take no room
    (r"(?-i:Lab|Tory)\w*", {"lab", "tory"}),
    (r"f\*+k", {"f*"}),
    (r"(?:ab)+c", {"ab"}),
    (r"\d+abc", None),                 # required, but not at the start
    (r"x*ab", {"x", "ab"}),            # the start may be "x" or "ab"
    (r"(?:a|b?c)", {"a", "b", "c"}),    # "b?" may be absent
    (r"\b(?:the\s+)?government", {"the", "government"}),
    (r"(?:the\s+)?\d", None),          # without "the" it starts with any digit
    (r"x*", None),                     # it may match nothing at all
])
def test_leading_literals_table(source, expected):
    found = leading_literals(source)
    assert (None if found is None else set(found)) == expected


def test_every_match_starts_with_one_of_its_leading_literals(engine):
    texts = holdout_texts()
    matchers = {id(m): m for rule in engine.rules.values() for m in rule.matchers()}.values()
    checked = 0
    for matcher in matchers:
        for (alternative, _), leading in zip(matcher.alternatives, matcher.leading):
            if leading is None:
                continue
            for text in texts:
                for found in alternative.finditer(text):
                    checked += 1
                    assert found.group().casefold().startswith(tuple(leading)), (alternative.pattern[:80], found.group())
    assert checked > 50


def test_no_alternative_matches_a_text_without_its_literals(engine):
    texts = holdout_texts()
    matchers = {id(m): m for rule in engine.rules.values() for m in rule.matchers()}.values()
    checked = 0
    for matcher in matchers:
        for alternative, words in matcher.alternatives:
            if words is None:
                continue
            for text in texts:
                if alternative.search(text):
                    checked += 1
                    assert any(w in text.casefold() for w in words), (alternative.pattern[:80], text[:80])
    assert checked > 50
