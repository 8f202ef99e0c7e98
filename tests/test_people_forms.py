"""Word forms and the phrase index: a verb written once matches every tense."""
import pytest

from linter.people.forms import PhraseIndex, cue_pattern, inflections, split_phrase

IRREGULAR = {"plead": ["pleaded", "pled"], "find": ["found"]}


@pytest.mark.parametrize(("lemma", "forms"), [
    ("arrest", {"base": {"arrest"}, "s": {"arrests"}, "ed": {"arrested"}, "ing": {"arresting"}}),
    ("charge", {"base": {"charge"}, "s": {"charges"}, "ed": {"charged"}, "ing": {"charging"}}),
    ("stab", {"base": {"stab"}, "s": {"stabs"}, "ed": {"stabbed"}, "ing": {"stabbing"}}),
    ("bury", {"base": {"bury"}, "s": {"buries"}, "ed": {"buried"}, "ing": {"burying"}}),
    ("die", {"base": {"die"}, "s": {"dies"}, "ed": {"died"}, "ing": {"dying"}}),
    ("summons", {"base": {"summons"}, "s": {"summonses"}, "ed": {"summonsed"}, "ing": {"summonsing"}}),
    ("plead", {"base": {"plead"}, "s": {"pleads"}, "ed": {"pleaded", "pled"}, "ing": {"pleading"}}),
])
def test_inflections(lemma, forms):
    assert inflections(lemma, IRREGULAR) == forms


@pytest.mark.parametrize(("phrase", "text", "found"), [
    ("BE arrest+ed", "He has now been arrested in Leeds", "has now been arrested"),
    ("BE arrest+ed", "She was arrested", "was arrested"),
    ("BE arrest+ed", "They arrested him", None),
    ("plead* guilty", "He pled guilty yesterday", "pled guilty"),
    ("remain* in custody", "He remains in custody", "remains in custody"),
    ("haven't told", "we haven’t told them", "haven’t told"),
    ("help … trace … family", "help us to trace his family", "help us to trace his family"),
    ("the murder of", "investigating the murder of Jo", "the murder of"),
    # Either word of "a|b", each written as any other word.
    ("had her|his phone|bag snatched|stolen", "Yesterday he had his bag stolen", "had his bag stolen"),
    ("had her|his phone|bag snatched|stolen", "she had her purse stolen", None),
    ("BE|got arrest+ed", "He got arrested", "got arrested"),
    ("BE|got arrest+ed", "He was arrested", "was arrested"),
    # A gap straight after the leading words: the phrase is looked up by the word after it.
    ("had her … snatched", "she had her brand new phone snatched", "had her brand new phone snatched"),
    ("had her … snatched", "had her snatched", "had her snatched"),
    ("had her … snatched", "had her mum's old blue phone snatched", None),
])
def test_a_phrase_is_found_in_every_form_and_only_as_whole_words(phrase, text, found):
    index = PhraseIndex(IRREGULAR)
    phrases = index.add([phrase])
    index.seal()
    hits = list(phrases.finditer(text))
    assert ([text[h.start():h.end()] for h in hits][:1] or [None]) == [found]
    # The index and one plain alternation over the same phrase agree.
    plain = cue_pattern([phrase], IRREGULAR).search(text)
    assert (plain.group() if plain else None) == found


def test_leading_common_words_are_checked_not_looked_up():
    assert split_phrase("BE being support+ed") == (["BE", "being"], ["support+ed"])
    assert split_phrase("the arrest of") == (["the"], ["arrest", "of"])
    assert split_phrase("arrest+ed on suspicion") == ([], ["arrest+ed", "on", "suspicion"])
    assert split_phrase("had her|his … snatched") == (["had", "her|his", "…"], ["snatched"])
    assert split_phrase("her|their arrest") == (["her|their"], ["arrest"])
    with pytest.raises(ValueError):
        split_phrase("the …")


def test_hits_do_not_overlap_and_prefer_the_longest():
    index = PhraseIndex({})
    phrases = index.add(["BE arrest+ed", "arrest+ed on suspicion"])
    index.seal()
    text = "He was arrested on suspicion of theft."
    assert [(h.start(), h.end()) for h in phrases.finditer(text)] == [(3, 15)] or \
        [text[h.start():h.end()] for h in phrases.finditer(text)] == ["was arrested"]


def test_text_whose_case_folding_moves_offsets_is_still_searched_exactly():
    index = PhraseIndex({})
    phrases = index.add(["BE arrest+ed"])
    index.seal()
    text = "İİİ He was arrested"  # lower() makes each İ two characters
    [hit] = list(phrases.finditer(text))
    assert text[hit.start():hit.end()] == "was arrested"


def test_a_word_inside_another_is_not_that_word():
    index = PhraseIndex({})
    phrases = index.add(["charge+ed"])
    index.seal()
    assert list(phrases.finditer("He was discharged from hospital.")) == []
    assert [h.span() for h in phrases.finditer("He was charged.")] == [(7, 14)]
