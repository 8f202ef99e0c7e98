"""Stage 4: what identifies each person: name, nickname, town, home, school, workplace, a job at a
named business, a relationship to a named person, and an image that shows or names them.

A detail belongs to the person the words tie it to: a street to whoever "lives" there or whose
"home" it is, "his stepdaughter" to the named man, a photo to the person its alt text describes.
"""
from __future__ import annotations

import bisect
import functools

import regex

from ..recognizers import contact, names
from ..recognizers.base import any_case, may_hold, trie_alternation
from .case import IT_IS_BEFORE, WARRANT, Case, Detail, Person
from .forms import WordFinder, lower_cased
from .mentions import BUSINESS_NOUNS, ROLE_AT_PLACE
from .vocabulary import PeopleVocabulary

_HOME = regex.compile(
    r"['’]s\s+(?:place|(?:front\s+|back\s+)?door)\b|\b(?:lives?|living|lived|resides?|residing|resident\s+of|home|house|flats?|(?:front|back)\s+garden|doorstep|driveway|apartments?|maisonette|bungalow|address|bedsit|neighbour|moved\s+(?:in)?to|moved\s+onto|"
    r"moving\s+(?:in)?to|moving\s+onto)\b", regex.IGNORECASE)
_HOME_PLACE = regex.compile(
    r"\b(?:flat|house|home|bedsit|room|maisonette)\s+(?:above|below|next\s+to|opposite|behind|beside|over)\s+(?:the\s+|a\s+)?[\w'’ -]{2,40}?(?=[,.;!?\n]|\s+(?:on|in|at)\s|$)"
    r"|\blives?\s+(?:alone\s+|locally\s+|nearby\s+)?(?:on|at|off)\s+(?:the\s+)?(?:same\s+street|same\s+road|\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,3})",
    regex.V0)
_SCHOOL = regex.compile(
    r"(?:\b(?:attends?|attending|pupil\s+at|pupils\s+at|student\s+at|goes\s+to|studies\s+at|year\s+\d{1,2}\s+(?:pupil|student)\s+at|at|"
    r"(?:walking|walked|cycling|on\s+(?:his|her|their)\s+way)\s+(?:home\s+)?(?:to|from|out\s+of))\s+(?:the\s+)?)"
    r"(?P<school>(?-i:\p{Lu}[\p{L}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]+|of|and|&))*\s+(?:Academy|Primary(?:\s+School)?|High\s+School|Secondary\s+School|"
    r"School|College|Grammar(?:\s+School)?|Free\s+School|Infant\s+School|Junior\s+School|University|Nursery|High)))\b"
    r"(?!\s+(?-i:Hospitals?|NHS|Trust|Medical)\b)"
    r"|\b(?:attends?|attending|pupil\s+at|student\s+at|goes\s+to)\s+(?!(?:a|an|one)\s+(?:local\s+|nearby\s+)?(?:primary\s+|secondary\s+|high\s+)?(?:school|academy|college)\b)"
    r"(?:a\s+|the\s+)?(?:local\s+|nearby\s+)?(?:[\p{L}'’-]+\s+){0,3}?(?:school|academy|college)\b",
    regex.IGNORECASE | regex.V0)

_TOWN_AFTER = regex.compile(
    r"(?:\s*,\s*(?:aged\s+)?\d{1,2}\s*,?|\s*\(\d{1,2}\)\s*,?)?\s+(?:from|of)\s+(?P<town>(?-i:\p{Lu})[\p{L}'’-]+(?:[ -](?-i:\p{Lu})[\p{L}'’-]+){0,2})(?![\p{L}'’-])(?<!['’]s)",
    regex.IGNORECASE)


# A sentence that opens on a group named just before: "All of them …", "They are both …", "Both are …".
_GROUP_OPENING = regex.compile(r"\s*(?:(?:All|Both|Each|Several|Some|Most|Many)\s+of\s+them|They\s+(?:are|were)\s+(?:all|both)|"
                               r"They\s+(?:all|both)|(?:All|Both)\s+(?:are|were|work|worked|live|lived|attend|go)|Each\s+(?:is|was|works|lives|attends))\b")
ADDRESS_LIMIT = 50  # bound on hostile input: no post names fifty homes


def _street_words() -> frozenset[str]:
    return names.lexicon().street_words



