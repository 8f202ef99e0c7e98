"""The words a person rule cannot fire without, derived once, when the rules load.

A rule about people is asked only when its post holds its wake-up words (``plan.py``). For a
condition on the case model those words are not a hand-kept list: a person is arrested only if
some phrase the vocabulary gives for "arrested" (``rules/people.toml``) or some reading the code
makes ("the arrested man", a warrant at a named home) is in the post, so those phrases' words are
the rule's. Each word set is a disjunction (the post must hold one of its words, case-folded, as
a substring); a condition may need several sets at once (a child *and* someone in proceedings).
"""
from __future__ import annotations

import functools

from .conditions import IN_PROCEEDINGS, PersonCondition
from .mentions import WORD_NUMBERS, YOUNG_WORDS
from .roles import cue_words_read_by_code
from .vocabulary import PeopleVocabulary, vocabulary


@functools.cache
def _cue_words() -> dict[str, frozenset[str]]:
    return cue_words(vocabulary())


def cue_words(vocab: PeopleVocabulary) -> dict[str, frozenset[str]]:
    """For each status and role, the words one of which a post must hold for the case model to
    give anyone that status or role."""
    words: dict[str, set[str]] = {}
    for cues in vocab.cues:
        for phrases in (cues.subject, cues.object):
            if phrases is not None:
                words.setdefault(cues.what, set()).update(phrases.words)
    for what, found in cue_words_read_by_code().items():
        words.setdefault(what, set()).update(found)
    # Readings that give one role from another (build.py): a person found or missing while
    # identification is pending has died, and so has the victim of a killing.
    words["died"] = words.get("died", set()) | words.get("found", set()) | words.get("missing", set()) \
        | words.get("victim", set())
    # A complainant of a sexual offence is first a victim (roles.py); the offence is a separate need.
    words["sexual-victim"] = set(words.get("victim", set()))
    words["child"] = set(child_words(vocab))
    return {what: frozenset(found) for what, found in words.items()}


def child_words(vocab: PeopleVocabulary) -> frozenset[str]:
    """What makes the model call someone a child: an age under 18 (in figures or words), a child's
    noun ("boy", "pupil"), "teenage", "young Callum", or an offence against a child."""
    return frozenset(set("0123456789") | set(WORD_NUMBERS) | vocab.child_nouns | {"teenage"} | set(YOUNG_WORDS)
                     | vocab.child_offence.words)


def needs(condition: PersonCondition, vocab: PeopleVocabulary | None = None) -> tuple[frozenset[str], ...]:
    """The word sets a post must touch, each of them, for ``condition`` to hold of anyone in it."""
    words = _cue_words() if vocab is None else cue_words(vocab)
    vocab = vocab or vocabulary()

    def any_of(whats) -> frozenset[str]:
        return frozenset().union(*(words.get(what, frozenset()) for what in whats))

    sets = []
    if condition.status:
        sets.append(any_of(condition.status))
    if condition.roles:
        sets.append(any_of(condition.roles))
        if set(condition.roles) == {"sexual-victim"}:
            sets.append(vocab.sexual_offence.words)
    if condition.officer:
        sets.append(any_of(["officer"]))
    if condition.child:
        sets.append(any_of(["child"]))
    if condition.in_proceedings:
        sets.append(any_of(IN_PROCEEDINGS))
    kinds = set(condition.identified_by)
    if kinds == {"record"}:  # past offending said in the vocabulary's own words
        sets.append(vocab.record.words)
    elif kinds == {"act"}:  # an offence stated as the person's act
        sets.append(any_of(["act"]))
    if condition.death == "unconfirmed":
        # Identification still pending, or the family known not to have been told (conditions.py).
        sets.append(vocab.identification_pending.words | vocab.family_not_told.words)
    return tuple(s for s in sets if s)  # an empty set would say "never": no words known, no gate
