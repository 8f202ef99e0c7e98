"""Stage 2: tie every mention to its person, in passes from surest to least sure.

The multi-pass sieve of deterministic coreference: each pass sees the clusters
the earlier ones built and never undoes them. Names first, then appositions
and copulas ("the driver, Anthony Cresswell-Dunn", "the victim is his
stepdaughter"), then ages ("the 26-year-old"), then definite descriptions
("the man"), then pronouns by gender, preferring the last sentence's subject.
"""
from __future__ import annotations

import regex

from ..recognizers.names import OFFICER_TITLES, POLITICAL_TITLES
from .case import Case, Mention, Person
from .vocabulary import vocabulary

# "… a 19 yr old lad this morning (jayden …)": a name in brackets after a time word is the person before it.
_APPOSITION_GAP = regex.compile(r"^\s*(?:,|\(|–|-|—|(?:this\s+(?:morning|afternoon|evening)|today|tonight|last\s+night|yesterday|earlier)\s*\()?"
                             r"\s*(?:(?:aged\s+)?\d{1,2}(?:-year-old|\s+years?\s+old)?\s+)?"
                             r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?$")  # a name's title stands outside its mention
# "The driver of the Vauxhall Corsa, a 29-year-old man, was arrested": the vehicle between is his.
_VEHICLE_APPOSITION_GAP = regex.compile(r"^\s+of\s+(?:the|a|an)\s+(?:[\p{L}\d-]+\s+){0,3}?[\p{L}\d-]+\s*,\s*$")
_COPULA_GAP = regex.compile(
    r"^\s*,?\s*(?:(?:now\s+|aged\s+)?\d{1,2}\s*,\s*)?"  # "The girl, now 15, is his stepdaughter"
    r"(?:who\s+)?(?:is|was|has\s+been|had\s+been|have\s+been)?\s*"
    r"(?:(?:aged\s+)?\d{1,2}\s+and\s+)?"  # "the other girl, who is 13 and a Year 8 pupil at …"
    r"(?:now\s+|since\s+|formally\s+|locally\s+)?"
    r"(?:named|identified|confirmed|believed\s+to\s+be|thought\s+to\s+be|known)?\s*(?:locally\s+)?(?:as|to\s+be|is|was)?\s*"
    r"(?:that\s+of\s+)?$", regex.IGNORECASE)
_REDUCED_CLAUSE_COPULA = regex.compile(
    r"^\s+(?:arrested|charged|summonsed|requisitioned|bailed|remanded|interviewed|questioned|detained|held|jailed|sentenced|stopped|"
    r"injured|hurt|found|killed)\b[^.;!?\n]{0,110}?\s(?:is|was)\s+$",
    regex.IGNORECASE)
_NAMING_BEFORE = regex.compile(
    r"(?:\b(?:is|was|are|were|be|as|is\s+now|has\s+been|its|was\s+it|is\s+it)|\b(?:he|she|it|this|that)['’]s)\s+(?:that\s+of\s+)?(?:(?:local|missing|the)\s+(?:[a-z]+\s+)?(?:man|woman|teenager|boy|girl|pensioner|grandfather|grandmother|father|mother|teen|student|walker|cyclist|driver|rider|pedestrian)\s+)?(?:missing\s+)?(?:\d{1,3}-year-old\s+)?$",
    regex.IGNORECASE)
_NAMED_AS_BEFORE = regex.compile(r"\b(?:has|have|had)\s+(?:now\s+)?been\s+(?:named|identified|confirmed)\s+as\s+$",
                              regex.IGNORECASE)
# "A 49-year-old man, Mrs O'Hare's son," and "The complainant is Mr Rahman's sister-in-law".
_DASH_BEFORE = regex.compile(r"\s[–—-]\s*\Z")
# "The second man arrested, Bankole’s brother,": a participle may stand between the person and the apposition.
_NAMED_RELATIVE_GAP = regex.compile(r"(?:\s+(?:arrested|detained|held|charged|injured|hurt|involved)\b)?\s*(?:,\s*(?:who\s+(?:is|was)\s+)?|\s(?:is|was|has\s+been)\s)\s*"
                                    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?")
_OF_SOMETHING_COMMA = regex.compile(r"\s+of\s+[^,.;:!?\n()“”\"]{1,60},\s*")
_KNOWN_TO = regex.compile(r"\s+(?:who\s+(?:is|was)\s+)?(?:known|related)\s+to\s+", regex.IGNORECASE)
_STOP_NAMING = regex.compile(r"\b(?:stop|not|avoid|refrain\s+from|no|without)\s+(?:publicly\s+|online\s+)?naming\s+(?P<pronoun>him|her)\b",
                          regex.IGNORECASE)
_ANOTHER = regex.compile(r"\b(?:second|other|another|third|fourth|fifth|fellow|both|each|either|neither|new)\b", regex.IGNORECASE)
RESTRICTIVE = regex.compile(
    r"\s+(?:who|that)\s+(?:has\s+|had\s+|was\s+|were\s+)?(?:been\s+)?(?:died|killed|arrested|charged|found|hurt|injured|assaulted|attacked|stabbed|robbed)\b",
    regex.IGNORECASE)
# "trace the next of kin of the man, who we believe to be …": the man whose family is sought is the dead man, not the last man named.
KIN_OF_BEFORE = regex.compile(r"\b(?:next\s+of\s+kin|family|relatives|loved\s+ones)\s+of\s+\Z", regex.IGNORECASE)
_IT_BEFORE = regex.compile(r"\b(?:(?:it|this)\s+(?:to\s+be|is|was)|(?:was|is)\s+it|it['’]s|its)\s+(?:that\s+of\s+)?$", regex.IGNORECASE)
_CLUSTER_WINDOW = 3   # sentences a pronoun may look back
_LOOK_BACK = 40       # and mentions, however long the sentence
_DESCRIPTION_WINDOW = 12  # and a definite description ("the woman") may


class _Clusters:
    """Union-find over mention indices, the earliest mention as each cluster's root."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, later: int, earlier: int) -> None:
        a, b = self.root(later), self.root(earlier)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _compatible(a: Mention | Person, gender: str | None) -> bool:
    return gender is None or a.gender is None or a.gender == gender


def link(case: Case, sentence_of: list[int]) -> None:
    mentions = case.mentions
    clusters = _Clusters(len(mentions))
    text = case.text

    def record(i, j, how):
        clusters.join(i, j)
        case.links.append((i, j, how))

    # Pass 1: names. A surname or given name alone joins the full name it repeats.
    full_names = []
    for i, m in enumerate(mentions):
        if m.kind == "name" and " " in m.text.strip():
            words = {w.strip("'’‘\"“”").removesuffix("'s").removesuffix("’s") for w in m.text.split()}
            same = next((j for j, _, full in reversed(full_names) if full == m.text), None)
            if same is not None:
                record(i, same, "name")  # the same full name again is the same person
            full_names.append((i, words, m.text))
        elif m.kind in ("surname", "given", "name"):
            word = m.text.removesuffix("'s").removesuffix("’s")
            for j, words, full in reversed(full_names):
                if word in words or word == full:
                    record(i, j, "name")
                    break
    # Pass 1b: a single name that no earlier full name explains. "Ellie's mum has asked us to share
    # this … nine-year-old Ellie": the same word again is the same person, and so is the one later
    # full name that holds it.
    first_alone: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.kind not in ("surname", "given", "name") or " " in m.text.strip() or clusters.root(i) != i:
            continue
        word = m.text.removesuffix("'s").removesuffix("’s")
        if word in first_alone:
            record(i, first_alone[word], "name")
            continue
        first_alone[word] = i
        holders = [(j, full) for j, words, full in full_names if j > i and word in words]
        if len({full for _, full in holders}) == 1:
            record(holders[0][0], i, "name")
    for i in range(1, len(mentions)):
        j = i - 1
        a, b = mentions[j], mentions[i]
        if sentence_of[i] != sentence_of[j] or "pronoun" in (a.kind, b.kind):
            continue
        if not (a.names or b.names or a.kind == "relation" or b.kind == "relation" or a.kind == "description"):
            continue
        gap = text[a.end:b.start]
        if a.detected_by == "description/body" and gap.strip() == "of":
            record(i, j, "apposition")  # "the body of a man"
            continue
        if a.kind == b.kind == "description" and b.text[:2].casefold() in ("a ", "an") and _OF_SOMETHING_COMMA.fullmatch(gap) \
                and not (a.gender and b.gender and a.gender != b.gender):
            record(i, j, "apposition")  # "The victim of last night's indecent exposure, a shop assistant at …"
            continue
        reduced = _REDUCED_CLAUSE_COPULA.match(gap) is not None  # "the man arrested on Tuesday … is the owner of"
        if a.kind == b.kind == "description" and a.detected_by.endswith(("/driver", "/rider", "/motorist", "/cyclist")) \
                and _VEHICLE_APPOSITION_GAP.match(gap) and not (a.gender and b.gender and a.gender != b.gender):
            record(i, j, "apposition")
            continue
        if a.kind == b.kind == "description" and not _COPULA_GAP.match(gap) and not reduced:
            continue
        if _APPOSITION_GAP.match(gap) or (len(gap) < 60 and _COPULA_GAP.match(gap)) or reduced:
            if b.names and a.names and _APPOSITION_GAP.match(gap) is None:
                continue  # two names joined by "was" are seldom one person
            if a.gender and b.gender and a.gender != b.gender:
                continue
            if text.startswith(("'s", "’s"), b.end):
                continue  # "One of the lads is Mick Tolley's son", "The boy, Merriweather's stepson": the son, not his parent
            if a.kind == "relation" and a.owner == "named" and j and b.names \
                    and b.text.split()[0] in mentions[j - 1].text.split():
                continue  # "Mick Tolley's son – Mick from the chippy": the second Mick is the father
            record(i, j, "apposition" if _APPOSITION_GAP.match(gap) else "copula")
    # Pass 2a: "A 49-year-old man, Mrs O'Hare's son, was arrested": the relative named in apposition
    # is the person before the owner's name, not the owner.
    for i in range(2, len(mentions)):
        b, owner, a = mentions[i], mentions[i - 1], mentions[i - 2]
        if b.kind == "relation" and b.owner == "named" and sentence_of[i] == sentence_of[i - 2] \
                and a.kind in ("description", "name") and _compatible(a, b.gender) \
                and _NAMED_RELATIVE_GAP.fullmatch(text, a.end, owner.start):
            record(i, i - 2, "apposition")
    # Pass 2e: "against a woman known to him, his estranged wife": the relative after the reduced clause is the woman.
    for i in range(2, len(mentions)):
        b, pronoun, a = mentions[i], mentions[i - 1], mentions[i - 2]
        if b.kind == "relation" and pronoun.kind == "pronoun" and a.kind == "description" and not a.plural \
                and sentence_of[i] == sentence_of[i - 2] and _compatible(a, b.gender) \
                and _KNOWN_TO.fullmatch(text, a.end, pronoun.start) and _APPOSITION_GAP.match(text[pronoun.end:b.start]):
            record(i, i - 2, "apposition")
    # Pass 2d: "The man – known right across the Headland as “Big Mick” – was arrested": the nickname is his.
    for i, m in enumerate(mentions):
        if m.kind != "nickname" or not i or not _KNOWN_AS_BEFORE.search(text, max(0, m.start - 60), m.start):
            continue
        k = i - 1
        kinds = ("description", "name", "pronoun") if _KNOW_THEM_AS_BEFORE.search(text, max(0, m.start - 20), m.start) \
            else ("description", "name")  # "will know him as ‘Ziggy’": the pronoun just before is the nickname's person
        if sentence_of[k] == sentence_of[i] and mentions[k].kind in kinds and not mentions[k].plural:
            record(i, k, "apposition")
    # Pass 2c: "nicked a 24yo on sus of the shed burglaries – jordan hebden from pickering": a name after a
    # dash names the person the clause before it introduced.
    for i, m in enumerate(mentions):
        if not m.names or text[max(0, m.start - 3):m.start].strip() not in ("–", "—", "-") \
                or not _DASH_BEFORE.search(text, max(0, m.start - 4), m.start):
            continue
        for k in range(i - 1, max(-1, i - 6), -1):
            other = mentions[k]
            if sentence_of[k] != sentence_of[i]:
                break
            if other.kind == "description" and not other.plural and _compatible(other, m.gender):
                if clusters.root(i) == i:
                    record(i, k, "apposition")
                break
    # Pass 2b: "He's a Year 9 pupil at …", "She was a nurse": a pronoun's copula with an indefinite
    # description says more about the pronoun's person, not about someone new.
    for i in range(1, len(mentions)):
        a, b = mentions[i - 1], mentions[i]
        # "He's the husband of Wendy Lambert": a relative "of" someone is a description too.
        if a.kind == "pronoun" and not a.oblique and not b.plural \
                and (b.kind == "description" or (b.kind == "relation" and b.owner == "of")) \
                and sentence_of[i] == sentence_of[i - 1] and _compatible(b, a.gender) \
                and (copula := _PRONOUN_COPULA.match(text, a.end)) and copula.end() == b.start \
                and text[b.end:b.end + 2] not in ("'s", "’s"):
            record(i, i - 1, "copula")
    quotes = _quote_spans(text)
    # Pass 3: naming. "She was Margaret Ellerby", "we believe him to be Jordan Sykes", "the man who died
    # … is being named as Jake Hollis": the name joins the person the clause is about.
    for i, m in enumerate(mentions):
        if m.kind not in ("name", "given", "surname") or not _NAMING_BEFORE.search(text, max(0, m.start - 60), m.start):
            continue
        if text.startswith(("'s", "’s"), m.end):
            continue  # "One of the lads is Mick Tolley's son": the son is named by his father, not as him
        j = _named_subject(case, clusters, i, sentence_of)
        if j is not None:
            record(i, j, "naming")
    # Pass 3a: "Please stop naming him in the comments. Yes, we know Reece is …": the first name the
    # post then gives alone is the person it asked the public not to name.
    for cue in _STOP_NAMING.finditer(text) if "naming" in text else ():
        pronoun = next((k for k, m in enumerate(mentions) if m.start == cue.start("pronoun")), None)
        if pronoun is None:
            continue
        for i in range(pronoun + 1, len(mentions)):
            m = mentions[i]
            if m.start - cue.end() > 240:
                break
            if m.names and " " not in m.text.strip() and clusters.root(i) == i:
                record(i, pronoun, "naming")
                break
    # Pass 3b: naming the other way round. "Mandy from the chippy has been named as the woman who
    # died": the description that follows is the named person.
    for j, m in enumerate(mentions):
        if m.kind != "description" or not _NAMED_AS_BEFORE.search(text, max(0, m.start - 40), m.start):
            continue
        for k in range(j - 1, max(-1, j - 8), -1):
            if sentence_of[k] != sentence_of[j]:
                break
            if mentions[k].kind in ("name", "given", "surname") and not mentions[k].oblique:
                if _compatible(m, case.mentions[k].gender):
                    record(j, k, "naming")
                break
    # Passes 4–5 need each cluster's gender and age as built so far, kept up to date as they go
    # (recomputing them per mention would cost the square of the mentions on a long post).
    facts: dict[int, dict] = {}
    for i, m in enumerate(mentions):
        if i:
            _add_facts(facts, clusters, case.mentions[i - 1], i - 1)
        if clusters.root(i) != i or m.kind not in ("description", "pronoun", "relation"):
            continue
        if m.kind == "description" and m.text[:4].casefold() != "the " and not m.text.casefold().startswith(("this ", "that ")):
            j = _quoted_recall(case, clusters, i, facts, quotes)
            if j is not None:
                record(i, j, "quoted description")
            continue  # "a man" introduces someone new, unless a quote is looking back at the case
        if m.kind == "description" and _ANOTHER.search(m.text):
            continue  # "the second man" is not the first
        if m.kind == "description" and (RESTRICTIVE.match(text, m.end) or KIN_OF_BEFORE.search(text, max(0, m.start - 20), m.start)):
            continue  # "the man who died" is told apart by its clause, not by being the last man named
        if m.kind == "relation":
            continue
        j = _antecedent(case, clusters, i, sentence_of, facts)
        if j is not None:
            before = clusters.root(j)
            record(i, j, "pronoun" if m.kind == "pronoun" else ("age" if m.age and not _noun(m) else "description"))
            after = clusters.root(j)
            if after != before and before in facts:  # the earlier cluster took a new root: carry its facts
                _merge(facts.setdefault(after, _blank()), facts.pop(before))
    case.owner = [clusters.root(i) for i in range(len(mentions))]


_PRONOUN_COPULA = regex.compile(
    r"(?:['’]s|\s+(?:is|was|has\s+been))\s+(?:(?:just|only|still|now)\s+)?(?=an?\s)"
    # "He is believed to be the occupant, Alan Crowther": who the pronoun's person is thought to be.
    r"|\s+(?:is|was|are|were)\s+(?:believed|thought|understood|confirmed)\s+to\s+(?:be|have\s+been)\s+(?=the\s)"
    # "He's the head keeper on the estate at Grewelthorpe": a definite description of the pronoun's person.
    r"|(?:['’]s|\s+(?:is|was))\s+(?=the\s)",
    regex.IGNORECASE)
_QUOTE = regex.compile(r"“[^”]{1,2000}”|\"[^\"\n]{1,2000}\"")
# Nouns a speaker uses for the person the post is about ("a young lad", "a woman walking home").
_GENERIC_NOUNS = frozenset({"man", "woman", "lad", "boy", "girl", "lady", "gentleman", "teenager", "teen", "youngster", "child",
                            "person", "pensioner", "mum", "dad"})


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)] if ("“" in text or '"' in text) else []


def _quoted_recall(case: Case, clusters: _Clusters, i: int, facts: dict, quotes) -> int | None:
    """"This was a really upsetting experience for a young lad": inside a quote, an indefinite
    description of the same kind as exactly one earlier civilian is that person, seen again by
    the speaker. Two candidates, or none, and it stays someone new."""
    m = case.mentions[i]
    if m.plural or m.detected_by.rsplit("/", 1)[-1] not in _GENERIC_NOUNS or _ANOTHER.search(m.text):
        return None
    if not any(lo < m.start < hi for lo, hi in quotes):
        return None
    found = None
    for k in range(i):
        if clusters.root(k) != k or case.mentions[k].plural or case.mentions[k].kind == "pronoun":
            continue
        f = facts.get(k)
        if f is None or f["officer"] or not f["gender"] or f["gender"] != m.gender:
            continue
        # The same child nouns that made the quoted description a child's (rules/people.toml).
        if m.child != bool(f["age"] is not None and f["age"] < 18 or f["nouns"] & vocabulary().child_nouns):
            continue
        if found is not None:
            return None
        found = k
    return found


_ADULT_NOUNS = frozenset({"man", "woman", "gentleman", "pensioner", "grandmother", "grandfather"})
_UNGENDERED_CHILD_NOUNS = frozenset({"child", "youngster", "teenager", "teen", "pupil", "juvenile", "youth"})
_SAME_NOUNS = (frozenset({"rider", "motorcyclist", "biker", "cyclist", "scooter rider"}), frozenset({"driver", "motorist"}),
               frozenset({"victim", "casualty", "injured"}), frozenset({"body", "deceased"}), frozenset({"teenager", "teen", "youth", "youngster"}))


def _kin(noun: str | None) -> set[str]:
    """A description noun and the nouns the same person is called by ("the rider" after "a motorcyclist")."""
    if noun is None:
        return set()
    for group in _SAME_NOUNS:
        if noun in group:
            return set(group)
    return {noun}


def _named_subject(case: Case, clusters: _Clusters, i: int, sentence_of: list[int]) -> int | None:
    """The mention a naming clause names: the nearest earlier mention in its sentence, else the
    last sentence's subject when this sentence has none ("… has died. She was …" has one)."""
    m = case.mentions[i]
    here = sentence_of[i]
    if _IT_BEFORE.search(case.text, max(0, m.start - 40), m.start):
        # "we believe this is Geoffrey Hallam": "this" is the body found, however many others the
        # sentence names first (the detective who is speaking).
        body = _body_before(case, i, sentence_of)
        if body is not None:
            return body
        if not _CLEFT_AFTER.match(case.text, m.end):
            # "Before the comments start: yes, it was Kieran Moss": the unnamed person the post is about.
            unnamed = _unnamed_before(case, clusters, i, sentence_of)
            if unnamed is not None:
                return unnamed
    for k in range(i - 1, -1, -1):
        other = case.mentions[k]
        if sentence_of[k] != here:
            # "It is believed to be that of X": the subject is the last sentence's ("A body…").
            opening = case.text[_sentence_start(case, sentence_of, i):m.start].lstrip()[:3].casefold()
            if sentence_of[k] == here - 1 and opening.startswith(("it ", "thi")) and not _CLEFT_AFTER.match(case.text, m.end):
                first = k
                while first and sentence_of[first - 1] == here - 1:
                    first -= 1
                return first if not case.mentions[first].names else None
            break
        if clusters.root(k) == clusters.root(i):
            continue
        if other.names and other.kind != "pronoun":
            return None  # "X was Y" between two names is not a naming
        if other.gender and m.gender and other.gender != m.gender:
            return None
        return k
    return None


_CLEFT_AFTER = regex.compile(r"\s*,?\s*(?:who|that|whom)\b", regex.IGNORECASE)


def _unnamed_before(case: Case, clusters: _Clusters, i: int, sentence_of: list[int]) -> int | None:
    """The nearest earlier singular civilian in the eight sentences before mention ``i`` whom no name
    has been given, when there is exactly one such person."""
    found, lowest = None, max(0, i - _LOOK_BACK)
    named = {clusters.root(j) for j in range(lowest, i) if case.mentions[j].names}
    for k in range(i - 1, lowest - 1, -1):
        if sentence_of[i] - sentence_of[k] > 8:  # a reply may come a few lines after, each its own sentence
            break
        other = case.mentions[k]
        if other.plural or other.oblique or other.title in OFFICER_TITLES or other.kind in ("relation", "pronoun"):
            continue  # a pronoun, not yet linked at this pass, stands for one of the others
        root = clusters.root(k)
        if root in named:
            continue
        if found is not None and clusters.root(found) != root:
            return None
        found = k if found is None else found
    return found


def _body_before(case: Case, i: int, sentence_of: list[int]) -> int | None:
    """The nearest "body" described in the six sentences before mention ``i``."""
    for j in range(i - 1, -1, -1):
        if sentence_of[i] - sentence_of[j] > 6:
            return None
        if case.mentions[j].detected_by == "description/body":
            return j
    return None


def _sentence_start(case: Case, sentence_of: list[int], i: int) -> int:
    here = sentence_of[i]
    j = i
    while j > 0 and sentence_of[j - 1] == here:
        j -= 1
    text = case.text
    start = case.mentions[j].start
    while start > 0 and text[start - 1] not in ".!?\n":
        start -= 1
    return start


# "charged with sexual activity with a child", "causing a child to watch": the child named by a charge's
# wording is whom it was against, not someone a later "he" or "she" goes on about.
_IN_CHARGE_WORDING = regex.compile(
    r"\b(?:activity|assault(?:ing)?|rape|abuse|communication|offences?|causing|inciting|cause|incite|meeting|grooming|images\s+of)"
    r"\s+(?:with|of|on|against|to)?\s*$", regex.IGNORECASE)
_STATUS_ADJECTIVE = regex.compile(r"\b(?:arrested|detained|charged|accused|wanted|suspected)\b", regex.IGNORECASE)


def _status_said_of(text: str, m: Mention, verb: str) -> bool:
    """Whether the words right around mention ``m`` say it was ``verb`` ("have arrested a 23-year-old
    man", "a woman was charged")."""
    before = text[max(0, m.start - 30):m.start].casefold()
    after = text[m.end:m.end + 40].casefold()
    return regex.search(rf"\b{verb}\s+$", before) is not None or \
        regex.match(rf"(?:,[^,]{{0,30}},)?\s+(?:was|were|has\s+been|have\s+been|had\s+been|is|been)\s+(?:\w+\s+)?{verb}\b", after) is not None


def _noun(m: Mention) -> bool:
    return not m.detected_by.endswith("/age")


def _blank() -> dict:
    return {"gender": None, "name_gender": None, "age": None, "officer": False, "nouns": set(), "names": False}


def _merge(into: dict, other: dict) -> None:
    into["gender"] = into["gender"] or other["gender"]
    into["name_gender"] = into["name_gender"] or other["name_gender"]
    into["age"] = into["age"] or other["age"]
    into["officer"] |= other["officer"]
    into["names"] |= other["names"]
    into["nouns"] |= other["nouns"]


def _add_facts(facts: dict, clusters: _Clusters, m: Mention, k: int) -> None:
    """Add one mention's gender, age, title and noun to its cluster's facts."""
    f = facts.setdefault(clusters.root(k), _blank())
    f["gender"] = f["gender"] or m.gender
    f["name_gender"] = f["name_gender"] or m.name_gender
    f["age"] = f["age"] or m.age
    f["officer"] |= m.title in OFFICER_TITLES or m.title in POLITICAL_TITLES
    f["names"] |= m.names
    if m.kind == "description":
        f["nouns"].add(m.detected_by.rsplit("/", 1)[-1])


_OF_WHAT = regex.compile(r"\s+of\s+(?:the|a|an|his|her|their)\s+(?P<what>[\p{L}-]+)")


def _of_what(text: str, m: Mention) -> str | None:
    """What a description is "of": "the driver of the Corsa" gives "corsa"; None without one."""
    found = _OF_WHAT.match(text, m.end, m.end + 40) if text.startswith(" of ", m.end) else None
    return found.group("what").casefold() if found else None


def _of_something_else(case: Case, clusters: _Clusters, i: int, k: int, mine: str) -> bool:
    """Whether the person of mention ``k`` was described, among the mentions before ``i`` that
    a description may look back at, as "of" something other than ``mine``."""
    root = clusters.root(k)
    for j in range(i - 1, max(-1, i - 1 - _LOOK_BACK), -1):
        if clusters.root(j) == root and case.mentions[j].kind == "description":
            theirs = _of_what(case.text, case.mentions[j])
            if theirs is not None and theirs != mine:
                return True
    return False


_WELLBEING = regex.compile(r"\b(?:doing\s+(?:well|ok|okay|better)|recovering|on\s+the\s+mend|back\s+(?:at|in)\s+school|kind\s+messages|get\s+well|(?:is|are)\s+(?:he|she|they)\s+(?:ok|okay|alright|all\s+right))\b",
                        regex.IGNORECASE)
_HURT_BEFORE = regex.compile(r"\b(?:assault|attack|robbery|stabbing|mugging)\s+(?:on|of)\s+$", regex.IGNORECASE)
_HURT_AFTER = regex.compile(r"\s+(?:was|has\s+been|were|is)\s+(?:assaulted|attacked|injured|hurt|punched|stabbed|robbed|mugged|knocked\s+(?:down|over))\b",
                            regex.IGNORECASE)


def _clause_of(case: Case, i: int) -> tuple[int, int]:
    """From just before mention ``i`` ("Is he ok?") to the end of its sentence ("… and doing well.")."""
    m = case.mentions[i]
    lo = max(case.text.rfind("\n", 0, m.start) + 1, m.start - 12)
    reach = min(len(case.text), m.end + _CLAUSE_REACH)  # a run-on "sentence" of 64 KB is not one clause
    end = _SENTENCE_END.search(case.text, m.end, reach)
    return lo, end.start() if end else reach


_SENTENCE_END = regex.compile(r"[.!?\n]")
_CLAUSE_REACH = 400
_SOURCE_BEFORE = regex.compile(r"\b(?:from|by)\s+$", regex.IGNORECASE)
_KNOWN_AS_BEFORE = regex.compile(r"\bknown\s+(?:[\p{L}’'-]+\s+){0,5}?as\s+[‘'\"“]$|\b(?:know|knows|knew)\s+(?:him|her)\s+as\s+[‘'\"“]$",
                              regex.IGNORECASE)
_KNOW_THEM_AS_BEFORE = regex.compile(r"\b(?:know|knows|knew)\s+(?:him|her)\s+as\s+[‘'\"“]$", regex.IGNORECASE)
_WHO_AFTER = regex.compile(r"\s*,?\s*who\s")


def _antecedent(case: Case, clusters: _Clusters, i: int, sentence_of: list[int], facts: dict) -> int | None:
    m = case.mentions[i]
    here = sentence_of[i]
    noun = m.detected_by.rsplit("/", 1)[-1] if m.kind == "description" else None
    candidates, unaged_names = [], []
    window = _CLUSTER_WINDOW if m.kind == "pronoun" else _DESCRIPTION_WINDOW
    for k in range(i - 1, max(-1, i - 1 - _LOOK_BACK), -1):
        if here - sentence_of[k] > window:
            break
        other = case.mentions[k]
        if other.kind == "pronoun" and m.kind == "description":
            continue
        if m.kind == "pronoun" and case.addressed(k):
            continue  # "Replying to Dawn H: thanks Dawn, she's ok": Dawn is spoken to, not spoken of
        if m.kind == "pronoun" and other.kind == "description" and other.text.casefold() in ("a child", "children") \
                and _IN_CHARGE_WORDING.search(case.text, max(0, other.start - 30), other.start):
            continue
        f = facts[clusters.root(k)]
        if f["gender"] and m.gender and f["gender"] != m.gender:
            continue
        if m.kind == "pronoun" and m.gender and not f["gender"] and f["name_gender"] not in (None, m.gender):
            continue  # "Huge credit to Chloe … He's been bailed": he is someone else
        if m.plural != other.plural and m.kind == "description" or (m.kind == "pronoun" and other.plural):
            continue  # "he" and "she" are one person, never "the neighbours"
        if m.kind == "description" and m.child and ((f["age"] or 0) >= 18 or (f["nouns"] & _ADULT_NOUNS and f["age"] is None)):
            continue  # "the boy" is not "a man" threatening him
        if m.kind == "description" and m.gender and not f["gender"] and noun not in f["nouns"] \
                and not (m.child and f["nouns"] & _UNGENDERED_CHILD_NOUNS):
            continue  # "the boy" joins a boy, a known male or an earlier "child", not any earlier name
        if m.kind == "description":
            if m.age is not None and f["age"] != m.age:
                if f["age"] is None and f["names"] and not f["officer"]:
                    # "our appeal to find Jordan Kell. The 29-year-old was arrested": a definite age is
                    # someone the post has named, when nobody of that age came before.
                    unaged_names.append((k, f))
                continue
            if (mine := _of_what(case.text, m)) is not None and _of_something_else(case, clusters, i, k, mine):
                continue  # "the driver of the Ranger" is not "the driver of the Corsa"
            if m.age is None and m.gender is None and not (_kin(noun) & f["nouns"]):
                continue  # "the driver" joins only an earlier driver (or motorist)
        candidates.append((k, f))
    if not candidates:
        if m.kind == "pronoun" and m.gender and not m.plural:
            # "… where she lives with her family", paragraphs after the girl: the only "she" the post has had.
            roots = {}
            for k in range(i - 1, -1, -1):
                f = facts[clusters.root(k)]
                if f["gender"] == m.gender and not f["officer"] and not case.mentions[k].plural:
                    roots.setdefault(clusters.root(k), k)
            if len(roots) == 1:
                return next(iter(roots.values()))
            # "A man has been charged … Martin Ashby-Crewe, 52, … against a woman known to him", a quote
            # later: the one man the post named (the opening "A man" is joined to him only once roles are read).
            named = [k for root, k in roots.items() if facts[root]["names"]]
            if len(named) == 1:
                return named[0]
        if not unaged_names:
            return None
        candidates = unaged_names[:1]
    civilians = [(k, f) for k, f in candidates if not f["officer"]] or candidates
    if m.kind == "pronoun" and m.gender and len(civilians) > 1 and not civilians[0][1]["gender"] \
            and case.mentions[civilians[0][0]].oblique:
        # "a girl was knocked over by an e-scooter rider outside her home": the agent after "by" says
        # nothing of gender, the girl does, so "her" is hers.
        said = [(k, f) for k, f in civilians[1:] if f["gender"] == m.gender and sentence_of[k] == sentence_of[civilians[0][0]]]
        if said:
            return said[0][0]
    if m.kind == "description" and (status := _STATUS_ADJECTIVE.search(m.text)):
        # "The arrested man remains in custody" is the man the post said was arrested, not the victim
        # named since.
        verb = status.group().casefold()
        said = [k for k, _ in civilians if _status_said_of(case.text, case.mentions[k], verb)]
        if said:
            return said[0]
    if len(civilians) > 1 and _WELLBEING.search(case.text, *_clause_of(case, i)):
        # "The lad is back at school and doing well" is the boy who was hurt, not the one arrested.
        hurt = [k for k, _ in civilians if _HURT_BEFORE.search(case.text, max(0, case.mentions[k].start - 24), case.mentions[k].start)
                or _HURT_AFTER.match(case.text, case.mentions[k].end)]
        if len(hurt) == 1:
            return hurt[0]
    if m.kind == "description" and noun and len(civilians) > 1 and noun not in civilians[0][1]["nouns"] \
            and (same := [k for k, f in civilians if noun in f["nouns"]]):
        return same[0]  # "The woman, who is in her seventies" is the woman named before, not the girl's mum
    if m.kind == "pronoun" and (i == 0 or sentence_of[i - 1] != here or case.mentions[i - 1].kind == "pronoun"):
        # A pronoun opening its sentence usually continues the last sentence's subject.
        # "Detectives investigating Mr Chaudhry’s murder have arrested a man. He …": a possessive is no subject.
        # "A huge thank you to the girl who saw it …": the one a relative clause is about is its subject.
        previous = [k for k, _ in civilians if sentence_of[k] == here - 1
                    and (not case.mentions[k].oblique or _WHO_AFTER.match(case.text, case.mentions[k].end))
                    and not case.text.startswith(("'s", "’s"), case.mentions[k].end)]
        if previous and not any(sentence_of[k] == here for k, _ in civilians):
            return min(previous)
        nearest = case.mentions[civilians[0][0]]
        if not previous and nearest.oblique and _SOURCE_BEFORE.search(case.text, max(0, nearest.start - 8), nearest.start):
            # "… follows a report from a colleague. He has been released on bail": the man the post is
            # about, not the one mentioned after "from".
            plain = [k for k, _ in civilians if not case.mentions[k].oblique]
            if plain:
                return plain[0]
    return civilians[0][0]
