"""Whose is a phone number or e-mail address? A contact detail is private when the
post gives it as a person's own ("ring Sandra on", "my personal mobile", "the
organiser, Priya Raman, on"); a number given as the force's, a team's or an
office's line ("call police on", "contact the Coroner's Office on"), or given
with no owner at all, is an official line (judgement 25).
"""
from __future__ import annotations

import bisect

import regex

from ..recognizers.names import OFFICER_TITLES

_OWN_LINE = regex.compile(
    r"\b(?:my|her|his|their)\s+(?:own\s+)?(?:other\s+|new\s+|old\s+|spare\s+|second\s+)?(?:personal\s+|private\s+|home\s+|work\s+)?"
    r"(?:mobile(?:\s+number)?|phone(?:\s+number)?|number|landline|e-?mail(?:\s+address)?|inbox|address|line)\b[^.!?\n]{0,30}$"
    r"|\b(?:text|ring|call|message|e-?mail|drop|contact|phone|bell|whatsapp|dm)\s+me\b[^.!?\n]{0,40}$"
    r"|\bme\s+(?:directly\s+)?(?:on|at)\s*:?\s*$",
    regex.IGNORECASE)
# A reply that repeats the reader's own number: "we'll ring you back on the mobile you gave us (07700 …)".
_READERS_LINE = regex.compile(
    r"\b(?:your\s+(?:own\s+)?(?:personal\s+|home\s+|work\s+)?(?:mobile|phone|landline|number)(?:\s+number)?"
    r"|the\s+(?:mobile|phone|landline|number)(?:\s+number)?\s+you\s+(?:gave|left|sent|provided|rang\s+from|called\s+from))\b"
    r"(?:\s+us)?\s*(?:[,:(-]|\bis\b|\bon\b)?\s*$",
    regex.IGNORECASE)
# From the end of a person mention to the number: "Priya Raman, on", "Sandra a ring on", "Tom, directly on".
_OWNER_TO_NUMBER = regex.compile(
    r"\s*(?:['’]s\s+(?:mobile|phone|number|e-?mail)\s*(?:is\s+|on\s+)?|,[^,.!?\n]{0,60},\s*|,\s*)?"
    r"(?:\(\s*|(?:direct(?:ly)?\s+|personally\s+)?(?:on|at)\s*:?\s*|a\s+(?:ring|call|text|bell|message|shout)\s+(?:on|at)\s*|"
    r"(?:tel|telephone|phone|mobile|mob|number|no)\.?\s*:?\s*)"
    r"(?:(?:her|his|their)\s+(?:own\s+)?(?:personal\s+|private\s+)?(?:mobile|phone|number|landline)\s*,?\s*)?$",
    regex.IGNORECASE)
# "a mobile number for her is", "the number for Mrs Hale:": the number is given as that person's.
_NUMBER_FOR_BEFORE = regex.compile(r"\b(?:mobile|phone|number|landline|e-?mail(?:\s+address)?)\s+for\s+$", regex.IGNORECASE)
_NUMBER_FOR_AFTER = regex.compile(r"\s*(?:is\s*|:\s*|-\s*|,\s*)?$", regex.IGNORECASE)


def contact_owner(case, start: int, sentence_start: int) -> str | None:
    """``"self"`` for the writer's own, ``"person"`` for someone else's, None for an official or
    unowned line."""
    text = case.text
    before = text[max(sentence_start, start - 160):start]
    if _OWN_LINE.search(before):
        return "self"
    if _READERS_LINE.search(before):
        return "person"
    ends = [m.end for m in case.mentions]
    k = bisect.bisect_right(ends, start) - 1
    while k >= 0 and case.mentions[k].end > sentence_start and start - case.mentions[k].end < 90:
        mention = case.mentions[k]
        if mention.title is None or mention.title not in OFFICER_TITLES:  # an officer's line is the investigation's
            if _OWNER_TO_NUMBER.fullmatch(text, mention.end, start):
                return "person"
            if (_NUMBER_FOR_AFTER.fullmatch(text, mention.end, start)
                    and _NUMBER_FOR_BEFORE.search(text, max(0, mention.start - 40), mention.start)):
                return "person"
        k -= 1
    return None
