"""The pipeline: post → mentions → people → roles and details.

Each stage adds one kind of fact to the ``Case`` and can be tested alone.
"""
from __future__ import annotations

import functools

import regex

from ..recognizers.base import may_hold
from .case import Case, Cue, Person
from .details import DetailReader
from .forms import lower_cased
from .linking import KIN_OF_BEFORE, RESTRICTIVE, link
from .mentions import MentionFinder
from .roles import RoleReader
from .vocabulary import vocabulary

# Bound on hostile input: past this many mentions the rest of the post is not modelled,
# and the engine reports the lint as limited.
MENTION_LIMIT = 400
_READ_PAST_LIMIT = 1_000   # characters the stages read past the last mention kept


@functools.cache
def _stages():
    vocab = vocabulary()
    return MentionFinder(vocab), RoleReader(vocab), DetailReader(vocab)


def build_case(text: str, windows, attachment_texts=(), names=None, addresses=None) -> Case:
    """``names``: the name recognizer's people in ``text`` at ``MENTION_NAMES``, and ``addresses``
    the address recognizer's at ``details.ADDRESS_LIMIT``, if the caller has found them already."""
    finder, reader, details = _stages()
    mentions = finder.find(text, names)
    limited = len(mentions) > MENTION_LIMIT
    if limited:
        # Past the bound nothing is modelled, so the later stages read only a little beyond the last
        # mention kept: a 64 KB run of pronouns costs what its first few thousand characters do.
        cut = min(len(text), mentions[MENTION_LIMIT - 1].end + _READ_PAST_LIMIT)
        text = text[:cut]
        addresses = [a for a in addresses if a.end <= cut] if addresses is not None else None
    case = Case(text=text, mentions=mentions[:MENTION_LIMIT])
    case.starts = [m.start for m in case.mentions]
    case.facts["limited"] = limited
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
    _merge_openings(case, sentence_of)
    _merge_role_descriptions(case)
    _merge_told_apart(case)
    _merge_named_dead(case)
    for person in case.people:
        if person.age is not None and not case.facts.get("historical"):
            person.child = person.age < 18  # an age given outranks "teenager" or "lad"
    _no_death_in_a_family(case)
    details.read(case, windows, attachment_texts, addresses)
    _death_facts(case, windows)
    case.facts["restrictions_lifted"] = may_hold(case.text, lower_cased(case.text), _RESTRICTIONS_WORDS) \
        and _RESTRICTIONS_LIFTED.search(case.text) is not None
    return case


_CONFLICTS = ({"victim", "sexual-victim", "witness", "died", "missing"}, {"suspected", "arrested", "charged", "convicted", "sentenced", "wanted"})


def _merge_openings(case: Case, sentence_of: list[int]) -> None:
    """Press-release openings: "A man has been jailed … \n Paul Hunter, 34, was arrested …" names, in
    the sentence after, the person an indefinite description introduced. Done once statuses are read,
    so a named victim never joins an unnamed suspect."""
    opens: dict[int, int] = {}  # sentence -> its first mention
    for k, sentence in enumerate(sentence_of):
        opens.setdefault(sentence, k)
    openers: dict[int, list[Person]] = {}  # sentence -> unnamed people introduced as its subject
    for other in case.people:
        first = other.mentions[0]
        opening = case.mentions[first]
        if opening.kind not in ("description", "relation") or opening.plural or other.officer or opens[sentence_of[first]] != first:
            continue  # only the opening sentence's subject: "a knifeman who stabbed a teenager" names the knifeman
        # "RIP to the lady who died on Rockingham Rd … Sandra from the Co-op": the post's first words
        # introduce the dead, however definite.
        # "Her former partner was arrested … Ashley Dunmore, 33, was charged": a relative introduces someone too.
        if not (opening.text[:2].casefold() in ("a ", "an") or opening.detected_by == "description/" + opening.text.casefold()
                or opening.kind == "relation" or (first == 0 and "died" in other.roles())):
            continue
        # "a knifeman who stabbed a teenager": the teenager is not the subject; but "the death of a local
        # man" is still what the sentence is about.
        objects = {c.what for c in other.cues if c.how == "object" and c.mention == first}
        if any(d.kind == "name" for d in other.details) or (objects and "died" not in objects):
            continue
        openers.setdefault(sentence_of[first], []).append(other)
    merged = False
    for person in list(case.people):
        named = [i for i in person.mentions if case.mentions[i].kind == "name"]  # empty once absorbed
        if not named or any(case.mentions[i].kind == "description" for i in person.mentions) or person.officer \
                or any(case.mentions[i].title for i in person.mentions):
            continue
        here = sentence_of[named[0]]
        if here == 0 or opens[here] != named[0]:
            continue  # the name must open its sentence
        mine = _facts(person)
        candidates = []
        for other in openers.get(here - 1, []) + openers.get(here - 2, []):
            if not other.mentions or (person.gender and other.gender and person.gender != other.gender):
                continue
            theirs = _facts(other)
            if any(mine & side and theirs & (_CONFLICTS[1] if side is _CONFLICTS[0] else _CONFLICTS[0]) for side in _CONFLICTS):
                continue
            candidates.append(other)
        exact = [c for c in candidates if person.gender and c.gender == person.gender]
        nearest = [c for c in candidates if c.mentions and sentence_of[c.mentions[0]] == here - 1]
        chosen = exact if len(exact) == 1 else nearest if len(nearest) == 1 else candidates
        if len(chosen) == 1:
            _absorb(case, chosen[0], person)
            merged = True
    if merged:
        _reindex(case)


