"""Fixes that reword rather than rename: a rule's own rewrites ("the thief" → "the man"), leaving
out a sentence (a defendant's record), and generalising a detail that points at a protected
person (their school, street, workplace, business or relationship to a named defendant).

Each returns ``(edits, summary)`` or None when no edit is safe; a None keeps the finding's prose
suggestion, and a re-lint of the fixed post says what is left.
"""
from __future__ import annotations

import regex

from .edits import Edit
from .people.details import RUN_VERBS
from .people.mentions import ROLE_AT_PLACE

# Whom live proceedings are about: "{person}" in a rule's rewrite becomes their noun.
_IN_PROCEEDINGS = {"suspected", "wanted", "arrested", "charged", "convicted"}
_BEFORE_STREET = regex.compile(r"\s+(?:on|in|at|of|from|off|along|near|outside)\s+(?:the\s+)?$", regex.IGNORECASE)
_TOWN_AFTER_STREET = regex.compile(r",\s*(?=(?-i:\p{Lu})[\p{L}'’-]+(?:\s(?-i:\p{Lu})[\p{L}'’-]+)?\s*(?:[,.;!?\n]|$))")
_TOWN_NEXT = regex.compile(r"\s+(?:in|near)\s+(?-i:\p{Lu})")
_LIVES = regex.compile(r"(?:lives?|living|lived|resides?|residing)\b", regex.IGNORECASE)
_WORK_VERB = regex.compile(r"(?:works?|working|worked|volunteers?|volunteering|employed|plays?|played|playing|trains?|trained|training)\b",
                           regex.IGNORECASE)
_RUNS = regex.compile("(?:" + "|".join(RUN_VERBS) + r")\b", regex.IGNORECASE)
_LAST_PREPOSITION = regex.compile(r"(?r)\s+(?:at|for|in|with)\s+")


def person_noun(case) -> str:
    """"man", "woman", "boy", "girl" or "person": the people live proceedings are about, when the
    post gives them all one gender."""
    people = [p for p in (case.people if case is not None else ()) if not p.officer and p.status() in _IN_PROCEEDINGS]
    kinds = {(p.gender, p.child) for p in people}
    if len(kinds) != 1:
        return "person"
    gender, child = kinds.pop()
    return gendered_noun(gender, child) or "person"


def gendered_noun(gender: str | None, child: bool) -> str | None:
    """"man", "woman", "boy" or "girl"; None when the post does not say which."""
    return {"m": "boy" if child else "man", "f": "girl" if child else "woman"}.get(gender)


