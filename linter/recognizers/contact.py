"""Phone numbers, e-mail addresses, home addresses and vehicle registrations.

Service numbers (101, 999, charity helplines, freephone and 03 numbers) and
the force's own domains are not personal data; a profile can add its own.
"""
from __future__ import annotations

import functools

import ahocorasick
import phonenumbers
import regex

from ..data import word_list
from .base import Entity, Found, trie_alternation

# Freephone, non-geographic and short-code ranges used by services, not people.
_SERVICE_PREFIXES = ("80", "30", "33", "34", "37", "84", "87", "116", "111", "101", "999", "112", "55")
_URL = regex.compile(r"\b(?:https?://|www\.)\S+", regex.I)
_PHONE_SHAPE = regex.compile(
    r"(?<![\w/.(-])(?:\+\d|00\d|0|\(0)[\d\s\u00a0().-]{8,60}\d(?![\w/-])", regex.V1)


def _inside(spans, start, end):
    return any(a <= start and end <= b for a, b in spans)


# Each candidate costs a parse by phonenumbers; a text of digits and separators can
# offer dozens per number found, so the parses are bounded too.
PARSES_PER_NUMBER = 10


_ASCII_DIGITS = "0123456789"


def could_hold_phone(text: str) -> bool:
    """False only when no number can be in the text: every number has ten digits.
    (Counting is exact for ASCII text; other digits are left to the recognizer.)"""
    return not text.isascii() or sum(map(text.count, _ASCII_DIGITS)) >= 10


def could_hold_email(text: str) -> bool:
    return "@" in text


class _ParseBudget:
    """How many more parses a text may cost; None means unbounded."""

    __slots__ = ("left",)

    def __init__(self, left: int | None):
        self.left = left

    def take(self) -> bool:
        if self.left is None:
            return True
        if self.left <= 0:
            return False
        self.left -= 1
        return True

    @property
    def spent(self) -> bool:
        return self.left is not None and self.left <= 0


def find_phones(text: str, allowed: frozenset[str] = frozenset(), limit: int | None = None) -> Found:
    urls = None  # found at the first number-shaped run: most texts have none
    found = Found()
    budget = _ParseBudget(PARSES_PER_NUMBER * limit if limit is not None else None)
    for m in _PHONE_SHAPE.finditer(text):
        if urls is None:
            urls = [(u.start(), u.end()) for u in _URL.finditer(text)]
        if _inside(urls, m.start(), m.end()):
            continue
        found.extend(_phones_in_run(text, m.start(), m.end(), allowed, budget))
        if limit is not None and len(found) >= limit:
            return Found(found[:limit])
        if budget.spent:
            found.complete = False
            break
    return found


_DIGIT_GROUP = regex.compile(r"\+?\(?\d+\)?")


def _phones_in_run(text: str, start: int, end: int, allowed, budget) -> list[Entity]:
    """A run of digits and separators may hold one number, two numbers, or a number
    followed by other figures ("01632 960218 24 hours a day"): take the longest
    prefix of digit groups that is a possible number, then carry on after it."""
    groups = [(start + g.start(), start + g.end(), sum(c.isdigit() for c in g.group()))
              for g in _DIGIT_GROUP.finditer(text[start:end])]
    found = []
    i = 0
    while i < len(groups):
        # Only prefixes of 10 to 14 digits can be numbers: a handful per position.
        ends, digits = [], 0
        for j in range(i, len(groups)):
            digits += groups[j][2]
            if digits > 14:
                break
            if digits >= 10:
                ends.append(j + 1)
        for j in reversed(ends):
            if not budget.take():
                return found
            span_start, span_end = groups[i][0], groups[j - 1][1]
            entity = _phone(text[span_start:span_end], span_start, span_end, allowed)
            if entity is not None:
                found.append(entity)
                i = j
                break
        else:
            i += 1
    return found


_NON_DIGIT = regex.compile(r"\D")  # compiled once: regex.sub(str, ...) pays a cache lookup per call


