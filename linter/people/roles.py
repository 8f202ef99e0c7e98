"""Stage 3: what the words say about each person: their status and roles (details are in ``details.py``).

A cue is read against the mention it is about, not against whatever shares its
sentence: "was arrested" belongs to the nearest subject before it, "arrested a
man" to the object after it, and "the murder of Jo Smith" to Jo Smith. So in
"Detectives investigating the murder of Jo Smith have arrested a man", Jo Smith
is the victim and the man is arrested.
"""
from __future__ import annotations

import bisect

import regex

from ..recognizers import ages
from ..recognizers.names import OFFICER_TITLES, POLITICAL_TITLES
from .case import IT_IS_BEFORE, STATUSES, WARRANT, Case, Cue
from .forms import lower_cased
from .vocabulary import PeopleVocabulary

_OBJECT_GAP = regex.compile(
    r"^[\s,:]*(?:(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?[\p{L}-]+['’]s\s+)?"  # "arrested the owner's nephew", "relate to Pentland's stepdaughter"
    r"(?:(?:two|three|four|both|all|our|local)\s+)?(?:\d{1,2}-year-old\s+)?$", regex.IGNORECASE)
# "arrested a man": a mention straight after a verb is its object. "Thursday evening", "this morning" are times.
_VERB_BEFORE = regex.compile(r"\b(?!(?:evening|morning|during|spring|ceiling|building|wedding|something|nothing|anything|everything|"
                             r"bed|shed|red|need|speed|seed)\s)[a-z]+(?:ed|ing)\s+$")
_DESCRIPTION_ROLES = {
    "victim": "victim", "complainant": "victim", "survivor": "victim", "deceased": "died", "dead": "died",
    "suspect": "suspected", "suspected": "suspected", "defendant": "charged", "arrested": "arrested",
    "wanted": "wanted", "missing": "missing", "injured": "victim", "body": "died",
}
# "he was 17 when he lost control" is the age he was, not the age he is.
_AGE_AFTER = regex.compile(r"\s*,?\s*(?:(?:who\s+)?(?:is|was|['’]s(?!\s+\d{1,2}-(?:year|yr)))\s+(?:only\s+|just\s+|now\s+)?|aged\s+)(?P<age>\d{1,2})\b(?!\s*(?:%|am\b|pm\b|:|\.\d|,\d|\s*(?:minutes|hours|miles|mph|times|of|in|per|cars|officers|people|when|at\s+the\s+time)\b))",
                           regex.IGNORECASE)
_SCHOOL_YEAR_AFTER = regex.compile(r"(?:['’]s|\s+(?:is|was))\s+(?:now\s+|only\s+)?in\s+(?:year|yr)\s*(?:[1-9]|1[0-3])\b", regex.IGNORECASE)
# "a warrant at Lee Hartley's house", and "at Lee Hartley's on Fenwick Street", where the home goes unsaid.
_HOME_OF_NAME = regex.compile(r"['’]s\s+(?:(?:home\s+)?(?:address|home|house|flat|property|door|place)\b|(?:on|in)\s+(?-i:\p{Lu}))", regex.IGNORECASE)
# "Her brother Yusuf, eight, who was walking with her": an age in words between commas.
_WORD_AGE_AFTER = regex.compile(r"\s*,\s*(?P<age>" + "|".join(ages.NUMBER_WORDS) + r")\s*,", regex.IGNORECASE)
# "X, 28, of Lanehouse Road, Thornaby, and Y, 33, …" and the charge form's list "X, 27, of …; Y, 31, of …; and Z".
_AND_BETWEEN = regex.compile(r"(?:\s*,\s*(?:aged\s+)?\d{1,2}\s*,?|\s*\(\d{1,2}\))?"
                          r"(?:\s*of\s+(?:no\s+fixed\s+abode|[\p{L}\d'’ -]{2,40}?(?:,\s*[\p{L}'’ -]{2,30}?)?))?"
                          r"\s*(?:,\s*(?:and|&)\s+|(?:and|&)\s+|;\s*(?:and\s+)?)")
