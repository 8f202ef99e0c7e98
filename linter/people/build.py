"""The pipeline: post → mentions → people → roles and details.

Each stage adds one kind of fact to the ``Case`` and can be tested alone.
"""
from __future__ import annotations

import functools

from .case import Case, Cue, Person
from .linking import link
from .mentions import MentionFinder
from .roles import RoleReader
from .vocabulary import vocabulary

# Bound on hostile input: past this many mentions the rest of the post is not modelled,
# and the engine reports the lint as limited.
MENTION_LIMIT = 400


@functools.cache
def _stages():
    vocab = vocabulary()
    return MentionFinder(vocab), RoleReader(vocab)


def build_case(text: str, windows, attachment_texts=()) -> Case:
    finder, reader = _stages()
    mentions = finder.find(text)
    case = Case(text=text, mentions=mentions[:MENTION_LIMIT])
    case.facts["limited"] = len(mentions) > MENTION_LIMIT
    sentence_of = [windows.sentence_index(m.start) for m in case.mentions]
    link(case, sentence_of)
    roots = {}
    for i, root in enumerate(case.owner):
        if root not in roots:
            roots[root] = Person(index=len(case.people))
            case.people.append(roots[root])
        person = roots[root]
        person.mentions.append(i)
        m = case.mentions[i]
        person.gender = person.gender or m.gender
        person.age = person.age if person.age is not None else m.age
        person.child |= m.child
    case.owner = [roots[r].index for r in case.owner]
    reader.read(case, windows)
    for person in case.people:
        roles = person.roles()
        person.officer = "officer" in roles
        person.politician = "politician" in roles
        person.child |= "child" in roles
    reader.details(case, windows, attachment_texts)
    _death_facts(case, windows)
    return case


def _death_facts(case: Case, windows) -> None:
    vocab = vocabulary()
    text = case.text
    facts = case.facts
    facts["identification_pending"] = [m.span() for m in vocab.identification_pending.finditer(text)]
    facts["family_not_told"] = [m.span() for m in vocab.family_not_told.finditer(text)]
    facts["trace_appeal"] = vocab.trace_appeal.search(text) is not None
    facts["family_informed"] = vocab.family_informed.search(text) is not None
    facts["long_past"] = vocab.long_past.search(text) is not None
    if vocab.killing.search(text):
        # "A murder investigation has been launched… the victim is…": the victim has died.
        for person in case.people:
            victim = next((c for c in person.cues if c.what == "victim"), None)
            if victim is not None and "died" not in person.roles():
                person.cues.append(Cue("died", victim.start, victim.end, victim.mention, "killing"))
