"""Texts built to make regular expressions backtrack or make per-match work pile up.

Every text is the API's maximum post length (64 KB of code points), so the
worst case a client can send is the one measured.
"""
from __future__ import annotations

import time

from linter import Post

SIZE = 64 * 1024
REPEATS = 3
# A text slower than this is not repeated: one run already shows the goal is missed.
REPEAT_ONLY_UNDER_SECONDS = 1.0


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


CAPITALISED = ("Callum Pexton Stowmarket Ashford Magistrates Lee-Anne O'Neill Braithwaite Court Queen "
               "Road Gavin Tremlett Hartlepool Ikechukwu Daramola Saint Mary ")

# name -> (what it stresses, text)
CASES = {
    "capitalised-words": ("long run of capitalised words and names, single spaces", _fill(CAPITALISED)),
    "capitalised-no-spaces": ("capitalised words glued together, no spaces at all",
                              _fill(CAPITALISED.replace(" ", ""))),
    "letters-no-spaces": ("64 KB of one lower-case letter, no spaces", _fill("a")),
    "mixed-no-spaces": ("64 KB of letters, digits and punctuation, no spaces",
                        _fill("Mr.Pexton,31,of12HighStreet;call07700900123/")),
    "digits": ("one run of 64 KB of digits", _fill("0123456789")),
    "phone-like-groups": ("many phone-number-shaped digit groups", _fill("07700 900 123 01473 613500 ")),
    "spaced-digits": ("single digits separated by spaces and dots", _fill("0 1 2.3 4-5 6 (7) 8 9 ")),
    "spaces": ("64 KB of spaces between two words", "a" + " " * (SIZE - 2) + "b"),
    "newlines": ("64 KB of line breaks", _fill("\n")),
    "punctuation": ("repeated punctuation", _fill("!?.,;:-'\"()")),
    "dots": ("one run of full stops", _fill(".")),
    "hyphens": ("one run of hyphens", _fill("-")),
    "mr-mr-mr": ('"Mr Mr Mr" repeated (titles before names)', _fill("Mr ")),
    "titles-and-names": ("title, name, age over and over", _fill("Mr Callum Pexton, 31, of Ashford. ")),
    "apostrophes-hyphens": ("apostrophes and hyphens inside words", _fill("O'Neill-Smith-D'Arcy-Lee-Anne ")),
    "apostrophes-hyphens-glued": ("apostrophe and hyphen chains with no spaces", _fill("O'N-e'L-l'Y-")),
    "email-fragments": ("many e-mail-like '@' fragments", _fill("a.b@c.d@e-f.g@h.")),
    "email-addresses": ("many personal e-mail addresses", _fill("j.smith99@gmail.com ")),
    "street-words": ("capitalised words ending in street suffixes", _fill("Lane Road High Street Close ")),
    "ages": ("age phrases over and over", _fill("aged 15, 16-year-old, (17) age of 14 ")),
    # The case model's own worst cases: links, cues and descriptions that could pile up per mention.
    "pronouns": ("hundreds of pronouns in one long sentence", _fill("he was arrested and she said his mum told her ")),
    "names-repeated": ("one full name and its surname over and over", _fill("Femi Okonjo was arrested. Okonjo, 27, ")),
    "due-at-the": ("'due at the' thousands of times in one sentence", _fill("due at the ")),
    "descriptions": ("person nouns with determiners and ages", _fill("the 26-year-old man and a woman, the driver ")),
    "status-cues": ("status and role words with no one to attach to", _fill("was arrested, charged, died, was assaulted ")),
    "emoji-findings": ("astral characters among many findings (UTF-16 offsets)",
                       _fill("\U0001F6A8 Officers arrested Callum Pexton, 31, of Ashford. ")),
}


def run(engine, names=None) -> list[dict]:
    """Each adversarial text linted up to ``REPEATS`` times; the median and the worst run."""
    results = []
    for name, (about, text) in CASES.items():
        if names and name not in names:
            continue
        post = Post(text=text)
        durations, cpu, findings, timed_out = [], [], 0, False
        for _ in range(REPEATS):
            if durations and max(durations) > REPEAT_ONLY_UNDER_SECONDS:
                break
            started, cpu_started = time.perf_counter(), time.thread_time()
            result = engine.lint(post)
            cpu.append(time.thread_time() - cpu_started)
            durations.append(time.perf_counter() - started)
            findings = len(result.findings)
            timed_out = any(f.rule == "engine.rule-timeout" for f in result.findings)
        durations.sort()
        results.append({"name": name, "about": about, "chars": len(text), "runs": len(durations),
                        "median_ms": round(durations[len(durations) // 2] * 1000, 2),
                        "worst_ms": round(durations[-1] * 1000, 2), "worst_cpu_ms": round(max(cpu) * 1000, 2),
                        "findings": findings,
                        "regex_timeout_backstop_fired": timed_out})
    return results