class DetailReader:
    def __init__(self, vocab: PeopleVocabulary):
        self.record = vocab.record
        jobs = "|".join(regex.escape(j) for j in vocab.jobs)
        self.workplace = regex.compile(
            rf"\b(?:works?|working|worked|employed|job|shifts?(?:\s+(?:he|she|they)\s+(?:does|did|do|works?|worked|has|had))?|volunteers?|volunteering|plays?|played|playing|trains?|trained|training|"
            rf"behind\s+the\s+(?:bar|counter|till)|"
            # "a member of the under-16s team she coaches at Bedale Juniors FC"
            rf"members?\s+of\s+(?:the\s+|a\s+)?(?:[\p{{L}}\d-]+\s+){{0,3}}?(?:team|squad|club|side|choir|band|troop|group)(?:\s+(?:he|she|they|we)\s+(?:coach(?:es|ed)?|runs?|ran|manages?|managed|trains?|trained|leads?|led))?)\s+(?:alone\s+|there\s+|part-time\s+|full-time\s+|late\s+|nights\s+|shifts\s+|weekends\s+|evenings\s+|saturdays\s+|sundays\s+|(?:his|her|their|a)\s+(?:[\p{{L}}-]+\s+){{0,2}}shift\s+)?(?:as\s+an?\s+(?:[\p{{L}}-]+\s+){{1,2}})?(?:on\s+the\s+(?:tills?|checkouts?|counter|bar|door|desk|reception|shop\s+floor)\s+)?(?:at|for|in|with)\s+(?!(?:the\s+)?(?:time|moment|weekend|end|start|night|day)\b)(?P<place>(?:the\s+)?[\p{{L}}\d'’&-]+(?:\s+[\p{{L}}\d'’&-]+){{0,4}}?)(?=[,.;!?\n]|\s+(?:in|on|near|and|who|when|where|after|before|for|that|which|since|until)\b|$)"
            rf"|\b(?P<job>{jobs})\s+(?:of\s+(?:his|hers|theirs)\s+)?(?:at|of|for|outside)\s+(?!the\s+public\b)(?P<place2>(?:the\s+|a\s+)?(?:town['’]s\s+|city['’]s\s+|village['’]s\s+|local\s+|nearby\s+)?[\p{{L}}'’&-]+(?:\s+[\p{{L}}'’&-]+){{0,4}}?)(?=[,.;!?\n]|\s+(?:in|on|at|near|and|who|when|where|after|before|has|have|was|is|so|but|because|this|last|yesterday|today|tonight|earlier)\b|$)",
            regex.IGNORECASE)

        self.work_words = WordFinder(set(vocab.jobs) | {"work", "works", "working", "worked", "employed", "job", "shift", "shifts",
                                                        "volunteer", "volunteers", "volunteering", "member", "members", "play", "plays", "played",
                                                        "playing", "train", "trains", "trained", "training", "behind"})
        self.possessive_words = WordFinder(set(vocab.jobs) | {"treasurer", "secretary", "coach", "captain", "chair"})
        self.possessive_job = regex.compile(
            rf"\b(?:the|a|an)\s+(?:(?-i:\p{{Lu}}[\p{{L}}&'’-]*\s+){{0,4}})?(?:club|school|shop|pub|firm|company|charity|church|team|society|garage|salon|"
            rf"cafe|café|restaurant|hotel|farm|practice|surgery|council|academy|nursery|business|store|bar|gym|mosque|temple|chapel|"
            rf"centre|home|group|association|band|choir|league|trust)['’]s\s+(?:{jobs}|treasurer|secretary|coach|captain|chair)\b",
            regex.IGNORECASE)

    def read(self, case: Case, windows, attachment_texts, addresses=None) -> None:
        """``addresses``: what the address recognizer finds in the text at ``ADDRESS_LIMIT``, when
        the caller has it already."""
        text = case.text
        for i, m in enumerate(case.mentions):
            town = _TOWN_AFTER.match(text, m.end, m.end + 60)
            # "the family of Raymond Sturgess" is a person, not a town
            if town and town.group("town").split()[-1].casefold() not in _street_words() \
                    and not (i + 1 < len(case.mentions) and case.mentions[i + 1].start == town.start("town") and case.mentions[i + 1].names):
                # "Graham from Wicks Motors", "his dad from Sandhu's Newsagents": a business, not a town, says where he works
                kind = "business-role" if town.group("town").split()[-1].casefold() in names.lexicon().trade_words else "town"
                start, end = town.span("town")
                if school := _NAMED_SCHOOL.match(text, start):
                    kind, end = "school", school.end()  # "a Year 6 pupil from Neatherd Vale Junior School"
                case.person_of(i).details.append(Detail(kind, start, end, text[start:end]))
            if m.names and (shop := _FROM_THE_SHOP_AFTER.match(text, m.end)):
                # "its Dean from the vape shop on the corner": where he works
                case.person_of(i).details.append(Detail("workplace", shop.start("shop"), shop.end("shop"), shop.group("shop")))
            if flat := _FLAT_AFTER.match(text, m.end):
                # "the young woman in flat 4 who reported it": a flat or house number is her home
                case.person_of(i).details.append(Detail("home", flat.start("home"), flat.end("home"), flat.group("home")))
        for i, m in enumerate(case.mentions):
            person = case.person_of(i)
            if m.names:
                person.details.append(Detail("nickname" if m.kind == "nickname" else "name", m.start, m.end, m.text))
            elif m.detected_by == "description/role-at-place" or m.kind == "relation" and m.owner == "of":
                held = ROLE_AT_PLACE.match(text, m.start)  # "the head of science at Ryedale School" names its holder
                if held:
                    person.details.append(Detail("business-role", m.start, held.end(), held.group()))
        for i, m in enumerate(case.mentions):
            if m.kind != "relation":
                continue
            owner = self._owner(case, i, windows)
            if owner is not None and owner.gender is None and m.owner in ("m", "f"):
                owner.gender = m.owner  # "his mum": whoever she is the mother of is male
            if owner is not None:
                person = case.person_of(i)
                person.related_to.append((owner.index, m.text))
                if any(d.kind in ("name", "nickname") for d in owner.details):
                    person.details.append(Detail("relationship", m.start, m.end, m.text, about=owner.index))
                if business := next((d for d in person.details if d.kind == "business-role" and d.start is not None), None):
                    # "Lots of you know his dad from Sandhu's Newsagents": the father's business points to the boy.
                    owner.details.append(Detail("relationship", m.start, business.end, text[m.start:business.end], about=person.index))
                if any(d.kind in ("name", "nickname") for d in person.details):
                    # "The victim's brother, Liam Foster", "Her former partner … Ashley Dunmore was charged":
                    # naming him points to her.
                    owner.details.append(Detail("relationship", m.start, m.end, m.text, about=person.index))
        self._lodgers(case, windows)
        self._colleagues(case)
        self._family_business(case)
        if addresses is None:
            addresses = contact.find_addresses(text, ADDRESS_LIMIT) if contact.could_hold_address(text) else []
        self._working_there(case, windows)
        self._where_they_are(case, windows, addresses)
        self._record(case, windows)
        for person in case.people:
            for cue in person.cues:
                if cue.what == "act":
                    person.details.append(Detail("act", cue.start, cue.end, text[cue.start:cue.end]))
        self._places(case, windows, addresses)
        self._known_from(case, windows)
        self._relatives_place(case)
        self._trade_named_elsewhere(case)
        for index, alt in enumerate(attachment_texts):
            self._image(case, index, alt)
            self._tribute(case, index, alt)
            self._school_in_image(case, index, alt)
            self._relative_in_image(case, index, alt)

    def _owner(self, case: Case, i: int, windows) -> Person | None:
        m = case.mentions[i]
        if m.owner == "of":
            if i + 1 < len(case.mentions) and _OF_OWNER_GAP.fullmatch(case.text, m.end, case.mentions[i + 1].start):
                return case.person_of(i + 1)
            return None
        if m.owner == "named":  # "Mrs O'Hare's son", "the owner's nephew": the person just before
            possessor = case.possessor_of(i)
            return None if possessor is None else case.person_of(possessor)
        if m.owner == "victim":  # "the victim's brother": the victim's, whoever of them is the victim
            victims = [case.person_of(k) for k in range(i - 1, -1, -1)
                       if "victim" in case.person_of(k).roles() and case.person_of(k).index != case.owner[i]]
            return victims[0] if victims else None
        if m.owner == "child":  # "the children's father": the post's named child, else its child
            children = [case.person_of(k) for k in range(i - 1, -1, -1)
                        if case.person_of(k).child and case.person_of(k).index != case.owner[i]]
            named = [p for p in children if any(d.kind == "name" for d in p.details)]
            return (named or children or [None])[0]
        gender = None if m.owner == "p" else m.owner
        sentence = windows.sentence_index(m.start)
        candidates = []
        for k in range(i - 1, max(-1, i - 41), -1):
            other = case.mentions[k]
            if sentence - windows.sentence_index(other.start) > 2:
                break
            person = case.person_of(k)
            if person.index == case.owner[i] or person in candidates or case.addressed(k):
                continue
            if gender is None or person.gender in (None, gender):
                candidates.append(person)
        # "his stepdaughter" after a named defendant is his: a named, gendered civilian first.
        ranked = sorted(candidates, key=lambda p: (p.officer, not any(d.kind == "name" for d in p.details),
                                                   p.gender != gender, candidates.index(p)))
        if ranked or gender is None:
            return ranked[0] if ranked else None
        # "The charges relate to offences against his former partner", paragraphs after the charge:
        # the one named person of that gender in proceedings is the "his".
        # The people mentioned before it, from each person's first mention: walking every mention
        # before a late one made a long post's relatives cost the square of its mentions.
        accused = [p for p in case.people if p.mentions and p.mentions[0] < i and p.index != case.owner[i]
                   and p.gender == gender and not p.officer and p.status() in _ACCUSED
                   and any(d.kind == "name" for d in p.details)]
        return accused[0] if len(accused) == 1 else None

    def _lodgers(self, case: Case, windows) -> None:
        """"A woman who was renting a room from him": tied to a named person by where she lives or
        works, which identifies her as a relationship does."""
        for m in _LODGER.finditer(case.text):
            other = self._mentioned_at(case, m.start("other"))
            if other is None:
                continue
            person = self._nearest_person_before(case, m.start() + 1, windows)
            if person is other:
                # "The woman, who was in a relationship with Haverford and lived with him": the clause's subject
                person = self._sentence_subject(case, m.start(), windows, other)
            if person is None or person is other or not any(d.kind == "name" for d in other.details):
                continue
            person.related_to.append((other.index, m.group()))
            person.details.append(Detail("relationship", m.start(), m.end(), m.group(), about=other.index))

    @staticmethod
    def _sentence_subject(case: Case, at: int, windows, other: Person) -> Person | None:
        """The first person of the sentence at ``at`` who is not ``other``."""
        lo, _ = windows.sentence(at)
        for k in range(bisect.bisect_left(case.starts, lo), len(case.mentions)):
            if case.mentions[k].start >= at:
                return None
            if case.person_of(k) is not other:
                return case.person_of(k)
        return None

    @staticmethod
    def _named_just_before(case: Case, at: int, windows) -> int | None:
        """Where a name stands just before a street with "off" between, the name's start."""
        k = bisect.bisect_right(case.starts, at) - 1
        while k >= 0 and case.mentions[k].end > at:
            k -= 1
        if k < 0 or not case.mentions[k].names or at - case.mentions[k].end > 24:
            return None
        if _OFF_STREET_GAP.fullmatch(case.text, case.mentions[k].end, at):
            return case.mentions[k].start
        # "The driver of the other car, Parveen Akhtar of Harborough Close": the charge form's "of" is kept
        # for the accused (judgement 15); said of anyone else it gives their home.
        person = case.person_of(k)
        if _OF_STREET_GAP.fullmatch(case.text, case.mentions[k].end, at) and not person.officer \
                and not (person.roles() | {person.status()}) & _ACCUSED \
                and not _PROCEEDINGS_WORDS.search(case.text, *windows.sentence(case.mentions[k].start)):
            return case.mentions[k].start  # and not a defendant in a list whose status the model missed
        return None

    def _record(self, case: Case, windows) -> None:
        """"The court heard that Coverdale was on licence at the time": past offending is the record of
        the person the clause is about, the one named last before it in the sentence."""
        for hit in self.record.finditer(case.text):
            person = self._nearest_person_before(case, hit.start(), windows)
            if person is not None:
                person.details.append(Detail("record", hit.start(), hit.end(), case.text[hit.start():hit.end()]))

    def _where_they_are(self, case: Case, windows, addresses) -> None:
        """"Wentmoor High School, where the lad is in Year 9"; "Larkspur Rise … the street where she lives":
        the place is the school or home of the one the clause is about."""
        for m in _YEAR_AT_SCHOOL.finditer(case.text) if may_hold(case.text, lower_cased(case.text), ("year",)) else ():
            person = self._nearest_person_before(case, m.start() + 1, windows)
            if person is not None:
                person.details.append(Detail("school", m.start("school"), m.end("school"), m.group("school")))
        for m in _YEAR_THERE.finditer(case.text) if may_hold(case.text, lower_cased(case.text), ("year",)) else ():
            # "… outside Ormesby Park Academy. He's in Year 9 there": the school named last is his.
            schools = list(_NAMED_SCHOOL.finditer(case.text, max(0, m.start() - 300), m.start()))
            school = schools[-1] if schools else None
            person = self._nearest_person_before(case, m.start() + 1, windows)
            if school is not None and person is not None:
                person.details.append(Detail("school", school.start(), school.end(), school.group()))
        if "where" not in case.text:
            return
        for m in _WHERE_HOLDS_POST.finditer(case.text):
            if (person := self._mentioned_at(case, m.start("who"))) is not None:
                person.details.append(Detail("business-role", m.start("place"), m.end(), m.group()))
        for m in _SCHOOL_WHERE.finditer(case.text):
            if (person := self._mentioned_at(case, m.start("who"))) is not None:
                person.details.append(Detail("school", m.start("school"), m.end("school"), m.group("school")))
        for m in _STREET_WHERE.finditer(case.text):
            person = self._mentioned_at(case, m.start("who"))
            if person is None:
                continue
            lo, _ = windows.sentence(m.start())
            earlier = [a for a in addresses if lo <= a.start and a.end <= m.start()]
            if earlier:
                person.details.append(Detail("home", earlier[-1].start, earlier[-1].end, case.text[earlier[-1].start:earlier[-1].end]))

    @staticmethod
    def _mentioned_at(case: Case, at: int):
        k = bisect.bisect_left(case.starts, at)
        return case.person_of(k) if k < len(case.mentions) and case.mentions[k].start == at else None

    def _working_there(self, case: Case, windows) -> None:
        """"… through the window of the Costcutter on Marrick Road to a woman who was working on the till at
        the time": the named place the sentence gave is where she works."""
        lowered = lower_cased(case.text)
        if not (may_hold(case.text, lowered, ("who",)) and may_hold(case.text, lowered, ("working", "serving", "shift"))):
            return  # its leading spaces have the pattern tried at every character: most posts lack its words
        for m in _WORKING_THERE.finditer(case.text):
            lo, _ = windows.sentence(m.start())
            place = None
            for place in _NAMED_BUSINESS_EARLIER.finditer(case.text, lo, m.start()):
                pass
            k = bisect.bisect_right(case.starts, m.start()) - 1
            if place is None or k < 0 or case.mentions[k].end > m.start() or m.start() - case.mentions[k].end > 3:
                continue
            case.person_of(k).details.append(Detail("workplace", place.start("place"), place.end("place"), place.group("place")))

    @staticmethod
    def _family_business(case: Case) -> None:
        """"Brennand Tyre & Exhaust, which is run by the boy's father": a named business run by a
        relative points to the boy as the relative's name would."""
        if " by the " not in case.text or not may_hold(case.text, lower_cased(case.text), ("run", "owned", "managed")):
            return
        for m in _RUN_BY_RELATIVE.finditer(case.text):
            noun = m.group("who").casefold()
            k = bisect.bisect_left(case.starts, m.start()) - 1
            while k >= 0 and not (case.mentions[k].kind == "description" and noun in case.mentions[k].text.casefold().split()):
                k -= 1
            if k >= 0:
                case.person_of(k).details.append(Detail("relationship", m.start(), m.end(), m.group()))

    def _known_from(self, case: Case, windows) -> None:
        """"Her dad, who lots of you will know from Bhatti’s Convenience Store": where the public knows
        someone from is where they work."""
        if "know" not in case.text:
            return
        for m in _KNOWN_FROM.finditer(case.text):
            person = self._nearest_person_before(case, m.start() + 1, windows)
            if person is not None:
                person.details.append(Detail("workplace", m.start("place"), m.end("place"), m.group("place")))

    @staticmethod
    def _trade_named_elsewhere(case: Case) -> None:
        """"a hidden camera in the staff toilet at patel's pharmacy … the victim, the young pharmacy
        assistant": a job of one trade, where the post names one business of that trade, says where
        the person works."""
        text = case.text
        for person in case.people:
            if any(d.kind in ("workplace", "business-role") for d in person.details):
                continue
            for i in person.mentions:
                m = case.mentions[i]
                job = _TRADE_JOB.search(m.text) if m.kind == "description" else None
                if job is None:
                    continue
                place = _one_named_business(text, job.group("trade").casefold(), m.start, m.end)
                if place is not None:
                    person.details.append(Detail("workplace", *place, text[place[0]:place[1]]))
                    break

    @staticmethod
    def _relatives_place(case: Case) -> None:
        """A relative's named workplace points to the person they are the relative of: "a 12-year-old
        girl … Her dad, who you will know from Bhatti’s Convenience Store"."""
        for person in case.people:
            places = [d for d in person.details if d.kind in ("workplace", "business-role") and d.start is not None
                      and regex.search(r"(?<![\w'’])\p{Lu}", d.text.removeprefix("the ").removeprefix("The "))]
            if not places or not person.related_to:
                continue
            owner = case.people[person.related_to[0][0]]
            place = places[0]
            if owner is not person and not any(d.kind == "relationship" and d.start is not None and d.start < place.end
                                                 and place.start < d.end for d in owner.details):
                owner.details.append(Detail("relationship", place.start, place.end, place.text, about=person.index))

    @staticmethod
    def _colleagues(case: Case) -> None:
        """"Her colleagues at the Wish Tower Court Hotel looked after her": the place is where she works."""
        lowered = case.text.casefold()
        if "colleague" not in lowered and "workmate" not in lowered and "co-worker" not in lowered:
            return
        for i, m in enumerate(case.mentions):
            if m.kind != "relation" or m.owner not in ("m", "f", "p"):
                continue
            place = _COLLEAGUES_AT.match(case.text, m.start)
            person = case.person_of(i)
            if place is None or not person.related_to:
                continue
            owner = case.people[person.related_to[0][0]]
            owner.details.append(Detail("workplace", place.start("place"), place.end("place"), place.group("place")))

    @staticmethod
    def _owner_after(case: Case, at: int):
        """The start of the person mention right after "home of" (the home's owner), or False."""
        text = case.text
        of = regex.match(r"\s+of\s+(?:the\s+)?(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+and\s+)?(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?", text[at:at + 30])
        if not of:
            return False
        k = bisect.bisect_left(case.starts, at + of.end())
        if k < len(case.mentions) and case.mentions[k].start == at + of.end():
            return case.mentions[k].start
        return False

    def _nearest_person_before(self, case: Case, at: int, windows) -> Person | None:
        sentence = windows.sentence_index(at)
        last = bisect.bisect_left(case.starts, at) - 1
        for k in range(last, max(-1, last - 40), -1):
            m = case.mentions[k]
            if m.start >= at:
                continue
            if windows.sentence_index(m.start) != sentence:
                break
            return case.person_of(k)
        return self._group_opening(case, at, windows)

    @staticmethod
    def _group_opening(case: Case, at: int, windows) -> Person | None:
        """"… the eight women identified from the recordings. All of them work at the gym": a sentence
        that opens on the group, with no one else in it, is about the group the last sentence ended on."""
        lo, _ = windows.sentence(at)
        sentence = windows.sentence_index(at)
        if not sentence or not _GROUP_OPENING.match(case.text, lo):
            return None
        for k in range(bisect.bisect_left(case.starts, lo) - 1, -1, -1):
            m = case.mentions[k]
            if windows.sentence_index(m.start) != sentence - 1:
                return None
            if m.plural:
                return case.person_of(k)
        return None

    @staticmethod
    def _pronoun_after(case: Case, at: int, windows) -> Person | None:
        sentence = windows.sentence_index(at)
        for k in range(bisect.bisect_left(case.starts, at), len(case.mentions)):
            m = case.mentions[k]
            if windows.sentence_index(m.start) != sentence:
                return None
            if m.kind == "pronoun" and m.text.casefold() in ("his", "her"):
                return case.person_of(k)
        return None

    def _places(self, case: Case, windows, addresses) -> None:
        text = case.text
        spans = []
        for address in addresses:
            lo, hi = windows.sentence(address.start)
            # "a house on Cold Bath Road was broken into", "arrested at an address on Washbrook Road": an
            # unowned house is somebody's, not the home of whoever the sentence named (judgement 15)
            home_words = [w for w in _HOME.finditer(text, max(lo, address.start - 60), address.start)
                          if (not _UNOWNED_BEFORE.search(text, max(0, w.start() - 8), w.start())
                              or w.group().lower() in _LIVING)
                          and not (w.group().lower() == "home" and _JOURNEY_BEFORE.search(text, max(0, w.start() - 24), w.start()))]
            owner_after = self._owner_after(case, home_words[-1].end()) if home_words else False
            # A clause after the street names whose it is, before any word in front of it does:
            # "a house on Tindall Street, where the victim had been staying".
            if where := _WHERE_LIVES.match(text, address.end):
                spans.append(("home", address.start, address.end, where.start("who")))
            elif where := _WHERE_WORKS.match(text, address.end):
                # "the changing room at Pulse Gym on Market Street, where she works": the place is her workplace.
                place = _PLACE_BEFORE_STREET.search(text, max(lo, address.start - 60), address.start)
                spans.append(("workplace", place.start() if place else address.start, address.end, where.start("who")))
            elif owner_after is not False:
                spans.append(("home", address.start, address.end, owner_after))  # "the home of Mr and Mrs Hussain on …"
            elif home_words:
                # The home is the person's who "lives" there or whose "home" it is, not whoever is named last.
                spans.append(("home", address.start, address.end, _lives_anchor(home_words)))
                # "the flat he shared with a woman on Elizabeth Street" is her home too.
                if shared := _SHARED_WITH.search(text, home_words[-1].end(), address.start):
                    k = bisect.bisect_left(case.starts, shared.end())
                    if k < len(case.mentions) and case.mentions[k].start == shared.end():
                        spans.append(("home", address.start, address.end, shared.end()))
            elif (named := self._named_just_before(case, address.start, windows)) is not None:
                spans.append(("home", address.start, address.end, named))
            elif address.pattern == "house-number":
                spans.append(("home", address.start, address.end, address.start))
        lowered = lower_cased(text)
        for m in _anchored(_PLACE_OF_WORK_WORDS, _PLACE_OF_WORK, text, lowered):
            # "arrested at his place of work, the hand car wash beside the Jet garage": the place named is his.
            spans.append(("workplace", m.start("place"), m.end("place"), m.start()))
        for kind, clause in (("workplace", _WHERE_WHO_WORKS), ("school", _WHERE_WHO_STUDIES)):
            for m in _anchored(_WHERE_WORD, clause, text, lowered):
                # "a woman at the Fox & Hounds in Settle, where she works behind the bar": a named place with no street.
                place = _NAMED_PLACE_BEFORE.search(text, max(0, m.start() - 80), m.start())
                # A place the street loop above already made a workplace is not taken twice; one the address
                # recognizer merely read as a street ("Ratton Park Academy") still is.
                if not place or any(k == kind and start <= place.end("place") and place.start("place") <= end
                                    for k, start, end, _ in spans):
                    continue
                # "where he and the woman both worked": the place is each one's.
                who = [k.start for k in case.mentions if m.start("who") <= k.start < m.end("who")] or [m.start("who")]
                spans.extend((kind, place.start("place"), place.end("place"), anchor) for anchor in who)
        for i, mention in enumerate(case.mentions):
            # "a warrant at number 14 … yes, it's Lee Pryce's flat": the address told before is his home
            if mention.names and _NAMED_HOME_AFTER.match(text, mention.end) and IT_IS_BEFORE.search(text, max(0, mention.start - 12), mention.start):
                earlier = [a for a in addresses if a.end <= mention.start]
                if earlier:
                    spans.append(("home", earlier[-1].start, earlier[-1].end, mention.start))
            # "a warrant going in at Lee Hartley's on Fenwick Street": the place left unsaid is his home.
            if mention.names and text.startswith(("'s", "’s"), mention.end) and (
                    later := next((a for a in addresses if 0 <= a.start - mention.end <= 8), None)) \
                    and WARRANT.search(text, *windows.sentence(mention.start)):
                spans.append(("home", later.start, later.end, mention.start))
        for m in _anchored(_HOME_WORDS, _LIVES_THERE, text, lowered):
            # "a warrant at a property on Beech Grove … Shane Ormerod, who lives at the address": that street is his home.
            earlier = [a for a in addresses if a.end <= m.start() and m.start() - a.end < _LIVES_THERE_REACH]
            if earlier:
                spans.append(("home", earlier[-1].start, earlier[-1].end, m.start()))
        for m in _anchored(_HOME_WORDS, _HOME_PLACE, text, lowered):
            lo, _ = windows.sentence(m.start())
            living = list(_HOME.finditer(text, max(lo, m.start() - 80), m.start()))
            spans.append(("home", m.start(), m.end(), _lives_anchor(living) if living else m.start()))
        for m in _ending_at(_SCHOOL_WORDS, _SCHOOL, text, lowered):
            if m.group().endswith("High") and _STREET_AFTER_HIGH.match(text, m.end()):
                continue  # "Kesgrave Fields High" is a school, "Eston High Street" a street
            start = m.start("school") if m.group("school") else m.start()
            end = m.end("school") if m.group("school") else m.end()
            if whole := _SCHOOL_AFTER.match(text, end):
                end = whole.end()  # "Ripon Grammar" is found at its first school word; the name goes on
            spans.append(("school", start, end, start))
        for m in _ending_at(self.possessive_words, self.possessive_job, text, lowered):
            # "The pub's landlord has been arrested": the holder is the job's own mention when it has one.
            spans.append(("business-role", m.start(), m.end(), m.end() - 1))
        runs_named = set()
        for m in _anchored(_RUNS_WORDS, _RUNS_BUSINESS, text, lowered):
            spans.append(("business-role", m.start(), m.end(), m.start()))  # "the man who runs the vape shop on Orchard Parade"
            runs_named.add(m.start())
        for m in _anchored(_RUNS_WORDS, _RUNS_THE_TRADE, text, lowered):
            # "a search at the Drovers' Rest pub … The man, who runs the pub": the one pub the post names is his.
            if m.start() not in runs_named and _one_named_business(text, m.group("trade").casefold(), m.start(), m.end()):
                spans.append(("business-role", m.start(), m.end(), m.start()))
        for m in _anchored(_WHO_WORDS, _ROLE_HELD_AT_PLACE, text, lowered):
            spans.append(("business-role", m.start("role"), m.end(), m.start()))
        for m in _anchored(_WHOSE_WORDS, _WHOSE_RELATIVE_BUSINESS, text, lowered):
            if m.group("business").split()[-1].casefold() in names.lexicon().trade_words or _POSSESSIVE_WORD.search(m.group("business")):
                spans.append(("business-role", m.start(), m.end(), m.start()))  # "the lad whose dad has Kirkbride Tyres"
        for m in _anchored(self.work_words, self.workplace, text, lowered):
            if m.group("job") and _SOMEONE_ELSES_JOB.search(text, max(0, m.start() - 24), m.start()) \
                    and not _inside_a_mention(case, m.start()):
                continue  # "exposed himself to the crossing patrol outside St Anne's": the patrol is someone else
            place = m.group("place") or m.group("place2")
            named = place and regex.search(r"(?<![\w'’])\p{Lu}", place.removeprefix("the ").removeprefix("The "))
            kind = "business-role" if m.group("job") and named else "workplace"
            spans.append((kind, m.start(), m.end(), m.start()))
        for kind, start, end, anchor in spans:
            person = self._nearest_person_before(case, anchor + 1, windows)
            if person is None and kind == "school":
                # "We thank the safeguarding team at Manor Vale Academy for handling her disclosure": the
                # school is the pupil's the sentence goes on to name.
                person = self._pronoun_after(case, end, windows)
            if person is None:
                continue
            if any(d.kind == kind and d.start is not None and d.start < end and start < d.end for d in person.details):
                continue  # "the owner of Dobson's on Station Road" holds "owner of Dobson's": one detail
            person.details.append(Detail(kind, start, end, text[start:end]))

    @staticmethod
    def _tribute(case: Case, index: int, alt: str) -> None:
        """A card, a wreath or a "RIP" in an image that reads out a name names the dead person of the
        post, whoever of them it is: flowers are left for the dead."""
        if not _TRIBUTE.search(alt) and not _DIED_IN_ALT.search(alt):
            return
        named = [e for e in names.find_people(alt, limit=5) if " " in alt[e.start:e.end].strip()]
        dead = [p for p in case.people if "died" in p.roles() and not p.officer]
        if not named or not dead:
            return
        gender = "f" if _TRIBUTE_FEMALE.search(alt) else "m" if _TRIBUTE_MALE.search(alt) else None
        person = next((p for p in dead if gender and p.gender == gender), dead[0])
        person.details.append(Detail("name", None, None, alt, attachment=index))

    @staticmethod
    def _relative_in_image(case: Case, index: int, alt: str) -> None:
        """"Family photo of Oliver with his sister Maisie, 12": the photo names and shows the sister the
        post speaks of ("Oliver's older sister … was also injured"), and gives her age."""
        if not regex.search(r"\b(?:photo|photograph|picture|image|selfie|portrait)\b", alt, regex.IGNORECASE):
            return
        for shown in _RELATIVE_IN_ALT.finditer(alt):
            noun = shown.group("relation").casefold()
            for person in case.people:
                if not any(case.mentions[k].kind == "relation" and case.mentions[k].text.casefold().split()[-1] == noun
                           for k in person.mentions):
                    continue
                person.details.append(Detail("image", None, None, alt, attachment=index))
                if shown.group("age"):
                    person.age = int(shown.group("age"))
                    person.child |= person.age < 18

    @staticmethod
    def _school_in_image(case: Case, index: int, alt: str) -> None:
        """A letter on a school's headed paper, a blazer's badge: a school an image names is the school
        of the post's child in proceedings (or, without one, of its sexual-offence complainant)."""
        if not _NAMED_SCHOOL.search(alt):
            return
        living = [p for p in case.people if not p.officer and "died" not in p.roles()]
        children = [p for p in living if p.child and (p.roles() | {p.status()}) & _IN_PROCEEDINGS]
        for person in children or [p for p in living if "sexual-victim" in p.roles()]:
            person.details.append(Detail("school", None, None, alt, attachment=index))

    def _image(self, case: Case, index: int, alt: str) -> None:
        folded = alt.casefold()
        if _PHOTO_OF_A_THING.search(folded):
            return  # "Photo of the letter sent home to parents": a document, not a person
        if regex.search(r"\b(?:blurred|pixelated|pixellated|obscured|no\s+faces?|not\s+identifiable|cannot\s+be\s+(?:identified|recognised)|"
                        r"from\s+behind|back\s+to\s+the\s+camera|nobody|no\s+one|no\s+people|silhouette)\b", folded):
            return
        # "Jakub Wiśniewski, 13, holding his recovered bike": a named, aged person is who the picture shows.
        aged = [e for e in names.find_people(alt, limit=5) if e.attrs.get("age") is not None] if "," in alt or "(" in alt else []
        if not aged and not _OFFENCE_AGAINST_IN_ALT.search(folded) and not regex.search(
                r"\b(?:face|faces|photo|photograph|picture|footage|selfie|portrait|showing|shows|still\s+of|video\s+of|"
                r"being\s+(?:led|taken|put|detained|arrested)|in\s+handcuffs|handcuffed|standing\s+(?:with|beside|next\s+to)|pictured|posing)\b", folded):
            return
        # CCTV and custody stills have categories of their own; "footage" keeps them apart from photos.
        kind = "footage" if regex.search(r"\b(?:cctv|doorbell|dashcam|dash-cam|body-?worn|custody|mugshot|booking|trail\s+camera)\b", folded) else "image"
        wants = set()
        named_in_alt = {p.index for p in case.people for d in p.details
                        if d.kind == "name" and len(d.text) > 3 and d.text.casefold() in folded}
        # "Amira Haddad, the woman Threlfall assaulted": the alt says whom the offence was against.
        if regex.search(r"\b(?:victim|complainant)\b", folded) or _OFFENCE_AGAINST_IN_ALT.search(folded):
            wants.add("victim")
        if regex.search(r"\b(?:arrest\w*|detained|handcuff\w*|being\s+(?:led|put|taken)|suspect)\b", folded) \
                and (_PERSON_IN_ALT.search(folded) or names.find_people(alt, limit=2)):
            wants.add("arrested")  # "a man in handcuffs", not "a stock photo of handcuffs on a table"
        if regex.search(r"\b(?:boy|girl|child|children|teen\w*|schoolboy|schoolgirl|pupil|(?:1[0-7]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)[\s-]+years?[\s-]+old|aged\s+(?:1[0-7]|[1-9]))\b", folded):
            wants.add("child")
        if any(e.attrs["age"] < 18 for e in aged):
            wants.add("child")
        woman = regex.search(r"\b(?:woman|women|girl|lady|her)\b", folded)
        man = regex.search(r"\b(?:man|men|boy|him)\b", folded)
        ages_in_alt = {e.attrs["age"] for e in aged} & {p.age for p in case.people}
        for person in case.people:
            roles = person.roles() | {person.status()}
            if ages_in_alt and person.index not in named_in_alt:
                # The alt text gives its subject's age: the picture shows the person of that age, no one else.
                if person.age in ages_in_alt and not person.officer:
                    person.details.append(Detail(kind, None, None, alt, attachment=index))
                continue
            hit = person.index in named_in_alt or ("victim" in wants and "victim" in roles) or ("arrested" in wants and roles & {"arrested", "suspected"}) \
                or ("child" in wants and person.child and roles & {"victim", "arrested", "suspected", "wanted", "charged", "witness"})
            # An alt text that names its subject shows that person; "her family" in it is no one else's photo.
            if not hit and not wants and not named_in_alt and roles & {"victim", "arrested", "charged", "suspected"}:
                hit = (woman and person.gender == "f") or (man and person.gender == "m")
            if hit:
                person.details.append(Detail(kind, None, None, alt, attachment=index))


