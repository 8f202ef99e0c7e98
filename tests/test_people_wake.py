"""A person rule's wake-up words come from the people vocabulary and never keep it from firing.

The words are a shortcut: a post without them is not asked about. So over every rule example
and every held-out post, everything the case model reads must have its words in the post, and
linting with the words must find exactly what linting without them finds.
"""
import dataclasses
import shutil

import pytest

from linter import Post, load_engine
from linter.people import wake
from linter.people.build import build_case
from linter.people.forms import required_words
from linter.people.vocabulary import load, vocabulary
from linter.text import Windows
from tests.support.texts import post_texts


def _example_texts(engine):
    return [e.text for rule in engine.rules.values() for e in rule.fires + rule.passes]


@pytest.fixture(scope="module")
def engine():
    return load_engine()


@pytest.fixture(scope="module")
def texts(engine):
    return _example_texts(engine) + post_texts()


def test_everything_the_model_reads_has_its_wake_up_words_in_the_post(texts):
    words = wake.cue_words(vocabulary())
    child = wake.child_words(vocabulary())
    read = 0
    for text in texts:
        folded = text.casefold()
        case = build_case(text, Windows(text))
        for person in case.people:
            for cue in person.cues:
                read += 1
                assert any(w in folded for w in words[cue.what]), (cue.what, text[:120])
            if person.child:
                assert any(w in folded for w in child), text[:120]
    assert read > 500  # the check saw the model at work, not an empty corpus


def test_a_person_rule_finds_the_same_with_its_wake_up_words_as_without_them(engine, texts):
    ungated = load_engine()
    person_rules = [rid for rid, rule in ungated.rules.items() if rule.person and rule.needs]
    assert len(person_rules) >= 6
    for rid in person_rules:
        ungated.rules[rid] = dataclasses.replace(ungated.rules[rid], needs=(), keywords=frozenset())
    ungated._active = {name: tuple((ungated.rules[rid], sev) for rid, sev in sorted(p.severities.items()))
                       for name, p in ungated.profiles.items()}
    ungated._plans = {}
    for text in texts:
        for tier in ("local", "corporate"):
            post = Post(text=text, account_tier=tier)
            assert engine.lint(post).findings == ungated.lint(post).findings, text[:120]


def test_the_words_are_the_vocabularys_not_a_hand_list(engine):
    arrest = engine.rules["arrest.named-suspect"]
    assert not arrest.keywords
    (needed,) = arrest.needs
    assert {"arrested", "detained", "nicked", "custody"} <= needed  # from status.arrested in people.toml
    assert "suspected" in needed or "suspect" in needed
    fatality = engine.rules["fatality.named-before-identification"]
    assert not fatality.keywords
    assert any({"formal", "believed"} & words for words in fatality.needs)  # identification still pending


def test_a_phrase_added_to_the_vocabulary_wakes_the_rule(tmp_path):
    source = vocabulary_path()
    changed = tmp_path / "people.toml"
    shutil.copy(source, changed)
    text = changed.read_text(encoding="utf-8")
    marker = '[status.arrested]\nsubject = ['
    assert marker in text
    changed.write_text(text.replace(marker, marker + '"BE scoop+ed up", '), encoding="utf-8")
    assert "scooped" not in wake.cue_words(vocabulary())["arrested"]
    assert "scooped" in wake.cue_words(load(changed))["arrested"]


def vocabulary_path():
    from linter.data import rules_dir
    return rules_dir() / "people.toml"


@pytest.mark.parametrize(("phrase", "words"), [
    ("following the arrest of", {"arrest"}),             # the rarer word, not "following"
    ("BE arrest+ed", {"arrested"}),                      # one form
    ("BE found guilty", {"guilty"}),
    ("catch*", {"catch", "catches", "caught", "catching"}),  # every form, irregular ones too
    ("hasn't been seen", {"hasn't", "hasn’t"}),          # either apostrophe
    ("wanted :", {"wanted"}),                            # punctuation is never the word
    ("BE on the run", {"run"}),                          # a short word before a common one
])
def test_required_words(phrase, words):
    assert required_words(phrase, {"catch": ["caught"]}) == words


def test_a_missing_person_believed_to_be_somewhere_has_not_died():
    text = ("Have you seen Kieran Marsh? The 15-year-old was reported missing from Selby on Friday and is "
            "believed to be in the Leeds area.")
    case = build_case(text, Windows(text))
    assert all("died" not in p.roles() for p in case.people)
    body = ("A body found in woodland near Selby is believed to be that of missing Kieran Marsh. "
            "Formal identification has yet to take place.")
    case = build_case(body, Windows(body))
    assert any("died" in p.roles() for p in case.people)
