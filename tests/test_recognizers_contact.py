"""Contact-detail recognizers, table-driven: private phone numbers against
service numbers and references, personal e-mail against force and role
mailboxes, home addresses, and vehicle registrations."""
from __future__ import annotations

import pytest

from linter.recognizers import contact
from linter.recognizers.contact import find_addresses, find_emails, find_phones, find_registrations
from tests.support.texts import post_texts


def spans(entities, text):
    return [text[e.start:e.end] for e in entities]


# -- phones ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "number", "kind"), [
    ("For details ring Maureen on 07700 900123 after 6pm.", "07700 900123", "mobile"),
    ("Call the coordinator on 01632 960218.", "01632 960218", "landline"),
    ("Ring 020 7946 0552 to book.", "020 7946 0552", "landline"),
    ("Or contact the farmer, Tom, directly on +44 7700 900391.", "+44 7700 900391", "mobile"),
    ("Give Sandra a ring on 07700\u00a0900614.", "07700\u00a0900614", "mobile"),
    ("Text 07700900123 now", "07700900123", "mobile"),
    ("Text 07700-900-123 now", "07700-900-123", "mobile"),
    ("\U0001F4DE07700 900123", "07700 900123", "mobile"),
    ("Call 01632 960218 ext 12", "01632 960218", "landline"),
])
def test_private_numbers_are_found(text, number, kind):
    found = find_phones(text)
    assert spans(found, text) == [number]
    assert found[0].pattern == kind
    assert found[0].get("e164", "").startswith("+44")


def test_two_numbers_in_one_post_are_two_findings():
    text = "Call 07700 900123 or 07700 900124, or 0800 555 111."
    assert spans(find_phones(text), text) == ["07700 900123", "07700 900124"]


@pytest.mark.parametrize("text", [
    "Call 101 or 999 in an emergency.",
    "Call Crimestoppers anonymously on 0800 555 111.",
    "Missing People on 116 000, Samaritans on 116 123.",
    "Report to Action Fraud on 0300 123 2040.",
    "Rape Crisis: 0808 500 2222.",
    "National Domestic Abuse Helpline 0808 2000 247.",
    "Modern Slavery Helpline 08000 121 700.",
    "Forward scam texts to 7726, or call 159 for your bank.",
    "Full appeal: https://www.suffolk.police.uk/news/appeal-12270063311/details",
    "See www.example.com/reports/07700900123 for details.",
    "Call 101 quoting 12270063311.",
    "Call 101 quoting 37/19920/27.",
    "Quote PR/45270044109 when you call.",
    "The incident happened on 01/02/2027 at 2027-04-01 time.",
    "Log NE-20270321-0456 refers.",
    "A \u00a31,234,567,890 fraud.",
])
def test_service_numbers_references_and_urls_are_not_phones(text):
    assert spans(find_phones(text), text) == []


def test_a_profile_can_allow_its_own_numbers():
    text = "Call the front desk on 01632 960000."
    assert spans(find_phones(text), text) == ["01632 960000"]
    assert find_phones(text, frozenset({"1632960000"})) == []


# Regressions: recognizer bugs found by this suite, since fixed.
def test_ten_digit_reference_is_not_a_phone():
    # A UK number written nationally starts with 0; a bare 10-digit reference is not a phone.
    for text in ("Call 101 quoting 1227006331.", "Crime reference 1234 5678 90."):
        assert spans(find_phones(text), text) == [], text


def test_00_international_prefix_is_a_phone():
    text = "Ring him on 0044 7700 900391."
    assert spans(find_phones(text), text) == ["0044 7700 900391"]


def test_bracketed_area_code_keeps_both_brackets():
    text = "Call (01632) 960218 for the parish office."
    found = spans(find_phones(text), text)
    assert len(found) == 1
    assert found[0].count("(") == found[0].count(")"), f"unbalanced excerpt {found[0]!r}"


def test_a_whole_number_in_brackets_is_found_without_them():
    text = "ring you back on the mobile you gave us (07700 900642) this afternoon"
    assert spans(find_phones(text), text) == ["07700 900642"]


# Known recognizer bug, written as the recognizer should behave; it fails until fixed.
@pytest.mark.parametrize(("text", "numbers"), [
    ("Call 01632 960218 24 hours a day.", ["01632 960218"]),
    ("Call 07700 900614 - 2 lines open.", ["07700 900614"]),
    ("Mob 07700 900123 07700 900124", ["07700 900123", "07700 900124"]),
])
def test_recognizer_bug_contact_number_followed_by_digits_is_missed(text, numbers):
    # The shape match runs on into the next number, validation then fails and nothing is found.
    assert spans(find_phones(text), text) == numbers


