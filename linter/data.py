"""Where the shipped rule packs and word lists live.

The packs are installed as the ``postlint_rules`` package (the top-level
``rules/`` folder in a checkout), so ``pip install .`` finds them from any
working directory. ``POSTLINT_RULES_DIR`` points elsewhere for experiments.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path


@functools.cache
def rules_dir() -> Path:
    override = os.environ.get("POSTLINT_RULES_DIR")
    if override:
        return Path(override)
    try:
        import postlint_rules
        return Path(postlint_rules.__file__).parent
    except ImportError:  # running from a checkout without installing
        return Path(__file__).resolve().parent.parent / "rules"


@functools.cache
def word_list(name: str) -> frozenset[str]:
    """A word list from ``rules/data``: entries separated by whitespace, ``#`` starts a comment."""
    path = rules_dir() / "data" / name
    words = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            words.update(line.split("#", 1)[0].split())
    return frozenset(words)


def word_table(name: str) -> dict[str, str]:
    """A two-column table from ``rules/data``: a word and its value on each line, ``#`` starts a comment."""
    path = rules_dir() / "data" / name
    table = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            fields = line.split("#", 1)[0].split()
            if not fields:
                continue
            if len(fields) != 2:
                raise ValueError(f"{path}:{number}: expected a word and its value")
            table[fields[0]] = fields[1]
    return table
