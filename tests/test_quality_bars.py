"""Detection quality bars (issue 3), measured on the corpora rather than asserted by hand.

The held-out probe corpus lives in tests/data; the development corpus sits beside the
repository in ../shared/eval when it is there.
"""
from pathlib import Path

import pytest

from linter import load_engine
from linter.evaluate import evaluate, read_corpus

ROOT = Path(__file__).resolve().parent.parent
CALENDAR = ROOT / "tests" / "data" / "calendar-2027.toml"
HIGH_RECALL = {"arrest-name", "minor-identity", "sexual-offence-victim", "fatality-victim"}
CORPORA = {
    "holdout": ROOT / "tests" / "data" / "holdout.jsonl",
    "dev": ROOT.parent / "shared" / "eval" / "dev.jsonl",
}


@pytest.fixture(scope="module")
def engine():
    return load_engine(calendar_path=CALENDAR)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_quality_bars(engine, name):
    path = CORPORA[name]
    if not path.exists():
        pytest.skip(f"{path} is not present on this machine")
    with open(path, encoding="utf-8") as handle:
        report = evaluate(engine, read_corpus(handle))
    for category, c in report.categories.items():
        if c["tp"] + c["fn"] == 0 and c["fp"] == 0:
            continue
        assert c["precision"] >= 0.90, (category, c)
        assert c["recall"] >= (0.97 if category in HIGH_RECALL else 0.90), (category, c)
    assert report.clean_false_alarm_rate <= 0.05