_CONDOLENCE_WORDS = ("thoughts", "condolences", "sympathies", "prayers", "hearts")
_CONDOLENCE = regex.compile(r"\b(?:" + "|".join(_CONDOLENCE_WORDS) + r")\s+(?:are\s+|go\s+)?(?:with|to|out\s+to)\s+$", regex.IGNORECASE)
_FAMILY_AFTER = regex.compile(r"['’]s?\s+(?:family|loved\s+ones|relatives|parents|wife|husband|partner|children)\b", regex.IGNORECASE)
_DEATH_OWNED_AFTER = regex.compile(r"\s+(?:sudden\s+|unexpected\s+|tragic\s+)?(?:death|funeral|inquest)\b", regex.IGNORECASE)
_NOT_FOUND_SAFE_AFTER = regex.compile(r"\s+(?:not\s+)?(?:guilty|in\s+possession|with|carrying|to\s+(?:have|be))\b", regex.IGNORECASE)
_CONDITIONAL_BEFORE = regex.compile(r"\b(?:if|unless|until|whether|once)\s+(?:he|she|they|anyone|someone|somebody|a\s+\w+)\s+$",
                                 regex.IGNORECASE)
# "has not been charged", "hasn't yet been arrested": the status is denied, not given.
_NEGATED_BEFORE = regex.compile(r"(?:\bnot|\bnever|n['’]t)\s+(?:yet\s+)?(?:been\s+|be\s+)?$", regex.IGNORECASE)
_KILLED_AFTER = regex.compile(r"\s+(?:killed|found\s+dead|fatally\s+(?:injured|stabbed|hurt))\b(?!\s+(?:a|an|the|his|her|their|two|three)\b)", regex.IGNORECASE)
_COURAGE = regex.compile(r"\b(?:brave|bravely|bravery|courage|strength|came\s+forward|coming\s+forward|come\s+forward)\b", regex.IGNORECASE)
_OFFICE_AFTER = regex.compile(
    r"(?:\s+MP\b|\s*,\s*(?:the\s+|our\s+|a\s+)?(?:local\s+|ward\s+|county\s+|borough\s+|parish\s+)?(?:councillor|MP|PCC|mayor|"
    r"police\s+and\s+crime\s+commissioner|(?:parliamentary\s+|council\s+)?candidate)\b)")
_TRIBUTES_TO_THE_DEAD = ("rip", "remembering", "forever", "longlive")  # the other tribute hashtags are for victims

# What each cue read here by code, not from the vocabulary, cannot be read without: case-folded
# words, one of which the post must hold. A rule's wake-up words add these to the vocabulary's
# (``wake.py``); each line names the reading above it comes from.
CODE_CUE_WORDS: dict[str, frozenset[str]] = {
    "died": frozenset({"#" + tag for tag in _TRIBUTES_TO_THE_DEAD}                     # the hashtag a name is in
                      | set(_CONDOLENCE_WORDS)                                         # _CONDOLENCE
                      | {"killed", "dead", "fatally"}),                                # _KILLED_AFTER
    "victim": frozenset({"#justicefor", "#thinkingof", "#prayfor"}),                   # the hashtag a name is in
    "politician": frozenset({"mp", "councillor", "pcc", "mayor", "commissioner", "candidate"}  # _OFFICE_AFTER
                            | {t.casefold() for t in POLITICAL_TITLES}),              # a title before the name
    "officer": frozenset(t.casefold() for t in OFFICER_TITLES),                       # a title before the name
    "suspected": frozenset({"warrant"}),                                               # WARRANT at a named home
}


def cue_words_read_by_code() -> dict[str, frozenset[str]]:
    """``CODE_CUE_WORDS`` with the words a description reads as a role ("the victim", "the deceased")."""
    words = {what: set(found) for what, found in CODE_CUE_WORDS.items()}
    for word, what in _DESCRIPTION_ROLES.items():
        words.setdefault(what, set()).add(word)
    return {what: frozenset(found) for what, found in words.items()}


