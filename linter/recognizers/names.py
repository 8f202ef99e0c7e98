"""Person names in police prose.

A name is a run of capitalised words that either starts with a known given
name, follows a title ("Mrs", "PC", "Cllr"), or has the shape police reports
give a person ("Name, 34, of Town", "Name (27)"). Runs that end in a street or
building word, or start with a place or organisation word, are not people.
Each person gets a ``role``: ``officer``, ``politician`` or ``person``.
"""
from __future__ import annotations

import bisect
import unicodedata

import regex

from ..data import word_list, word_table
from .ages import NUMBER_WORDS, age_value
from .base import Entity, trie_alternation

# One capitalised word: letters and combining marks, with inner hyphens or
# apostrophes before a capital ("Lee-Anne", "O'Neill", "Wójcik-Harris"), but a
# trailing possessive "'s" is left out of the word.
WORD = r"(?:\p{Lu}[\p{Ll}\p{Lu}\p{M}]*(?:[-'’]\p{Lu}[\p{Ll}\p{Lu}\p{M}]*|-\p{Ll}[\p{Ll}\p{M}]+)*)"
# Irish and Scottish Gaelic patronymic particles ("Siobhán Ní Bhriain", "Seán Ó Briain") stand between the names too.
PARTICLE = r"(?:(?:van|von|de|da|del|della|di|du|le|la|bin|ibn|al|el|ap|Ní|Nic|Ó|Ua|Uí|Mhic|Mac)\s)"
RUN = regex.compile(rf"(?<![\p{{L}}\p{{M}}\d@#/._-]){WORD}(?:[^\S\n]{{1,2}}{PARTICLE}?{WORD}){{0,3}}(?![\p{{L}}\p{{M}}\d_])", regex.V1)
WORD_RE = regex.compile(WORD, regex.V1)

OFFICER_TITLES = (
    "PC", "PCSO", "DC", "DS", "DI", "DCI", "DSU", "Det", "Detective", "Sgt", "Sergeant", "Insp", "Inspector",
    "Supt", "Superintendent", "Ch", "Chief", "Constable", "Officer", "Special", "SC", "ACC", "DCC", "CC",
    "Commander", "Commissioner", "Temporary", "T/Insp", "T/Sgt", "Acting", "Sgts", "PCs", "Cst",
)
POLITICAL_TITLES = ("Cllr", "Councillor", "MP", "Mayor", "Candidate", "PCC")
CIVIL_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lady", "Lord", "Rev", "Revd", "Father")

_THE_BEFORE = regex.compile(r"\bthe\s+$", regex.V1)
_ALL_TITLES = frozenset(OFFICER_TITLES + POLITICAL_TITLES + CIVIL_TITLES)
_TITLE_BEFORE = regex.compile(
    r"(?:\b(?P<title>" + "|".join(sorted(set(OFFICER_TITLES + POLITICAL_TITLES + CIVIL_TITLES), key=len, reverse=True))
    + r")\.?\s+(?:(?:Constable|Inspector|Sergeant|Superintendent|Sgt|Insp|Supt|Chief|Detective|Officer)\s+)*)$",
    regex.V1,
)
_APPOSITION_AFTER = regex.compile(
    r"^(?:['’]s)?(?:\s*,\s*(?:aged\s+)?(?P<age>\d{1,2})\s*[,.;:?!]|\s*\(\s*(?:aged\s+)?(?P<age>\d{1,2})\s*\)"
    r"|\s*,\s*aged\s+(?P<age>\d{1,2})\b|\s*,\s*(?P<age>\d{1,2})\s+and\s+)",
    regex.V1,
)
_AGE_BEFORE = regex.compile(r"\b(?P<age>\d{1,2})(?:[\s-]+years?[\s-]+old|\s*(?:yo|y/o|yr-old|yrs?\s+old))\s+(?:[\p{Ll}-]+\s+){0,2}$", regex.V1)
# "Nine-year-old Ellie": a capitalised age at the head of a run is the person's age, not part of the name.
_AGE_WORD = regex.compile(r"(?P<age>\d{1,2}|" + trie_alternation(NUMBER_WORDS) + r")-years?-old", regex.V1 | regex.IGNORECASE)


def unaccented(word: str) -> str:
    """"Siobhán" as "Siobhan": the word without its combining marks."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


class _AccentBlind(frozenset):
    """A word list that also holds each word's accented spellings: "Siobhán" is the listed "Siobhan"."""

    def __contains__(self, word) -> bool:
        return frozenset.__contains__(self, word) or (not word.isascii() and frozenset.__contains__(self, unaccented(word)))


class NameLexicon:
    """The word lists the name recognizer needs, loaded once."""

    def __init__(self):
        self.given = _AccentBlind(word_list("first_names.txt"))
        # "Chloe … He" is two people: a given name's usual gender, where it has a clear one.
        self.given_gender = word_table("given_name_genders.txt")
        self.not_names = {w.casefold() for w in word_list("not_names.txt")}
        self.street_words = {w.casefold() for w in word_list("street_words.txt")}
        self.trade_words = {w.casefold() for w in word_list("trade_words.txt")}
        self.org_words = {w.casefold() for w in word_list("organisation_words.txt")} | self.trade_words
        self.places = {w.casefold() for w in word_list("places.txt")}
        self.brands = {w.casefold() for w in word_list("not_people_titled.txt")}
        self.surname_words = {w.casefold() for w in word_list("surname_words.txt")}