# -- e-mail -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "address", "pattern"), [
    ("Interested? Email Barry on barry.nuttall1957@example.com", "barry.nuttall1957@example.com", "free-mail"),
    ("Write to jo@example.net.", "jo@example.net", "free-mail"),
    ("Contact Jo@Example.COM", "Jo@Example.COM", "free-mail"),
    ("mailto:jo.bloggs@gmail.com", "jo.bloggs@gmail.com", "free-mail"),
    ("Email dave.smith@newsdesk.co.uk", "dave.smith@newsdesk.co.uk", "address"),
])
def test_personal_email_is_found(text, address, pattern):
    found = find_emails(text)
    assert spans(found, text) == [address]
    assert found[0].pattern == pattern


@pytest.mark.parametrize("text", [
    "Email us at elmbridge.beat@surrey.police.uk",
    "PC Tom Gregson: tom.gregson@surrey.police.uk",
    "Email news@northants.pnn.police.uk",
    "jo.bloggs@northants.pnn.police.uk",
    "Contact info@parishcouncil.org.uk or press@newsdesk.co.uk",
    "Follow @SurreyPolice",
    "See https://example.com/a@b",
])
def test_force_and_role_mailboxes_are_not_personal(text):
    assert spans(find_emails(text), text) == []


def test_a_profile_can_add_force_domains():
    text = "Email jo.bloggs@forcemail.example.org"
    assert spans(find_emails(text), text) == ["jo.bloggs@forcemail.example.org"]
    assert find_emails(text, frozenset({"forcemail.example.org"})) == []
    assert find_emails("jo@team.forcemail.example.org", frozenset({"forcemail.example.org"})) == []


# -- addresses ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "address", "pattern"), [
    ("Mrs Dewhurst of 23 Corvedale Road, Worthing", "23 Corvedale Road", "house-number"),
    ("He lives at 4 Milbank Row.", "4 Milbank Row", "house-number"),
    ("Flat 2b, 14a Kelda Lane", "14a Kelda Lane", "house-number"),
    ("No. 5 Mill Lane", "5 Mill Lane", "house-number"),
    ("221B Baker Street", "221B Baker Street", "house-number"),
    ("Two cars were broken into on Milbank Row in Redcar.", "Milbank Row", "street"),
    ("Officers were called to Green Lane in Selby.", "Green Lane", "street"),
    ("A man was seen on Reform Street.", "Reform Street", "street"),
    ("Hollybush Garth in Guisborough", "Hollybush Garth", "street"),
    # A home word before the number makes a house of a street whose name has no street word.
    ("a fire at her home at 7 Kirkgate, Ripon", "7 Kirkgate", "house-number"),
    ("the flat at No. 3 The Shambles", "3 The Shambles", "house-number"),
])
def test_addresses(text, address, pattern):
    found = find_addresses(text)
    assert spans(found, text) == [address]
    assert found[0].pattern == pattern
    assert found[0].get("street") in address


@pytest.mark.parametrize(("text", "street"), [
    ("At 5.30pm on Church Road a car was damaged.", "Church Road"),
    ("Drivers doing 30 mph on Station Road were stopped.", "Station Road"),
])
def test_times_and_speeds_are_not_house_numbers(text, street):
    found = find_addresses(text)
    assert [(text[e.start:e.end], e.pattern) for e in found] == [(street, "street")]


def test_a_house_number_in_the_next_sentence_belongs_to_the_street_but_not_two_sentences_on():
    text = "A man tried car doors along Heron Way last night. Thanks to the couple at number 12 for the footage."
    assert [(text[e.start:e.end], e.pattern) for e in find_addresses(text)] == [("Heron Way", "street"), ("number 12", "house-number")]
    text = "A man tried car doors along Heron Way last night. He ran off. Thanks to the couple at number 12."
    assert [(text[e.start:e.end], e.pattern) for e in find_addresses(text)] == [("Heron Way", "street")]


@pytest.mark.parametrize("text", [
    "Officers patrolled the A64 near York.",
    "a lovely walk in the park",
    "12 high street",
    "We got home at 10 Tuesday night.",
    "She was home at 9 and rang us.",
])
def test_not_addresses(text):
    assert find_addresses(text) == []