class RoleReader:
    def __init__(self, vocab: PeopleVocabulary):
        self.vocab = vocab
    # -- statuses and roles ----------------------------------------------------
    def read(self, case: Case, windows) -> None:
        text = case.text
        mentions = case.mentions
        starts = case.starts
        objects: set[int] = set()
        lowered = lower_cased(text)
        # One test for the post, not a search before every name ("ſ" and "İ" are an "s" and an "i" to
        # IGNORECASE but not to lower()).
        condolences = any(word in lowered for word in _CONDOLENCE_WORDS) or "ſ" in text or "İ" in text
        for i, m in enumerate(mentions):
            after = _AGE_AFTER.match(text, m.end, m.end + 30) or (m.names and _WORD_AGE_AFTER.match(text, m.end, m.end + 14))
            if after:
                person = case.person_of(i)
                person.age = ages.age_value(after.group("age"))
                person.child |= person.age < 18
            if m.names and "ear" in text[m.end:m.end + 20] and (year := _SCHOOL_YEAR_AFTER.match(text, m.end, m.end + 40)):
                self._give(case, i, Cue("child", year.start(), year.end(), i, "school year"))  # "Reece is in Year 11"
            if m.detected_by == "person/hashtag":
                tag = text[text.rfind("#", 0, m.start) + 1:m.start].casefold()
                role = "died" if tag in _TRIBUTES_TO_THE_DEAD else "victim"
                self._give(case, i, Cue(role, m.start, m.end, i, "hashtag"))
            if m.names and condolences and _CONDOLENCE.search(text, max(0, m.start - 50), m.start) \
                    and _FAMILY_AFTER.match(text, m.end, m.end + 30):
                self._give(case, i, Cue("died", m.start, m.end, i, "condolence"))
            if m.kind == "pronoun" and m.text.casefold() in ("his", "her") and _DEATH_OWNED_AFTER.match(text, m.end):
                self._give(case, i, Cue("died", m.start, m.end, i, "possessive"))  # "His death is not being treated as suspicious"
            if m.names and _OFFICE_AFTER.match(text, m.end, m.end + 60):
                self._give(case, i, Cue("politician", m.end, m.end + 4, i, "office"))
            if m.names and text.startswith(("'", "’"), m.end) and _HOME_OF_NAME.match(text, m.end, m.end + 30):
                lo, hi = windows.sentence(m.start)
                # "We'll be executing a warrant at number 14 … yes, it's Lee Pryce's flat": the warrant may be told first.
                if WARRANT.search(text, lo, hi) or (IT_IS_BEFORE.search(text, max(0, m.start - 12), m.start) and WARRANT.search(text, 0, lo)):
                    self._give(case, i, Cue("suspected", m.start, m.end, i, "warrant"))
            before = text[max(0, m.start - 24):m.start]
            if m.title:
                before = before[:before.rfind(m.title)] if m.title in before else before
            tail = before.rstrip()  # a verb before the mention ends in "ed" or "ing" once the spaces go
            if tail.endswith(("ed", "ing")) and _VERB_BEFORE.search(before) and not tail.endswith(("named", "called")):
                objects.add(i)
            if m.kind == "description" and _KILLED_AFTER.match(text, m.end):
                self._give(case, i, Cue("died", m.end, m.end + 8, i, "description"))  # "the man killed on the A1"
            if m.kind == "description":
                for word in m.text.casefold().replace("-", " ").split():
                    role = _DESCRIPTION_ROLES.get(word)
                    if role:
                        self._give(case, i, Cue(role, m.start, m.end, i, "description"))
            if m.title in OFFICER_TITLES:
                self._give(case, i, Cue("officer", m.start, m.end, i, "title"))
            elif m.title in POLITICAL_TITLES:
                self._give(case, i, Cue("politician", m.start, m.end, i, "title"))
            if m.child or (m.age is not None and m.age < 18):
                self._give(case, i, Cue("child", m.start, m.end, i, "description"))
        # Objects first: "police have arrested a man" is about the man, so the same words are not
        # then read back onto whoever stands before them.
        read_as_object: list[tuple[int, int]] = []  # kept sorted by start
        # With no mention a cue has no one to read onto, however many cues there are (a long run of
        # status words with no one in it read thousands of them for nothing).
        for cues in self.vocab.cues if mentions else ():
            if cues.object is not None:
                for hit in cues.object.finditer(text):
                    if (before := self._reduced_relative_of(case, hit)) is not None:
                        self._give(case, before, Cue(cues.what, hit.start(), hit.end(), before, "participle"))
                        continue  # "The second man arrested, Bankole’s brother,": the participle is the man’s
                    k = _first_at_or_after(starts, hit.end())
                    if k is not None and k + 1 < len(mentions) and case.possessor_of(k + 1) == k:
                        k += 1  # "arrested the owner's nephew": the nephew is arrested, not the owner
                    if k is not None and _OBJECT_GAP.match(text[hit.end():mentions[k].start]) \
                            and windows.sentence_index(hit.start()) == windows.sentence_index(mentions[k].start):
                        self._give(case, k, Cue(cues.what, hit.start(), hit.end(), k, "object"))
                        objects.add(k)
                        bisect.insort(read_as_object, (hit.start(), hit.end()))
        for cues in self.vocab.cues if mentions else ():
            if cues.subject is not None:
                for hit in cues.subject.finditer(text):
                    if cues.what != "act" and _overlaps(read_as_object, hit.start(), hit.end()):
                        continue  # an act has a doer as well as its object: "he punched the shopkeeper"
                    if cues.what in STATUSES and text.startswith(("be ", "Be "), hit.start()) \
                            and _FUTURE_BEFORE.search(text, max(0, hit.start() - 24), hit.start()):
                        continue  # "will be sentenced on 23 April" has not been sentenced yet
                    if cues.what in STATUSES and _CONDITIONAL_BEFORE.search(text, max(0, hit.start() - 24), hit.start()):
                        continue  # "If he is charged, details will be released": not charged yet
                    if cues.what in STATUSES and _NEGATED_BEFORE.search(text, max(0, hit.start() - 20), hit.start()):
                        continue  # "The man … has not been charged": still only arrested
                    if cues.what in STATUSES and _HAD_A_THING_BEFORE.search(text, max(0, hit.start() - 40), hit.start()):
                        continue  # "had his phone nicked": the phone was stolen, nobody was arrested
                    if cues.what == "charged" and _WANTED_FOR_BEFORE.search(text, max(0, hit.start() - 16), hit.start()):
                        continue  # "wanted for failing to appear at court": a wanted appeal (judgement 11)
                    if cues.what in STATUSES and _LONG_AGO_AFTER.match(text, hit.end()):
                        continue  # "the photo was taken when he was in custody last year": not his status now
                    if cues.what in ("convicted", "sentenced") and "previously" in text[hit.start():hit.end()].casefold():
                        continue  # "he had previously been jailed for assault": his record, not this case
                    if cues.what == "found" and _NOT_FOUND_SAFE_AFTER.match(text, hit.end()):
                        continue  # "after being found guilty", "found in possession of"
                    if cues.what == "act" and (victim := self._headline_victim(case, hit)) is not None:
                        self._give(case, victim, Cue("victim", hit.start(), hit.end(), victim, "headline"))
                        continue  # "13yo lad punched & had his phone taken": a headline's passive, he was punched
                    if cues.what == "act" and (not self._stated_as_fact(text, hit.start(), windows)
                                               or (" " not in text[hit.start():hit.end()] and _NO_OBJECT_AFTER.match(text, hit.end()))):
                        continue  # "boy robbed at knifepoint" is a headline's passive; "took her life in" holds its object
                    # A bare verb ("Tyler Simms, 16, charged w robbery") reads only on a subject close by.
                    bare = cues.what in STATUSES and " " not in text[hit.start():hit.end()].strip()
                    k = self._subject(case, hit.start(), objects, windows, reach=45 if bare else 160)
                    past = cues.what == "wanted" and _PAST_AUXILIARY.match(text, hit.start()) is not None
                    if cues.what == "act" and k is not None and not self._asserts_who(case.mentions[k]):
                        continue  # "a man entered the store and threatened staff" tells the incident, not who
                    while k is not None:
                        self._give(case, k, Cue(cues.what, hit.start(), hit.end(), k, "subject", past=past))
                        k = self._coordinated(case, k)  # "X, 52, and her husband Y, 51, were stabbed"
        self._plural_namings(case, windows)
        self._sexual_victims(case, windows)

    @staticmethod
    def _reduced_relative_of(case: Case, hit) -> int | None:
        """"The second man arrested, …", "the woman detained on Friday": a participle straight after a
        description is said of it, when no one stands straight after it as its object."""
        k = bisect.bisect_left(case.starts, hit.start()) - 1
        if k < 0 or case.text[case.mentions[k].end:hit.start()] != " ":
            return None
        m = case.mentions[k]
        if m.kind != "description" or m.plural or not m.text[:4].casefold().startswith(("the ", "a ", "an ")):
            return None
        return k if _AFTER_A_PARTICIPLE.match(case.text, hit.end()) else None

    @staticmethod
    def _headline_victim(case: Case, hit) -> int | None:
        """The person a bare violent participle follows with nothing done to anyone after it: "Man
        stabbed in Leeds", "13yo lad punched & had his phone taken"."""
        if case.text[hit.start():hit.end()].casefold() not in _HEADLINE_VIOLENCE or not _HEADLINE_PASSIVE_AFTER.match(case.text, hit.end()):
            return None
        k = bisect.bisect_right(case.starts, hit.start()) - 1
        if k < 0 or case.mentions[k].kind not in ("description", "name") or case.mentions[k].plural:
            return None
        return k if case.text[case.mentions[k].end:hit.start()] in (" ", ", ") else None

    @staticmethod
    def _asserts_who(m) -> bool:
        """A name, a pronoun for someone named, or a description with their age says who did it."""
        return m.kind != "description" or m.age is not None

    @staticmethod
    def _stated_as_fact(text: str, at: int, windows) -> bool:
        """"He spat at two officers", not "he was punched", "it is alleged he punched" or "accused of"."""
        lo, _ = windows.sentence(at)
        return not _PASSIVE_BEFORE.search(text, max(lo, at - 12), at) and not _PASSIVE_AND_BEFORE.search(text, max(lo, at - 60), at) \
            and not _REPORTED_BEFORE.search(text, lo, at)

    def _plural_namings(self, case: Case, windows) -> None:
        """"Two people have been charged … They are Kyle Denton, 19, and his brother Mason Denton, 16":
        the names a plural is given share what was said of it."""
        text, mentions = case.text, case.mentions
        if " are " not in text and " were " not in text and "’re " not in text and "'re " not in text:
            return
        for i, m in enumerate(mentions):
            if m.kind != "name" or not _PLURAL_NAMING.search(text, max(0, m.start - 40), m.start):
                continue
            sentence = windows.sentence_index(m.start)
            source = next((k for k in range(i - 1, max(-1, i - 40), -1)
                           if mentions[k].plural and sentence - windows.sentence_index(mentions[k].start) <= 3), None)
            if source is None:
                continue
            shared = [c for c in case.person_of(source).cues if c.what in _SHARED_BY_A_PLURAL]
            named = [i] + [k for k in range(i + 1, min(len(mentions), i + 6))
                           if mentions[k].names and windows.sentence_index(mentions[k].start) == sentence]
            for k in named:
                for c in shared:
                    self._give(case, k, Cue(c.what, c.start, c.end, k, "plural naming"))

    def _subject(self, case: Case, at: int, objects: set[int], windows, reach: int = 160) -> int | None:
        sentence = windows.sentence_index(at)
        lo, _ = windows.sentence(at)
        # "The woman, who lives with her two children …, is being supported": the verb is the
        # woman's, not that of the last person named inside the clause about her.
        if clause := _RELATIVE_BEFORE.search(case.text, max(lo, at - 200), at):
            at = clause.start()
        if sentence and _SENTENCE_OPENING.fullmatch(case.text, lo, at) \
                and (previous := self._opening_subject(case, sentence - 1, windows)) is not None:
            return previous  # "Picked up 'Tank' on Nelson St. Now in custody.": a sentence with no subject is the last one's
        fallback = None  # an oblique mention close by, when the clause has no plain subject
        passed_own_verb = False  # the nearest mention had a verb of its own, so the one before it is tried
        auxiliary = _AUXILIARY.match(case.text, at) is not None
        last = bisect.bisect_right(case.starts, at) - 1
        for k in range(last, max(-1, last - 40), -1):
            m = case.mentions[k]
            if m.end > at:
                continue
            if windows.sentence_index(m.start) != sentence:
                break
            if at - m.end > reach:
                break
            if case.addressed(k):
                continue  # "Hi Lee, we don't name people who've been arrested": Lee is spoken to
            if not passed_own_verb and auxiliary and _OWN_VERB_BETWEEN.match(case.text, m.end, at):
                passed_own_verb = True
                continue  # "The man arrested after a woman was assaulted has been released": her verb is "was assaulted"
            if case.text[m.end:m.end + 1] in ("'", "’") and _POSSESSED_AFTER.match(case.text, m.end):
                continue  # "Mr Ashdown’s family are being traced": the verb is the family’s, not his
            if m.kind == "pronoun" and _POSSESSOR_OF_GERUND.fullmatch(case.text, m.end, at) and _GERUND.match(case.text, at):
                return k  # "tribute to the woman … for her courage in coming forward": the one coming forward is hers
            if m.oblique and _WHO_RIGHT_AFTER.fullmatch(case.text, m.end, at):
                return k  # "the relatives of Raymond Sturgess, 79, who died": the clause is about him
            if m.oblique and at - m.end < 100 and _WHO_CLAUSE_TO.fullmatch(case.text, m.end, at):
                return k  # "spotted by a dog walker who recognised him and called 999": the walker called
            if k in objects and not m.oblique and _REDUCED_RELATIVE.match(case.text, m.end, at + 24) and at - m.end < 3:
                return k  # "contacted the eight women identified from the recordings": the participle is theirs
            if m.oblique or k in objects:
                if fallback is None and at - m.end < 60 and k not in objects:
                    fallback = k
                continue
            return k
        return fallback

    @staticmethod
    def _opening_subject(case: Case, sentence: int, windows) -> int | None:
        """The first plain mention of ``sentence``: what a following sentence with no subject is about."""
        lo, hi = windows.sentence_bounds(sentence)
        k = bisect.bisect_left(case.starts, lo)
        while k < len(case.mentions) and case.mentions[k].start < hi:
            m = case.mentions[k]
            if m.kind != "pronoun" or not m.oblique:
                return k
            k += 1
        return None

    @staticmethod
    def _the_one_woman(case: Case):
        women = [p for p in case.people if p.gender == "f" and not p.cues
                 and not all(case.mentions[i].plural for i in p.mentions)]
        if len(women) != 1:
            return None
        # A named woman in a post with no case in it is more likely quoted ("Adviser Ms Balogun says") than the complainant.
        named = any(case.mentions[i].names for i in women[0].mentions)
        return women[0] if not named or any(p.status() for p in case.people) else None

    @staticmethod
    def _coordinated(case: Case, k: int) -> int | None:
        """The mention joined to mention ``k`` by "and" (so a plural verb reads on both), or None."""
        j = k
        while j > 0 and case.owner[j - 1] == case.owner[k]:
            j -= 1  # past "her husband" in "her husband Rubinder Bassan"
        if j == 0 or case.mentions[j - 1].kind == "pronoun":
            return None
        before, this = case.mentions[j - 1], case.mentions[j]
        return j - 1 if _AND_BETWEEN.fullmatch(case.text, before.end, this.start) else None

    @staticmethod
    def _give(case: Case, mention: int, cue: Cue) -> None:
        person = case.person_of(mention)
        if all((c.what, c.start) != (cue.what, cue.start) for c in person.cues):
            person.cues.append(cue)

    def _sexual_victims(self, case: Case, windows) -> None:
        offence = self.vocab.sexual_offence
        in_post = offence.search(case.text) is not None
        case.facts["sexual_offence"] = in_post
        if not in_post:
            return
        against_child = self.vocab.child_offence.search(case.text) is not None
        historical = self.vocab.historical.search(case.text) is not None
        case.facts["historical"] = historical
        if _WAIVED.search(case.text):
            return  # a complainant who has given up anonymity tells their own story, by choice
        # The one victim of a post about a sexual offence is its complainant, in whichever sentence
        # the offence is named ("charged with rape. The woman … is being supported").
        victims = [p for p in case.people if any(c.what == "victim" for c in p.cues)]
        if not victims and (woman := self._the_one_woman(case)) is not None:
            # "she's ok and says she'll be back at work on Monday … it's her ex": with nobody said to be the
            # victim, the one woman a sexual-offence update talks about is its complainant.
            first = case.mentions[woman.mentions[0]]
            woman.cues.append(Cue("victim", first.start, first.end, woman.mentions[0], "the one woman"))
            victims = [woman]
        for person in case.people:
            for cue in list(person.cues):
                if cue.what != "victim":
                    continue
                lo, hi = windows.sentence(cue.start)
                # Courage in coming forward is a complainant's, wherever in the post the offence is named.
                if offence.search(case.text, lo, hi) or cue.how in ("description", "object") or victims == [person] \
                        or offence.search(case.text[cue.start:cue.end]) or _COURAGE.search(case.text, cue.start, cue.end):
                    person.cues.append(Cue("sexual-victim", cue.start, cue.end, cue.mention, cue.how))
                    if historical:
                        person.child = False  # abused as a child, an adult now
                    elif against_child and (person.age is None or person.age < 18):
                        person.child = True  # "sexual activity with a child": the complainant is a child
                    break

    # -- identifying details ---------------------------------------------------


