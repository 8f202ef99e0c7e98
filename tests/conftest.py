"""Fixtures shared by the core tests: one engine per session, a lint helper,
scratch copies of the rule packs, and the bridge from a rule's examples to a post."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linter import load_engine, parse_post

ROOT = Path(__file__).resolve().parents[1]
RULES_DIR = ROOT / "rules"

# A rule that loads cleanly; tests that break one field at a time start from it,
# so a failure can only come from the field they broke.
VALID_PACK = '''
[[rule]]
id = "scratch.zebra-crossing"
category = "operational"
severity = "review"
message = "Mentions a zebra crossing"
why = "A scratch rule for loader tests."
suggestion = "Say 'crossing'."
policy = ["cleveland 3.1.5"]
patterns = ['\\bzebra crossing\\b']
[rule.examples]
fire = ["Slow down at the zebra crossing on the high street."]
pass = ["Slow down at the pelican crossing on the high street."]
'''


@pytest.fixture(scope="session")
def engine():
    return load_engine()


@pytest.fixture(scope="session")
def lint(engine):
    """Lint a post given as keyword fields: ``lint("text", account_tier="corporate", profile="cleveland")``.
    ``at`` overrides the publication time as the CLI's ``--at`` does."""
    def run(text, *, at=None, **fields):
        post = parse_post({"text": text, **fields}, strict=True, known_profiles=engine.profiles)
        return engine.lint(post, at=at)
    return run


def example_post(example) -> dict:
    """The post object a rule example describes (tier, attachments, time, profile, contributors)."""
    return {
        "text": example.text,
        "account_tier": example.tier,
        "account_contributors": example.contributors,
        "attachments": [dict(items) for items in example.attachments],
        "scheduled_for": example.at,
        "profile": example.profile,
    }


def example_findings(engine, example):
    post = parse_post(example_post(example), strict=True, known_profiles=engine.profiles)
    return engine.lint(post).findings


def failing_examples(engine) -> list[str]:
    """Every example whose outcome contradicts its label, as ``rule/kind/index``."""
    failures = []
    for rule in engine.rules.values():
        for kind, examples in (("fire", rule.fires), ("pass", rule.passes)):
            for index, example in enumerate(examples):
                fired = any(f.rule == rule.id for f in example_findings(engine, example))
                if fired != (kind == "fire"):
                    failures.append(f"{rule.id}/{kind}/{index}")
    return failures


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    """A private copy of the shipped rules directory that a test may add bad packs to."""
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


# Test modules reach the helpers above through fixtures: several conftest.py
# files share the module name ``conftest``, so importing it by name is fragile.
@pytest.fixture(scope="session")
def examples():
    class Examples:
        post = staticmethod(example_post)
        findings = staticmethod(example_findings)
        failures = staticmethod(failing_examples)
    return Examples


@pytest.fixture
def write_pack(rules_copy):
    """Add a pack file to the scratch rules directory; returns its path."""
    def write(name: str, text: str) -> Path:
        path = rules_copy / name
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture(scope="session")
def valid_pack() -> str:
    return VALID_PACK


class CliRun:
    def __init__(self, completed):
        self.returncode = completed.returncode
        self.stdout = completed.stdout.decode("utf-8")
        self.stderr = completed.stderr.decode("utf-8")


@pytest.fixture(scope="session")
def postlint(tmp_path_factory):
    """Run ``postlint`` as a real process (``python -m linter.cli``) from a directory
    outside the checkout. ``stdin`` may be str or bytes."""
    elsewhere = tmp_path_factory.mktemp("cwd")

    def run(*args, stdin=b"", cwd=None):
        if isinstance(stdin, str):
            stdin = stdin.encode("utf-8")
        env = {k: v for k, v in os.environ.items() if k != "POSTLINT_RULES_DIR"}
        completed = subprocess.run([sys.executable, "-m", "linter.cli", *map(str, args)], input=stdin,
                                   capture_output=True, cwd=cwd or elsewhere, env=env, timeout=120)
        return CliRun(completed)
    return run
