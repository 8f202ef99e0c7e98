"""Text geometry: code-point and UTF-16 offsets, line and column, sentence,
neighbourhood and paragraph windows."""
from __future__ import annotations

import pytest

from linter.text import Windows, line_column, sha256, squash, utf16_offset

POLICE_EMOJI = "\U0001F46E\u200D\u2640\uFE0F"  # police officer, ZWJ, female sign, VS-16: one astral code point


def utf16_slice(text: str, start16: int, end16: int) -> str:
    return text.encode("utf-16-le", "surrogatepass")[2 * start16:2 * end16].decode("utf-16-le", "surrogatepass")


def arrest_finding(result):
    found = [f for f in result.findings if f.rule == "arrest.named-suspect"]
    assert len(found) == 1, [(f.rule, f.excerpt) for f in result.findings]
    return found[0]


# -- offsets in linted posts -----------------------------------------------------

def test_an_emoji_before_a_name_shifts_utf16_but_not_code_point_offsets(lint):
    text = f"{POLICE_EMOJI} PC Hussain and I arrested Jamie-Lee Trotter, 24, on suspicion of burglary."
    finding = arrest_finding(lint(text))
    assert text[finding.start:finding.end] == finding.excerpt == "Jamie-Lee Trotter"
    assert utf16_slice(text, finding.start_utf16, finding.end_utf16) == finding.excerpt
    assert finding.start_utf16 == finding.start + 1
    assert finding.end_utf16 - finding.start_utf16 == finding.end - finding.start


def test_several_astral_characters_add_one_unit_each(lint):
    text = "\U0001F6A8\U0001F694\U0001F694 Officers have arrested Callum Pexton, 31, on suspicion of affray."
    finding = arrest_finding(lint(text))
    assert finding.excerpt == "Callum Pexton"
    assert finding.start_utf16 - finding.start == 3
    assert utf16_slice(text, finding.start_utf16, finding.end_utf16) == "Callum Pexton"


def test_bmp_accents_do_not_shift_utf16(lint):
    text = "Café owner Zoë says thanks. Officers have arrested Callum Pexton, 31, on suspicion of affray."
    finding = arrest_finding(lint(text))
    assert (finding.start_utf16, finding.end_utf16) == (finding.start, finding.end)


@pytest.mark.parametrize("name", ["Noe\u0308lle Ashcroft", "No\u00eblle Ashcroft", "Mārtiņš Bērziņš"])
def test_combining_marks_and_diacritics_stay_inside_the_excerpt(lint, name):
    text = f"{POLICE_EMOJI} Officers have arrested {name}, 22, on suspicion of theft."
    finding = arrest_finding(lint(text))
    assert finding.excerpt == name
    assert text[finding.start:finding.end] == name
    assert utf16_slice(text, finding.start_utf16, finding.end_utf16) == name


# -- utf16_offset ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "offset", "expected"), [
    ("", 0, 0),
    ("abc", 3, 3),
    ("é", 1, 1),
    ("\U0001F46E", 1, 2),
    ("\U0001F46Ea", 2, 3),
    ("a\U0001F46E\U0001F694b", 3, 5),
    (POLICE_EMOJI + " x", len(POLICE_EMOJI), 5),
    ("\ud800x", 2, 2),  # a lone surrogate is one UTF-16 unit
])
def test_utf16_offset(text, offset, expected):
    assert utf16_offset(text, offset) == expected


def test_utf16_offset_agrees_with_the_encoder_at_every_position():
    text = "a\U0001F46E\u200Db\u0301 \u05e9\u05dc\U0001F600\x00z"
    for offset in range(len(text) + 1):
        assert utf16_offset(text, offset) == len(text[:offset].encode("utf-16-le", "surrogatepass")) // 2


# -- line and column ---------------------------------------------------------------

@pytest.mark.parametrize(("offset", "expected"), [
    (0, (1, 1)), (1, (1, 2)), (2, (1, 3)), (3, (2, 1)), (4, (2, 2)),
    (6, (3, 1)), (7, (3, 2)), (8, (4, 1)), (9, (5, 1)), (10, (5, 2)),
])
def test_line_column_is_one_based(offset, expected):
    assert line_column("ab\ncd\nx\n\nyz", offset) == expected