def _phone(raw: str, start: int, end: int, allowed) -> Entity | None:
    if raw.startswith("(") and raw.count("(") == raw.count(")") + 1:
        raw, start = raw[1:], start + 1  # "(07700 900642)": the bracket holds the whole number, not an area code
    digits = _NON_DIGIT.sub("", raw)
    if not 10 <= len(digits) <= 14 or not raw.lstrip("(").startswith(("0", "+")):
        return None
    if raw.count("(") != raw.count(")"):
        return None
    try:
        number = phonenumbers.parse(raw.replace("\u00a0", " "), "GB")
    except phonenumbers.NumberParseException:
        return None
    national = str(number.national_number)
    if national in allowed or digits in allowed or not phonenumbers.is_possible_number(number):
        return None
    if number.country_code == 44:
        if national.startswith(_SERVICE_PREFIXES) or not national.startswith(("1", "2", "7")):
            return None
        kind = "mobile" if national.startswith("7") else "landline"
    else:
        kind = "international"
    return Entity("phone", start, end, kind,
                  {"e164": phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)})


_EMAIL = regex.compile(r"(?<![\w.+-])[\w.+-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?<!\.)", regex.V1)
_ROLE_MAILBOXES = regex.compile(
    r"^(?:info|enquiries|enquiry|contact|hello|admin|office|press|news|media|team|support|help|bookings|"
    r"reception|sales|events|webteam|communications|comms|foi|noreply|no-reply)\b", regex.I)


_LOCAL_PART_BEFORE = regex.compile(r"(?r)[\w.+-]+", regex.V1)  # read right to left from an "@"


def _email_matches(text: str):
    """What ``_EMAIL.finditer`` finds, tried only at the "@"s. A scan of the whole text
    looks ahead for an "@" from every word, so its cost grew faster than the text; here
    each "@" gives the one place its address could start: where the run of address
    characters before it begins (the pattern's look-behind then checks it)."""
    floor = 0
    at = text.find("@")
    while at >= 0:
        local = _LOCAL_PART_BEFORE.match(text, floor, at)
        if local is not None:
            match = _EMAIL.match(text, local.start())
            if match is not None:
                yield match
                floor = match.end()
        at = text.find("@", max(at + 1, floor))


def find_emails(text: str, force_domains: frozenset[str] = frozenset(), limit: int | None = None) -> list[Entity]:
    found = []
    free_mail = word_list("personal_mail_domains.txt")
    for m in _email_matches(text):
        domain = m.group("domain").lower()
        local = m.group()[: m.start("domain") - m.start() - 1]
        if domain.endswith(".police.uk") or any(domain == d or domain.endswith("." + d) for d in force_domains):
            continue
        personal_domain = domain in free_mail or domain.split(".")[0] in ("example",)
        if not personal_domain and _ROLE_MAILBOXES.match(local):
            continue
        found.append(Entity("email", m.start(), m.end(), "free-mail" if personal_domain else "address",
                            {"domain": domain}))
        if limit is not None and len(found) >= limit:
            break
    return found


def _street_words() -> str:
    return trie_alternation(word_list("street_suffixes.txt"))


_STREET_PATTERNS = None


def _street_patterns():
    global _STREET_PATTERNS
    patterns = _STREET_PATTERNS
    if patterns is None:
        # Words start only after a non-word character and never give back what they
        # matched, so a long run without spaces is scanned once, not once per capital.
        name = r"(?:\p{Lu}[\p{L}\p{M}'’-]*+\s+){1,3}"
        street = regex.compile(rf"(?<![\p{{L}}\p{{M}}\d'’-])(?P<street>{name}(?:{_street_words()}))\b", regex.V1)
        house = regex.compile(
            rf"(?<![\p{{L}}\d/.-])(?P<number>\d{{1,4}}[A-Za-z]?)\s*,?\s+(?P<street>{name}(?:{_street_words()}))\b",
            regex.V1)
        # Published as one tuple: a thread arriving while another builds them either
        # builds its own or sees both, never one of the two.
        patterns = _STREET_PATTERNS = (street, house)
    return patterns


@functools.cache
def _suffix_finder():
    finder = ahocorasick.Automaton()
    for suffix in word_list("street_suffixes.txt"):
        finder.add_word(suffix, suffix)
    finder.make_automaton()
    return finder


# "her home at 14 Beckside, Thirsk": after a home word, a number and a name are a house though the
# street's name has no street word.
_HOME_AT_NUMBER = regex.compile(
    r"\b(?:home|house|flat|bungalow|cottage|address)\s+(?:at|on)\s+(?:number\s+|No\.?\s*)?"
    r"(?P<number>\d{1,4}[A-Za-z]?)\s*,?\s+(?P<street>(?-i:(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b)\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?))\b", regex.IGNORECASE)
