"""Running only the alternatives a post could match must change no result."""
import pytest
import regex

from linter.matching import MERGE_LIMIT, Matcher, Vocabulary, WordStarts, split_alternatives
from tests.support.texts import post_texts


@pytest.mark.parametrize(("source", "expected"), [
    (r"(?:a|(?:b|c))", ["a", "b", "c"]),
    (r"\bfoo(?:x|y)\b", [r"\bfoo(?:x|y)\b"]),       # alternation inside a sequence stays whole
    (r"a|[|(]|b", ["a", "[|(]", "b"]),              # a bar inside a class is a character
    (r"[]|]|q", ["[]|]", "q"]),                     # a leading ] is a character too
    (r"x\|y|z", [r"x\|y", "z"]),                    # an escaped bar is a character
    (r"(?:a|b)+", ["(?:a|b)+"]),                    # a repeated group is not an enclosing one
    (r"(?:a)(?:b)", ["(?:a)(?:b)"]),                # two groups, not one around everything
    (r"(a)|\1", [r"(a)|\1"]),                       # back-references tie alternatives together
    (r"(?i)a|b", ["(?i)a|b"]),                      # a global flag belongs to the whole
    (r"(?-i:\p{Lu})|c", [r"(?-i:\p{Lu})", "c"]),
])
def test_split_alternatives_table(source, expected):
    assert split_alternatives(source) == expected


def test_vocabulary_finds_words_in_the_text_and_anywhere():
    vocabulary = Vocabulary()
    vocabulary.add({"arrest", "rest", "photo"})
    vocabulary.seal()
    text = "Man arrested"
    anywhere, in_text = vocabulary.present((text + "\nimage: photo").casefold(), len(text))
    assert anywhere == {"arrest", "rest", "photo"}
    assert in_text == {"arrest", "rest"}


def test_a_single_character_word_is_found_without_the_automaton():
    vocabulary = Vocabulary()
    vocabulary.add({"7", "arrest", "#"})
    vocabulary.seal()
    text = "Boy, 7, arrested"
    assert vocabulary.present(text.casefold()) == ({"7", "arrest"}, {"7", "arrest"})
    anywhere, in_text = vocabulary.present((text + "\nimage: #tag").casefold(), len(text))
    assert anywhere == {"7", "arrest", "#"} and in_text == {"7", "arrest"}


def test_a_scan_gives_the_words_and_where_they_end_in_one_pass():
    vocabulary = Vocabulary()
    vocabulary.add({"arrest", "rest", "photo", "7"})
    vocabulary.seal()
    text = "Boy, 7, arrested after a photo"
    folded = (text + "\nimage: photo of the arrest").casefold()
    for prefix in (None, len(text)):
        found, in_prefix, ends = vocabulary.scan(folded, prefix, with_ends=True)
        assert (found, in_prefix) == vocabulary.present(folded, prefix)
        assert ends == vocabulary.ends(folded) and ends["arrest"] == [folded.index("arrest") + 5, len(folded) - 1]
        assert vocabulary.scan(folded, prefix)[2] is None


def _corpus_texts():
    texts = post_texts()
    joined = " ".join(texts)
    return texts + [joined[i:i + 3000] for i in range(0, len(joined), 3000)]


def test_every_pack_pattern_finds_the_same_matches_with_only_its_possible_alternatives(engine):
    vocabulary = engine.ruleset.vocabulary
    matchers = {id(m): m for rule in engine.rules.values() for m in rule.matchers()}.values()
    split = [m for m in matchers if len(m.alternatives) > 1]
    assert len(split) > 20, "the packs' lexicon patterns should split into alternatives"
    reduced = merged = anchored = 0
    for text in _corpus_texts():
        folded = text.casefold()
        present, _ = vocabulary.present(folded)
        starts = WordStarts(folded, vocabulary.words) if len(folded) == len(text) else None
        for matcher in matchers:
            expected = [m.span() for m in matcher.whole.finditer(text)]
            assert [m.span() for m in matcher.finditer(text, present)] == expected, matcher.pattern[:80]
            assert [m.span() for m in matcher.finditer(text, present, starts=starts)] == expected, matcher.pattern[:80]
            assert matcher.search(text, present) == bool(expected), matcher.pattern[:80]
            assert matcher.search(text, present, starts=starts) == bool(expected), matcher.pattern[:80]
            possible = matcher.possible(present)
            reduced += len(possible) < len(matcher.alternatives)
            merged += matcher.mergeable and 1 < len(possible) <= MERGE_LIMIT and len(possible) < len(matcher.alternatives)
            if starts is not None and possible:
                anchored += matcher._anchors(possible, present, starts, 0, len(text)) is not None
    assert reduced > 1000, "most posts should let most patterns drop alternatives"
    assert merged > 100, "the merge of separate alternatives should be exercised"
    assert anchored > 1000, "most patterns should be tried only where their words start"


def test_a_pattern_tried_in_a_window_sees_only_the_window(engine):
    """A rule's condition runs on a slice of the post; anchors from the whole post are
    moved into the slice, and a word cut by the slice's edge is no anchor."""
    vocabulary = engine.ruleset.vocabulary
    matchers = {id(m): m for rule in engine.rules.values() for m in rule.matchers()}.values()
    text = _corpus_texts()[-1]
    folded = text.casefold()
    assert len(folded) == len(text)
    present, _ = vocabulary.present(folded)
    starts = WordStarts(folded, vocabulary.words)
    windows = [(lo, lo + width) for width in (60, 240, 900) for lo in range(0, len(text) - width, width // 3 + 7)]
    for matcher in matchers:
        for lo, hi in windows:
            window = text[lo:hi]
            assert matcher.search(window, present, starts=starts, offset=lo) == \
                (matcher.whole.search(window) is not None), (matcher.pattern[:80], lo, hi)


def test_a_pattern_is_tried_at_every_start_of_its_words_including_overlaps():
    matcher = Matcher(regex.compile(r"ana\w*|ban\w*", regex.IGNORECASE))
    text = "an Anana banana" + " ." * 100  # long enough that five tries beat one scan
    starts, present = WordStarts(text.casefold()), {"ana", "ban"}
    chosen = matcher.possible(present)
    assert matcher._anchors(chosen, present, starts, 0, len(text)) == [3, 5, 9, 10, 12]
    assert [m.span() for m in matcher.finditer(text, present, starts=starts)] == [(3, 8), (9, 15)]
    assert matcher._anchors(chosen, present, starts, 4, 100) == [1, 5, 6, 8]  # moved into the window
    assert matcher._anchors(chosen, present, starts, 4, 3) == []  # "nan": "ana" is cut by the edge


def test_an_alternative_opening_with_a_word_boundary_is_not_tried_inside_a_word():
    matcher = Matcher(regex.compile(r"\bana\w*|\bban\w*|nan", regex.IGNORECASE))
    text = "an Anana banana_ana" + " ." * 100
    starts, present = WordStarts(text.casefold()), {"ana", "ban", "nan"}
    chosen = matcher.possible(present)
    # "ana" and "ban" only where a word starts; "nan", with no \b, wherever it stands.
    assert matcher._anchors(chosen, present, starts, 0, len(text)) == [3, 4, 9, 11]
    assert [m.span() for m in matcher.finditer(text, present, starts=starts)] == \
        [m.span() for m in matcher.whole.finditer(text)] == [(3, 8), (9, 19)]
