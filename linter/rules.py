"""Rule packs: TOML data validated and compiled when they load.

A rule is one ``[[rule]]`` table. It says what to find (a recognizer such as
``person`` or a list of ``patterns``), where (``text``, ``attachments``), and
the conditions around the find (words that must or must not be near it, in the
post, or in an attachment; account tiers; the pre-election period). Shared
vocabularies live in ``lexicon.toml`` and are referenced as ``{@name}``.

Any mistake fails the load with the file and the rule id, because a rule that
silently never fires is worse than no rule.
"""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .matching import Matcher, Vocabulary
from .model import SEVERITIES, TIERS
from .people.conditions import ConditionError, PersonCondition
from .people.wake import needs as person_needs

CATEGORIES = (
    "arrest-name", "charge-name", "guilt-prejudice", "minor-identity", "sexual-offence-victim",
    "custody-image", "cctv-image", "wanted-missing-appeal", "purdah-political", "copyright",
    "personal-data", "fatality-victim", "operational",
    # Beyond the design card, from the policies (documented in the README).
    "offensive-language", "personal-opinion", "commercial-promotion", "heads-of-state",
    # The engine's own: a rule pattern that ran out of time on this text, and a post
    # with more of one kind of finding than the engine lists.
    "lint-timeout", "lint-limit",
)
RECOGNIZERS = ("person", "age", "phone", "email", "address", "vehicle")
WHERE = ("text", "attachments", "anywhere")
WINDOWS = ("sentence", "neighbourhood", "paragraph", "post")
WHEN = ("any", "pre-election")
REQUIRED_TEXT = ("message", "why")
# Plain ints: regex parses a pattern noticeably faster than with its enum flags.
FLAGS = int(regex.IGNORECASE | regex.V0)
CASE_SENSITIVE_FLAGS = int(regex.V0)

_ALLOWED_KEYS = {
    "id", "category", "severity", "message", "why", "suggestion", "policy", "tiers", "find", "attrs",
    "patterns", "case_sensitive", "where", "window", "near", "not_near", "post_has", "post_lacks",
    "attachment_has", "attachment_lacks", "text_has", "text_lacks", "when", "contributors_below",
    "force_specific", "examples", "has_attachment", "with_entity", "keywords", "person", "owner",
    "rewrites", "drop_sentence",
}
OWNERS = ("self", "person")


class RulePackError(ValueError):
    """A rule pack that cannot be loaded; the message names file and rule."""


@dataclass(frozen=True)
class Example:
    text: str
    tier: str = "local"
    attachments: tuple = ()
    at: str | None = None
    profile: str | None = None
    contributors: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    message: str
    why: str
    suggestion: str | None
    policy: tuple[tuple[str, str], ...]
    source: str
    find: str | None = None
    person: PersonCondition | None = None  # a condition on the post's case model
    owner: tuple[str, ...] = ()   # for a contact detail: whose it must be (see people/contacts.py)
    attrs: tuple = ()
    patterns: tuple = ()          # (name, Matcher) pairs
    where: str = "text"
    window: str = "sentence"
    near: tuple = ()              # each an (source, Matcher) pair; all must match in the window
    not_near: tuple = ()
    post_has: tuple = ()
    post_lacks: tuple = ()
    text_has: tuple = ()
    text_lacks: tuple = ()
    attachment_has: tuple = ()
    attachment_lacks: tuple = ()
    has_attachment: bool | None = None
    with_entity: tuple = ()       # (kind, attrs) that must also appear in the window
    keywords: frozenset = frozenset()  # one of these case-folded strings must occur
    # Word sets from the rule's patterns and positive conditions: a post lacking every word
    # of any one set cannot be flagged by the rule (derived at load, see matching.py).
    needs: tuple = ()
    tiers: tuple[str, ...] = TIERS
    when: str = "any"
    contributors_below: int | None = None
    force_specific: bool = False
    fires: tuple[Example, ...] = ()
    passes: tuple[Example, ...] = ()
    # The fix for a finding's span: the first (pattern, replacement) the span matches whole;
    # "{person}" in a replacement is the man, woman or person the proceedings are about.
    rewrites: tuple = ()
    drop_sentence: bool = False   # the fix removes the sentence that holds the finding

    def matchers(self):
        yield from (m for _, m in self.patterns)
        for key in ("near", "not_near", "post_has", "post_lacks", "text_has", "text_lacks",
                    "attachment_has", "attachment_lacks"):
            yield from (m for _, m in getattr(self, key))

    def catalogue(self, severity: str | None = None) -> dict:
        return {
            "id": self.id, "category": self.category, "severity": severity or self.severity,
            "message": self.message, "why": self.why, "suggestion": self.suggestion,
            "policy": [{"profile": p, "section": s} for p, s in self.policy],
            "tiers": list(self.tiers), "when": self.when,
        }


