"""Running only the alternatives a post could match must change no result."""
import json
from pathlib import Path

import pytest
import regex

from linter.matching import MERGE_LIMIT, Matcher, Vocabulary, split_alternatives

ROOT = Path(__file__).resolve().parent.parent


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


def _corpus_texts():
    texts = [json.loads(line)["text"] for line in (ROOT / "tests/data/holdout.jsonl").open(encoding="utf-8")]
    dev = ROOT.parent / "shared" / "eval" / "dev.jsonl"
    if dev.is_file():
        texts += [json.loads(line)["text"] for line in dev.open(encoding="utf-8")]
    joined = " ".join(texts)
    return texts + [joined[i:i + 3000] for i in range(0, len(joined), 3000)]


def test_every_pack_pattern_finds_the_same_matches_with_only_its_possible_alternatives(engine):
    vocabulary = engine.ruleset.vocabulary
    matchers = {id(m): m for rule in engine.rules.values() for m in rule.matchers()}.values()
    split = [m for m in matchers if len(m.alternatives) > 1]
    assert len(split) > 20, "the packs' lexicon patterns should split into alternatives"
    reduced = merged = 0
    for text in _corpus_texts():
        present, _ = vocabulary.present(text.casefold())
        for matcher in matchers:
            expected = [m.span() for m in matcher.whole.finditer(text)]
            assert [m.span() for m in matcher.finditer(text, present)] == expected, matcher.pattern[:80]
            assert matcher.search(text, present) == bool(expected), matcher.pattern[:80]
            possible = len(matcher.possible(present))
            reduced += possible < len(matcher.alternatives)
            merged += matcher.mergeable and 1 < possible <= MERGE_LIMIT and possible < len(matcher.alternatives)
    assert reduced > 1000, "most posts should let most patterns drop alternatives"
    assert merged > 100, "the merge of separate alternatives should be exercised"


def test_a_subset_of_alternatives_keeps_their_order():
    matcher = Matcher(regex.compile(r"(?:cat|category|dog)", regex.IGNORECASE))
    # "cat" comes first, so the whole pattern finds "Cat" in "Category"; so must the subset.
    assert matcher.whole.search("Category").group() == "Cat"
    assert [m.group() for m in matcher.finditer("Category", {"cat", "category"})] == ["Cat"]
    assert [m.group() for m in matcher.finditer("a dog", {"dog"})] == ["dog"]
    assert list(matcher.finditer("a bird", set())) == []


def test_merged_alternatives_resolve_ties_and_overlaps_as_the_whole_pattern_does():
    matcher = Matcher(regex.compile(r"(?:cat|category|dog|dogs?\s+cat|wolf)", regex.IGNORECASE))
    assert matcher.mergeable
    text = "Category: dogs cat, dog cat. Cat."
    present = {"cat", "category", "dog"}  # "wolf" absent: four of five alternatives run
    assert len(matcher.possible(present)) == 4
    assert [m.span() for m in matcher.finditer(text, present)] == [m.span() for m in matcher.whole.finditer(text)]