_OFFENCE_AGAINST_IN_ALT = regex.compile(
    r"\bthe\s+(?:woman|man|girl|boy|lady|person|teenager)\s+(?:who\s+(?:was|had\s+been)\s+|(?:he|she|they|[\p{L}'’-]+)\s+(?:had\s+)?)"
    r"(?:assaulted|attacked|raped|abused|robbed|stabbed|targeted|groomed|filmed|stalked)\b")
_ACCUSED = frozenset({"arrested", "suspected", "wanted", "charged", "pleaded", "convicted", "sentenced"})
_IN_PROCEEDINGS = frozenset({"victim", "sexual-victim", "witness", "arrested", "suspected", "wanted", "charged"})
_NAMED_SCHOOL = regex.compile(r"\b\p{Lu}[\p{L}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]+|of|and|&))*\s+(?:Academy|Primary|High|School|College|Grammar)(?:\s+School)?\b")
_PHOTO_OF_A_THING = regex.compile(r"(?:^|\|\s*)(?:a\s+)?(?:photo|photograph|picture|image|scan|screenshot)\s+of\s+(?:the|a|an)\s+(?:\w+\s+)?"
                                  r"(?:letter|document|poster|notice|sign|leaflet|form|page|certificate|email|message|note|newsletter)\b")
