"""What every recognizer returns: a span, a label and how it was found."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entity:
    """One thing a recognizer found in a text.

    ``kind`` is the recognizer family (``person``, ``age``, ``phone``...),
    ``pattern`` names the exact pattern that fired so a false positive can be
    traced, and ``attrs`` carries what the family knows (a person's role, an
    age's value).
    """

    kind: str
    start: int
    end: int
    pattern: str
    attrs: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def detected_by(self) -> str:
        return f"{self.kind}/{self.pattern}"

    def get(self, key, default=None):
        if key == "pattern":
            return self.pattern
        return self.attrs.get(key, default)
