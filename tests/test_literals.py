"""The literal prefilter may skip a pattern only when it provably cannot match."""
import json
from pathlib import Path

import pytest

from linter.literals import required_literals

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("source", "expected"), [
    (r"\bwarrants?\b", {"warrant"}),
    (r"\b(?:covert|unmarked)\s+cars?\b", {"covert", "unmarked"}),
    (r"\p{Lu}\w+", None),           # no word is required
    (r"\d{3}", None),
    (r"(?:a|bb)", None),            # words shorter than three letters are no filter
])
def test_required_literals_table(source, expected):
    found = required_literals(source)
    assert (None if found is None else set(found)) == expected


def test_no_alternative_matches_a_text_without_its_literals(engine):
    texts = [json.loads(line)["text"] for line in (ROOT / "tests/data/holdout.jsonl").open(encoding="utf-8")]
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