_RELATIVE_IN_ALT = regex.compile(
    r"\b(?i:his|her|their)\s+(?i:(?:older|younger|little|big|baby|twin|elder)\s+)?(?P<relation>(?i:sister|brother|son|daughter|"
    r"niece|nephew|cousin|granddaughter|grandson|stepdaughter|stepson|step-daughter|step-son|half-sister|half-brother))\s+"
    r"\p{Lu}\p{Ll}+(?:,\s*(?:aged\s+)?(?P<age>\d{1,2})\b)?")
_PERSON_IN_ALT = regex.compile(r"\b(?:man|men|woman|women|person|people|boy|girl|lad|teen\w*|youth|him|her|he|she|they|them|suspect|"
                            r"face|faces|someone|somebody|driver|figure|male|female)\b")
_PLACE_BEFORE_STREET = regex.compile(r"\b(?:at|in)\s+(?:the\s+)?(?-i:\p{Lu})[\p{L}'’&-]+(?:\s+(?-i:\p{Lu})[\p{L}'’&-]+)*\s+(?:on|in)\s+$")
_LIVING = ("live", "lives", "living", "lived", "reside", "resides", "residing")


def _lives_anchor(home_words) -> int:
    """Where to look back from for a home's owner: the verb of "who lives with her children in a
    flat above the Spar" (the one who lives there), else the last home word before the place."""
    verbs = [w for w in home_words if w.group().lower() in _LIVING]
    return (verbs or home_words)[-1].start()