@dataclass
class RuleSet:
    rules: dict[str, Rule] = field(default_factory=dict)
    lexicon: dict[str, str] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    version: str = ""


def load_lexicon(path: Path) -> dict[str, str]:
    data = _read_toml(path)
    lexicon = {}
    for name, value in data.get("lexicon", {}).items():
        if isinstance(value, list):
            value = "|".join(value)
        if not isinstance(value, str):
            raise RulePackError(f"{path.name}: lexicon {name!r} must be a string or a list of strings")
        lexicon[name] = value
    # Lexicon entries may reference each other; expand until stable.
    for _ in range(5):
        lexicon = {k: _expand(v, lexicon, path.name, k) for k, v in lexicon.items()}
    return lexicon


def check_lexicon(lexicon: dict[str, str], names, where: str = "lexicon.toml") -> None:
    """Compile the named entries on their own, so a broken one is named in the error.
    (Entries that rules use are compiled inside those rules' patterns anyway; only
    the unused ones, and the ones behind a pattern that failed, need this.)"""
    for name in sorted(names):
        try:
            regex.compile(lexicon[name], FLAGS)
        except regex.error as exc:
            raise RulePackError(f"{where}: lexicon {name!r} does not compile: {exc}") from None


_REF = regex.compile(r"\{@([a-z0-9_-]+)\}")


def _expand(source: str, lexicon: dict[str, str], where: str, rule_id: str, strict: bool = False) -> str:
    def swap(m):
        name = m.group(1)
        if name not in lexicon:
            if strict:
                raise RulePackError(f"{where}: rule {rule_id}: unknown lexicon reference {{@{name}}}")
            return m.group(0)
        return f"(?:{lexicon[name]})"
    return _REF.sub(swap, source)


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise RulePackError(f"{path.name}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise RulePackError(f"{path}: cannot be read: {exc.strerror}") from None


def load_rules(directory: Path, known_profiles: set[str]) -> RuleSet:
    lexicon = load_lexicon(directory / "lexicon.toml")
    rules: dict[str, Rule] = {}
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.toml")):
        if path.name in ("lexicon.toml", "elections.toml", "people.toml"):
            digest.update(path.read_bytes())
            continue
        digest.update(path.read_bytes())
        data = _read_toml(path)
        entries = data.get("rule", [])
        if not isinstance(entries, list) or not entries:
            raise RulePackError(f"{path.name}: a pack needs at least one [[rule]] table")
        for entry in entries:
            rule = _build_rule(entry, path.name, lexicon, known_profiles)
            if rule.id in rules:
                raise RulePackError(f"{path.name}: rule id {rule.id!r} is already defined in {rules[rule.id].source}")
            rules[rule.id] = rule
    used = {name for rule in rules.values() for m in rule.matchers() for name in _used_lexicon(m.pattern, lexicon)}
    check_lexicon(lexicon, set(lexicon) - used)
    return RuleSet(rules=rules, lexicon=lexicon, vocabulary=_vocabulary(rules.values()),
                   version=digest.hexdigest()[:12])


def _vocabulary(rules) -> Vocabulary:
    """Every word a rule's keywords or pattern alternatives need or start with, for the one pass per lint."""
    vocabulary = Vocabulary()
    for rule in rules:
        vocabulary.add(rule.keywords)
        for needed in rule.needs:
            vocabulary.add(needed)  # a person rule's wake-up words come from no pattern
        for matcher in rule.matchers():
            vocabulary.add(matcher.vocabulary_words())
    vocabulary.seal()
    return vocabulary


_MATCHERS: dict[tuple[str, int], Matcher] = {}


def _used_lexicon(expanded: str, lexicon: dict[str, str]) -> set[str]:
    return {name for name, value in lexicon.items() if f"(?:{value})" in expanded}


def _compile(source: str, where: str, rule_id: str, lexicon, case_sensitive=False) -> Matcher:
    expanded = _expand(source, lexicon, where, rule_id, strict=True)
    try:
        compiled = regex.compile(expanded, CASE_SENSITIVE_FLAGS if case_sensitive else FLAGS)
    except regex.error as exc:
        check_lexicon(lexicon, set(_REF.findall(source)))  # a broken entry is named as such
        raise RulePackError(f"{where}: rule {rule_id}: pattern {source!r} does not compile: {exc}") from None
    # One Matcher per distinct pattern, shared by every rule that uses it, so a lint
    # searches a shared vocabulary once per window however many rules ask.
    key = (compiled.pattern, compiled.flags)
    if key not in _MATCHERS:
        _MATCHERS[key] = Matcher(compiled)
    return _MATCHERS[key]


def _compile_list(entry, key, where, rule_id, lexicon):
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulePackError(f"{where}: rule {rule_id}: {key} must be a list of patterns")
    return tuple((v, _compile(v, where, rule_id, lexicon)) for v in value)


def _attr_tuple(attrs: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in attrs.items()))


