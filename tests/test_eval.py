"""Measuring detection quality: counting on a tiny corpus written here, where
every expected outcome can be worked out by hand."""
from __future__ import annotations

import io
import json

import pytest

from linter import parse_post
from linter.evaluate import CorpusError, evaluate, format_eval, read_corpus

ARREST = "Officers have arrested Callum Pexton, 31, on suspicion of affray."
FOUND = "FOUND | Carly has been found safe and well. Thank you for sharing our appeal."
PHONE = "Give Sandra a ring on 07700 900614."
UNNAMED_CHARGE = "A 26-year-old man from Corby has been charged with assault."

ROWS = [
    {"id": "arrest", "text": ARREST, "expect": ["arrest-name"]},                       # tp arrest-name
    {"id": "clean", "text": "Lovely sunrise over the abbey.", "expect": []},          # clean, no alarm
    {"id": "advice-clean", "text": FOUND, "account_tier": "corporate", "expect": []},  # advice only: no alarm
    {"id": "advice-expected", "text": FOUND, "account_tier": "corporate",
     "expect": ["wanted-missing-appeal"]},                                             # advice does not count: fn
    {"id": "alarm", "text": PHONE, "expect": []},                                      # fp personal-data, alarm
    {"id": "missed", "text": "A nice day for a walk.", "expect": ["copyright"]},       # fn copyright
    {"id": "force", "text": UNNAMED_CHARGE, "profile": "northamptonshire", "expect": ["charge-name"]},  # tp
    {"id": "default", "text": UNNAMED_CHARGE, "expect": ["charge-name"]},              # uk-police: fn
]


@pytest.fixture(scope="module")
def report(engine):
    return evaluate(engine, [dict(row) for row in ROWS])


def test_counts_per_category(report):
    c = report.categories
    assert c["arrest-name"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0}
    assert c["personal-data"] == {"tp": 0, "fp": 1, "fn": 0, "precision": 0.0, "recall": 1.0}
    assert c["copyright"] == {"tp": 0, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.0}
    assert c["charge-name"] == {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.5}
    assert c["wanted-missing-appeal"] == {"tp": 0, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.0}


def test_untouched_categories_are_listed_with_zero_counts(report):
    assert report.categories["operational"] == {"tp": 0, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0}
    assert "lint-timeout" not in report.categories


def test_micro_totals(report):
    assert report.micro == {"tp": 2, "fp": 1, "fn": 3, "precision": 0.6667, "recall": 0.4}


def test_advice_findings_do_not_count(engine, report):
    findings = engine.lint(parse_post({"text": FOUND, "account_tier": "corporate"})).findings
    assert findings and {f.severity for f in findings} == {"advice"}
    assert "advice-clean" not in {m.post_id for m in report.misses}
    miss = next(m for m in report.misses if m.post_id == "advice-expected")
    assert miss.found == [] and miss.missed == ["wanted-missing-appeal"]


def test_clean_false_alarm_rate(report):
    assert report.posts == len(ROWS)
    assert report.clean_posts == 3
    assert report.clean_false_alarm_rate == 0.3333


def test_misses_name_the_posts(report):
    misses = {m.post_id: m for m in report.misses}
    assert set(misses) == {"advice-expected", "alarm", "missed", "default"}
    assert misses["alarm"].extra == ["personal-data"] and misses["alarm"].missed == []
    assert misses["missed"].missed == ["copyright"]


def test_a_corpus_of_clean_posts_only(engine):
    report = evaluate(engine, [{"id": "a", "text": "Lovely sunrise.", "expect": []}])
    assert report.clean_false_alarm_rate == 0.0
    assert report.micro == {"tp": 0, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0}


def test_a_corpus_without_clean_posts_has_a_zero_alarm_rate(engine):
    report = evaluate(engine, [{"id": "a", "text": ARREST, "expect": ["arrest-name"]}])
    assert report.clean_posts == 0 and report.clean_false_alarm_rate == 0.0


def test_to_dict_is_json(report):
    doc = json.loads(json.dumps(report.to_dict()))
    assert {"categories", "micro", "clean_false_alarm_rate", "posts"} <= set(doc)
    assert doc["posts"] == len(ROWS)


def test_format_eval_shows_only_categories_with_counts(report):
    out = format_eval(report)
    rows = {line.split()[0] for line in out.splitlines()[1:] if line and line[0] != " "}
    assert {"arrest-name", "personal-data", "copyright", "charge-name", "micro"} <= rows
    assert "operational" not in rows
    assert "default: expected [charge-name] found [] -> missed charge-name" in out
    assert "alarm: expected [] found [personal-data] -> false alarm personal-data" in out


# -- reading a corpus ---------------------------------------------------------------------

def test_read_corpus_skips_blank_lines_and_numbers_unnamed_posts():
    rows = read_corpus(io.StringIO('\n{"text": "a", "expect": []}\n\n{"id": "x", "text": "b"}\n'))
    assert [r["id"] for r in rows] == ["line-2", "x"]


@pytest.mark.parametrize(("content", "fragment"), [
    ('{"text": "a"}\n{"text": \n', "line 2"),
    ("[1, 2]\n", "line 1"),
    ('{"text": "a", "expect": "arrest-name"}\n', "expect"),
    ('{"text": "a", "expect": [1]}\n', "expect"),
])
def test_read_corpus_rejects_malformed_lines(content, fragment):
    with pytest.raises(CorpusError, match=fragment):
        read_corpus(io.StringIO(content))


@pytest.mark.parametrize("row", [
    {"id": "p1", "text": 7, "expect": []},
    {"id": "p1", "text": "x", "account_tier": "county", "expect": []},
    {"id": "p1", "text": "x", "profile": "west-midlands", "expect": []},
])
def test_evaluate_names_the_post_that_cannot_be_linted(engine, row):
    with pytest.raises(CorpusError, match="p1"):
        evaluate(engine, [row])