# "the sister of Daniel Price", "the younger brother of Redcar Athletic striker Kai …"
_OF_OWNER_GAP = regex.compile(r"\s+of\s+(?:(?:\p{Lu}[\p{L}'’-]*\s+){1,3}[\p{Ll}-]+\s+|the\s+[\p{L}-]+['’]s\s+)?")  # "of the pub’s landlord"
# "the bungalow where Lenny Mowbray, 58, is believed to have died": an alt text that names who died.
_DIED_IN_ALT = regex.compile(r"\b(?:died|killed|lost\s+(?:his|her|their)\s+life|was\s+found\s+dead|body)\b", regex.IGNORECASE)
_KNOWN_FROM = regex.compile(r"\b(?:will|would|may|might|all|you['’]ll|you)\s+know\s+(?:him\s+|her\s+|them\s+)?from\s+"
                         r"(?P<place>(?:the\s+)?(?-i:\p{Lu})[\p{L}'’&-]*(?:\s+(?:&\s+)?(?-i:\p{Lu})[\p{L}'’&-]*){0,4})", regex.IGNORECASE)
_PROCEEDINGS_WORDS = regex.compile(r"\b(?:charged|arrested|summonsed|requisitioned|remanded|bail|bailed|jailed|sentenced|convicted|"
                                r"pleaded|admitted|appeared|appear|court|wanted|suspicion|custody|defendants?|accused)\b", regex.IGNORECASE)

