"""The age recognizer: numeric ages in the shapes police prose uses, words
that say 'under 18' on their own, and the minor flag at the 18 boundary."""
from __future__ import annotations

import pytest

from linter.recognizers.ages import find_ages


def ages(text):
    return [(text[e.start:e.end], e) for e in find_ages(text)]


def numeric(text):
    return [(excerpt, e.get("value"), e.get("minor")) for excerpt, e in ages(text) if e.get("value") is not None]


@pytest.mark.parametrize(("text", "excerpt", "value", "minor"), [
    ("A 17-year-old boy from Norwich", "17-year-old", 17, True),
    ("An 18-year-old man from Selby", "18-year-old", 18, False),
    ("a 34 year old man", "34 year old", 34, False),
    ("a fourteen-year-old girl", "fourteen-year-old", 14, True),
    ("Eighteen-year-old man arrested", "Eighteen-year-old", 18, False),
    ("the child is 5 years old", "5 years old", 5, True),
    ("a 2-year-old", "2-year-old", 2, True),
    ("a boy aged 15", "aged 15", 15, True),
    ("a man aged 18", "aged 18", 18, False),
    ("a girl aged around 16", "aged around 16", 16, True),
    ("below the age of 16", "age of 16", 16, True),
    ("Callum Pexton, 16, was arrested", ", 16,", 16, True),
    ("Kacey (15) is missing", "(15)", 15, True),
    ("PC Rowe, 45, retires", ", 45,", 45, False),
])
def test_numeric_age(text, excerpt, value, minor):
    assert (excerpt, value, minor) in numeric(text)
    entity = next(e for x, e in ages(text) if x == excerpt)
    assert entity.kind == "age" and entity.detected_by.startswith("age/")


@pytest.mark.parametrize(("text", "word"), [
    ("A teenager has been arrested", "teenager"),
    ("a teenage boy", "teenage"),
    ("a schoolboy from Norwich", "schoolboy"),
    ("Year 9 pupils visited the station", "Year 9 pupils"),
    ("Under-18s need a parent present", "Under-18s"),
    ("a youth was arrested", "youth"),
])
def test_minor_words_flag_minors_without_a_value(text, word):
    found = [e for x, e in ages(text) if x == word]
    assert len(found) == 1
    assert found[0].get("minor") is True and found[0].get("value") is None
    assert found[0].pattern == "minor-word"


@pytest.mark.parametrize("text", [
    "The 30 mph limit applies on Green Lane.",
    "The bike was stolen 3 years ago.",
    "A man in his 20s was seen running.",
    "He is 120 years old according to the form.",
    "Report kidnap threats to Childline or a childminder.",
    "Call 101 quoting 37/19920/27.",
])
def test_not_ages(text):
    assert ages(text) == []


def test_an_eighteen_year_old_is_an_adult():
    assert numeric("Jade Kirby, 18, was arrested") == [(", 18,", 18, False)]
    assert numeric("Jade Kirby, 17, was arrested") == [(", 17,", 17, True)]


def test_results_are_ordered_by_position():
    found = find_ages("A 17-year-old boy and a girl aged 15 and a 40-year-old man")
    starts = [e.start for e in found]
    assert starts == sorted(starts) and len(found) >= 4


# A regression (found by this suite, since fixed): "minor" as an adjective
# ("minor injuries", "a minor collision") is the commonest use of the word in
# police posts and says nothing about anyone's age.
@pytest.mark.parametrize("text", [
    "The driver suffered minor injuries.",
    "Officers attended a minor collision on the A64.",
    "Only minor damage was caused to the door.",
])
def test_minor_as_an_adjective_is_not_a_child(text):
    assert [x for x, e in ages(text) if e.get("minor")] == []
