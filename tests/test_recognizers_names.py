"""The person-name recognizer, table-driven: shapes police prose gives a
person, and the capitalised near-misses that are streets, courts, brands,
operations and dates."""
from __future__ import annotations

import pytest

from linter.recognizers.names import find_people


def people(text):
    return [(text[e.start:e.end], e) for e in find_people(text)]


def the_person(text, name):
    found = [e for excerpt, e in people(text) if excerpt == name]
    assert len(found) == 1, f"expected one person {name!r} in {text!r}, got {[x for x, _ in people(text)]}"
    return found[0]


# (text, name, pattern, attributes the entity must carry)
PEOPLE = [
    ("Officers arrested Callum Pexton on Friday.", "Callum Pexton", "given-name", {"role": "person"}),
    ("Officers arrested Ikechukwu Daramola yesterday.", "Ikechukwu Daramola", None, {"role": "person"}),
    ("Callum Pexton, 34, of Whitby was arrested.", "Callum Pexton", "apposition", {"age": 34, "minor": False}),
    ("Ricky Sowerby (27) was arrested.", "Ricky Sowerby", "apposition", {"age": 27, "minor": False}),
    ("Driver Ricky Sowerby (27) ARRESTED on suspicion of drink driving.", "Ricky Sowerby", "apposition", {}),
    ("Tom Pexton, 16, was arrested.", "Tom Pexton", "apposition", {"age": 16, "minor": True}),
    ("Jane Doe, aged 34, of Selby.", "Jane Doe", "apposition", {"age": 34}),
    ("Kacey (15) is missing from Skipton.", "Kacey", "given-name-apposition", {"age": 15, "minor": True}),
    ("A 31-year-old Callum Pexton was arrested.", "Callum Pexton", None, {"age": 31}),
    ("Officers arrested JAMIE TROTTER, 24, on suspicion of burglary.", "JAMIE TROTTER", "apposition", {"age": 24}),
    # Possessives stay outside the name, straight or curly.
    ("We'll be at Connor Stapley’s address at 6am.", "Connor Stapley", None, {"role": "person"}),
    ("We'll be at Connor Stapley's address at 6am.", "Connor Stapley", None, {"role": "person"}),
    ("Harold Pyecroft's mobility scooter was stolen.", "Harold Pyecroft", None, {}),
    # Letters beyond ASCII, hyphens, apostrophes and combining marks.
    ("Mārtiņš Bērziņš, 40, was arrested.", "Mārtiņš Bērziņš", "apposition", {"age": 40}),
    ("Dorota Wójcik-Harris, 35, was arrested.", "Dorota Wójcik-Harris", "apposition", {}),
    ("Noe\u0308lle Ashcroft, 22, was arrested.", "Noe\u0308lle Ashcroft", "apposition", {}),
    ("Officers arrested Jamie-Lee Trotter yesterday.", "Jamie-Lee Trotter", None, {}),
    ("Siobhan O'Neill, 30, was arrested.", "Siobhan O'Neill", "apposition", {}),
    # Titles: the name is the span, the title is an attribute, and it sets the role.
    ("Thanks to Mr Dewhurst.", "Dewhurst", "title", {"role": "person", "title": "Mr"}),
    ("Mrs Dewhurst thanked officers.", "Dewhurst", "title", {"role": "person", "title": "Mrs"}),
    ("Dr. Amy Clarke said the clinic is open.", "Amy Clarke", "title", {"role": "person", "title": "Dr"}),
    ("PC Hussain attended.", "Hussain", "title", {"role": "officer", "title": "PC"}),
    ("PCSO Dan Webb is on patrol.", "Dan Webb", "title", {"role": "officer", "title": "PCSO"}),
    ("Sgt Andy Platt said hello.", "Andy Platt", "title", {"role": "officer", "title": "Sgt"}),
    ("Det Insp Sarah Lowe said.", "Sarah Lowe", "title", {"role": "officer"}),
    ("Cllr Maureen Featherstone joined us.", "Maureen Featherstone", "title",
     {"role": "politician", "title": "Cllr"}),
    ("Thanks to Councillor Brown.", "Brown", "title", {"role": "politician", "title": "Councillor"}),
]


@pytest.mark.parametrize(("text", "name", "pattern", "attrs"), PEOPLE, ids=[p[1] for p in PEOPLE])
def test_person_is_recognised(text, name, pattern, attrs):
    entity = the_person(text, name)
    assert entity.kind == "person"
    if pattern:
        assert entity.pattern == pattern
    assert entity.detected_by == f"person/{entity.pattern}"
    for key, value in attrs.items():
        assert entity.get(key) == value, key


