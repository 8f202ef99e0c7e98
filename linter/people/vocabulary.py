"""The people vocabulary (``rules/people.toml``), compiled once."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

import regex

from ..data import rules_dir
from .forms import PhraseIndex, PhraseSet

_FLAGS = regex.IGNORECASE | regex.V0


class VocabularyError(ValueError):
    """The people vocabulary cannot be loaded; the message names the entry."""


@dataclass(frozen=True)
class CueSet:
    """The words that give a status or role, read before (subject) or after (object) a person."""

    what: str
    subject: PhraseSet | None
    object: PhraseSet | None


@dataclass(frozen=True)
class PeopleVocabulary:
    phrases: PhraseIndex
    cues: tuple[CueSet, ...]
    male: frozenset[str]
    female: frozenset[str]
    person_nouns: frozenset[str]
    child_nouns: frozenset[str]
    child_when_young: frozenset[str]
    relation_nouns: frozenset[str]
    jobs: tuple[str, ...]
    sexual_offence: PhraseSet
    record: PhraseSet
    identification_pending: PhraseSet
    family_not_told: PhraseSet
    death_spoken_of: PhraseSet
    trace_appeal: PhraseSet
    family_informed: PhraseSet
    long_past: PhraseSet
    killing: PhraseSet
    child_offence: PhraseSet
    historical: PhraseSet

    def gender_of(self, noun: str) -> str | None:
        noun = noun.casefold()
        if noun in self.male:
            return "m"
        if noun in self.female:
            return "f"
        return None


def _words(table: dict, key: str, where: str) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(f"{where}: {key} must be a list of phrases")
    return value


def _compile(index: PhraseIndex, phrases, where):
    if not phrases:
        return None
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise VocabularyError(f"{where} must be a list of phrases")
    return index.add(phrases)


def load(path: Path | None = None) -> PeopleVocabulary:
    path = path or rules_dir() / "people.toml"
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise VocabularyError(f"{path.name}: cannot be read: {exc}") from None
    irregular = data.get("irregular", {})
    index = PhraseIndex(irregular)
    cues = []
    status = data.get("status", {})
    for name in list(status.get("order", [])) + [e for e in status.get("ends", []) if e not in status.get("order", [])]:
        table = status.get(name)
        if not isinstance(table, dict):
            raise VocabularyError(f"{path.name}: status.{name} is listed but not defined")
        cues.append(CueSet(name, _compile(index, table.get("subject", []), f"status.{name}"),
                           _compile(index, table.get("object", []), f"status.{name}")))
    for name, table in data.get("role", {}).items():
        cues.append(CueSet(name, _compile(index, table.get("subject", []), f"role.{name}"),
                           _compile(index, table.get("object", []), f"role.{name}")))
    words = data.get("words", {})
    death = data.get("death", {})
    lower = lambda key: frozenset(w.casefold() for w in _words(words, key, f"words.{key}"))  # noqa: E731
    male, female = lower("male"), lower("female")
    vocabulary = PeopleVocabulary(
        phrases=index, cues=tuple(cues), male=male, female=female,
        person_nouns=male | female | lower("neutral") | lower("child") | lower("child_when_young") | lower("relation"),
        child_nouns=lower("child"), child_when_young=lower("child_when_young"), relation_nouns=lower("relation"),
        jobs=tuple(sorted(lower("job"), key=len, reverse=True)),
        sexual_offence=_compile(index, _words(words, "sexual_offence", "words"), "words.sexual_offence"),
        record=_compile(index, _words(words, "record", "words"), "words.record"),
        **{key: _compile(index, _words(death, key, f"death.{key}"), f"death.{key}")
           for key in ("identification_pending", "family_not_told", "death_spoken_of", "trace_appeal", "family_informed", "long_past", "killing", "child_offence", "historical")},
    )
    try:
        index.seal()
    except regex.error as exc:
        raise VocabularyError(f"{path.name}: a phrase does not compile: {exc}") from None
    return vocabulary


@functools.cache
def vocabulary() -> PeopleVocabulary:
    return load()