_WAIVED = regex.compile(r"\bwaiv(?:e|ed|es|ing)\s+(?:his|her|their)\s+(?:legal\s+|lifelong\s+|life-long\s+)*(?:right\s+to\s+)?anonymity\b",
                        regex.IGNORECASE)
# A finite verb of its own between a mention and a later verb, with no "and", comma or relative word to
# join them: the later verb belongs to someone before ("The man arrested after a woman was assaulted
# has been released").
_UNJOINED = r"(?:(?!\b(?:and|but|or|who|which|that|whom|whose|while|when)\b)[^,;:()&+\n])"  # a character of the same clause
_OWN_VERB_BETWEEN = regex.compile(
    _UNJOINED + r"*?\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+" + _UNJOINED + r"*\Z", regex.IGNORECASE)
_AUXILIARY = regex.compile(r"(?:has|have|had|is|are|was|were|remains|will)\b", regex.IGNORECASE)
_WHO_RIGHT_AFTER = regex.compile(r"(?:\s*,\s*(?:aged\s+)?\d{1,3}\s*)?\s*,?\s*who\s+(?:had\s+|has\s+|was\s+|sadly\s+|later\s+)?",
                             regex.IGNORECASE)
_LONG_AGO_AFTER = regex.compile(r"\s+(?:last\s+(?:year|summer|winter|spring|autumn)|(?:\w+\s+)?years\s+ago|in\s+(?:19|20)\d\d)\b",
                             regex.IGNORECASE)