def test_two_people_in_one_sentence():
    assert [x for x, _ in people("Officers arrested Callum Pexton and Jade Kirby.")] == ["Callum Pexton",
                                                                                          "Jade Kirby"]


def test_a_later_bare_surname_refers_back_to_the_full_name():
    text = "Officers arrested Callum Pexton. Pexton was bailed."
    found = people(text)
    assert [x for x, _ in found] == ["Callum Pexton", "Pexton"]
    repeated = found[1][1]
    assert repeated.pattern == "repeated-surname"
    assert repeated.get("refers_to") == text.index("Callum")


NOT_PEOPLE = [
    "Officers were called to Green Lane in Selby.",
    "Damage was reported on Reform Street, Dundee.",
    "Lindenwood Road is closed.",
    "St Helens Street is closed.",
    "Head to Kelda Lane Park for the event.",
    "The Mr Whippy van was stolen.",
    "Mr Whippy was parked outside.",
    "Mr Blobby visited the school.",
    "A man appeared at Suffolk Magistrates' Court.",
    "He appeared at Teesside Magistrates' Court today.",
    "York Crown Court heard the case.",
    "Officers from Operation Lindenwood seized drugs.",
    "Last Monday we patrolled. See you in March.",
    "Officers on Friday January 5 arrested a man.",
    "Bank Holiday Monday traffic is heavy.",
    "Happy Christmas from the Selby team.",
    "Labour ward staff thanked us.",
    "North Yorkshire Police said the road is open.",
    "Norwich City Council has funded the cameras.",
    "Report it to Action Fraud online.",
    "Check Street View first.",
    "The head teacher of Ashgarth Lane Primary School thanked us.",
    "Great Yarmouth Police Station is open.",
    "Selby Safer Neighbourhood Team is out today.",
    "Ipswich Town fans are welcome.",
    "Officers arrested jamie trotter today.",
]


@pytest.mark.parametrize("text", NOT_PEOPLE)
def test_capitalised_near_misses_are_not_people(text):
    assert people(text) == []


def test_every_entity_span_is_inside_the_text_and_names_its_pattern():
    text = "Cllr Maureen Featherstone met Callum Pexton, 31, and PC Hussain on Green Lane. Pexton left."
    for excerpt, entity in people(text):
        assert 0 <= entity.start < entity.end <= len(text)
        assert excerpt.strip() == excerpt and excerpt
        assert entity.pattern


# Regressions: these cases were recognizer bugs found by this suite, since fixed.
PUBS_AND_PLACES = [
    # A capitalised pair after "the" is a pub, shop or building, not a person.
    "A man was arrested after a fight at the Red Lion in Selby.",
    "A man was arrested at the Black Horse pub in Thirsk.",
    # A town missing from the gazetteer ("Market ..." towns).
    "A man was arrested in Market Weighton.",
    # A surname-like pub word with no first name, or a first name with a venue word and no person context.
    "Quiz night at the White Hart raised £200 for the hospice.",
    "Victoria Hall was packed for the safety talk.",
]


@pytest.mark.parametrize(("text", "name"), [
    ("We arrested Chloe Hart in Redcar yesterday.", "Chloe Hart"),
    ("Molly Swan said the van had gone by 6am.", "Molly Swan"),
    ("Thanks to Amy Green and Sam Bell for the lift home.", "Sam Bell"),
])
def test_a_surname_that_is_also_a_pub_word_after_a_first_name(text, name):
    assert name in [excerpt for excerpt, _ in people(text)]


@pytest.mark.parametrize("text", PUBS_AND_PLACES)
def test_pubs_and_places_are_not_people(text):
    assert people(text) == []


@pytest.mark.parametrize(("text", "name", "age"), [
    # An age apposition closed by ? or ! (missing-person appeals end this way).
    ("Have you seen Gwen, 71?", "Gwen", 71),
    ("Have you seen Kacey, 15? Call 999.", "Kacey", 15),
    ("Please share: Callum Pexton, 31!", "Callum Pexton", 31),
])
def test_age_apposition_before_a_question_mark(text, name, age):
    entity = the_person(text, name)
    assert entity.get("age") == age
    assert entity.get("minor") == (age < 18)