def test_line_column_counts_code_points_not_utf16_units():
    text = f"line one\n{POLICE_EMOJI} Callum"
    assert line_column(text, text.index("Callum")) == (2, len(POLICE_EMOJI) + 2)


def test_line_column_after_windows_line_endings():
    text = "first\r\nsecond"
    assert line_column(text, text.index("second")) == (2, 1)


# -- windows -------------------------------------------------------------------------

def sentences(text):
    w = Windows(text)
    return [text[a:b] for a, b in zip(w.sentence_starts, w.sentence_ends)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Officers arrested a man. He is in custody.", ["Officers arrested a man.", "He is in custody."]),
    ("Thanks to Mr. Smith for the call at 5.30pm today. Next one.",
     ["Thanks to Mr. Smith for the call at 5.30pm today.", "Next one."]),
    ("We found e.g. the bike. Done!", ["We found e.g. the bike.", "Done!"]),
    # A street's "Rd." ends its sentence when a capital follows; a saint's "St." does not.
    ("Called to Beechwood Rd. Tony was there.", ["Called to Beechwood Rd.", "Tony was there."]),
    ("Seen in St. Albans today.", ["Seen in St. Albans today."]),
    ('He said "stop." Then ran.', ['He said "stop."', "Then ran."]),
    ("Wait… Then.", ["Wait…", "Then."]),
    ("Line one\nLine two", ["Line one", "Line two"]),
    ("Is it? yes it is.", ["Is it? yes it is."]),
    ("", [""]),
])
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


def test_sentence_window_of_an_offset():
    text = "Officers arrested a man. He is in custody. Call 101."
    w = Windows(text)
    lo, hi = w.sentence(text.index("custody"))
    assert text[lo:hi] == "He is in custody."
    assert w.sentence(0) == (0, len("Officers arrested a man."))
    assert w.window("sentence", text.index("He"), text.index("He") + 2) == (lo, hi)


def test_a_span_across_a_boundary_grows_its_window():
    text = "One two. Three four. Five."
    w = Windows(text)
    lo, hi = w.window("sentence", text.index("two"), text.index("Three") + 5)
    assert text[lo:hi] == "One two. Three four."


def test_neighbourhood_is_the_sentence_and_the_next_one():
    text = "Callum Pexton, 31, was named. He remains in custody. Unrelated news."
    w = Windows(text)
    lo, hi = w.neighbourhood(0, 13)
    assert text[lo:hi] == "Callum Pexton, 31, was named. He remains in custody."
    last = text.index("Unrelated")
    assert text[slice(*w.neighbourhood(last, last + 3))] == "Unrelated news."


def test_paragraph_and_post_windows():
    text = "Para one. Still.\n\nPara two."
    w = Windows(text)
    assert text[slice(*w.paragraph(3))] == "Para one. Still."
    assert text[slice(*w.window("paragraph", text.index("two"), len(text)))] == "Para two."
    assert w.window("post", 3, 4) == (0, len(text))


def test_context_helpers():
    assert squash("  Callum\n Pexton\tARRESTED ") == "callum pexton arrested"
    assert sha256("\ud800") == sha256("\ud800")  # a lone surrogate hashes without raising
    assert sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_sentence_ends_match_the_plain_look_behind_definition():
    """The sentence pattern drops its punctuation with \\K for speed; it must cut exactly where the
    plain definition (a look-behind for the punctuation at every space) cuts."""
    import random

    import regex

    from linter.text import _SENTENCE_END
    plain = regex.compile(
        r"""(?<!\b(?:Mr|Mrs|Ms|Dr|St|Sgt|Insp|Supt|Det|Cllr|Rd|No|Ch|Con|Jr|Sr|vs|v|PC|DC|DS|DI)\.)"""
        r"""(?<=[.!?…]['"’”)\]]?)\s+(?=[^a-z])|\n+|(?<=[|•])\s""", regex.V1)
    rng = random.Random(7)
    alphabet = list("ab A.!?…'\"’”)]\n|• Mr. St. x\t")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(5000)]
    texts += ["Mr. Smith arrested. He said: 'no.' Then | next • item\n\nNew para. a lower start."]
    for text in texts:
        assert [m.span() for m in _SENTENCE_END.finditer(text)] == [m.span() for m in plain.finditer(text)], text