_LEXICON: NameLexicon | None = None


def lexicon() -> NameLexicon:
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = NameLexicon()
    return _LEXICON


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def find_people(text: str, limit: int | None = None) -> list[Entity]:
    """Every person name in ``text``, once, left to right; with ``limit``, the
    scan stops once that many names are found (a bound on hostile input)."""
    lex = lexicon()
    given = lex.given
    people: list[Entity] = []
    for run in RUN.finditer(text):
        group = run.group()
        if " " not in group and group not in given and len(group.split(None, 1)) == 1 \
                and not _may_end_in_title(text[max(0, run.start() - 40):run.start()]):
            continue  # most runs are one word that is no name (as _people_in_run would find, unasked)
        people.extend(_people_in_run(text, run, lex))
        if limit is not None and len(people) >= limit:
            break
    people.extend(_repeated_surnames(text, people, limit))
    people.sort(key=lambda e: (e.start, -e.end))
    return people if limit is None else people[:limit]


def _people_in_run(text: str, run, lex: NameLexicon):
    group = run.group()
    if len(group.split(None, 1)) == 1:
        # One word ("Officers", "Leeds") is a name only after a title or as a given name
        # with an age after it: most runs are one word, and most end here.
        if group not in lex.given and not _may_end_in_title(text[max(0, run.start() - 40):run.start()]):
            return
        words = [(run.start(), run.end(), group)]
    else:
        words = [(m.start() + run.start(), m.end() + run.start(), m.group()) for m in WORD_RE.finditer(group)]
    # A run may begin with words that are not part of a name ("Officers Callum Pexton"
    # is impossible, but "Driver Ricky Sowerby" and "RIP Dave Kitching" happen).
    while len(words) > 1 and (words[0][2].casefold() in lex.not_names or words[0][2] in _ALL_TITLES):
        words = words[1:]
    age_word = _AGE_WORD.fullmatch(words[0][2]) if len(words) > 1 and "-" in words[0][2] else None
    if age_word:
        words = words[1:]
    # "Meet PC Amira Khan": a title inside the run starts the name after it.
    for j in range(len(words) - 2, 0, -1):
        if words[j][2] in _ALL_TITLES:
            words = words[j + 1:]
            break
    if not words:
        return
    # Cut the run at the first street, building or organisation word: "Kelda Lane",
    # "Suffolk Magistrates' Court" and "Ashgarth Lane Primary School" are not people.
    aged = _APPOSITION_AFTER.match(text[words[-1][1]:words[-1][1] + 24]) is not None
    for i, (_, _, word) in enumerate(words):
        folded = word.casefold()
        # "Tyler Brook, 16," and "Ellis Rose, 18," are people: streets, pubs and councils have no age.
        if i and (folded in lex.org_words or folded in lex.street_words) and not aged \
                and not (i == len(words) - 1 == 1 and folded in lex.surname_words and words[0][2] in lex.given
                         and _reads_as_person(text, words[0][0], words[-1][1])):
            return
        if i == 0 and folded in lex.org_words:
            return
    start, end = words[0][0], words[-1][1]
    before = text[max(0, start - 40):start]
    after = text[end:end + 24]
    title = _TITLE_BEFORE.search(before) if _may_end_in_title(before) else None
    first = words[0][2]
    first_folded = first.casefold()
    if first_folded in lex.not_names or (first_folded in lex.places and first not in lex.given):
        if not title:
            return
    role = "person"
    pattern = None
    if title:
        t = title.group("title")
        given = words[0][2] if len(words) > 1 else None
        if t in OFFICER_TITLES:
            role = "officer"
        elif t in POLITICAL_TITLES:
            role = "politician"
        if t in ("Mr", "Mrs", "Ms", "Miss") and first_folded in lex.brands:
            return
        pattern = "title"
        yield Entity("person", start, end, pattern,
                     {"role": role, "title": t, "words": len(words),
                      "surname": words[-1][2], "given": given})
        return
    if before.rstrip().endswith("the") and _THE_BEFORE.search(before):
        return
    apposition = _APPOSITION_AFTER.match(after)
    age_before = _AGE_BEFORE.search(before) if ("old" in before or "yo" in before) else None
    age = int(apposition.group("age")) if apposition else int(age_before.group("age")) if age_before else None
    if age_word:
        age = age_value(age_word.group("age"))
    if len(words) >= 2 and apposition:
        pattern = "apposition"
    elif len(words) >= 2 and first in lex.given:
        pattern = "given-name"
    elif len(words) == 1 and first in lex.given and (apposition or age_word):
        pattern = "given-name-apposition" if apposition else "given-name-age"
    elif len(words) >= 2 and _looks_like_full_name(words, lex):
        pattern = "capitalised-pair"
    if pattern is None:
        return
    if len(words) > 3:
        # "Callum Pexton Scarborough" is unlikely; keep the first two or three words.
        words = words[:3]
        end = words[-1][1]
    yield Entity("person", start, end, pattern,
                 {"role": role, "words": len(words), "surname": words[-1][2] if len(words) > 1 else None,
                  "given": first, "age": age, "minor": None if age is None else age < 18})


