"""Guards: untimed pre-checks that must never reject a match and never backtrack badly."""
import logging

import pytest
import regex

import linter.engine
from linter import load_engine, parse_post
from linter.guards import MAX_PATHS, WHITESPACE, combined, guard_source
from linter.matching import Matcher, WordStarts
from tests.support.texts import post_texts

FLAGS = int(regex.IGNORECASE | regex.V0)
EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


@pytest.mark.parametrize(("source", "guard"), [
    (r"\b(?:the\s+king|his\s+majesty)\b[^.!?\n]{0,60}\bill\b", r"\b(?:the\s++king|his\s++majesty)\b"),
    (r"has\s+(?:now\s+)?been\s+found", r"has\s++(?:now\s++)?been\s++found"),
    # A look-around is dropped: the guard matches wherever the pattern does, and more.
    (r"(?<!\b(?:said|told\s+(?:us|officers))\s)\bthe\s+(?:man|woman)s?\b", r"\bthe\s++(?:man|woman)s?\b"),
    (r"\barrested\s*(?:[–—-]|,)?again", r"\barrested\s*+(?:[–—-]|,)?again"),  # never whitespace after the run
    (r"\b\d{1,2}\s?%\s+off\b", r"\b\d{1,2}\s?%\s++off\b"),
    (r"a\s+\bb", r"a\s++\bb"),                # \b never holds inside a whitespace run
    (r"a\s+(?:b)?c", r"a\s++(?:b)?c"),
    # A word's letters never are whitespace: its run is possessive where whitespace must follow.
    (r"\bthe\s+(?:\p{Lu}[\p{L}-]+\s+)?thief", r"\bthe\s++(?:\p{Lu}[\p{L}-]++\s++)?thief"),
    (r"a\w+b", r"a\w++"),                       # not where a letter may follow: the guard ends
    (r"a[\w']+\bb", r"a[\w']++"),               # nor before a \b (inside "o'neil" there is one)
    # A group repeated a few times is written out; one repeated without bound ends the guard.
    (r"\bcaught\s+(?:\w+\s+){0,2}thief", r"\bcaught\s++(?:(?:\w++\s++)(?:(?:\w++\s++))?)?thief"),
    (r"\bzzz\s+(a|aa)+$", r"\bzzz\s++"),
    (r"a.+b", None),                                # a run that may be whitespace or not
    # The guard ends before what may be whitespace after a run: a possessive run could lose a match.
    (r"a\s+\s+b", r"a\s++"),
    (r"a\s+.b", r"a\s++"),
    (r"a\s+\Bb", r"a\s++"),
    (r"a\s+(?:b|\s)", r"a\s++"),
    (r"\barrested\s*(?:[–—-]|,)?\s*again", None),  # all it could keep is optional: no guard
    (r"\bthe(?=s)", None),                          # nothing past the word it is tried at
    (r"(?P<x>a)\s+b", None),                       # syntax a guard does not take ends it at once
    (r"(a)\s+\1", r"(?:a)\s++"),                  # a back-reference ends it
])
def test_guard_table(source, guard):
    assert guard_source(source, FLAGS) == guard


def test_flags_the_reasoning_does_not_cover_give_no_guard():
    assert combined([r"\bthe\s+king"], FLAGS) is not None
    assert combined([r"\bthe\s+king"], FLAGS | regex.WORD) is None      # Unicode word boundaries
    assert combined([r"\bthe\s+king"], FLAGS | regex.VERBOSE) is None
    assert combined([r"\bthe\s+king", r"(?:a|aa)+"], FLAGS) is None       # an alternative without one


def test_the_whitespace_list_holds_every_character_a_whitespace_class_matches():
    listed = set(WHITESPACE)
    for flags in (regex.V0, regex.V0 | regex.IGNORECASE, regex.V0 | regex.ASCII, regex.V1):
        assert set(regex.findall(r"\s", EVERY_CHARACTER, flags=flags)) <= listed, flags


def test_no_whitespace_character_is_a_word_character():
    # So \b never holds between two whitespace characters: the reason it may follow a possessive run.
    for flags in (regex.V0, regex.V0 | regex.ASCII):
        assert not regex.findall(r"(?=\s)\w", EVERY_CHARACTER, flags=flags)


def _pack_matchers(engine):
    return {id(m): m for rule in engine.rules.values() for m in rule.matchers()}.values()