# "Nathan Greaves off Marlowe Crescent": said this way, the street is where he lives. The charge form's
# "Name, 29, of Parkstone Rise" is not read so (judgement 15) unless the person is no one accused.
_OF_STREET_GAP = regex.compile(r"(?:\s*,\s*(?:aged\s+)?\d{1,2}\s*,?)?\s+of\s+(?:\d{1,4}[a-z]?\s+)?", regex.IGNORECASE)
_OFF_STREET_GAP = regex.compile(r"(?:\s*,\s*(?:aged\s+)?\d{1,2}\s*,?)?\s+off\s+(?:\d{1,4}[a-z]?\s+)?(?:the\s+)?", regex.IGNORECASE)
_FROM_THE_SHOP_AFTER = regex.compile(
    r"\s+(?:from|at|off|who\s+works\s+at)\s+(?P<shop>the\s+(?:[\p{L}-]+\s+){0,2}?(?:" + BUSINESS_NOUNS + r")\b"
    r"(?:\s+(?:on|in|at|by|near|opposite|next\s+to)\s+(?:the\s+)?[\p{L}'’-]+(?:\s+(?!(?:and|but|who|which|is|was)\b)[\p{L}'’-]+){0,2})?)",
    regex.IGNORECASE)
_FLAT_AFTER = regex.compile(r"\s+(?:in|at|from)\s+(?P<home>(?:flat|apartment|number|no\.?)\s*\d{1,4}[a-z]?)\b", regex.IGNORECASE)
_UNOWNED_BEFORE = regex.compile(r"\b(?:an?|one|another)\s+$", regex.IGNORECASE)
# "walking home along Yaxham Rd": the road is on the way home, not where home is.
_JOURNEY_BEFORE = regex.compile(r"\b(?:walk(?:s|ed|ing)?|cycl(?:es|ed|ing)|driv(?:es|ing)|drove|ran|running|head(?:s|ed|ing)|"
                                r"go(?:es|ing)?|went|travel(?:s|led|ling)?|way|journey|jogg(?:ed|ing)|making\s+(?:his|her|their)\s+way)\s+$",
                                regex.IGNORECASE)
