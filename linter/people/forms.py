"""Word forms, generated once: a cue written as a lemma matches every tense.

The people vocabulary (``rules/people.toml``) writes verbs once, as lemmas
marked with ``*`` ("arrest*", "be arrest+ed"); this module turns them into
regular-expression alternations. English verb inflection is regular apart from
a short list of exceptions, which the vocabulary itself carries in its
``[irregular]`` table, so the data stays the one place a word lives.
"""
from __future__ import annotations

import regex

_VOWELS = "aeiou"
# Auxiliaries that may stand before a participle: "was", "has been", "had now been", "will be".
_BE = (r"(?:(?:has|have|had|having|'ve|’ve|'s|’s)\s+(?:now\s+|since\s+|also\s+|already\s+|just\s+|previously\s+)?been"
       r"|was|were|is|are|am|been|being|be|got|get|gets|getting)")


def _doubles(lemma: str) -> bool:
    """Whether a one-syllable consonant-vowel-consonant verb doubles its last letter (stab, rob)."""
    return (len(lemma) >= 3 and lemma[-1] not in _VOWELS + "wxy" and lemma[-2] in _VOWELS
            and lemma[-3] not in _VOWELS and sum(c in _VOWELS for c in lemma) == 1)


def inflections(lemma: str, irregular: dict[str, list[str]]) -> dict[str, set[str]]:
    """The forms of a verb: ``base``, ``s`` (third person), ``ed`` (past and participle), ``ing``."""
    if lemma in irregular:
        past = set(irregular[lemma])
    elif lemma.endswith("e"):
        past = {lemma + "d"}
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        past = {lemma[:-1] + "ied"}
    elif _doubles(lemma):
        past = {lemma + lemma[-1] + "ed"}
    else:
        past = {lemma + "ed"}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("ie"):
        gerund = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        gerund = lemma[:-1] + "ing"
    elif _doubles(lemma):
        gerund = lemma + lemma[-1] + "ing"
    else:
        gerund = lemma + "ing"
    return {"base": {lemma}, "s": {third}, "ed": past, "ing": {gerund}}


def _alternation(words) -> str:
    return "(?:" + "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


def phrase_pattern(phrase: str, irregular: dict[str, list[str]]) -> str:
    """One vocabulary phrase as a pattern fragment.

    ``word*`` every form of a verb; ``word+ed`` / ``word+ing`` / ``word+s`` one form;
    ``BE`` any auxiliary before a participle ("was", "has been"); ``word?`` an
    optional word; ``…`` up to three other words; anything else literally.
    Words are separated by any whitespace; apostrophes may be straight or curly.
    """
    parts = []
    for token in phrase.split():
        optional = token.endswith("?") and len(token) > 1
        token = token[:-1] if optional else token
        if token == "BE":
            piece = _BE
        elif token == "…":
            piece = r"(?:[\w'’-]+\s+){0,3}?"
            parts.append(piece)
            continue
        elif token.endswith("*"):
            forms = inflections(token[:-1], irregular)
            piece = _alternation(set().union(*forms.values()))
        elif "+" in token:
            lemma, _, form = token.partition("+")
            piece = _alternation(inflections(lemma, irregular)[form])
        else:
            piece = regex.escape(token).replace("'", "['’]").replace("’", "['’]")
        parts.append(f"(?:{piece}\\s+)?" if optional else piece + r"\s+")
    pattern = "".join(parts)
    if pattern.endswith(r"\s+"):
        pattern = pattern[:-3]
    elif pattern.endswith(r"\s+)?"):
        pattern = pattern[:-5] + ")?"
    return pattern


def cue_pattern(phrases, irregular: dict[str, list[str]]):
    """A compiled pattern for a list of phrases, as whole words, case-insensitive."""
    body = "|".join(phrase_pattern(p, irregular) for p in phrases)
    return regex.compile(rf"(?<![\w'’-])(?:{body})(?![\w-])", regex.IGNORECASE | regex.V0)