# -- vehicle registrations ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Officers were called to 12 Kelda Lane and later to Marsh Road, where a car was damaged.",
    " ".join(f"Called to {n} Kelda Lane." for n in range(1, 70)),                 # more houses than the bound
    " ".join(f"Patrols on {w} Street." for w in ("Mill", "Kirk", "Bank", "Bridge") * 20),  # more streets
    " ".join(f"{n} Kelda Lane and Marsh Road." for n in range(1, 30)),             # fewer of each, more in all
])
def test_fewer_addresses_is_what_a_lower_bound_finds(text):
    assert contact.fewer_addresses(find_addresses(text, 101), text, 50) == find_addresses(text, 50)


@pytest.mark.parametrize(("text", "registration"), [
    ("Blue Ford Ranger, registration KX23 PLM, stolen.", "KX23 PLM"),
    ("reg KX23PLM", "KX23PLM"),
    ("an old A123 BCD plate", "A123 BCD"),
    ("a classic ABC 123D", "ABC 123D"),
])
def test_registrations(text, registration):
    found = find_registrations(text)
    assert spans(found, text) == [registration]
    assert found[0].detected_by == "vehicle/uk-registration"


@pytest.mark.parametrize("text", [
    "Delays on the M62 and the A1(M).",
    "The PCSO checked the CCTV with the NHS.",
    "Postcodes YO10 5DD and IP1 2AB.",
    "Quote PR/45270044109.",
])
def test_not_registrations(text):
    assert find_registrations(text) == []


def test_trie_alternation_matches_what_a_longest_first_list_matches():
    import regex
    from linter.recognizers.base import trie_alternation
    words = ["Road", "Row", "Rise", "Garden", "Gardens", "Green", "Way", "Walk", "Grove", "End"]
    listed = regex.compile(r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")
    trie = regex.compile(r"\b" + trie_alternation(words) + r"\b")
    text = "Rows Road Gardens Garden Gardenia Green-End Way Walkway Grove Row Rise Ends End"
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in listed.finditer(text)]
    assert trie.fullmatch("Gardens") and not trie.fullmatch("Gard")


# Plain posts with no digits, no "@" and no street word, so every quick test has something to rule
# out even in a bare clone, where only the held-out corpus in tests/data is there to read.
PLAIN = [
    "Thank you to everyone who came to the beat surgery this morning.",
    "Lock your sheds and mark your tools: thieves are targeting rural properties.",
    "Our new cadets passed out tonight and we could not be prouder of them.",
    "Please check on elderly neighbours during the cold snap.",
    "Scam callers are pretending to be from your bank. Hang up and call back on a number you trust.",
    "Great teamwork from response and the dogs unit overnight.",
]


def _texts():
    return post_texts() + PLAIN + ["Call ０７７００ ９００１２３ now", "Mail a@b.co.uk", "Seen on Kelda Lane"]


@pytest.mark.parametrize(("could_hold", "find"), [
    (contact.could_hold_phone, contact.find_phones),
    (contact.could_hold_email, contact.find_emails),
    (contact.could_hold_address, contact.find_addresses),
    (contact.could_hold_registration, contact.find_registrations),
])
def test_a_recognizer_skipped_by_its_quick_test_would_have_found_nothing(could_hold, find):
    skipped = 0
    for text in _texts():
        if not could_hold(text):
            skipped += 1
            assert find(text) == [], text[:80]
    assert skipped >= 5, "the quick test should rule out some real posts"


def test_quick_tests_rule_out_texts_without_what_a_find_needs():
    assert not contact.could_hold_phone("Call 101 or 999 on 12 May")
    assert contact.could_hold_phone("Call 07700 900123")
    assert contact.could_hold_phone("Call ０７７００ ９００１２３")  # other digits: left to the recognizer
    assert not contact.could_hold_email("No address here")
    assert not contact.could_hold_registration("No numbers here")


def test_emails_found_from_each_at_sign_are_what_a_scan_finds():
    import random
    rng = random.Random(7)
    texts = _texts() + ["a@b.c@d.ef", "x.@y.com", "@a.com", "a@b.com.", "joe@a.b@c.d", "é@x.co", "a@@b.co",
                        ".a@b.co", "-@-.-", "mail joe.b+x@gmail.com and x@y.uk"]
    texts += ["".join(rng.choice("ab.@+-_ xé1") for _ in range(rng.randint(1, 40))) for _ in range(2000)]
    for text in texts:
        assert [m.span() for m in contact._email_matches(text)] == [m.span() for m in contact._EMAIL.finditer(text)], text