_NAMED_HOME_AFTER = regex.compile(r"['’]s\s+(?:flat|house|home|place|address|bungalow)\b", regex.IGNORECASE)
_LIVES_THERE = regex.compile(r"lives?\s+(?:at|in)\s+(?:the|that)\s+(?:address|property|house|flat|home)\b", regex.IGNORECASE)
_LIVES_THERE_REACH = 400
_ONE_WHO = r"(?:he|she|they|the\s+(?:[\p{L}-]+\s+){0,2}?(?:victim|woman|girl|man|boy|lad|complainant|child|teenager|pupil|youngster))"
# "where the arrested man works", "where he and the woman both worked", "where the lad who was hurt is in Year 10"
_WHERE_WHO = (rf",?\s+where\s+(?P<who>{_ONE_WHO}(?:\s+and\s+{_ONE_WHO})?)(?:\s+(?:who|that)\s+(?:was|is|had\s+been)\s+\p{{L}}+)?"
              r"\s+(?:both\s+)?(?:now\s+|still\s+|had\s+been\s+|has\s+been\s+|was\s+|is\s+)?")
_WHERE_LIVES = regex.compile(_WHERE_WHO + r"(?:lives|lived|live|living|stays|stayed|staying)\b", regex.IGNORECASE)
_WHERE_WORKS = regex.compile(_WHERE_WHO + r"(?:works?|worked|working|volunteers|volunteered|volunteering|trains|trained|studies|studied)\b",
                             regex.IGNORECASE)
_TRIBUTE = regex.compile(r"\b(?:tributes?|floral|flowers|wreaths?|bouquets?|cards?\s+(?:reading|saying|that\s+reads|which\s+reads)|RIP|"
                          r"rest\s+in\s+peace|forever\s+loved|in\s+loving\s+memory|gone\s+too\s+soon|sleep\s+tight|fly\s+high)\b",
                          regex.IGNORECASE)
_TRIBUTE_FEMALE = regex.compile(r"\b(?:nan|nana|gran|grandma|mum|mam|mummy|mother|sister|daughter|wife|her|she)\b", regex.IGNORECASE)
_TRIBUTE_MALE = regex.compile(r"\b(?:grandad|grandpa|dad|daddy|father|brother|son|husband|his|he)\b", regex.IGNORECASE)
# Running a business that the post places or names identifies its owner as surely as a name.
RUN_VERBS = ("runs", "ran", "owns", "owned", "manages", "managed", "running", "owning")
_RUN = "(?:" + "|".join(RUN_VERBS) + ")"
_RUNS_BUSINESS = regex.compile(
    rf"{_RUN}\s+(?:the|a)\s+(?:[\p{{L}}'’-]+\s+){{0,2}}?(?:{BUSINESS_NOUNS})\b"
    rf"\s+(?:on|in|at|opposite|next\s+to|near|by)\s+(?:the\s+)?(?-i:\p{{Lu}})[\p{{L}}'’-]+(?:\s+(?-i:\p{{Lu}})[\p{{L}}'’-]+)*"
    rf"|{_RUN}\s+(?-i:\p{{Lu}})[\p{{L}}'’-]+(?:\s+(?-i:\p{{Lu}})[\p{{L}}'’-]+)*\s+(?:{BUSINESS_NOUNS})\b"
    # "He runs the Kebab House on Station Road": a business named in capitals.
    rf"|{_RUN}\s+the\s+(?-i:\p{{Lu}})[\p{{L}}'’&-]+(?:\s+(?:&\s+)?(?-i:\p{{Lu}})[\p{{L}}'’&-]+){{1,3}}"
    # "whose dad owns Dent's Cycles on the Market Place": a business called by its owner's name.
    rf"|{_RUN}\s+(?-i:\p{{Lu}})[\p{{L}}-]+['’]s(?:\s+(?:&\s+)?(?-i:\p{{Lu}})[\p{{L}}'’&-]+){{0,3}}(?=\s+(?:on|in|at|near|by)\s|\s*[,.;:!?)]|\s*$)",
    regex.IGNORECASE)
_RUNS_WORDS = WordFinder(RUN_VERBS)
# "The man, who is head of PE at Eskside Academy": a post at a named place said of someone already mentioned.
_WHO_WORDS = WordFinder(("who",))
_ROLE_HELD_AT_PLACE = regex.compile(
    r"who\s+(?:is|was|['’]s|has\s+been)\s+(?:(?:the|a|an)\s+)?" + ROLE_AT_PLACE.pattern.removeprefix(r"\b(?P<det>the|a|an)\s+"),
    regex.IGNORECASE)
_WHOSE_WORDS = WordFinder(("whose",))
_WHOSE_RELATIVE_BUSINESS = regex.compile(
    r"whose\s+(?:dad|father|mum|mam|mother|parents|family|uncle|aunt|auntie|brother|sister|grandad|grandfather|gran|nan|grandmother|"
    r"stepdad|stepfather|stepmum|stepmother)\s+(?:has|had|runs|ran|owns|owned|manages|managed|works\s+at|is\s+at)\s+(?:the\s+)?"
    r"(?P<business>(?-i:\p{Lu})[\p{L}'’&-]+(?:\s+(?:&\s+)?(?-i:\p{Lu})[\p{L}'’&-]+){0,4})", regex.IGNORECASE)
_POSSESSIVE_WORD = regex.compile(r"\p{L}['’]s\b")
_WHERE_WHO_CLAUSE = r",?\s+where\s+(?P<who>he|she|they|the\s+(?:lad|boy|girl|child|teenager|pupil|victim|youngster))\s+"
_SCHOOL_WHERE = regex.compile(
    r"(?P<school>(?-i:\p{Lu})[\p{L}'’-]+(?:\s+(?-i:\p{Lu})[\p{L}'’-]+)*\s+(?-i:Academy|School|College|Primary|Grammar))" + _WHERE_WHO_CLAUSE
    + r"(?:is|was|goes|went|studies|is\s+a\s+pupil|is\s+in\s+year)\b", regex.IGNORECASE)
# "Nidd Vale Cricket Club, where the man we arrested has been head groundsman for twenty years"
_WHERE_HOLDS_POST = regex.compile(
    r"(?P<place>(?-i:\p{Lu})[\p{L}'’&-]+(?:\s+(?-i:\p{Lu})[\p{L}'’&-]+){0,4}),?\s+where\s+(?P<who>the\s+(?:man|woman|person|suspect))"
    r"(?:\s+(?:we(?:['’]ve|\s+have)?\s+)?(?:arrested|charged|detained|interviewed))?\s+(?:has\s+been|had\s+been|is|was|works\s+as)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:head\s+|assistant\s+|deputy\s+)?[\p{Ll}-]+", regex.IGNORECASE)
# "yes he's in Year 10 at Horton Park": a school named without the word school
_SHARED_WITH = regex.compile(r"\b(?:shared?|sharing|lived|lives|living)\s+with\s+", regex.IGNORECASE)
_YEAR_THERE = regex.compile(r"\bin\s+year\s+\d{1,2}\s+there\b", regex.IGNORECASE)
_YEAR_AT_SCHOOL = regex.compile(r"\b(?:in\s+)?year\s+\d{1,2}\s+at\s+(?P<school>(?-i:\p{Lu})[\p{L}'’-]+(?:\s+(?-i:\p{Lu})[\p{L}'’-]+){0,3})",
                                regex.IGNORECASE)
_STREET_WHERE = regex.compile(r"\bthe\s+(?:street|road|close|estate|cul-de-sac|avenue)" + _WHERE_WHO_CLAUSE
                              + r"(?:lives?|lived|is\s+living|is\s+staying|stays)\b", regex.IGNORECASE)