# "the victim" and "the deceased" name a role: the one earlier person the post gave it to.
# A court that lifts a child's anonymity lets the post name them.
_RESTRICTIONS_LIFTED = regex.compile(
    r"\b(?:reporting\s+restrictions|(?:his|her|their)\s+anonymity|anonymity)\s+(?:were|was|have\s+been|has\s+been|had\s+been)\s+"
    r"(?:lifted|removed|discharged)|\blifted\s+(?:the\s+)?(?:reporting\s+restrictions|(?:his|her|their)\s+anonymity)\b|\bcan\s+now\s+be\s+named\b",
    regex.IGNORECASE)
_RESTRICTIONS_WORDS = ("lifted", "removed", "discharged", "named")  # one of which each alternative needs
# A victim said to be in hospital or in a serious condition is not the one a murder inquiry is about.
_ALIVE = regex.compile(r"\b(?:hospital|condition|critical(?:ly)?|serious|stable|fighting)\b", regex.IGNORECASE)
_ROLE_DESCRIPTIONS = {"victim": "victim", "complainant": "victim", "deceased": "died"}


def _merge_role_descriptions(case: Case) -> None:
    """"A woman was assaulted on Friday … The victim, Julie Hart, is recovering": linking cannot join
    "the victim" to "a woman" (the words share nothing), but once roles are read they are one person."""
    merged = False
    for person in case.people:
        if not person.mentions:
            continue
        first = case.mentions[person.mentions[0]]
        role = _ROLE_DESCRIPTIONS.get(first.detected_by.rsplit("/", 1)[-1]) if first.kind == "description" else None
        if role is None or first.text[:4].casefold() != "the " or first.plural:
            continue
        earlier = [p for p in case.people if p is not person and p.mentions and p.mentions[0] < person.mentions[0]
                   and role in p.roles() and not p.officer]
        if len(earlier) == 1 and (not person.gender or not earlier[0].gender or person.gender == earlier[0].gender):
            _absorb(case, earlier[0], person, "role")
            merged = True
    if merged:
        _reindex(case)


def _merge_told_apart(case: Case) -> None:
    """"A 15-year-old boy was assaulted … a 16-year-old arrested … the lad who was hurt": linking left
    the definite description alone because its clause, not nearness, says who it is. Once roles are
    read, it is the nearest earlier person the clause fits: the one hurt, the one who died, and for
    "the next of kin of the man" the dead man."""
    text = case.text
    merged = False
    for person in case.people:
        if not person.mentions:
            continue
        first = person.mentions[0]
        m = case.mentions[first]
        if m.kind != "description" or m.text[:4].casefold() != "the " or m.plural:
            continue
        if KIN_OF_BEFORE.search(text, max(0, m.start - 20), m.start):
            wanted = {"died"}
        elif RESTRICTIVE.match(text, m.end):
            wanted = {c.what for c in person.cues if c.mention == first and c.how != "description"}
        else:
            continue
        earlier = [p for p in case.people if p is not person and p.mentions and p.mentions[0] < first and not p.officer
                   and _facts(p) & wanted and (not person.gender or not p.gender or person.gender == p.gender)]
        if earlier:
            _absorb(case, max(earlier, key=lambda p: max(i for i in p.mentions if i < first)), person, "role")
            merged = True
    if merged:
        _reindex(case)


# "Mr Hughes’s loved ones", "Mr Hughes was 58": what is only ever said of the dead.
_SAID_OF_THE_DEAD = regex.compile(
    r"(?:['’]s\s+(?:family|loved\s+ones|relatives|next\s+of\s+kin|friends\s+and\s+family)\b|\s+was\s+(?:aged\s+)?\d{1,3}\b(?!\s*(?:%|mph|miles|minutes|hours)))",
    regex.IGNORECASE)