_PLURAL_NAMING = regex.compile(
    r"\b(?:they|these|those|both|the\s+(?:two|three|four|pair|men|women|boys|girls|teenagers|teens|defendants|youths))"
    r"(?:\s+(?:are|were)|['’]re)\s+(?:(?:being\s+|now\s+)?named\s+as\s+)?\Z", regex.IGNORECASE)
_SHARED_BY_A_PLURAL = set(STATUSES) | {"died", "victim", "sexual-victim", "witness", "missing", "found"}
_PASSIVE_BEFORE = regex.compile(r"\b(?:was|were|been|being|is|are|be|got|get|gets|getting)\s+(?:\w+ly\s+)?$", regex.IGNORECASE)
_PASSIVE_AND_BEFORE = regex.compile(r"\b(?:was|were|been)\s+\w+(?:ed|en)\b[^.;!?\n]{0,40}\band\s+$", regex.IGNORECASE)  # "was pushed … and punched"
_HEADLINE_VIOLENCE = frozenset("punched kicked stabbed headbutted assaulted attacked robbed mugged strangled threatened grabbed".split())
_HEADLINE_PASSIVE_AFTER = regex.compile(
    r"\s*(?:[,.;:!?)\n]|[–—]|$)|\s+(?:&|and)\s+(?:had|has|was|left|needed|suffered)\b"
    r"|\s+(?:at|in|on|near|outside|by|after|during|while|walking|whilst|as|from|overnight|last|yesterday|today)\b", regex.IGNORECASE)
