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

MIN_LENGTH = 3   # a shorter word is in nearly every post...
SYMBOL_MIN_LENGTH = 2  # ...but two characters with a symbol in them ("f*", "@x") are rare
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
    if not found or not all(map(_distinctive, found)):
        return None
    return frozenset(found)


def _distinctive(word: str) -> bool:
    if len(word) >= MIN_LENGTH:
        return True
    return len(word) >= SYMBOL_MIN_LENGTH and any(not (c.isalnum() or c.isspace()) for c in word)


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
        repeated = _repeated_character(op, value)
        if repeated is not None:  # "f\*+k": the text holds "f*" and "*k", not "f*k"
            character, low, high = repeated
            run.append(character * low)
            if high != low:
                candidates.append({"".join(run).casefold()})
                run = [character]
            continue
        if run:
            candidates.append({"".join(run).casefold()})
            run = []
        candidates.append(_item(op, value))
    if run:
        candidates.append({"".join(run).casefold()})
    return _best(candidates)


_REPEATS = () if _ops is None else (_ops.MAX_REPEAT, _ops.MIN_REPEAT, _ops.POSSESSIVE_REPEAT)
_ZERO_WIDTH = () if _ops is None else (_ops.AT, _ops.ASSERT, _ops.ASSERT_NOT)


def _repeated_character(op, value):
    """(character, fewest, most) for a repeat of one literal character at least once."""
    if op in _REPEATS:
        low, high, child = value
        child = list(child)
        if low >= 1 and len(child) == 1 and child[0][0] is _ops.LITERAL:
            return chr(child[0][1]), low, high
    return None


def _group_items(op, value):
    """The items inside a group, or inside a repeat taken at least once; None otherwise."""
    if op is _ops.SUBPATTERN:
        return list(value[-1])
    if op is _ops.ATOMIC_GROUP:
        return list(value)
    if op in _REPEATS and value[0] >= 1:
        return list(value[2])
    return None


def _union_over_branch(value, of):
    """One alternative matches, so the union of their sets; None unless every one has a set."""
    union = set()
    for alternative in value[1]:
        found = of(list(alternative))
        if not found:
            return None
        union |= found
    return union


def _item(op, value):
    if op is _ops.BRANCH:
        union = _union_over_branch(value, _sequence)
        return union if union and len(union) <= MAX_WORDS else None
    if op is _ops.ASSERT:  # a positive look-around's text is in the post too
        return _sequence(list(value[1]))
    inner = _group_items(op, value)
    return _sequence(inner) if inner else None


def leading_literals(source: str) -> frozenset[str] | None:
    """Case-folded strings one of which every match of the pattern starts with (after
    zero-width assertions such as ``\\b``), or None when no such set can be proven.
    With them a pattern need only be tried where one of them starts."""
    return pattern_shape(source)[2]


def _leading(items):
    for index, (op, value) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is _ops.LITERAL:
            return {_leading_run(items[index:])}
        if op is _ops.BRANCH:
            return _union_over_branch(value, _leading)
        if op in _REPEATS and value[0] == 0:
            # "(?:the\s+)?government": a match starts with what the optional part starts with when
            # it is taken, or else with what follows it.
            taken, skipped = _leading(list(value[2])), _leading(items[index + 1:])
            return None if taken is None or skipped is None else taken | skipped
        inner = _group_items(op, value)
        return _leading(inner) if inner else None
    return None


def _leading_run(items) -> str:
    """The literal text at the start of ``items`` (which start with a literal)."""
    run = []
    for op, value in items:
        if op is _ops.LITERAL:
            run.append(chr(value))
            continue
        repeated = _repeated_character(op, value)
        if repeated is not None:  # "f\\*+k" starts with "f*"
            run.append(repeated[0] * repeated[1])
        break
    return "".join(run).casefold()


def pattern_shape(source: str) -> tuple[frozenset[str] | None, int | None, frozenset[str] | None]:
    """From one parse: the pattern's required literals (as ``required_literals``), the
    fewest characters any match spans, and its leading literals (as ``leading_literals``);
    None where unknown."""
    parsed = _parse(source)
    if parsed is None:
        return None, None, None
    leading = _leading(list(parsed))
    return (_literals_of(parsed), parsed.getwidth()[0],
            frozenset(leading) if leading and len(leading) <= MAX_WORDS else None)
