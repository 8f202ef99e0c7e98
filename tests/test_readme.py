"""The README's rules table is generated from the packs; it must not drift."""
import re
from pathlib import Path

from linter import load_engine
from linter.cli import rules_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_rules_table_matches_the_packs():
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", text, re.S)
    assert match, "README lost its rules:start/rules:end markers"
    expected = rules_markdown(load_engine().catalogue())
    assert match.group(1) == expected, "README rules table is stale: run `postlint rules --format markdown`"


def test_readme_names_the_two_setup_commands():
    text = README.read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