_WORD_CHAR = regex.compile(r"\w", regex.V1)
_PERSON_BEFORE = regex.compile(r"(?:\b(?:arrested|charged|named|jailed|sentenced|thank|thanks|to|with|by|victim|witness|suspect|"
                               r"defendant|of|and)\s+|,\s*)$", regex.IGNORECASE)
_PERSON_AFTER = regex.compile(r"(?:['’]s\s+(?:family|mum|dad|wife|husband|partner)\b|\s*,\s*(?:who|whose|aged|\d)|\s+(?:who|whose|was|is|has|had|"
                              r"and\s+(?:his|her)|said|says|told|pleaded|admitted|denied|died|appeared)\b)")


def _reads_as_person(text: str, start: int, end: int) -> bool:
    """"Chloe Hart was arrested": the words either side say the run names a person, not a pub."""
    if _THE_BEFORE.search(text, max(0, start - 8), start):
        return False
    return _PERSON_AFTER.match(text, end) is not None or _PERSON_BEFORE.search(text, max(0, start - 24), start) is not None


def _is_word_char(ch: str) -> bool:
    """What the patterns' \\w means (Unicode word characters, marks included)."""
    if ch.isascii():
        return ch.isalnum() or ch == "_"
    return _WORD_CHAR.match(ch) is not None


def _may_end_in_title(before: str) -> bool:
    """Whether ``before`` can end in a title, so the title pattern is worth running:
    it must end in a whole word (after an optional full stop) that is a title or rank."""
    tail = before.rstrip()
    if tail.endswith("."):
        tail = tail[:-1]
    token = tail.rsplit(None, 1)[-1] if tail else ""
    if token.isascii() and token.isalnum():  # all word characters: the last word is the token
        return token in _ALL_TITLES
    i = len(tail)
    while i and _is_word_char(tail[i - 1]):
        i -= 1
    return tail[i:] in _ALL_TITLES


def _looks_like_full_name(words, lex: NameLexicon) -> bool:
    """Two capitalised words mid-sentence that are not places or common words,
    for names the gazetteer lacks ("Ikechukwu Daramola")."""
    if len(words) != 2:
        return False
    return all(w.casefold() not in lex.not_names and w.casefold() not in lex.places and not w.isupper()
               for _, _, w in words)


def _repeated_surnames(text: str, people: list[Entity], limit: int | None = None) -> list[Entity]:
    """Later bare mentions of a surname or given name already seen in a full name
    ("Cheatle has 31 previous convictions", "Gareth, who lives on..."). With ``limit``, only those
    that can be among the first ``limit`` people once all are sorted: on a long hostile text the
    mentions past the bound were thousands of entities made to be cut."""
    surnames = {}
    for p in people:
        if p.get("words", 1) < 2:
            continue
        for part in (p.get("surname"), p.get("given")):
            if part and len(part) > 2:
                surnames.setdefault(_strip_possessive(part), p)
    if not surnames:
        return []
    taken = sorted((p.start, p.end) for p in people)
    starts = [a for a, _ in taken]
    stop = None
    if limit is not None and len(people) >= limit:
        # A mention starting after the limit-th person is preceded by at least ``limit`` people (none
        # starts where a person does: it would stand inside that person's name).
        stop = sorted((p.start, -p.end) for p in people)[limit - 1][0]
    found = []
    for start, end, word in whole_word_mentions(text, list(surnames), stop):
        if limit is not None and len(found) >= limit:
            break  # every later one has ``limit`` mentions before it
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and taken[i][0] <= start < taken[i][1]:
            continue
        full = surnames[word]
        kind = "repeated-surname" if word == _strip_possessive(full.get("surname") or "") else "repeated-given-name"
        found.append(Entity("person", start, end, kind,
                            {"role": full.get("role"), "words": 1, "refers_to": full.start}))
    return found


def whole_word_mentions(text: str, words: list[str], stop: int | None = None):
    """Left to right, non-overlapping, each ``word`` where it stands as a whole word;
    where two could start at one place, the earlier in ``words`` wins. (What
    ``\\b(?:w1|w2|...)\\b`` finds, without compiling a pattern for each post.) With ``stop``,
    only those starting before it (which the ones after cannot displace)."""
    hits = []
    for order, word in enumerate(words):
        at = text.find(word)
        while at != -1 and (stop is None or at < stop):
            end = at + len(word)
            if (at == 0 or not _is_word_char(text[at - 1])) and (end == len(text) or not _is_word_char(text[end])):
                hits.append((at, order, end, word))
            at = text.find(word, at + 1)
    hits.sort()
    taken_until = 0
    for at, _, end, word in hits:
        if at >= taken_until:
            taken_until = end
            yield at, end, word
