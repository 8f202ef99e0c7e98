"""Literal words a pattern cannot match without: an exact prefilter.

``required_literals(source)`` gives a set of case-folded strings such that any
match of the pattern, with or without IGNORECASE, contains one of them in the
case-folded text; or None when no useful set can be proven. Checking
``any(word in folded_text ...)`` costs a few string searches, while scanning a
pattern costs a pass of the regular-expression engine; in the development
corpus 98% of (rule, post) pairs have no match, so most passes can be skipped
without changing a single result.

The standard library's parser reads the pattern; regex-only syntax it cannot
read (``\\p{Lu}`` is rewritten to ``\\w``, which has no literals either) simply
means no prefilter for that pattern.
"""
from __future__ import annotations

import re

try:
    from re import _constants as _ops, _parser
except ImportError:  # pragma: no cover - a Python without the private parser: no prefilter
    _ops = _parser = None

MIN_LENGTH = 3   # a shorter word is in nearly every post
MAX_WORDS = 64
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
# regex-module syntax the standard parser would misread as literal text: POSIX classes,
# fuzzy-match constraints, version and reverse flags, named lists. Such a pattern gets no prefilter.
_MISREAD = re.compile(r"\[\[:|\{[^}]*[eisd]\s*(?:<=?|>=?)|\(\?[a-zA-Z]*[Vr]|\\L<")


def required_literals(source: str) -> frozenset[str] | None:
    parsed = _parse(source)
    return None if parsed is None else _literals_of(parsed)


def _parse(source: str):
    if _parser is None or _MISREAD.search(source):
        return None
    try:
        return _parser.parse(_PROPERTY.sub(r"\\w", source), 0)
    except (re.error, RecursionError, OverflowError):
        return None


def _literals_of(parsed) -> frozenset[str] | None:
    found = _sequence(list(parsed))
    if not found or min(map(len, found)) < MIN_LENGTH:
        return None
    return frozenset(found)


def _best(candidates):
    usable = [c for c in candidates if c and len(c) <= MAX_WORDS]
    if not usable:
        return None
    return max(usable, key=lambda words: (min(map(len, words)), -len(words)))


def _sequence(items):
    """Every match of a sequence contains each item's match, so any item's set will do: take the best."""
    candidates, run = [], []
    for op, value in items:
        if op is _ops.LITERAL:
            run.append(chr(value))
            continue
        if run:
            candidates.append({"".join(run).casefold()})
            run = []
        candidates.append(_item(op, value))
    if run:
        candidates.append({"".join(run).casefold()})
    return _best(candidates)


def _item(op, value):
    if op is _ops.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is _ops.ATOMIC_GROUP:
        return _sequence(list(value))
    if op in (_ops.MAX_REPEAT, _ops.MIN_REPEAT, _ops.POSSESSIVE_REPEAT):
        low, _, child = value
        return _sequence(list(child)) if low >= 1 else None
    if op is _ops.BRANCH:  # one alternative matches: the union, and every alternative needs a set
        union = set()
        for alternative in value[1]:
            found = _sequence(list(alternative))
            if not found:
                return None
            union |= found
        return union if len(union) <= MAX_WORDS else None
    if op is _ops.ASSERT:  # a positive look-around's text is in the post too
        return _sequence(list(value[1]))
    return None


def pattern_shape(source: str) -> tuple[frozenset[str] | None, int | None]:
    """The pattern's required literals (as ``required_literals``) and the fewest
    characters any match spans, from one parse (None where unknown)."""
    parsed = _parse(source)
    if parsed is None:
        return None, None
    return _literals_of(parsed), parsed.getwidth()[0]
