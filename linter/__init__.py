"""postlint: a pre-publication linter for UK police social media posts."""
from __future__ import annotations

__version__ = "0.1.0"

from .model import Attachment, Finding, LintResult, Post, PostError, parse_post  # noqa: E402
from .rules import RulePackError  # noqa: E402

__all__ = ["Attachment", "Engine", "Finding", "LintResult", "Post", "PostError", "RulePackError",
           "load_engine", "parse_post", "__version__"]


def load_engine(rules_dir=None, calendar_path=None):
    """Load the rule packs, profiles and calendar once; reuse the engine for every post."""
    from .engine import Engine
    return Engine(rules_dir, calendar_path)


def __getattr__(name):
    if name == "Engine":
        from .engine import Engine
        return Engine
    raise AttributeError(name)
