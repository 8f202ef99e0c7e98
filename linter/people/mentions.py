"""Stage 1: every place a post refers to a person.

Names come from the name recognizer; descriptions ("a 34-year-old man from
Crawley", "the driver"), relationships ("his stepdaughter", "the sister of
Daniel Price"), nicknames in quotes and pronouns are found here. Places,
brands and vehicles are left out: a capitalised run after "in", "at" or
"from" is a place unless a title stands before it.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools

import regex

from ..recognizers import ages, names
from ..recognizers.base import any_case, trie_alternation
from .case import WARRANT, Mention
from .forms import WordFinder, lower_cased
from .vocabulary import PeopleVocabulary

_TITLE_GENDER = {"Mr": "m", "Sir": "m", "Lord": "m", "Father": "m", "Mrs": "f", "Ms": "f", "Miss": "f", "Dame": "f", "Lady": "f"}
# A name straight after one of these is a place ("a man from Perry Barr", "in Long Ashton").
_PLACE_BEFORE = regex.compile(
    r"(?:\b(?:in|at|near|from|around|across|outside|towards|through|into|via|between|off|along|of\s+(?:the\s+)?(?:village|town|city)\s+of|"
    r"visit(?:ed|ing)?|covering|patrols?|patrolling|serving|(?<=\d{1,2},\s)of|(?<=\d{1,2}\),?\s)of)\s+(?:the\s+)?$)",
    regex.IGNORECASE)
# Bound on hostile input, as for every recognizer: no real post names a hundred people.
MENTION_NAMES = 101
_DESCRIPTION_LIMIT = 200
_PRONOUN_LIMIT = 300
_DESCRIPTION_REACH = 90  # characters a determiner, age and modifiers may stand before their noun
_EVENT_AFTER = regex.compile(
    r"\s+(?:attack|attacks|incident|collision|crash|case|investigation|inquiry|enquiry|murder|robbery|stabbing|shooting|fire|riot|"
    r"bombing|disaster|area|branch|store|shop|station|road|estate|campaign|operation|scheme|trial|inquest|festival|match|game)\b")
_OFFICE_SUFFIXES = frozenset({"MP", "MSP", "MS", "AM", "MEP", "PCC"})
_PLACE_POSSESSIVE = regex.compile(r"\b(?:King|Queen|Bishop|Bishops|Earl|Lady|Lord|Abbot|St|Saint|Monk)['’]s?\s+$")
# "at Molly Malone’s on Flowergate": a possessive name after "at", with a street after it, is a business.
_AT_BEFORE = regex.compile(r"\b(?:at|from|outside|inside|into|behind)\s+$", regex.IGNORECASE)
_STREET_AFTER_POSSESSIVE = regex.compile(r"\s+(?:on|in|off)\s+(?:the\s+)?\p{Lu}")
# After these a name is the person the phrase is about, not the clause's subject.
_FIRM_AFTER = regex.compile(r"\s*&\s*(?:\p{Lu}|sons?\b|co\b)")
# "the assault on taxi driver Imran Sadiq": up to two lower-case role words may stand between.
def _given_gender(word: str) -> str | None:
    """The usual gender of a given name ("Chloé" as "Chloe", "Sophie-Mae" as "Sophie"), if it has one."""
    genders = names.lexicon().given_gender
    word = word[:-2] if word.endswith(("'s", "’s")) else word
    first = word.split("-", 1)[0]
    return genders.get(word) or genders.get(first) or genders.get(names.unaccented(first))


_OBLIQUE_BEFORE = regex.compile(
    r"\b(?:(?:of|for|with|to|by|about|against|on|from|towards)\s+(?:the\s+late\s+)?"
    r"|(?:of|on|against|with|for|by|from|towards)\s+(?:(?-i:[a-z]+)\s+){1,2})$", regex.IGNORECASE)
_AGE = r"(?:(?P<age>\d{1,2})\s*(?:yo|y/o|yrs?\s+old|-yr-old|yr-old)\b|(?:(?P<age>\d{1,2})|(?P<agew>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)[\s-]+years?[\s-]+old)"
WORD_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                                            "fifteen sixteen seventeen eighteen nineteen".split())}
WORD_NUMBERS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})
# Word lists inside the description pattern are written as tries (``trie_alternation``): the pattern is
# tried at every place in a window before each person noun, and a trie costs a character per place
# where a list costs a word. Every word here is followed by a space or ends the match, so which of
# two listed words is tried first never changes what is found.
_MODIFIER_WORDS = ("young elderly older younger teenage local injured arrested wanted missing alleged male female other second first "
                   "third same former ex- late vulnerable lone unnamed unknown suspected deceased dead brave innocent two three four").split()
_MODIFIERS = (r"(?:(?:" + trie_alternation(_MODIFIER_WORDS) + r"|\d{1,2}[\s-]+years?[\s-]+old|[a-z]+-year-old)\s+)*")
_DETERMINERS = ("the this that these those one another local our missing wanted injured elderly young teenage two three four five six "
                "seven eight nine ten several both").split()
# Words that cannot stand between a determiner and a person noun ("a man" is not "a of man").
_NOT_MODIFIERS = frozenset("of and or to in on at by for with from is was are were has have had be been not no this that".split())
_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f", "hes": "m",
             "shes": "f"}
# "hes" and "shes" are how a phone writes he's and she's.
# Scanned over the whole post: written without IGNORECASE (``any_case``), it costs half as much.
_PRONOUN = regex.compile(r"\b" + any_case(trie_alternation(_PRONOUNS)) + r"\b")
_HASHTAG_NAME = regex.compile(r"#(?P<tag>RIP|JusticeFor|Remembering|Forever|LongLive|Thinking[Oo]f|Pray[Ff]or)(?P<name>\p{Lu}\p{Ll}+)\b")
_NICKNAME = regex.compile(
    r"(?:\b(?:known\s+as|nicknamed|call(?:s|ed)?|goes\s+by)\s+)?[‘'\"“](?P<nick>\p{Lu}[\p{Ll}]+(?:\s\p{Lu}[\p{Ll}]+)?)[’'\"”]"
    r"(?=\s+(?:at\s+number|at\s+no\.?|of|from|on|who|in|is|was|has|got|finally|#?[Aa]rrested|nicked|outside|near|at|after|"
    r"today|tonight|this|last|yesterday|earlier|again|and|\(|,)|\s*[-–—,.!])")
_QUOTE_THEN_CAPITAL = regex.compile(r"[‘'\"“]\p{Lu}")  # in every match of _NICKNAME and _NAME_WITH_NICKNAME
_NICKNAME_CUE = regex.compile(r"\bknown\s+(?:[\p{L}’'-]+\s+){1,5}?as\s+$|\b(?:know|knows|knew)\s+(?:him|her|them)\s+as\s+$|\b(?:known\s+as|knows?\s+as|nicknamed|call(?:s|ed)?|goes\s+by|picked\s+up|nicked|arrested|collared|lifted|locked\s+up)\s+$|\b(?:man|woman|lad|bloke|thief|burglar|dealer|shoplifter|offender|villain|character|fella|geezer)\s+(?:known\s+)?(?:as\s+)?$",
                              regex.IGNORECASE)


_ORGANISATION_AFTER = regex.compile(
    r"s?(?:\s+\p{Lu}\p{L}+){0,3}?\s+(?:Abuse|Protection|Exploitation|Safeguarding|Care|Services?|Unit|Team|Court|Centre|Trust|Support|"
    r"Advocacy|Liaison|Helpline|Investigations?|Referral|Partnership|Hub|Board|Charity|Society|Foundation|Commission)\b")
_WHO_IS_AGE = regex.compile(
    r",?\s+(?:who\s+is|who['’]s|aged)\s+(?P<n>\d{1,2}|" + trie_alternation(ages.NUMBER_WORDS) + r")"
    r"(?:\s+years?\s+old)?(?=\s*(?:[,.;:!?)]|and\b|$))", regex.IGNORECASE)


def _with_age_after(text: str, m: Mention) -> Mention:
    """"Oscar, who is nine, was also hurt": the age a clause gives after a name."""
    found = _WHO_IS_AGE.match(text, m.end)
    if found is None:
        return m
    age = ages.age_value(found.group("n"))
    return dataclasses.replace(m, age=age, child=m.child or age < 18)


def _age(m) -> int | None:
    groups = m.groupdict()
    if groups.get("age"):
        return int(groups["age"])
    if groups.get("agew"):
        words = groups["agew"].lower().replace("-", " ").split()
        return sum(WORD_NUMBERS.get(w, 0) for w in words)
    return None


class MentionFinder:
    """Compiled once per vocabulary; ``find`` runs once per post."""

    def __init__(self, vocab: PeopleVocabulary):
        self.vocab = vocab
        # Descriptions are found from their noun (or their age) backwards, so a post with no person
        # noun costs one word scan, and a long one only a short window per noun.
        self.nouns = WordFinder(vocab.person_nouns)
        self.age_words = WordFinder(("year-old", "year old", "years old", "years-old", "yo", "yr-old", "yrs old", "yr old", "y/o"),
                                    joined_after="-0123456789")
        # Both are tried at every place in a window before their word, so written without IGNORECASE.
        self.description = regex.compile(any_case(
            # "24yo male arrested": an age may stand for the determiner, as headlines and local posts write.
            rf"\b(?:(?P<det>(?:an?\s+)?year\s+\d{{1,2}}|an?|{trie_alternation(_DETERMINERS)}|\d{{1,2}})\s+(?:{_AGE}\s+)?|{_AGE}\s+){_MODIFIERS}"
            rf"(?:(?P<free>[a-z][a-z-]+(?:['’]s)?)\s+)?(?P<noun>{trie_alternation(vocab.person_nouns)})s?\b\Z"))
        self.age_only = regex.compile(any_case(rf"\b(?:the|an?)\s+{_AGE}\b\Z"))
        self.opening_noun = regex.compile(
            r"(?P<noun>teen|teenager|man|woman|boy|girl|youth|driver|rider|motorist|pensioner)s?\b(?=\s+(?:arrested|charged|nicked|"
            r"detained|jailed|dies|died|killed|injured|hurt|found|missing|wanted|sought|sentenced|who|from|in|admits|guilty))", regex.IGNORECASE)
        relations = trie_alternation(vocab.relation_nouns)
        # Scanned over the whole post, so written without IGNORECASE (``any_case``): it costs less.
        self.relation = regex.compile(any_case(
            rf"\b(?P<owner>his|her|their)\s+(?:own\s+|former\s+|ex-|late\s+|estranged\s+|elderly\s+|young\s+|teenage\s+|"
            rf"(?:{_AGE})\s+|step-?|baby\s+|little\s+|older\s+|younger\s+|eldest\s+|youngest\s+|two\s+|three\s+)*"
            rf"(?P<rel>{relations})s?\b"
            # "the younger brother of Redcar Athletic striker Kai …": a job or team may stand before the name.
            rf"|\b(?:the|a)\s+(?:{_AGE}\s+)?(?:(?:older|younger|elder|eldest|youngest|big|little|twin|step-?)\s*)?(?P<rel2>{relations})s?"
            rf"(?=\s+of\s+(?:\p{{Lu}}[\p{{L}}'’-]*\s+){{0,3}}(?:[\p{{Ll}}-]+\s+)?\p{{Lu}}"
            # "the niece of the pub’s landlord, Sean Madden": a named person's job may stand before the name.
            rf"|\s+of\s+the\s+[\p{{L}}-]+['’]s\s+[\p{{Ll}}-]+,?\s+\p{{Lu}})"
            # "the victim's brother": a relative of the case's victim, not another description of a man.
            rf"|\bthe\s+(?P<holder>victim|complainant|survivor|child|children|boy|girl|baby|toddler)['’]s?['’]?\s+(?:(?:former|ex-|late|estranged|older|younger|"
            rf"eldest|youngest|step-?)\s*)*(?P<rel3>{relations})s?\b"))
        # "A 49-year-old man, Mrs O'Hare's son, was arrested", "the owner's nephew, Callum Reid": a relative of
        # the person just before, tried only after a possessive (a look-behind would slow the scan above).
        self.possessed_relation = regex.compile(
            rf"(?:(?:former|ex-|late|estranged|older|younger|eldest|youngest|step-?)\s*)*(?:{_AGE}\s+)?"  # "Bankole’s 28-year-old brother"
            rf"(?P<rel4>{relations})s?(?:-in-law)?\b(?=\s*[,.;:!?)]|\s+[–—-]\s|\s+(?:who|and|is|was|has|had)\b|\s*$"
            rf"|\s+(?-i:\p{{Lu}}\p{{Ll}}+)(?!\s+(?-i:\p{{Lu}})))",  # "Lily's brother Oscar": the relative, then their given name
            regex.IGNORECASE)

    def find(self, text: str, people=None) -> list[Mention]:
        """``people``: what ``names.find_people(text, limit=MENTION_NAMES)`` returns, when the
        caller has it already (the engine's name rules ask for the same list)."""
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for entity in names.find_people(text, limit=MENTION_NAMES) if people is None else people:
            mention = self._from_name(text, entity)
            if mention is not None:
                found.append(mention)
                taken.append((mention.start, mention.end))
        # Both nickname readings need a capital straight after a quote mark, which most posts lack.
        quoted = _QUOTE_THEN_CAPITAL.search(text) is not None
        for mention in self._names_with_nicknames(text, taken) if quoted else ():
            found.append(mention)
            taken.append((mention.start, mention.end))
            for later in _nickname_again(text, mention, taken):  # "Derek 'Dekka' Lowe … Sadly Dekka was found"
                found.append(later)
                taken.append((later.start, later.end))
        found.extend(self._lone_given_names(text, taken))
        found.extend(_lower_case_names(text, taken))
        if quoted:
            found.extend(self._nicknames(text, taken))
        found.extend(self._hashtag_names(text))
        for mention in _roles_at_places(text, taken):
            found.append(mention)
            taken.append((mention.start, mention.end))
        found.extend(self._descriptions(text, taken))
        found.extend(self._pronouns(text))
        found = [_with_age_after(text, m) if m.names and m.age is None and m.end < len(text) and text[m.end] in ", " else m
                 for m in found]
        found.sort(key=lambda m: (m.start, -m.end))
        return _without_overlaps(found)

    # -- names -------------------------------------------------------------
    def _from_name(self, text: str, entity) -> Mention | None:
        before = text[max(0, entity.start - 40):entity.start]
        title = entity.get("title")
        possessive = text[entity.end:entity.end + 2] in ("'s", "’s")
        if not title and not possessive and _PLACE_BEFORE.search(before):
            return None
        if text[entity.start:entity.end] in _not_people():
            return None
        if possessive and _AT_BEFORE.search(before) and _STREET_AFTER_POSSESSIVE.match(text, entity.end + 2) \
                and not WARRANT.search(text, max(0, entity.start - 200), entity.start):
            return None  # "taken from the till at Molly Malone’s on Flowergate": a bar or shop, not a person's home
        if _FIRM_AFTER.match(text, entity.end):
            return None  # "Brennand Tyre & Exhaust", "Hall & Sons": a firm
        if _PLACE_POSSESSIVE.search(before) and " " not in text[entity.start:entity.end]:
            return None  # "King's Lynn", "Bishop's Stortford"
        if entity.pattern in ("capitalised-pair", "given-name") and _EVENT_AFTER.match(text, entity.end):
            return None  # "the Salisbury Novichok attack": a name used as a modifier is not a person
        if entity.pattern in ("capitalised-pair", "given-name") and _in_headline(text, entity.start):
            return None  # "Bradford Rapist Detained In Hungary" is a headline, not a name
        kind = {"repeated-surname": "surname", "repeated-given-name": "given"}.get(entity.pattern, "name")
        end = entity.end
        words = text[entity.start:end].split()
        if len(words) > 2 and words[-1] in _OFFICE_SUFFIXES:
            # "Rhiannon Castell-Bryce MP": the office, not a third name.
            end = entity.start + len(text[entity.start:end].rstrip()[:-len(words[-1])].rstrip())
            title = title or words[-1]
        gender = _TITLE_GENDER.get(title)
        age = entity.get("age")
        return Mention(entity.start, end, text[entity.start:end], kind, gender=gender, age=age,
                       name_gender=_given_gender(words[0]) if kind != "surname" else None,
                       child=age is not None and age < 18, title=title,
                       oblique=bool(_OBLIQUE_BEFORE.search(before)), detected_by=entity.detected_by)

    def _lone_given_names(self, text: str, taken):
        """A first name alone where the words around it say it is a person ("Jess from our parish",
        "young Callum, whose dad…")."""
        lex = names.lexicon()
        spans = sorted(taken)
        starts = [a for a, _ in spans]
        for m in _CAPITALISED.finditer(text):
            word, start, end = m.group(), m.start(), m.end()
            first = word.split("-", 1)[0]
            if word not in lex.given and first not in lex.given and not (
                    text.startswith(("'s", "’s"), end) and _PARENT_AFTER.match(text, end + 2) and _unlisted_given_name(word, lex)):
                continue  # "Chloé" is the list's Chloe (the list is accent-blind); "Sophie-Mae" starts with a given name
            k = bisect.bisect_right(starts, start) - 1
            if k >= 0 and spans[k][0] <= start < spans[k][1]:
                continue
            young = _LONE_YOUNG.search(text, max(0, start - 10), start)
            aged = _LONE_AGED.search(text, max(0, start - 24), start)
            before = young or aged or _LONE_BEFORE.search(text, max(0, start - 30), start)
            if before is not None and before.group().rstrip().endswith("ed") and not _AFTER_VERB.match(text, end):
                before = None  # "arrested Jack" needs the clause to go on in lower case
            if before is None and not _LONE_AFTER.match(text, end):
                continue
            if before is not None and before.groupdict().get("it_was") is not None and word in _MONTHS:
                continue  # "it was May", "is it April?": a month
            if _PLACE_POSSESSIVE.search(text, max(0, start - 12), start):
                continue
            age = ages.age_value(aged.group("age")) if aged else None
            yield Mention(start, end, word, "name", oblique=bool(_OBLIQUE_BEFORE.search(text[max(0, start - 20):start])),
                          age=age, child=bool(young) or (age is not None and age < 18), name_gender=_given_gender(word),
                          detected_by="person/given-name-in-context")

    def _names_with_nicknames(self, text: str, taken):
        """"Nathan 'Bones' Whitlow": a given name, a nickname in quotes and a surname are one name,
        which the name recognizer, reading runs of capitals, takes apart."""
        lex = names.lexicon()
        for m in _NAME_WITH_NICKNAME.finditer(text):
            given = m.group("given")
            if given not in lex.given or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            yield Mention(m.start(), m.end(), m.group(), "name", oblique=bool(_OBLIQUE_BEFORE.search(text[max(0, m.start() - 20):m.start()])),
                          detected_by="person/name-with-nickname")

    def _hashtag_names(self, text: str):
        """"#RIPKayla", "#JusticeForJay": a name inside a tribute hashtag."""
        lex = names.lexicon()
        for m in _HASHTAG_NAME.finditer(text):
            if m.group("name") in lex.given:
                yield Mention(m.start("name"), m.end("name"), m.group("name"), "name", detected_by="person/hashtag")

    def _nicknames(self, text: str, taken):
        for m in _NICKNAME.finditer(text):
            if any(a <= m.start("nick") < b for a, b in taken):
                continue
            quote = m.start("nick") - 1  # the cue may be inside the match: "calls ‘Smudge’"
            cue = _NICKNAME_CUE.search(text[max(0, quote - 50):quote])
            after = text[m.end():m.end() + 14].lower()
            status_after = regex.match(r"\s*(?:finally\s+|has\s+been\s+|was\s+|is\s+|got\s+)?#?(?:arrested|nicked|charged|jailed|detained|caught|locked)", after + text[m.end() + 14:m.end() + 40], regex.IGNORECASE)
            if not (cue or status_after or after.lstrip().startswith(("at number", "at no"))):
                continue
            yield Mention(m.start("nick"), m.end("nick"), m.group("nick"), "nickname", detected_by="person/nickname")

    # -- descriptions and relationships -----------------------------------------
    def _descriptions(self, text: str, taken):
        for count, m in enumerate(self.relation.finditer(text)):
            if count >= _DESCRIPTION_LIMIT:
                break
            rel = (m.group("rel") or m.group("rel2") or m.group("rel3")).casefold()
            gender = self.vocab.gender_of(rel)
            plural = (m.group().casefold().endswith("s") and not rel.endswith("s")
                      and not _ONE_OF_BEFORE.search(text, max(0, m.start() - 8), m.start())) or rel in _GROUP_NOUNS
            yield Mention(m.start(), m.end(), m.group(), "relation", gender=gender, age=_age(m), plural=plural,
                          child=(_age(m) or 99) < 18 or rel in self.vocab.child_nouns,
                          oblique=bool(_OBLIQUE_BEFORE.search(text[max(0, m.start() - 20):m.start()])),
                          detected_by="relation/possessive" if m.group("owner") else "relation/of",
                          owner=("victim" if m.group("holder").casefold() in ("victim", "complainant", "survivor") else "child")
                          if m.group("holder") else
                          {"his": "m", "her": "f", "their": "p"}.get((m.group("owner") or "").casefold(), "of"))
        for m in self._possessed_relations(text):
            rel = m.group("rel4").casefold()
            age = _age(m)
            yield Mention(m.start(), m.end(), m.group(), "relation", gender=self.vocab.gender_of(rel), age=age,
                          plural=m.group().casefold().endswith("s") and not rel.endswith("s"),
                          child=rel in self.vocab.child_nouns or (age or 99) < 18, detected_by="relation/of", owner="named")
        overlaps = _SpanIndex(taken)
        for m in self._description_matches(text):
            if overlaps.cuts(m.start(), m.end()):
                continue
            groups = m.groupdict()
            noun = (groups.get("noun") or "").casefold()
            free = (groups.get("free") or "").casefold()
            if free in _NOT_MODIFIERS:
                continue
            if noun in self.vocab.relation_nouns and (groups.get("det") or "").lower() in ("the", "a", "an"):
                if text[m.end():m.end() + 4].lower() == " of ":
                    continue  # "the sister of X" is a relationship, found above
            age = _age(m)
            words = m.group().casefold()
            child = (age is not None and age < 18) or noun in self.vocab.child_nouns or "teenage" in words \
                or (noun in self.vocab.child_when_young and _YOUNG_BEFORE_NOUN.search(words) is not None)
            plural = (m.group().casefold().endswith(("s", "men", "people", "children")) and noun not in ("boss", "witness", "actress")) \
                or noun in _GROUP_NOUNS
            yield Mention(m.start(), m.end(), m.group(), "description", gender=self.vocab.gender_of(noun) if noun else None, plural=plural,
                          age=age, child=child, oblique=bool(_OBLIQUE_BEFORE.search(text[max(0, m.start() - 20):m.start()])),
                          detected_by="description/" + (noun or "age"))

    def _possessed_relations(self, text: str):
        for mark in ("'s ", "’s "):
            at = text.find(mark)
            while at >= 0:
                if at and text[at - 1].isalpha():
                    m = self.possessed_relation.match(text, at + 3)
                    if m is not None:
                        yield m
                at = text.find(mark, at + 3)

    def _description_matches(self, text: str):
        """Every description, left to right, each found by a window search that ends at its noun."""
        lowered = lower_cased(text)
        found = []
        for start, end, _ in self.nouns.find(text, lowered):
            if text[start].isupper() and _ORGANISATION_AFTER.match(text, end):
                continue  # "our Child Abuse Investigation Unit", "Witness Care": a team's name, not a person
            if lowered.startswith("s", end):
                end += 1  # the finder stops before a plural's "s"; "the residents" are not "the resident"
            m = self.description.search(text, max(0, start - _DESCRIPTION_REACH), end)
            if m is None and (start == 0 or text[start - 1] == "\n" or text[max(0, start - 2):start] in (". ", "! ", "? ", ": ", "| ")):
                m = self.opening_noun.match(text, start)
            if m is not None:
                found.append(m)
            if len(found) >= _DESCRIPTION_LIMIT:
                break
        for start, end, _ in self.age_words.find(text, lowered):
            m = self.age_only.search(text, max(0, start - 24), end)
            if m is not None and not self.nouns.words & set(lowered[end:end + 20].split()[:1]):
                found.append(m)
        found.sort(key=lambda m: (m.start(), -m.end()))
        kept, last = [], -1
        for m in found:
            if m.start() >= last:
                kept.append(m)
                last = m.end()
        return kept

    def _pronouns(self, text: str):
        for count, m in enumerate(_PRONOUN.finditer(text)):
            if count >= _PRONOUN_LIMIT:
                return
            word = m.group().casefold()
            yield Mention(m.start(), m.end(), m.group(), "pronoun", gender=_PRONOUNS[word],
                          oblique=word in ("him", "his", "her", "hers", "himself", "herself"),
                          detected_by=f"pronoun/{word}")


BUSINESS_NOUNS = (r"shop|pub|cafe|café|garage|salon|takeaway|restaurant|store|bar|barbers|barber['’]s|chippy|chip\s+shop|newsagents?|"
                  r"off-licence|gym|hotel|nursery|bakery|butchers?|butcher['’]s|florists?|car\s+wash|tattoo\s+parlour|kebab\s+shop|pharmacy|"
                  r"farm|club|market\s+stall|stall|dealership|scrapyard|workshop|studio|b&b|guest\s+house|kennels|cattery|surgery")
# "The head of science at Ryedale School", "the landlord of the Black Bull": a post held at a place
# the post names is a person (judgement 10), whatever noun the role is.
_ROLE_NOUNS = ("headteacher", "principal", "caretaker", "licensee", "proprietor", "landlord", "landlady", "owner", "co-owner",
               "manager", "boss", "director", "chef", "vicar", "imam", "priest", "rabbi", "coach", "captain", "treasurer",
               "secretary", "chairman", "chairwoman", "chairperson", "chair", "founder", "receptionist", "groundsman", "warden",
               "matron", "governor", "head keeper", "gamekeeper", "keeper", "farm manager", "stud manager", "steward", "barman",
               "barmaid", "bar manager")
ROLE_AT_PLACE = regex.compile(
    r"\b(?P<det>the|a|an)\s+(?:(?:long-serving|long-time|longtime|popular|well-known|well-loved|much-loved)\s+)?"
    r"(?P<role>(?:deputy\s+|assistant\s+|acting\s+)?(?:head(?:\s+of\s+(?:year|science|maths|english|pe|music|history|art|"
    r"sixth\s+form|department|school|care|house|security))?|head\s+teacher|" + "|".join(_ROLE_NOUNS) + r"))\s+"
    # "the head keeper on the neighbouring estate at Grewelthorpe"
    r"(?:(?:on|at)\s+(?:the|a)\s+(?:[\p{Ll}-]+\s+){0,2}(?:estate|farm|site|yard|stud|ward|wing)\s+)?(?:at|of)\s+(?:the\s+)?"
    r"(?P<place>(?-i:\p{Lu})[\p{L}'’&-]+(?:\s+(?:(?-i:\p{Lu})[\p{L}'’&-]+|&|and|of|on|the))*(?<!\s(?:and|of|on|the))"
    # "the owner of the tattoo studio next to the clock tower": an unnamed business the post places
    r"|the\s+(?:[\p{Ll}-]+\s+){0,2}?(?:" + BUSINESS_NOUNS + r")\s+(?:next\s+to|opposite|beside|by|near|on|in|at|behind)\s+(?:the\s+)?"
    r"[\p{L}'’-]+(?:\s+(?!(?:and|but|who|which|is|was|has|had)\b)[\p{L}'’-]+){0,2})",
    regex.IGNORECASE)
_ROLE_GENDER = {"landlord": "m", "landlady": "f", "chairman": "m", "chairwoman": "f", "matron": "f"}


# A phone writes "nicked jordan pike": after an arrest verb, a given name and one more word in lower case.
_LOWER_NAME = regex.compile(
    r"\b(?:nicked|arrested|arrest|detained|charged|locked\s+up|lifted|picked\s+up|cuffed|booked\s+in)\s+(?P<name>(?P<given>\p{Ll}{2,})(?P<nick>\s+[‘'\x22“][\p{Ll}\s]{2,20}[’'\x22”])?(?:\s+(?P<surname>\p{Ll}[\p{Ll}'’-]{2,}))?)\b")
_NOT_SURNAMES = frozenset("for on in at and the a an after over with from of to by near outside again today tonight yesterday this last "
                          "earlier later who that was is has had he she his her him them they it our we".split())


_LOWER_NAME_VERBS = WordFinder(("nicked", "arrested", "arrest", "detained", "charged", "locked", "lifted", "picked", "cuffed", "booked"))


def _lower_case_names(text: str, taken):
    lex = names.lexicon()
    lowered = lower_cased(text)
    for start, _, _ in _LOWER_NAME_VERBS.find(text, lowered):
        m = _LOWER_NAME.match(text, start)
        if m is None:
            continue
        given = m.group("given")
        # "lifted jordy ‘the ferret’ mcbride": a nickname in quotes between two words says they are a name.
        if (given.title() not in lex.given and not (m.group("nick") and m.group("surname"))) or given in _NOT_SURNAMES or any(a < m.end("name") and m.start("name") < b for a, b in taken):
            continue
        surname = m.group("surname")
        end = m.end("name") if surname and surname not in _NOT_SURNAMES else m.end("given")
        yield Mention(m.start("name"), end, text[m.start("name"):end], "name", detected_by="person/lower-case-name")
    # A phone post, typed in lower case, also gives a person as "name from town" ("nicked a 24yo … – jordan
    # hebden from pickering") or puts the name in brackets ("a 19 yr old lad (jayden okafor-reid for those asking)").
    patterns = ((_LOWER_NAME_FROM,) if " from " in text or ", " in text else ()) + ((_LOWER_NAME_BRACKETED,) if "(" in text else ()) \
        + (_LOWER_NAME_AFTER_CUE,)
    if not _typed_in_lower_case(text):
        return
    for m in _LOWER_RIP.finditer(text) if "rip" in lowered or "peace" in lowered else ():
        # "rip big dev from stockton riders mc": whoever a phone post says RIP to is named, nickname or not.
        words = m.group("name").split()
        if not (_NOT_SURNAMES | _NOT_A_NAME).intersection(words) and not any(a < m.end("name") and m.start("name") < b for a, b in taken):
            yield Mention(m.start("name"), m.end("name"), m.group("name"), "name", detected_by="person/lower-case-name")
    for pattern in patterns:
        for m in pattern.finditer(text):
            given, surname = m.group("given"), m.group("surname")
            if given.title() in lex.given and surname not in _NOT_SURNAMES and given not in _NOT_SURNAMES \
                    and not any(a < m.end("name") and m.start("name") < b for a, b in taken):
                age = _LEADING_AGE.match(m.group())  # "12yo oisín brennan"
                age = int(age.group(1)) if age else None
                yield Mention(m.start("name"), m.end("name"), m.group("name"), "name", detected_by="person/lower-case-name",
                              age=age, child=age is not None and age < 18)


_LOWER_RIP = regex.compile(r"\b(?:rip|r\.i\.p\.?|rest\s+in\s+peace)\s+(?P<name>\p{Ll}{2,}(?:\s+\p{Ll}[\p{Ll}'’-]+)?)(?=\s+(?:from|of)\s|\s*[,.!–—-]|\s*$)")
_NOT_A_NAME = frozenset("mate lad fella pal bro sis young little old man woman lady gent boy girl son sweetheart angel all everyone "
                        "fly high sleep tight xx x off up out down apart open current currents tide tides".split())
# Words after which a phone post's two lower-case words are a name: "12yo oisín brennan who clocked the reg",
# "her mum gwen okafor was with her", "we lost lenny okonjo", and a reply that confirms a name, "yes kieran
# (kez) doyle was one of the 2 lads arrested".
_LOWER_NAME_AFTER_CUE = regex.compile(
    r"(?:\b\d{1,2}\s*(?:yo|y/o|yr\s+old|year\s+old)|\b(?:his|her|their)\s+(?:mum|mam|dad|nan|gran|grandad|sister|brother|aunt|uncle|partner|wife|husband)"
    r"|\bwe(?:['’]ve|\s+have)?\s+lost)\s+(?P<name>(?P<given>\p{Ll}{2,})\s+(?P<surname>\p{Ll}[\p{Ll}'’-]{2,}))(?=\s|[,.!]|$)"
    r"|\b(?:yes|yeah|yep)\s*[,–—-]?\s+(?P<name>(?P<given>\p{Ll}{2,})\s+(?:\(\p{Ll}+\)\s+)?(?P<surname>\p{Ll}[\p{Ll}'’-]{2,}))(?=\s+(?:was|is|has|had)\b)")
_LEADING_AGE = regex.compile(r"\s*(\d{1,2})\s*(?:yo|y/o|yr|year)")
_LOWER_NAME_BRACKETED = regex.compile(r"\((?P<name>(?P<given>\p{Ll}{2,})\s+(?P<surname>\p{Ll}[\p{Ll}'’-]{2,}))\b")
_LOWER_NAME_FROM = regex.compile(
    r"(?:^|[–—:,(-]\s*|\b(?:it['’]?s|its|was|is)\s+)(?P<name>(?P<given>\p{Ll}{2,})\s+(?P<surname>\p{Ll}[\p{Ll}'’-]{2,}))"
    r"(?:(?:\s*,\s*\d{1,2})?\s+(?:from|of)\s+\p{Ll}{3,}|(?<=\b(?:was|is)\s+\p{Ll}+\s+\S+)\s*,\s*\d{1,2}\b)")


def _nickname_again(text: str, mention: Mention, taken):
    """Later bare uses of the nickname inside a name ("Derek 'Dekka' Lowe … Dekka was found dead")."""
    quoted = _QUOTED_WORD.search(mention.text)
    if quoted is None:
        return
    nick = quoted.group(1)
    for at, end, _ in names.whole_word_mentions(text, [nick]):
        if at >= mention.end and not any(a < end and at < b for a, b in taken):
            yield Mention(at, end, nick, "given", detected_by="person/nickname-again")


_QUOTED_WORD = regex.compile(r"[‘'\"“](\p{Lu}\p{Ll}+)[’'\"”]")


class _SpanIndex:
    """Spans sorted by start, with the furthest end so far, so a check looks only at spans that
    could reach it (a long post has dozens of names and dozens of descriptions)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.reach, furthest = [], -1
        for _, b in self.spans:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def cuts(self, start: int, end: int) -> bool:
        """Whether a span holds ``start`` or ``end`` (a <= start < b or a < end <= b)."""
        k = bisect.bisect_left(self.starts, end) - 1
        while k >= 0 and self.reach[k] > start:
            a, b = self.spans[k]
            if a <= start < b or a < end <= b:
                return True
            k -= 1
        return False


_CAPITAL = regex.compile(r"\p{Lu}")


def _typed_in_lower_case(text: str) -> bool:
    """Whether hardly a character is a capital, as in a post typed on a phone."""
    first = next((c for c in text[:80] if c.isalpha()), "")
    if first.isupper():
        return False  # a post that opens with a capital was not typed all in lower case
    return len(_CAPITAL.findall(text)) < 0.025 * len(text)


_ROLE_WORDS = WordFinder(("head",) + _ROLE_NOUNS)


def _roles_at_places(text: str, taken):
    """Tried only where a role word stands, from the determiner just before it."""
    last = -1
    for start, _, _ in _ROLE_WORDS.find(text, lower_cased(text)):
        if start <= last:
            continue
        m = ROLE_AT_PLACE.search(text, max(0, start - 24), min(len(text), start + 160))
        if m is None or m.start("role") > start or m.end("role") <= start:
            continue
        last = m.end()
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        role = m.group("role").casefold()
        yield Mention(m.start(), m.end("role"), text[m.start():m.end("role")], "description",
                      gender=_ROLE_GENDER.get(role), oblique=bool(_OBLIQUE_BEFORE.search(text[max(0, m.start() - 20):m.start()])),
                      detected_by="description/role-at-place")


# A capitalised word, then the words around it that make a given name a person.
# "Chloé" with a combining accent too, and "Sophie-Mae".
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}'’-])\p{Lu}\p{M}*(?:\p{Ll}\p{M}*)+(?:-\p{Lu}\p{M}*(?:\p{Ll}\p{M}*)+)?(?![\p{L}\p{M}-]|['’](?!s\b))")
_NAME_WITH_NICKNAME = regex.compile(
    r"(?<![\p{L}\p{M}'’-])(?P<given>\p{Lu}\p{Ll}+)\s+[‘'\"“]\p{Lu}[\p{Ll}]+(?:\s\p{Lu}[\p{Ll}]+)?[’'\"”]\s+\p{Lu}[\p{L}\p{M}'’-]+(?:-\p{Lu}[\p{L}\p{M}'’]+)?")
_YOUNG_BEFORE_NOUN = regex.compile(r"\b(?:young|little|wee)\s+\S+\Z")
YOUNG_WORDS = ("young", "little", "baby", "tiny")  # before a lone first name, a child's
# "10-year-old Alfie", "ten-year-old Alfie": the age just before a first name is that person's.
_LONE_AGED = regex.compile(r"\b(?P<age>\d{1,2}|" + trie_alternation(ages.NUMBER_WORDS) + r")(?:[\s-]+years?[\s-]+old|\s*(?:yo|y/o|yrs?[\s-]+old))\s+$",
                           regex.IGNORECASE)
_LONE_YOUNG = regex.compile(r"\b(?:" + "|".join(YOUNG_WORDS) + r")\s+$", regex.IGNORECASE)
_LONE_BEFORE = regex.compile(
    r"(?:(?:\b|#)(?i:named|called|victim|thinking\s+of|thoughts\s+(?:are\s+)?with|give|ring|call|text|RIP|contact|email|message|"
    r"ask\s+for|speak\s+to|in\s+(?:touch|contact)\s+with|spok(?:e|en)\s+(?:to|with)|speaking\s+(?:to|with)|supporting|thanks?\s+to|thank\s+you|to\s+be|named\s+as|identified\s+as|believe\s+(?:it|this)\s+is|"
    r"(?P<it_was>it\s+(?:was|is)|it['’]s|was\s+it|is\s+it)|"
    r"(?:his|her|their)\s+(?:little\s+|older\s+|younger\s+|baby\s+|big\s+|twin\s+)?(?:brother|sister|son|daughter|cousin))"
    r"|\b[a-z]{3,}ed)\s+$")
# "Kayden’s mum, Leanne Marsh": a word that has a mum or a dad is a given name, listed or not.
_PARENT_AFTER = regex.compile(r"\s+(?:mum|mam|mom|dad|mother|father|parents|nan|nana|gran|grandma|grandad|grandmother|grandfather)\b",
                              regex.IGNORECASE)


def _unlisted_given_name(word: str, lex) -> bool:
    folded = word.casefold()
    return not (folded in lex.not_names or folded in lex.places or folded in lex.org_words or folded in lex.brands
                or folded in lex.street_words or folded in _MONTHS_FOLDED)


_LONE_AFTER = regex.compile(
    r"(?:['’]s)?\s*(?:,\s*(?:who|whose|aged|\d|the\s+\d{1,2}-year-old\b)|\s+(?:from\s+(?:our|the)|who\s|whose\s|was\s|is\s|has\s|had\s|and\s+(?:his|her)\s|"
    r"a\s+(?:ring|call|text|bell)\b|(?:directly\s+|personally\s+|herself\s+|himself\s+)?on\s+[+\d])"
    # "Ellie's mum has asked us to share this": a first name that has a family is a person's.
    r"|['’]s\s+(?:mum|mam|mom|dad|mother|father|parents|family|nan|nana|gran|grandma|grandad|grandmother|grandfather|"
    r"sister|brother|wife|husband|partner|son|daughter|teacher|school|classmates|friends)\b)")
# "upsetting for the family. Is he ok?": a family is a group, never "he" or "her".
_GROUP_NOUNS = frozenset({"family", "couple", "household"})
_ONE_OF_BEFORE = regex.compile(r"\bone\s+of\s+$", regex.IGNORECASE)
_MONTHS = frozenset({"January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"})
_MONTHS_FOLDED = frozenset(m.casefold() for m in _MONTHS)
_AFTER_VERB = regex.compile(r"\s+[a-z(,.!]|[,.!?]|$")


@functools.cache
def _not_people() -> frozenset[str]:
    from ..data import rules_dir
    with open(rules_dir() / "data" / "not_people.txt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))


def _in_headline(text: str, at: int) -> bool:
    """Whether ``at`` lies on a line in title case: most of its longer words capitalised."""
    lo = max(text.rfind("\n", 0, at) + 1, at - 200)  # a headline is one short line: look no further
    hi = text.find("\n", at, at + 200)
    words = [w for w in text[lo:hi if hi != -1 else at + 200].split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Left to right, the longest mention where two overlap; a name inside a description
    ("the man, John Smith") never overlaps it, so both stay."""
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end:
            prior = kept[-1]
            # A relationship or name wins over a pronoun or description it overlaps.
            rank = {"name": 4, "nickname": 4, "surname": 3, "given": 3, "relation": 2, "description": 1, "pronoun": 0}
            if rank[m.kind] > rank[prior.kind] or (rank[m.kind] == rank[prior.kind] and m.end - m.start > prior.end - prior.start):
                kept[-1] = m
            continue
        kept.append(m)
    return kept