def _capitalised_like(original: str, replacement: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def rule_rewrite(finding, rule, case, text: str):
    """The first of the rule's rewrites that matches the finding's whole span."""
    span = text[finding.start:finding.end]
    for pattern, template in rule.rewrites:
        m = pattern.fullmatch(span)
        if m:
            replacement = _capitalised_like(span, m.expand(template.replace("{person}", person_noun(case))))
            return [Edit(finding.start, finding.end, replacement)], f"Say it without deciding guilt: '{replacement}'"
    return None


def drop_sentence(finding, text: str, windows):
    """Leave out the sentence that holds the finding, unless it is the whole post or takes a quote
    mark with it (which would leave the quote open)."""
    lo, hi = windows.sentence(finding.start)
    sentence = text[lo:hi]
    if not text[:lo].strip() and not text[hi:].strip():
        return None
    if sentence.count("“") != sentence.count("”") or sentence.count('"') % 2:
        return None
    end = hi
    while end < len(text) and text[end] in " \t":
        end += 1
    if end == len(text) or text[end] == "\n":
        while lo and text[lo - 1] in " \t":  # the last sentence of a line takes the space before it
            lo -= 1
    return [Edit(lo, end, "")], "Leave out the sentence about the person's history until after sentence"


def detail_fix(finding, kind: str, person, text: str):
    """Generalise one identifying detail of a protected person, by its kind."""
    start, end = finding.start, finding.end
    span = text[start:end]
    if kind == "school":
        if _WORK_VERB.match(span) or span.casefold().startswith(("attend", "goes", "pupil", "student")):
            return None
        if text[max(0, start - 4):start].casefold() == "the ":
            start -= 4
        return [Edit(start, end, "a local school")], "Say 'a local school' instead of naming it"
    if kind == "home":
        return street_fix(text, start, end)
    if kind == "workplace":
        verb = _WORK_VERB.match(span)
        if verb:
            return [Edit(start, end, verb.group() + " locally")], f"Say '{verb.group()} locally' instead of naming the workplace"
        cut = _LAST_PREPOSITION.search(span)
        if cut is None:
            return None
        return [Edit(start + cut.start(), end, "")], "Leave out where the person works"
    if kind == "business-role":
        if ROLE_AT_PLACE.fullmatch(span) and person is not None:
            # "The head of science at Ryedale School was arrested" → "A man was arrested".
            replacement = _capitalised_like(span, "a " + _noun_for(person))
            return [Edit(start, end, replacement)], f"Say '{replacement}' instead of the person's post at a named place"
        runs = _RUNS.match(span)
        if runs is None:
            return None
        replacement = runs.group() + " a local business"
        return [Edit(start, end, replacement)], f"Say '{replacement}' instead of naming the business"
    if kind == "relationship" and person is not None:
        replacement = _capitalised_like(span, "a " + _noun_for(person))
        return [Edit(start, end, replacement)], f"Say '{replacement}' instead of how the person is related to the defendant"
    return None


def _noun_for(person) -> str:
    return gendered_noun(person.gender, person.child) or ("child" if person.child else "person")


def street_fix(text: str, start: int, end: int):
    """A street (with or without its house number) becomes its town, or goes: "of 23 Corvedale Road,
    Worthing," → "of Worthing,"; "lives on Greyfriars Walk in Ripon" → "lives in Ripon"."""
    span = text[start:end]
    lives = _LIVES.match(span)
    if lives:
        # "lives on Greyfriars Walk in Ripon" keeps its town; without one, "lives locally".
        replacement = lives.group() if _TOWN_NEXT.match(text, end) else lives.group() + " locally"
        return [Edit(start, end, replacement)], f"Say '{replacement}' instead of giving the street"
    town = _TOWN_AFTER_STREET.match(text, end)
    if town:
        return [Edit(start, town.end(), "")], "Give the town, not the street or house number"
    before = _BEFORE_STREET.search(text, max(0, start - 12), start)
    if before:
        return [Edit(before.start(), end, "")], "Leave out the street"
    return None


# Whatever stands before a politician's name to say what they are ("Reform UK councillor", "PCC
# candidate", "our MP"), read backwards from the name.
_OFFICE_BEFORE = regex.compile(
    r"(?:(?:our|the|your|local|ward|county|borough|district|parish|town|city|(?-i:\p{Lu})[\p{L}&]*|Lib\s+Dem|[\p{L}-]+['’]s)\s+)*"
    r"(?:councillor|cllr|mp|candidate|mayor|commissioner|pcc|leader|minister|member)\.?\s+$", regex.IGNORECASE)
_OFFICE_AFTER = regex.compile(r"(?:\s*,?\s+MP\b|\s*,\s*(?:the\s+|our\s+)?[\p{L} ]{0,40}?(?:councillor|candidate|MP)\b(?=\s*[,.;!?\n]|\s+(?:for|and)\b))")
_JOIN = regex.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")
_THANKS_BEFORE = regex.compile(r"(?:thanks|thank\s+you|thank|grateful|shout-?out|shout\s+out)\s+(?:to\s+)?$", regex.IGNORECASE)
_JOINED_BEFORE = regex.compile(r"(?:joined|accompanied|visited|supported)\s+by\s+$|\bwith\s+$", regex.IGNORECASE)


def politician_fix(case, text: str):
    """In the election period, publicity for a politician goes with their name and office:
    "Thanks to Councillor Gary Price and PCC candidate Helen Moss for …" → "Thanks to everyone
    for …". Only where the sentence still reads without them: after thanks or "joined by"."""
    phrases = []
    for person in case.people:
        if "politician" not in person.roles():
            continue
        for i in person.mentions:
            m = case.mentions[i]
            if not m.names:
                continue
            before = _OFFICE_BEFORE.search(text, max(0, m.start - 60), m.start)
            after = _OFFICE_AFTER.match(text, m.end)
            phrases.append((before.start() if before else m.start, after.end() if after else m.end))
    if not phrases:
        return None
    phrases.sort()
    groups = [list(phrases[0])]
    for start, end in phrases[1:]:
        if _JOIN.fullmatch(text, groups[-1][1], start) or start <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], end)
        else:
            groups.append([start, end])
    edits = []
    for start, end in groups:
        if _THANKS_BEFORE.search(text, max(0, start - 30), start):
            edits.append(Edit(start, end, "everyone"))
        elif _JOINED_BEFORE.search(text, max(0, start - 30), start):
            edits.append(Edit(start, end, "local partners"))
    if not edits:
        return None
    return edits, "Leave out the politician's name and office during the election period"