def _merge_named_dead(case: Case) -> None:
    """"The driver of a white van died … Our thoughts are with Mr Hughes’s loved ones": in a post about
    one death whose dead are not named, a name that nothing else is said of, and whose family is
    spoken of (or whose age is given in the past tense), is the dead person's."""
    dead = [p for p in case.people if p.mentions and "died" in p.roles() and not p.officer]
    if len(dead) != 1 or any(case.mentions[i].names for i in dead[0].mentions):
        return
    victim = dead[0]
    for person in case.people:
        if person is victim or not person.mentions or person.cues or person.officer or person.politician:
            continue
        first = case.mentions[person.mentions[0]]
        if first.start < case.mentions[victim.mentions[0]].start or not first.names:
            continue
        if victim.gender and person.gender and victim.gender != person.gender:
            continue
        if any(_SAID_OF_THE_DEAD.match(case.text, case.mentions[i].end) for i in person.mentions):
            _absorb(case, victim, person, "role")
            _reindex(case)
            return


def _facts(person: Person) -> set[str]:
    return person.roles() | ({person.status()} - {None})


def _absorb(case: Case, keeper: Person, other: Person, how: str = "opening") -> None:
    case.links.append((other.mentions[0], keeper.mentions[0], how))
    keeper.mentions = sorted(keeper.mentions + other.mentions)
    keeper.cues.extend(other.cues)
    keeper.details.extend(other.details)
    keeper.related_to.extend(other.related_to)
    keeper.gender = keeper.gender or other.gender
    keeper.age = keeper.age if keeper.age is not None else other.age
    keeper.child |= other.child
    for i in other.mentions:
        case.owner[i] = keeper.index
    other.mentions = []


def _reindex(case: Case) -> None:
    kept = [p for p in case.people if p.mentions]
    renumber = {p.index: n for n, p in enumerate(kept)}
    for p in kept:
        p.index = renumber[p.index]
        p.related_to = [(renumber.get(k, k), word) for k, word in p.related_to]
        p.details = [d if d.about is None else type(d)(d.kind, d.start, d.end, d.text, d.attachment, renumber.get(d.about))
                     for d in p.details]
    case.people = kept
    case.owner = [renumber[o] if o in renumber else o for o in case.owner]


_FAMILY_OF = regex.compile(r"(?:the\s+)?family\s+of", regex.IGNORECASE)


def _no_death_in_a_family(case: Case) -> None:
    """"A report made by the family of a 13-year-old girl": with no other word of death in the post,
    "the family of" is only a family, and the girl is alive."""
    text = case.text
    if any(_FAMILY_OF.fullmatch(text, *m.span()) is None for m in vocabulary().death_spoken_of.finditer(text)):
        return
    for person in case.people:
        person.cues = [c for c in person.cues if not (c.what == "died" and _FAMILY_OF.search(text, c.start, c.end))]


_KEEP_AWAY = regex.compile(r"[^.!?\n]{0,30}?\b(?:please\s+)?(?:don['’]t|do\s+not|never)\s+(?:tag|share|name|post|message|contact|ring|call|"
                           r"approach|speculate)\b", regex.IGNORECASE)


def _death_facts(case: Case, windows) -> None:
    vocab = vocabulary()
    text = case.text
    facts = case.facts
    facts["identification_pending"] = [m.span() for m in vocab.identification_pending.finditer(text)]
    facts["family_not_told"] = [m.span() for m in vocab.family_not_told.finditer(text)]
    # "if you know the family, please don't tag them": asking the public to keep away is no trace appeal.
    facts["trace_appeal"] = any(not _KEEP_AWAY.match(text, m.end()) for m in vocab.trace_appeal.finditer(text))
    facts["family_informed"] = vocab.family_informed.search(text) is not None
    facts["long_past"] = vocab.long_past.search(text) is not None
    if facts["identification_pending"] and not any("died" in p.roles() for p in case.people) \
            and vocab.death_spoken_of.search(text) is not None:
        # Only the dead are formally identified: "the woman found in the River Ouse is believed to be
        # missing Bethany Holroyd … formal identification has yet to take place".
        for person in case.people:
            found = next((c for c in person.cues if c.what in ("found", "missing")), None)
            if found is not None and not person.officer:
                person.cues.append(Cue("died", found.start, found.end, found.mention, "identification"))
    if vocab.killing.search(text):
        # "A murder investigation has been launched… the victim is…": the victim has died.
        for person in case.people:
            victim = next((c for c in person.cues if c.what == "victim"), None)
            alive = any(c.what == "victim" and _ALIVE.search(text, c.start, c.end) for c in person.cues)
            if victim is not None and not alive and "died" not in person.roles():
                person.cues.append(Cue("died", victim.start, victim.end, victim.mention, "killing"))
