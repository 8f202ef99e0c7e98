"""The rule packs lint themselves: ids, categories and policy citations are
checked against what exists, and every way of writing a broken pack fails at
load with the file and the rule id (a pack that loads but can never fire is
caught by its own fire examples)."""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from linter import RulePackError, load_engine
from linter.rules import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
RULES_DIR = ROOT / "rules"
POLICIES = ROOT.parent / "shared" / "policies"
ID_PATTERN = re.compile(r"[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+")
FORCE_PROFILES = {"north-yorkshire", "northamptonshire", "norfolk-suffolk", "cleveland", "surrey-sussex"}
DESIGN_CARD_CATEGORIES = (
    "arrest-name", "charge-name", "guilt-prejudice", "minor-identity", "sexual-offence-victim",
    "custody-image", "cctv-image", "wanted-missing-appeal", "purdah-political", "copyright",
    "personal-data", "fatality-victim", "operational",
)
NOT_PACKS = {"lexicon.toml", "elections.toml"}


def raw_rules() -> list[tuple[str, dict]]:
    """Every [[rule]] table as written, with its file name, read without the loader."""
    found = []
    for path in sorted(RULES_DIR.glob("*.toml")):
        if path.name in NOT_PACKS:
            continue
        with open(path, "rb") as handle:
            for entry in tomllib.load(handle).get("rule", []):
                found.append((path.name, entry))
    return found


# A numbered heading or clause at the start of a line: "3.4 Content", "- 6.6 Live",
# "3.3 b) Posting", "3.3 a Posting", "3.1.5 Corporate".
_SECTION = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:#+\s*)?(?:\*\*)?(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?"
    r"(?:\s*(?P<letter>[a-z])\)|\s+(?P<bare>[a-z])(?=\s+\S))?(?:\s|$)"
)


def policy_sections(text: str) -> set[str]:
    sections = set()
    for line in text.splitlines():
        m = _SECTION.match(line)
        if m:
            sections.add(m["number"])
            letter = m["letter"] or m["bare"]
            if letter:
                sections.add(m["number"] + letter)
    return sections