_NO_OBJECT_AFTER = regex.compile(r"\s+(?:at|in|on|near|outside|by|after|during|while)\b", regex.IGNORECASE)
_REPORTED_BEFORE = regex.compile(r"\b(?:alleg\w*|accused|suspected|said\s+(?:that\s+)?|says|claim\w*|reports?\s+that|reported\s+that|"
                                 r"believed|thought|if|whether|denies|denied|charged\s+with|suspicion)\b", regex.IGNORECASE)
_PAST_AUXILIARY = regex.compile(r"(?:was|were|had\s+been)\b", regex.IGNORECASE)
_WANTED_FOR_BEFORE = regex.compile(r"\b(?:wanted|sought|looking\s+for\s+\w+)\s+(?:for|after)\s+$", regex.IGNORECASE)
_FUTURE_BEFORE = regex.compile(r"\b(?:will|shall|would|could|may|might|to|cannot|can(?:no|'|’)t|won['’]t)\s+(?:not\s+|also\s+|now\s+)?$",
                            regex.IGNORECASE)
_SENTENCE_OPENING = regex.compile(r"[\s\-–—•|:]*(?:(?:and|now|then|later|since|currently|also|all)\s+){0,2}", regex.IGNORECASE)
# "her courage in", "his bravery for": a possessive before a quality, then the gerund whose doer it names.
_POSSESSOR_OF_GERUND = regex.compile(r"\s+(?:[\p{L}-]+\s+){1,2}(?:in|for|of|when)\s+", regex.IGNORECASE)
_GERUND = regex.compile(r"\p{L}+ing\b")
_POSSESSED_AFTER = regex.compile(
    r"['’]s\s+(?!(?:been|got|gone|not|now|just|still|also|never|always|being|had|done|currently|since|due|said|told|"
    r"a|an|the|in|on|at|from|out|back|home)\b)(?:\d{1,2}-year-old\s+)?(?:\p{Ll}+\s+){0,2}?(?:family|relatives|next\s+of\s+kin|parents|"
    r"mum|dad|mother|father|wife|husband|partner|children|son|daughter|brother|sister|car|van|home|house|flat|dog|phone)\b")
