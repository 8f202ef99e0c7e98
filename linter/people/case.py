"""The case model: the people in one post, what happened to them, what identifies them.

Built once per post (see ``build.py``) and read by rules. Every object is a
plain frozen value or a list filled while building; positions are code-point
offsets into the post text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

# How a person can be identified: the detail kinds a rule's `identified_by` may name.
DETAIL_KINDS = ("name", "nickname", "business-role", "relationship", "home", "school", "workplace", "image", "footage", "age", "town",
                "record", "act")  # past offending, and an offence stated as the person's: they identify nobody but prejudice a trial
# The legal statuses, weakest first; `status` on a person is the strongest given.
STATUSES = ("suspected", "wanted", "arrested", "charged", "convicted", "sentenced", "released", "acquitted")
ROLES = ("victim", "sexual-victim", "died", "witness", "missing", "found", "officer", "politician", "child", "act")


@dataclass(frozen=True)
class Mention:
    """One place the post refers to a person."""

    start: int
    end: int
    text: str
    kind: str                 # name, surname, given, nickname, description, relation, pronoun
    gender: str | None = None  # "m", "f" or None when the words do not say
    # A given name's usual gender: a weaker word than a pronoun, a title or "the woman" (some names
    # are given to both), so it only keeps a pronoun of the other gender off the name.
    name_gender: str | None = None
    age: int | None = None
    child: bool = False       # the words say child ("boy", "pupil", "14-year-old")
    title: str | None = None  # the title before a name ("PC", "Mrs", "Cllr")
    oblique: bool = False     # inside "the murder of …", "the family of …": not a clause subject
    detected_by: str = ""
    plural: bool = False      # "the two boys", "six people": never one of the singular people
    owner: str | None = None  # for a relationship: "m", "f", "p" (his, her, their), "of" (the sister of …),
    #                           "victim" (the victim's brother), "child" (the children's father) or "named" (Mrs O'Hare's son)

    @property
    def names(self) -> bool:
        return self.kind in ("name", "surname", "given", "nickname")


@dataclass(frozen=True)
class Detail:
    """Something in the post that points to one person."""

    kind: str                 # one of DETAIL_KINDS
    start: int | None         # None for a detail in an attachment
    end: int | None
    text: str
    attachment: int | None = None
    about: int | None = None  # for a relationship: the other person's index


# "… yes, it's Lee Pryce's flat": a name said to be what a thing is.
WARRANT = regex.compile(r"\bwarrants?\b", regex.IGNORECASE)
IT_IS_BEFORE = regex.compile(r"\b(?:it['’]?s|it\s+is|it\s+was|that['’]s|that\s+is)\s+$", regex.IGNORECASE)
# "Replying to Dawn H", "thanks Dawn", and a greeting that opens a line or a clause ("Hi Steve,", "sorry Amy");
# not "On Thursday evening a boy …".
_ADDRESSED_BEFORE = regex.compile(
    r"(?:\b(?:replying\s+to|thanks|thank\s+you|cheers)|(?:^|[\n.!?:,]\s*)(?:hi|hello|hey|morning|evening|sorry))\s*,?\s*@?$",
    regex.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """Words that give a person a status or role, and which mention they were read from."""

    what: str                 # a status or role
    start: int
    end: int
    mention: int              # index into Case.mentions
    how: str                  # subject, object, link, description
    past: bool = False        # said of an earlier time: "he was wanted after failing to attend court"


@dataclass
class Person:
    index: int
    mentions: list[int] = field(default_factory=list)
    gender: str | None = None
    age: int | None = None
    child: bool = False
    officer: bool = False
    politician: bool = False
    cues: list[Cue] = field(default_factory=list)
    details: list[Detail] = field(default_factory=list)
    related_to: list[tuple[int, str]] = field(default_factory=list)  # (person, relation word)

    def roles(self) -> set[str]:
        return {c.what for c in self.cues if c.what not in STATUSES}

    def status(self) -> str | None:
        """The strongest legal status the post gives, or an ending ("released") after it."""
        given = [c.what for c in self.cues if c.what in STATUSES]
        if not given:
            return None
        strongest = max(given, key=STATUSES.index)
        if strongest == "arrested" and "wanted" in given:
            # "He was arrested at the time and bailed, but failed to answer his bail": wanted again. Between
            # these two, the one said last is where the person stands.
            # "The 39-year-old was wanted after failing to attend court" looks back, and does not count.
            said = [c for c in self.cues if c.what == "arrested" or c.what == "wanted" and not c.past]
            return max(said, key=lambda c: c.start).what if said else strongest
        return strongest

    def identified_by(self, kinds) -> list[Detail]:
        return [d for d in self.details if d.kind in kinds]


@dataclass
class Case:
    text: str
    mentions: list[Mention] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # each mention's start, for bisection
    owner: list[int] = field(default_factory=list)   # mention index -> person index
    people: list[Person] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)  # (mention, antecedent mention, sieve pass)
    facts: dict = field(default_factory=dict)      # post-level: death wording, sexual offence, …
    _addressed: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # mention start -> addressed()

    def person_of(self, mention: int) -> Person:
        return self.people[self.owner[mention]]

    def addressed(self, mention: int) -> bool:
        """"Replying to Dawn H: thanks Dawn, she's ok": Dawn is spoken to, not spoken of."""
        start = self.mentions[mention].start
        # Linking, roles and details each ask it of the same mentions, many times over on a long post.
        said = self._addressed.get(start)
        if said is None:
            said = self._addressed[start] = _ADDRESSED_BEFORE.search(self.text, max(0, start - 16), start) is not None
        return said

    def possessor_of(self, mention: int) -> int | None:
        """For a relative found after a possessive ("Mrs O'Hare's son", "the owner's nephew"), the
        mention whose possessive it is: the one just before, joined to it by "'s "."""
        m = self.mentions[mention]
        if m.owner != "named" or mention == 0:
            return None
        before = self.mentions[mention - 1]
        return mention - 1 if before.kind != "pronoun" and self.text[before.end:m.start] in ("'s ", "’s ") else None

    def summary(self, person: Person) -> dict:
        """The person as a finding carries them: enough for a rewrite to describe them."""
        town = next((d.text for d in person.details if d.kind == "town"), None)
        return {"index": person.index + 1, "gender": person.gender, "age": person.age, "town": town,
                "status": person.status(), "roles": sorted(person.roles()),
                "mentions": [[self.mentions[i].start, self.mentions[i].end] for i in person.mentions]}

    def chain(self, person: Person, cue: Cue | None = None) -> str:
        """How the engine came to its reading, for ``detected_by`` and ``explain``."""
        first = self.mentions[person.mentions[0]]
        parts = [f"person {person.index + 1}"]
        if cue is not None:
            m = self.mentions[cue.mention]
            said = self.text[cue.start:cue.end]
            parts.append(f"{cue.what} ('{said}', {m.kind} '{m.text}')")
        named = next((self.mentions[i] for i in person.mentions if self.mentions[i].names), first)
        return " ".join(parts) + f" ← '{named.text}'"