_WORKING_THERE = regex.compile(
    r"\s*,?\s*who\s+(?:was|is|had\s+been)\s+(?:working|serving|on\s+shift)(?:\s+(?:on|behind|at)\s+the\s+(?:till|tills|counter|bar|desk|reception|checkout))?"
    r"(?:\s+at\s+the\s+time|\s+there|\s+alone)?\b", regex.IGNORECASE)
_NAMED_BUSINESS_EARLIER = regex.compile(
    r"\b(?:of|at|in|inside|outside|into)\s+the\s+(?P<place>(?-i:\p{Lu})[\p{L}'’&-]+(?:\s+(?-i:\p{Lu})[\p{L}'’&-]+){0,3}"
    r"(?:\s+(?:on|in)\s+(?-i:\p{Lu})[\p{L}'’-]+(?:\s+(?-i:\p{Lu})[\p{L}'’-]+){0,2})?)")
_RUN_BY_RELATIVE = regex.compile(
    r"(?-i:\p{Lu})[\p{L}'’&-]+(?:\s+(?:&\s+)?(?-i:\p{Lu})[\p{L}'’&-]+){0,4},?\s+(?:which|that)\s+(?:is\s+|was\s+)?(?:run|owned|managed)\s+by\s+"
    r"the\s+(?P<who>boy|girl|teenager|child|lad|man|woman|victim|suspect|youngster)['’]s\s+"
    r"(?:father|dad|mother|mum|parents|family|uncle|aunt|brother|sister|grandfather|grandmother|grandad|gran|stepfather|stepmother)\b",
    regex.IGNORECASE)
_COLLEAGUES_AT = regex.compile(
    r"(?:his|her|their)\s+(?:work\s+)?(?:colleagues|workmates|co-workers)\s+(?:at|from)\s+"
    r"(?P<place>(?:the\s+)?(?-i:\p{Lu})[\p{L}\d'’&-]+(?:\s+(?-i:\p{Lu})[\p{L}\d'’&-]+){0,4})", regex.IGNORECASE)
# Scanned over the whole post: its verbs are a trie (``trie_alternation``), each followed by a space,
# so the order they are tried in changes nothing, and it is written without IGNORECASE (``any_case``).
_LODGER = regex.compile(any_case(
    r"\b" + trie_alternation("renting rented rents lodging lodged lodges living lived lives staying stayed working worked works "
                             "babysitting cleaning caring".split())
    + r"\s+(?:a\s+room\s+|the\s+spare\s+room\s+|there\s+)?(?:(?:from|with|for)\s+(?P<other>him|her)\b"
    r"|(?:at|in)\s+(?P<other>his|her)\s+(?:home|house|flat|place))"))
_WHERE_WORD = WordFinder(("where",))
_PLACE_OF_WORK_WORDS = WordFinder(("his", "her", "their"))
_PLACE_OF_WORK = regex.compile(r"(?:his|her|their)\s+(?:place\s+of\s+work|workplace|work)\s*(?:,|–|—|\()\s*(?P<place>(?:the|a|an)\s+[^,.;:()\n]{3,80}?)(?=\s*[,.;:()\n]|\s+and\s|\Z)",
                               regex.IGNORECASE)
# A job that is the object of a preposition belongs to whoever holds it, not to the sentence's subject.
_SOMEONE_ELSES_JOB = regex.compile(r"\b(?:to|at|from|with|by|towards|near|past|on)\s+(?:the|a|an)\s+\Z", regex.IGNORECASE)
_WHERE_WHO_WORKS = regex.compile(_WHERE_WORKS.pattern.removeprefix(r",?\s+"), regex.IGNORECASE)
_WHERE_WHO_STUDIES = regex.compile(_WHERE_WHO.removeprefix(r",?\s+") + r"(?:in\s+year\s+\d{1,2}|an?\s+(?:[\p{L}-]+\s+)?(?:pupil|student))\b",
                                   regex.IGNORECASE)
_NAMED_PLACE_BEFORE = regex.compile(
    r"\b(?:at|in|outside|inside|towards|to|into|near)\s+(?P<place>(?:the\s+)?(?-i:\p{Lu})[\p{L}'’&-]*(?:\s+(?:&\s+|and\s+|of\s+)?(?-i:\p{Lu})[\p{L}'’&-]*){0,4}"
    r"(?:\s+(?:café|cafe|pub|bar|shop|salon|restaurant|hotel|store|gym|bakery|takeaway|garage|surgery|pharmacy|warehouse|factory|depot|"
    r"offices?|site|plant|branch|(?:distribution|call|leisure|sports|garden)\s+centre|care\s+home))?)"
    r"(?:\s+in\s+(?-i:\p{Lu})[\p{L}'’-]+)?\s*,?\s*\Z")
_HOME_WORDS = WordFinder(("flat", "house", "home", "bedsit", "room", "maisonette", "lives", "live"))
_STREET_AFTER_HIGH = regex.compile(r"[\s-]+(?:\p{Lu}|\d)")
_SCHOOL_AFTER = regex.compile(r"\s+(?:School|Academy|College)\b")
_SCHOOL_WORDS = WordFinder(("academy", "primary", "school", "college", "grammar", "university", "nursery", "high"))


_TRADES = ("pharmacy", "shop", "bar", "salon", "hotel", "café", "cafe", "garage", "bakery", "restaurant", "pub", "surgery",
           "nursery", "care home", "gym", "takeaway", "warehouse", "factory", "supermarket", "store")
_TRADE_JOB = regex.compile(r"\b(?P<trade>" + "|".join(_TRADES) + r")\s+(?:assistant|worker|manager|supervisor|cleaner|receptionist|nurse|staff|porter|cashier)\b",
                           regex.IGNORECASE)


@functools.cache
def _named_business(trade: str):
    """A business of the trade with its name: "Patel's pharmacy", "the Seaview Hotel", "Boyes shop"."""
    return regex.compile(rf"(?:\b[\p{{L}}-]+['’]s|\b(?-i:\p{{Lu}})[\p{{L}}'’&-]+(?:\s+(?-i:\p{{Lu}})[\p{{L}}'’&-]+){{0,3}})\s+{regex.escape(trade)}\b",
                         regex.IGNORECASE)


def _one_named_business(text: str, trade: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the one business of ``trade`` the post names outside ``start``–``end``, if it names one."""
    places = {p.span() for p in _named_business(trade).finditer(text) if not (start <= p.start() < end)}
    return places.pop() if len(places) == 1 else None


_RUNS_THE_TRADE = regex.compile(rf"{_RUN}\s+the\s+(?P<trade>{'|'.join(_TRADES)})\b(?!\s+(?-i:\p{{Lu}}))", regex.IGNORECASE)


def _inside_a_mention(case: Case, at: int) -> bool:
    k = bisect.bisect_right(case.starts, at) - 1
    return k >= 0 and case.mentions[k].start <= at < case.mentions[k].end


def _anchored(words: WordFinder, pattern, text: str, lowered: str):
    """``pattern``'s matches that start at one of ``words``, left to right, not overlapping."""
    last = -1
    for start, _, _ in words.find(text, lowered):
        if start < last:
            continue
        m = pattern.match(text, start)
        if m:
            last = m.end()
            yield m


def _ending_at(words: WordFinder, pattern, text: str, lowered: str, reach: int = 120):
    """``pattern``'s matches that end at one of ``words`` (searched in a short window before it)."""
    last = -1
    for start, end, _ in words.find(text, lowered):
        m = pattern.search(text, max(0, start - reach, last), end)
        if m and m.end() == end:
            last = m.end()
            yield m