_RELATIVE_BEFORE = regex.compile(r",\s+(?:who|whose|whom)\b[^,.;!?\n]{3,180},\s*(?:\S+\s+){0,2}$")


_HAD_A_THING_BEFORE = regex.compile(r"\b(?:had|has|have|having|got|gets|getting)\s+(?:his|her|their|my|your|our|a|an|the)\s+(?:(?!(?:and|then|so|but)\b)[\w'’-]+\s+){0,3}$",
                                   regex.IGNORECASE)
_WHO_CLAUSE_TO = regex.compile(r"\s*,?\s*who\s+[^.!?;:\n,]*\band\s+", regex.IGNORECASE)
_AFTER_A_PARTICIPLE = regex.compile(r"\s*(?:,|\s(?:on|in|at|last|yesterday|today|earlier|this|after|following|over|for)\b)")
_REDUCED_RELATIVE = regex.compile(r"\s*(?:identified|filmed|recorded|photographed|seen)\s+(?:from|in|on|by)\b")


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether any of the sorted, non-nested ``spans`` overlaps [start, end)."""
    k = bisect.bisect_left(spans, (end, -1))
    return any(a < end and start < b for a, b in spans[max(0, k - 3):k])


def _first_at_or_after(starts: list[int], at: int) -> int | None:
    k = bisect.bisect_left(starts, at)
    return k if k < len(starts) else None