_HOME_AT_WORDS = ("home", "house", "flat", "bungalow", "cottage", "address")


def could_hold_address(text: str) -> bool:
    """Every address ends in a street word, or follows a home word: one string pass (and a few
    finds) spare the pattern scans."""
    return next(_suffix_finder().iter(text), None) is not None or (
        any(word in text for word in _HOME_AT_WORDS) and _HOME_AT_NUMBER.search(text) is not None)


_LAW_COURT = regex.compile(r"\b(?:Youth|Crown|Magistrates['’]?|County|Family|Coroner['’]?s|High|Combined|Civil|Supreme|Appeal|Juvenile)\s+Court$")
# A house number given after its street, later in its sentence or the next.
_HOUSE_LATER = regex.compile(r"\b(?:at|to|outside|from|into|of|in|near)\s+(?P<house>(?:number|No\.?)\s+\d{1,4}[A-Za-z]?)\b(?!\s*(?:bus|service|route))")
_HOUSE_LATER_REACH = 150
_SENTENCE_END = regex.compile(r"[.!?\n]")


def find_addresses(text: str, limit: int | None = None) -> list[Entity]:
    street, house = _street_patterns()
    found = []
    houses = []
    for m in house.finditer(text):
        houses.append((m.start(), m.end()))
        found.append(Entity("address", m.start(), m.end(), "house-number", {"street": m.group("street")}))
        if limit is not None and len(houses) >= limit:
            break
    for m in _HOME_AT_NUMBER.finditer(text) if any(word in text for word in _HOME_AT_WORDS) else ():
        if limit is not None and len(houses) >= limit:
            break
        if not _inside(houses, m.start("number"), m.end()) and not regex.match(r"\s*(?:am|pm)\b", text[m.end("number"):]):
            houses.append((m.start("number"), m.end()))
            found.append(Entity("address", m.start("number"), m.end(), "house-number", {"street": m.group("street")}))
    streets = 0
    for m in street.finditer(text):
        if _inside(houses, m.start(), m.end()) or _LAW_COURT.search(m.group("street")):
            continue  # "York Youth Court" is where a case is heard, not where anyone lives
        found.append(Entity("address", m.start(), m.end(), "street", {"street": m.group("street")}))
        streets += 1
        number = _HOUSE_LATER.search(text, m.end(), min(len(text), m.end() + _HOUSE_LATER_REACH))
        if number is not None and len(_SENTENCE_END.findall(text, m.end(), number.start())) <= 1:
            # "the residents of Ferrand Close … while officers were at number 14": one address, and
            # "door handles along Linden Grove. Our thanks to Mr and Mrs Okafor at number 27" too.
            houses.append((number.start("house"), number.end()))
            found.append(Entity("address", number.start("house"), number.end(), "house-number", {"street": m.group("street")}))
        if limit is not None and streets >= limit:
            break
    found.sort(key=lambda e: (e.start, -e.end))
    return found if limit is None else found[:limit]


def fewer_addresses(found: list[Entity], text: str, limit: int) -> list[Entity]:
    """What ``find_addresses(text, limit)`` gives, from what it gave ``text`` at a higher limit:
    the same list when neither of its scans stopped short of ``limit``, else found afresh."""
    houses = sum(e.pattern == "house-number" for e in found)
    if houses < limit and len(found) - houses < limit and len(found) <= limit:
        return found
    return find_addresses(text, limit)


# Current (AB12 CDE), prefix (A123 BCD) and suffix (ABC 123D) plates. The letter all three open with is
# written once, before the alternatives: the engine then tries them only after a capital, which
# halves the scan.
_REGISTRATION = regex.compile(r"\b[A-Z](?:[A-Z]\d{2}\s?[A-Z]{3}|\d{1,3}\s?[A-Z]{3}|[A-Z]{2}\s?\d{1,3}[A-Z])\b")


def could_hold_registration(text: str) -> bool:
    return not text.isascii() or any(digit in text for digit in _ASCII_DIGITS)


def find_registrations(text: str, limit: int | None = None) -> list[Entity]:
    found = []
    for m in _REGISTRATION.finditer(text):
        found.append(Entity("vehicle", m.start(), m.end(), "uk-registration"))
        if limit is not None and len(found) >= limit:
            break
    return found
