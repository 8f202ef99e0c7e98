"""Safe rewrites: the edit that removes a finding, made from the case model.

A fix is a list of edits on the post text. For a person the post must not identify, the fix
replaces their name (and the "Name, 41, of Street, Town," apposition after it) with the
description national guidance allows: gender, age and home town; later mentions become "the
man" or "the 41-year-old", so the post still reads. A private phone number or e-mail becomes 101.
Where no edit is safe the finding keeps only its prose suggestion.
"""
from __future__ import annotations

import unicodedata

import regex

from . import rewording
from .edits import Edit, apply, edits_of, merge  # noqa: F401  (the fix API: one import for callers)
from .recognizers.names import lexicon as name_lexicon

# Categories whose findings about a person are fixed by describing the person instead.
_DESCRIBE = {"arrest-name", "charge-name", "fatality-victim", "minor-identity", "sexual-offence-victim"}
_APPOSITION = regex.compile(
    r"(?P<age>\s*,\s*(?:aged\s+)?\d{1,2}(?!\d)\s*,?|\s*\(\s*\d{1,2}\s*\)\s*,?)?"
    r"(?:(?P<place>\s*,?\s*(?:of|from)\s+(?P<where>[^.;:!?\n]*?))"
    r"(?=\s*,?\s*(?:who|has|have|was|were|is|are|will|had|appeared|appears|pleaded|admitted|denied|remains|died|and|"
    r"on\s+suspicion|in\s+connection)\b|[.;:!?\n]|$))?",
    regex.IGNORECASE)
_HOUSE_NUMBER_RULE = "personal-data.house-number-address"
_NAME_DETAILS = {"name", "nickname"}
_PRIVATE_CONTACT_RULES = ("personal-data.private-phone-number", "personal-data.private-email")
_VOWEL_SOUND_AGES = {8, 11, 18} | set(range(80, 90))


def describe(person: dict, definite: bool = False) -> str:
    """The person as guidance allows them to be described: "a 41-year-old man from Selby"."""
    age, gender, child = person.get("age"), person.get("gender"), person.get("child")
    noun = rewording.gendered_noun(gender, child)
    if definite:
        return f"the {age}-year-old" if age is not None and noun is None else f"the {noun or ('child' if child else 'person')}"
    if age is not None:
        words = f"{age}-year-old {noun}" if noun else f"{age}-year-old"  # "a 31-year-old from Leeds"
    else:
        words = noun or ("child" if child else "person")
    article = "an" if (age in _VOWEL_SOUND_AGES if age is not None else words[0] in "aeiou") else "a"
    town = person.get("town")
    return f"{article} {words}" + (f" from {town}" if town else "")


def _sentence_case(text: str, at: int, replacement: str) -> str:
    """Capitalised where a sentence starts: after a full stop, a line break, a "|", or only emoji."""
    k = at
    while k and (text[k - 1].isspace() or unicodedata.category(text[k - 1])[0] in "SCM"):  # emoji, joiners, marks
        k -= 1
    if k == 0 or text[k - 1] in ".!?\n|:":
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _town_of(where: str | None) -> str | None:
    """The town in "Maple Crescent, Selby" (never the street or the house number)."""
    if not where:
        return None
    streets = name_lexicon().street_words
    for part in reversed([p.strip() for p in where.split(",") if p.strip()]):
        words = part.split()
        if words and not any(ch.isdigit() for ch in part) and words[-1].casefold() not in streets \
                and words[0][:1].isupper():
            return part.lstrip("#")
    return None


def person_fix(text: str, person: dict, mentions, kinds) -> tuple[list[Edit], str] | None:
    """Edits that describe ``person`` instead of naming them, and a one-line summary.

    ``mentions`` are the person's (start, end, kind) in text order; ``kinds`` are the kinds that
    name them (a name, nickname or surname)."""
    named = [(s, e, k) for s, e, k in mentions if k in kinds]
    if not named:
        return None
    first_start, first_end, _ = named[0]
    after = _APPOSITION.match(text, first_end)
    end = first_end
    if after is not None and after.end() > first_end:
        town = _town_of(after.group("where")) if after.group("place") else None
        if town and not person.get("town"):
            person = {**person, "town": town}
        end = after.end()
        if text[end:end + 1] == ",":
            end += 1  # "Darren Whitcombe, 41, of Selby, was arrested": the closing comma goes too
    description = describe(person)
    replacement = _sentence_case(text, first_start, description)
    if end > first_end and text[end:end + 1] not in " ,.;:!?\n":
        replacement += " "  # the apposition took the space before the verb: "…, 41 was arrested"
    edits = [Edit(first_start, end, replacement)]
    later = describe(person, definite=True)
    for start, stop, _ in named[1:]:
        edits.append(Edit(start, stop, _sentence_case(text, start, later)))  # "Okonjo's" becomes "the man's"
    return edits, f"Describe the person instead of naming them: '{description}'"


def contact_fix(start: int, end: int) -> tuple[list[Edit], str]:
    return [Edit(start, end, "101")], "Give 101 instead of a private number or address"


def fix_for(finding, case, text: str, rule=None, windows=None) -> tuple[list[Edit], str] | None:
    """The fix for one finding, or None when no edit is safe."""
    if finding.start is None:
        return None
    if finding.rule in _PRIVATE_CONTACT_RULES:
        return contact_fix(finding.start, finding.end)
    if rule is not None and rule.rewrites:
        return rewording.rule_rewrite(finding, rule, case, text)
    if rule is not None and rule.drop_sentence and windows is not None:
        return rewording.drop_sentence(finding, text, windows)
    if finding.rule == _HOUSE_NUMBER_RULE:
        return rewording.street_fix(text, finding.start, finding.end)
    person = finding.person
    if person is None or case is None:
        return None
    index = person["index"] - 1
    if not 0 <= index < len(case.people):
        return None
    p = case.people[index]
    kind = detail_kind(finding)
    if finding.category == "purdah-political":
        return rewording.politician_fix(case, text)
    if kind not in _NAME_DETAILS:
        return rewording.detail_fix(finding, kind, p, text)
    if finding.category not in _DESCRIBE:
        return None
    mentions = [(case.mentions[i].start, case.mentions[i].end, case.mentions[i].kind) for i in p.mentions]
    facts = {**person, "child": p.child}
    made = person_fix(text, facts, mentions, {"name", "surname", "given", "nickname"})
    if made is not None and finding.category == "charge-name":
        edits, summary = made
        made = edits, summary + "; to name them, share the force's own charge post"
    return made


def detail_kind(finding) -> str | None:
    """The kind of detail a person rule's finding points at ("person/school: …" → "school")."""
    head = finding.detected_by.split(":", 1)[0]
    return head.split("/", 1)[1] if head.startswith("person/") else None