def sections_by_profile() -> dict[str, set[str]]:
    index = (POLICIES / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\|\s*(\S+\.txt)\s*\|[^|]*\|\s*([a-z-]+)\s*\|", index, re.M)
    return {profile: policy_sections((POLICIES / name).read_text(encoding="utf-8")) for name, profile in table}


# -- the packs as data -----------------------------------------------------------

def test_rule_ids_are_unique_across_packs():
    counts = Counter(entry.get("id") for _, entry in raw_rules())
    assert counts, "no rules found"
    assert [rule_id for rule_id, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(("pack", "entry"), raw_rules(), ids=lambda v: v.get("id") if isinstance(v, dict) else v)
def test_rule_id_has_the_area_dot_name_shape(pack, entry):
    assert isinstance(entry.get("id"), str) and ID_PATTERN.fullmatch(entry["id"]), (pack, entry.get("id"))


def test_every_category_is_known(engine):
    unknown = {r.id: r.category for r in engine.rules.values() if r.category not in CATEGORIES}
    assert unknown == {}


def test_every_design_card_category_has_a_rule_that_counts(engine):
    profile = engine.profiles[engine.default_profile]
    counted = {engine.rules[rid].category for rid, severity in profile.severities.items()
               if severity in ("review", "block")}
    assert [c for c in DESIGN_CARD_CATEGORIES if c not in counted] == []
    assert set(DESIGN_CARD_CATEGORIES) <= set(CATEGORIES)


def test_every_citation_names_a_force_profile(engine):
    assert FORCE_PROFILES <= set(engine.profiles)
    bad = [(r.id, p) for r in engine.rules.values() for p, _ in r.policy if p not in FORCE_PROFILES]
    assert bad == []
    assert all(r.policy for r in engine.rules.values())


@pytest.mark.skipif(not (POLICIES / "README.md").is_file(),
                    reason="../shared/policies (the force policy texts) is not present in this checkout")
def test_every_cited_section_exists_in_that_force_policy(engine):
    sections = sections_by_profile()
    assert set(sections) == FORCE_PROFILES, "the policy index should map one file to each force profile"
    missing = sorted({(r.id, p, s) for r in engine.rules.values() for p, s in r.policy
                      if s not in sections.get(p, set())})
    assert missing == []


def test_policy_section_reader_understands_the_numbering_styles():
    text = "3.4 Content – public posts\n- 6.6 Live major incidents: ...\n3.3 b) Posting Arrests\n" \
           "3.3 a Posting Appeals\n3.1.5 Corporate use\n13.25 Tactics\nsee section 9.9 below\n"
    assert policy_sections(text) == {"3.4", "6.6", "3.3", "3.3a", "3.3b", "3.1.5", "13.25"}


def test_no_two_rules_share_a_message_or_pattern_list(engine):
    messages = Counter(r.message for r in engine.rules.values())
    assert [m for m, n in messages.items() if n > 1] == []
    patterns = Counter(tuple(p.pattern for _, p in r.patterns) for r in engine.rules.values() if r.patterns)
    assert [p for p, n in patterns.items() if n > 1] == []


def test_every_rule_is_active_in_some_force_profile(engine):
    forces = [engine.profiles[name] for name in FORCE_PROFILES]
    idle = [rid for rid in engine.rules if not any(rid in p.severities for p in forces)]
    assert idle == [], "a rule no profile applies can never fire"


def test_every_rule_has_the_text_a_reader_needs(engine):
    for rule in engine.rules.values():
        assert rule.message.strip() and "\n" not in rule.message, rule.id
        assert len(rule.why) > 20, rule.id
        assert rule.suggestion is None or rule.suggestion.strip(), rule.id


# -- the loader refuses broken packs, naming file and rule -------------------------

def _replace(old: str, new: str):
    def mutate(pack: str) -> str:
        assert old in pack, f"scratch pack lacks {old!r}"
        return pack.replace(old, new, 1)
    return mutate


BROKEN_PACKS = [
    ("unknown-key", _replace('severity = "review"', 'severity = "review"\ncolour = "red"'), ["colour"]),
    ("bad-regex", _replace("'\\bzebra crossing\\b'", "'(zebra crossing'"), ["does not compile"]),
    ("bad-regex-in-near", _replace('[rule.examples]', "near = ['[unclosed']\n[rule.examples]"), ["compile"]),
    ("unknown-lexicon-ref", _replace("'\\bzebra crossing\\b'", "'{@no_such_list}'"), ["no_such_list"]),
    ("missing-message", _replace('message = "Mentions a zebra crossing"\n', ""), ["message"]),
    ("missing-why", _replace('why = "A scratch rule for loader tests."\n', ""), ["why"]),
    ("blank-why", _replace('why = "A scratch rule for loader tests."', 'why = "   "'), ["why"]),
    ("missing-suggestion", _replace('suggestion = "Say \'crossing\'."\n', ""), ["suggestion"]),
    ("unknown-category", _replace('category = "operational"', 'category = "jaywalking"'), ["jaywalking"]),
    ("unknown-severity", _replace('severity = "review"', 'severity = "fatal"'), ["severity"]),
    ("unknown-profile-in-citation", _replace('"cleveland 3.1.5"', '"west-midlands 4.2"'), ["west-midlands"]),
    ("citation-without-section", _replace('"cleveland 3.1.5"', '"cleveland"'), ["cleveland"]),
    ("no-citation", _replace('policy = ["cleveland 3.1.5"]', "policy = []"), ["citation"]),
    ("unknown-tier", _replace('[rule.examples]', 'tiers = ["parish"]\n[rule.examples]'), ["tiers"]),
    ("unknown-recognizer", _replace("patterns = ['\\bzebra crossing\\b']", 'find = "horoscope"'), ["find"]),
    ("find-and-patterns", _replace('[rule.examples]', 'find = "person"\n[rule.examples]'), ["exactly one"]),
    ("bad-example", _replace('fire = ["Slow down at the zebra crossing on the high street."]', "fire = [42]"),
     ["example"]),
]


@pytest.mark.parametrize(("mutate", "expected"), [pytest.param(m, e, id=name) for name, m, e in BROKEN_PACKS])
def test_loader_names_file_and_rule_for_a_broken_pack(mutate, expected, write_pack, rules_copy, valid_pack):
    write_pack("scratch.toml", mutate(valid_pack))
    with pytest.raises(RulePackError) as caught:
        load_engine(rules_dir=rules_copy)
    message = str(caught.value)
    for part in ["scratch.toml", "scratch.zebra-crossing", *expected]:
        assert part in message, f"{part!r} missing from {message!r}"
    assert "\n" not in message


def test_the_scratch_pack_itself_loads_and_fires(write_pack, rules_copy, valid_pack, examples):
    write_pack("scratch.toml", valid_pack)
    engine = load_engine(rules_dir=rules_copy)
    assert "scratch.zebra-crossing" in engine.profiles[engine.default_profile].severities
    rule = engine.rules["scratch.zebra-crossing"]
    assert [f.rule for f in examples.findings(engine, rule.fires[0])] == ["scratch.zebra-crossing"]
    assert examples.findings(engine, rule.passes[0]) == ()


def test_loader_rejects_malformed_toml_naming_the_file(write_pack, rules_copy):
    write_pack("scratch.toml", '[[rule]\nid = "scratch.broken"\n')
    with pytest.raises(RulePackError, match=r"scratch\.toml.*TOML"):
        load_engine(rules_dir=rules_copy)


def test_loader_rejects_an_empty_pack(write_pack, rules_copy):
    write_pack("scratch.toml", "# nothing here yet\n")
    with pytest.raises(RulePackError, match=r"scratch\.toml"):
        load_engine(rules_dir=rules_copy)


def test_loader_rejects_a_bad_rule_id(write_pack, rules_copy, valid_pack):
    write_pack("scratch.toml", valid_pack.replace('"scratch.zebra-crossing"', '"Zebra Crossing"'))
    with pytest.raises(RulePackError, match=r"scratch\.toml.*Zebra Crossing"):
        load_engine(rules_dir=rules_copy)


def test_loader_rejects_a_duplicate_id_naming_both_files(write_pack, rules_copy, valid_pack):
    write_pack("scratch.toml", valid_pack.replace('"scratch.zebra-crossing"', '"arrest.named-suspect"'))
    with pytest.raises(RulePackError) as caught:
        load_engine(rules_dir=rules_copy)
    message = str(caught.value)
    assert "arrest.named-suspect" in message
    assert "scratch.toml" in message and "arrests.toml" in message


def test_loader_rejects_a_bad_lexicon_entry(rules_copy):
    lexicon = rules_copy / "lexicon.toml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n[lexicon.scratch_broken]\n", encoding="utf-8")
    # A table where a string or list belongs; then, separately, a pattern that does not compile.
    with pytest.raises(RulePackError, match="lexicon"):
        load_engine(rules_dir=rules_copy)


def test_loader_rejects_a_lexicon_pattern_that_does_not_compile(rules_copy):
    lexicon = rules_copy / "lexicon.toml"
    text = lexicon.read_text(encoding="utf-8")
    assert "[lexicon]" in text
    lexicon.write_text(text.replace("[lexicon]", "[lexicon]\nscratch_broken = '(unclosed'", 1), encoding="utf-8")
    with pytest.raises(RulePackError, match=r"lexicon\.toml.*scratch_broken"):
        load_engine(rules_dir=rules_copy)


@pytest.mark.parametrize(("line", "expected"), [
    ('disable = ["scratch.no-such-rule"]', "scratch.no-such-rule"),
    ('[severity]\n"arrest.named-suspect" = "catastrophic"', "arrest.named-suspect"),
])
def test_loader_rejects_a_profile_naming_a_bad_rule_or_severity(line, expected, rules_copy):
    profile = rules_copy / "profiles" / "cleveland.toml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(RulePackError) as caught:
        load_engine(rules_dir=rules_copy)
    assert "cleveland.toml" in str(caught.value) and expected in str(caught.value)


# -- a rule that loads but can never fire is caught by its examples -----------------

def test_a_rule_that_can_never_fire_fails_its_fire_examples(write_pack, rules_copy, valid_pack, examples):
    # The pattern needs a word the fire example lacks: the pack loads, the rule never fires.
    write_pack("scratch.toml", valid_pack.replace("'\\bzebra crossing\\b'", "'\\bzebra crossings\\b'"))
    engine = load_engine(rules_dir=rules_copy)
    assert examples.failures(engine) == ["scratch.zebra-crossing/fire/0"]


def test_a_force_specific_rule_no_profile_enables_fails_its_fire_examples(write_pack, rules_copy, valid_pack,
                                                                         examples):
    write_pack("scratch.toml", valid_pack.replace('[rule.examples]', "force_specific = true\n[rule.examples]"))
    engine = load_engine(rules_dir=rules_copy)
    assert all("scratch.zebra-crossing" not in p.severities for p in engine.profiles.values())
    assert examples.failures(engine) == ["scratch.zebra-crossing/fire/0"]


def test_the_shipped_packs_have_no_failing_examples(engine, examples):
    assert examples.failures(engine) == []