def _example(value, where, rule_id) -> Example:
    if isinstance(value, str):
        return Example(text=value)
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return Example(
            text=value["text"], tier=value.get("tier", "local"),
            attachments=tuple(tuple(sorted(a.items())) for a in value.get("attachments", [])),
            at=value.get("at"), profile=value.get("profile"), contributors=value.get("contributors"),
        )
    raise RulePackError(f"{where}: rule {rule_id}: an example must be a string or a table with text")


def _build_rule(entry: dict, where: str, lexicon: dict, known_profiles: set[str]) -> Rule:
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not regex.fullmatch(r"[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+", rule_id):
        raise RulePackError(f"{where}: every rule needs an id like 'area.bad-pattern' (got {rule_id!r})")
    unknown = set(entry) - _ALLOWED_KEYS
    if unknown:
        raise RulePackError(f"{where}: rule {rule_id}: unknown keys {sorted(unknown)}")

    def fail(message):
        raise RulePackError(f"{where}: rule {rule_id}: {message}")

    category = entry.get("category")
    if category not in CATEGORIES:
        fail(f"category {category!r} is not one of the known categories")
    severity = entry.get("severity")
    if severity not in SEVERITIES:
        fail(f"severity must be one of {SEVERITIES}")
    for key in REQUIRED_TEXT:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            fail(f"{key} is required")
    if "suggestion" not in entry:
        fail("suggestion is required (write what to do instead)")
    policy = []
    for citation in entry.get("policy", []):
        profile, _, section = str(citation).partition(" ")
        if profile not in known_profiles or not section:
            fail(f"policy citation {citation!r} must be '<profile> <section>' with a known profile")
        policy.append((profile, section))
    if not policy:
        fail("at least one policy citation is required")

    find = entry.get("find")
    patterns = entry.get("patterns", [])
    person = None
    if "person" in entry:
        try:
            person = PersonCondition.parse(entry["person"])
        except ConditionError as exc:
            fail(str(exc))
    if sum(map(bool, (find, patterns, person))) != 1:
        fail("give exactly one of find (a recognizer), patterns or person (a condition on the people in the post)")
    if find and find not in RECOGNIZERS:
        fail(f"find must be one of {RECOGNIZERS}")
    owner = entry.get("owner", [])
    if not isinstance(owner, list) or any(o not in OWNERS for o in owner):
        fail(f"owner must be a list drawn from {OWNERS}")
    if owner and find not in ("phone", "email"):
        fail("owner applies to the phone and email recognizers")
    where_key = entry.get("where", "text")
    if where_key not in WHERE:
        fail(f"where must be one of {WHERE}")
    if find and where_key != "text":
        fail("recognizers run on the post text only")
    window = entry.get("window", "sentence")
    if window not in WINDOWS:
        fail(f"window must be one of {WINDOWS}")
    when = entry.get("when", "any")
    if when not in WHEN:
        fail(f"when must be one of {WHEN}")
    tiers = tuple(entry.get("tiers", TIERS))
    if not tiers or any(t not in TIERS for t in tiers):
        fail(f"tiers must be a non-empty list drawn from {TIERS}")
    attrs = entry.get("attrs", {})
    if not isinstance(attrs, dict):
        fail("attrs must be a table")
    with_entity = entry.get("with_entity")
    if with_entity is not None:
        if not isinstance(with_entity, dict) or with_entity.get("kind") not in RECOGNIZERS:
            fail(f"with_entity needs a kind from {RECOGNIZERS}")
        with_entity = (with_entity["kind"], _attr_tuple({k: v for k, v in with_entity.items() if k != "kind"}))

    keywords = entry.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
        fail("keywords must be a list of non-empty strings")

    rewrites = []
    for item in entry.get("rewrites", []):
        if not isinstance(item, dict) or set(item) != {"match", "with"} or not all(isinstance(v, str) for v in item.values()):
            fail("each rewrite is a table with exactly a 'match' pattern and a 'with' replacement")
        try:
            rewrites.append((regex.compile(item["match"], FLAGS), item["with"]))
        except regex.error as exc:
            fail(f"rewrite pattern {item['match']!r} does not compile: {exc}")
    if not isinstance(entry.get("drop_sentence", False), bool):
        fail("drop_sentence must be true or false")

    examples = entry.get("examples", {})
    fires = tuple(_example(e, where, rule_id) for e in examples.get("fire", []))
    passes = tuple(_example(e, where, rule_id) for e in examples.get("pass", []))
    if not fires or not passes:
        fail("needs at least one example that fires and one that passes")

    compile_list = lambda key: _compile_list(entry, key, where, rule_id, lexicon)  # noqa: E731
    compiled_patterns = tuple(
        (f"pattern-{i}", _compile(p, where, rule_id, lexicon, entry.get("case_sensitive", False)))
        for i, p in enumerate(patterns if isinstance(patterns, list) else [patterns])
    )
    conditions = {key: compile_list(key) for key in (
        "near", "not_near", "post_has", "post_lacks", "text_has", "text_lacks", "attachment_has", "attachment_lacks")}
    return Rule(
        id=rule_id, category=category, severity=severity, message=entry["message"].strip(),
        why=" ".join(entry["why"].split()), suggestion=entry.get("suggestion") or None,
        policy=tuple(policy), source=where, find=find, person=person, owner=tuple(owner),
        attrs=_attr_tuple(attrs), with_entity=with_entity or (),
        keywords=frozenset(k.casefold() for k in keywords),
        patterns=compiled_patterns, where=where_key, window=window,
        needs=_needs(compiled_patterns, conditions) + (person_needs(person) if person else ()), **conditions,
        has_attachment=entry.get("has_attachment"),
        tiers=tiers, when=when, contributors_below=entry.get("contributors_below"),
        force_specific=bool(entry.get("force_specific", False)), fires=fires, passes=passes,
        rewrites=tuple(rewrites), drop_sentence=entry.get("drop_sentence", False),
    )


def _needs(patterns, conditions) -> tuple[frozenset, ...]:
    """The word sets a post must touch for the rule to fire: one for its patterns
    together (any pattern may find the candidate), one per positive condition."""
    needs = []
    if patterns and all(m.words is not None for _, m in patterns):
        needs.append(frozenset().union(*(m.words for _, m in patterns)))
    for key in ("near", "post_has", "text_has", "attachment_has"):
        needs.extend(m.words for _, m in conditions[key] if m.words is not None)
    return tuple(needs)