def _unbounded_repeats(guard: str) -> list[str]:
    """Each unbounded quantifier in a guard with what it repeats (outside classes and escapes)."""
    found, i = [], 0
    while i < len(guard):
        c = guard[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = guard.index("]", i + 2 if guard.startswith("[]", i) or guard.startswith("[^]", i) else i + 1) + 1
            continue
        if c in "*+" or (c == "{" and regex.match(r"\{\d+,\}", guard[i:])):
            end = guard.index("}", i) + 1 if c == "{" else i + 1
            found.append((guard[max(0, i - 2):i], guard[end:end + 1]))
            i = end + 1
            continue
        i += 1
    return found


def test_every_pack_guard_repeats_without_bound_only_possessively(engine):
    guarded = [m for m in _pack_matchers(engine) if m.guard_match is not None]
    assert len(guarded) > 100, "most pack patterns tried at their words should have a guard"
    for matcher in guarded:
        guard = matcher.guard_match.__self__.pattern
        for body, after in _unbounded_repeats(guard):
            assert after == "+", (guard, body)


def test_a_guard_never_rejects_where_its_pattern_matches(engine):
    """At every match of every pack pattern in the posts, and in the same posts with their spaces
    turned into other whitespace (runs of it, non-breaking, line breaks), the guard matches too."""
    guarded = [m for m in _pack_matchers(engine) if m.guard_match is not None]
    texts = post_texts()
    spaced = [t.replace(" ", sep) for t, sep in zip(texts, ["\u00a0", "  ", "\n", " \t ", "\u2009"] * len(texts))]
    fires = [e.text for rule in engine.rules.values() for e in rule.fires]
    checked = 0
    for text in texts + spaced + fires + [f.replace(" ", "\u3000 ") for f in fires]:
        for matcher in guarded:
            for m in matcher.whole.finditer(text, overlapped=True):
                assert matcher.guard_match(text, m.start()) is not None, (matcher.pattern[:80], m.group())
                checked += 1
    assert checked > 1000


def test_guards_reject_most_tries():
    matcher = Matcher(regex.compile(r"\b(?:the\s+king|the\s+queen)\b", FLAGS))
    text = "They said the man and the woman went there, then the King  waved. " * 3
    guard = matcher.guard_match
    tries = [m.start() for m in regex.finditer("the", text.casefold())]
    assert [at for at in tries if guard(text, at)] == [m.start() for m in matcher.whole.finditer(text)]


def test_a_guard_has_a_bounded_number_of_ways_through():
    wide = "(?:" + "|".join(f"w{i}" for i in range(MAX_PATHS + 1)) + ")"
    assert guard_source(r"\ba\s+" + wide, FLAGS) == r"\ba\s++"  # the group would be one way too many


# -- the timeout still decides what a guard lets through ----------------------------------------

def test_an_anchored_pattern_that_runs_away_past_its_guard_still_times_out():
    matcher = Matcher(regex.compile(r"\bzzz\s+(a|aa)+$", FLAGS))
    assert matcher.guard_match is not None
    text = "zzz " + "a" * 3000 + "b"
    starts, present = WordStarts(text.casefold()), {"zzz"}
    assert matcher._anchors(matcher.possible(present), present, starts, 0, len(text)) == [0]
    with pytest.raises(TimeoutError):
        list(matcher.finditer(text, present, 0.05, starts))
    with pytest.raises(TimeoutError):
        matcher.search(text, present, 0.05, starts)


GUARDED_BACKTRACKING_PACK = """
[[rule]]
id = "scratch.guarded-backtracking"
category = "operational"
severity = "advice"
message = "A catastrophic pattern tried where its word starts"
why = "Exercises the timeout behind a guard."
suggestion = "Nothing."
policy = ["cleveland 3.1.5"]
patterns = ['\\bzzz\\s+(a|aa)+$']
[rule.examples]
fire = ["zzz aa"]
pass = ["zzz b"]
"""


def test_a_post_whose_guarded_pattern_times_out_is_held(write_pack, rules_copy, monkeypatch, caplog):
    write_pack("scratch.toml", GUARDED_BACKTRACKING_PACK)
    engine = load_engine(rules_dir=rules_copy)
    monkeypatch.setattr(linter.engine, "REGEX_TIMEOUT_SECONDS", 0.05)
    with caplog.at_level(logging.WARNING, logger="postlint.engine"):
        result = engine.lint(parse_post({"text": "zzz " + "a" * 3000 + "b"}))
    timeouts = [f for f in result.findings if f.rule == "engine.rule-timeout"]
    assert len(timeouts) == 1 and "scratch.guarded-backtracking" in timeouts[0].why
    assert result.verdict == "block"
