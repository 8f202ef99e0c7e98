"""The engine: loads rule packs once, then lints posts.

For each post the text is cut into windows and every recognizer runs at most
once; rules then read those shared results. The engine returns frozen findings
and never formats them (``report.py`` does).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import regex

from . import __version__, fixes
from .data import rules_dir
from .elections import load_calendar, period_at
from .matching import LONG_TEXT, WordStarts
from .model import Finding, LintResult, Post, verdict_for
from .plan import Plan
from .profiles import DEFAULT_PROFILE, Profile, load_profiles, profile_names
from .people.build import build_case
from .people.details import ADDRESS_LIMIT
from .people.mentions import MENTION_NAMES
from .people.contacts import contact_owner
from .recognizers import ages, contact, names
from .rules import Rule, load_rules
from .text import Utf16Map, Windows, squash, sha256

log = logging.getLogger("postlint.engine")

# A backstop, not a budget: patterns are written to run in linear time, and a
# pattern that still takes this long on one text is reported, not trusted.
REGEX_TIMEOUT_SECONDS = 0.25
FINGERPRINT_CONTEXT = 120
# Bounds on hostile input: no real post names a hundred people or repeats a phone
# number a hundred times, and past that every extra entity or finding costs time
# and adds nothing a reviewer would read. Reaching a bound says so in a finding.
ENTITY_LIMIT = 100
FINDING_LIMIT = 100
# The case model takes its names and addresses from the engine's passes of those recognizers: the
# names at the same bound, the addresses at a lower one (contact.fewer_addresses).
assert MENTION_NAMES == ENTITY_LIMIT + 1

# A post the engine could not check in full is held, never passed with a weaker verdict: a block needs a
# reviewer's note to approve, so nobody clears a half-checked named suspect with one click.
TIMEOUT_RULE = Rule(
    id="engine.rule-timeout", category="lint-timeout", severity="block",
    message="A rule could not finish checking this post, so it has not been cleared",
    why="One of postlint's patterns ran out of time on this text. Rather than pass a post it could not "
        "check in full, postlint holds it until Corporate Communications has read it.",
    suggestion="Ask Corporate Communications to review the post, and report it so the rule can be fixed.",
    policy=(), source="engine", find=None, fires=(), passes=(),
)


LIMIT_RULE = Rule(
    id="engine.too-many-to-list", category="lint-limit", severity="block",
    message="This post has more of one kind of risk than postlint lists",
    why=f"postlint stops after {FINDING_LIMIT} findings of one rule or {ENTITY_LIMIT} names, numbers or "
        "addresses of one kind, so the rest of the post has not been checked for them.",
    suggestion="Split the post into shorter ones, or ask Corporate Communications to review it.",
    policy=(), source="engine", find=None, fires=(), passes=(),
)


class Engine:
    def __init__(self, directory: Path | None = None, calendar_path: Path | None = None):
        directory = Path(directory) if directory else rules_dir()
        known = profile_names(directory / "profiles")
        self.ruleset = load_rules(directory, known)
        self.rules = self.ruleset.rules
        self.profiles: dict[str, Profile] = load_profiles(directory / "profiles", self.rules)
        self.default_profile = DEFAULT_PROFILE
        self.calendar_path = Path(calendar_path) if calendar_path else directory / "elections.toml"
        self.periods = load_calendar(self.calendar_path)
        self.rules_version = f"{__version__}+{self.ruleset.version}"
        # Rules grouped by profile, in a stable order, so a lint does no sorting.
        self._active = {
            name: tuple((self.rules[rid], sev) for rid, sev in sorted(p.severities.items()))
            for name, p in self.profiles.items()
        }
        self._plans: dict[tuple, Plan] = {}

    def _plan(self, name: str, post: Post, in_election: bool) -> Plan:
        """The profile's rules that can apply to a post of this tier, date and shape."""
        key = (name, post.account_tier, in_election, bool(post.attachments))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = Plan(tuple(
                (rule, severity) for rule, severity in self._active[name]
                if _statically_applicable(rule, *key[1:])))
        return plan

    def warm_up(self) -> None:
        """Build what recognizers and the people vocabulary make on first use, so a server does it
        once before it forks."""
        from .people.vocabulary import vocabulary
        vocabulary().phrases.compile_all()
        self.lint(Post(text="Officers arrested John Smith, 34, of 12 Kelda Lane, Leeds. Call 07700 900123 "
                            "or email j.smith@gmail.com about the car, AB12 CDE."))

    # -- catalogue ---------------------------------------------------------
    def catalogue(self, profile: str | None = None) -> list[dict]:
        chosen = self.profiles[profile or self.default_profile]
        return [self.rules[rid].catalogue(sev) | {"examples": self._examples(self.rules[rid])}
                for rid, sev in sorted(chosen.severities.items())]

    @staticmethod
    def _examples(rule: Rule) -> dict:
        return {"fire": [e.text for e in rule.fires], "pass": [e.text for e in rule.passes]}

    def profiles_catalogue(self) -> list[dict]:
        return [self.profiles[name].catalogue() for name in sorted(self.profiles)]

    # -- linting -----------------------------------------------------------
    def lint(self, post: Post, *, profile: str | None = None, at: dt.datetime | None = None) -> LintResult:
        return self._lint(post, profile, at)[0]

    def explain(self, post: Post, *, at: dt.datetime | None = None):
        """The lint result and the people its person rules saw (for ``postlint explain``)."""
        result, analysis = self._lint(post, None, at)
        return result, analysis.case

    def _lint(self, post: Post, profile: str | None, at: dt.datetime | None) -> tuple[LintResult, "Analysis"]:
        name = profile or post.profile or self.default_profile
        if name not in self.profiles:
            raise KeyError(f"unknown profile {name!r}")
        moment = at or post.scheduled_for or dt.datetime.now(dt.timezone.utc)
        in_election = period_at(self.periods, moment) is not None
        analysis = Analysis(post, self.profiles[name], in_election, self.ruleset.vocabulary)
        findings: dict[tuple, Finding] = {}
        timed_out = []
        for rule, severity in self._plan(name, post, in_election).candidates(analysis.words_anywhere):
            if not analysis.worth_running(rule):
                continue
            try:
                for count, finding in enumerate(analysis.run(rule, severity), 1):
                    key = (finding.rule, finding.start, finding.end, finding.attachment)
                    findings.setdefault(key, finding)
                    if count >= FINDING_LIMIT:
                        analysis.limited.add(rule.id)
                        break
            except TimeoutError:
                log.warning("rule %s timed out on a post of %d characters", rule.id, len(post.text))
                timed_out.append(rule.id)
        for finding in (analysis.engine_finding(TIMEOUT_RULE, timed_out),
                        analysis.engine_finding(LIMIT_RULE, analysis.limited)):
            if finding is not None:
                findings[(finding.rule, None, None, None)] = finding
        ordered = tuple(_with_fixes(sorted(findings.values(), key=Finding.sort_key), analysis, self.ruleset.rules))
        return LintResult(verdict=verdict_for(ordered), profile=name, rules_version=self.rules_version,
                          text_sha256=sha256(post.text), findings=ordered), analysis


class Analysis:
    """Everything one lint computes once and every rule shares."""

    def __init__(self, post: Post, profile: Profile, in_election: bool, vocabulary):
        self.post = post
        self.text = post.text
        self.profile = profile
        self.in_election = in_election
        self.attachment_texts = tuple(_attachment_text(a) for a in post.attachments)
        self.all_text = "\n".join((post.text,) + self.attachment_texts)
        # Which rule words the post holds: in the text alone, and anywhere (with attachments).
        folded = self.all_text.casefold()
        in_place = len(folded) == len(self.all_text)
        # A long post's patterns ask where their words end: the same pass says.
        self.words_anywhere, self.words_in_text, ends = vocabulary.scan(
            folded, len(post.text.casefold()) if post.attachments else None, in_place and len(folded) >= LONG_TEXT)
        # Where those words start, for patterns tried only there (when folding kept positions).
        self.starts = WordStarts(folded, vocabulary.words, vocabulary, ends) if in_place else None
        self._entities: dict[str, list] = {}
        self._raw: dict[str, list] = {}
        self._could_find: dict[str, bool] = {}
        self._hits: dict[tuple, bool] = {}
        self.limited: set[str] = set()  # rules and recognizers that reached a bound

    # Window geometry and UTF-16 offsets are only needed once a rule has a candidate.
    @cached_property
    def windows(self) -> Windows:
        return Windows(self.text)

    @cached_property
    def utf16(self) -> Utf16Map:
        return Utf16Map(self.text)

    # Recognizers run lazily, once per lint.
    def could_find(self, kind: str) -> bool:
        known = self._could_find.get(kind)
        if known is None:
            gate = _RECOGNIZERS[kind][1]
            known = self._could_find[kind] = gate is None or gate(self.text)
        return known

    def _recognized(self, kind: str):
        """What the recognizer finds, one past the bound (so reaching it shows); run once per lint."""
        found = self._raw.get(kind)
        if found is None:
            found = self._raw[kind] = _RECOGNIZERS[kind][0](self, ENTITY_LIMIT + 1) if self.could_find(kind) else []
        return found

    def entities(self, kind: str):
        if kind not in self._entities:
            found = self._recognized(kind)
            if len(found) > ENTITY_LIMIT or not getattr(found, "complete", True):
                self.limited.add(f"recognizer/{kind}")
                found = found[:ENTITY_LIMIT]
            self._entities[kind] = found
        return self._entities[kind]

    def has(self, matcher, text: str, key, offset: int | None = 0) -> bool:
        """Whether ``matcher`` matches ``text``, which is the post's text (or all of it) from
        ``offset`` on; None for text elsewhere (an attachment's)."""
        cache_key = (id(matcher), key)
        if cache_key not in self._hits:
            self._hits[cache_key] = matcher.search(text, self.words_anywhere, REGEX_TIMEOUT_SECONDS,
                                                   self.starts if offset is not None else None, offset or 0)
        return self._hits[cache_key]

    def _window(self, rule: Rule, start: int, end: int) -> tuple[int, int]:
        if rule.window == "neighbourhood":
            return self.windows.neighbourhood(start, end)
        return self.windows.window(rule.window, start, end)

    def worth_running(self, rule: Rule) -> bool:
        """Conditions that need no pattern run: contributors, the rule's keywords in the text it reads,
        and whether its recognizers could find anything. (Tier, date and attachments were settled when
        the engine chose the applicable rules; every word set the rule needs, by the plan that chose it.)"""
        if rule.contributors_below is not None:
            contributors = self.post.account_contributors
            if contributors is None or contributors >= rule.contributors_below:
                return False
        if rule.keywords and rule.keywords.isdisjoint(
                self.words_in_text if rule.where == "text" else self.words_anywhere):
            return False
        if rule.find and not self.could_find(rule.find):
            return False
        return not rule.with_entity or self.could_find(rule.with_entity[0])

    def _post_conditions(self, rule: Rule) -> bool:
        """Conditions on the whole post; checked only once a rule has a candidate."""
        for source, pattern in rule.post_has:
            if not self.has(pattern, self.all_text, "post"):
                return False
        for source, pattern in rule.post_lacks:
            if self.has(pattern, self.all_text, "post"):
                return False
        for source, pattern in rule.text_has:
            if not self.has(pattern, self.text, "text"):
                return False
        for source, pattern in rule.text_lacks:
            if self.has(pattern, self.text, "text"):
                return False
        for source, pattern in rule.attachment_has:
            if not any(self.has(pattern, t, ("att", i), None) for i, t in enumerate(self.attachment_texts)):
                return False
        for source, pattern in rule.attachment_lacks:
            if any(self.has(pattern, t, ("att", i), None) for i, t in enumerate(self.attachment_texts)):
                return False
        return True

    def _window_ok(self, rule: Rule, text: str, lo: int, hi: int, key, span=None) -> bool:
        if rule.with_entity:
            if key != "text":
                return False
            kind, attrs = rule.with_entity
            if not any(lo <= e.start and e.end <= hi and (e.start, e.end) != span and _attrs_match(e, attrs)
                       for e in self.entities(kind)):
                return False
        window = text[lo:hi]
        offset = lo if key == "text" else None
        for source, pattern in rule.near:
            if not self.has(pattern, window, (key, lo, hi), offset):
                return False
        for source, pattern in rule.not_near:
            if self.has(pattern, window, (key, lo, hi), offset):
                return False
        return True

    def run(self, rule: Rule, severity: str):
        """The rule's findings in this post (the caller has checked ``worth_running``)."""
        post_ok = None  # the whole-post conditions, decided at the first candidate
        if _post_conditions_first(rule) and len(self.text) >= LONG_TEXT:
            # A long post's pattern scans cost more than the rule's whole-post conditions, which other
            # rules share (and so are mostly known already): a post that fails them is not scanned at
            # all. (A short post's scans mostly find nothing, and the conditions would be extra work.)
            # A condition that times out here is left to the first candidate, as before.
            try:
                post_ok = self._post_conditions(rule)
            except TimeoutError:
                post_ok = None
            if post_ok is False:
                return
        for start, end, detected_by, attachment, excerpt in self._candidates(rule):
            if post_ok is None:
                post_ok = self._post_conditions(rule)
            if not post_ok:
                return
            if attachment is None:
                lo, hi = self._window(rule, start, end)
                if self._window_ok(rule, self.text, lo, hi, "text", (start, end)):
                    yield self._finding(rule, severity, start, end, detected_by)
            else:
                text = self.attachment_texts[attachment]
                if self._window_ok(rule, text, 0, len(text), ("att", attachment)):
                    yield self._finding(rule, severity, None, None, detected_by, attachment=attachment,
                                        excerpt=excerpt)

    @cached_property
    def case(self):
        """The people in the post, built the first time a rule asks about them."""
        # The case model reads the same names and addresses the rules do: one recognizer pass serves both.
        addresses = contact.fewer_addresses(self._recognized("address"), self.text, ADDRESS_LIMIT)
        case = build_case(self.text, self.windows, self.attachment_texts, self._recognized("person"), addresses)
        if case.facts.get("limited"):
            self.limited.add("people")
        return case

    def _candidates(self, rule: Rule):
        """Spans the rule's recognizer, patterns or person condition find, before any condition."""
        if rule.person is not None:
            case = self.case
            for person in case.people:
                if not rule.person.about(person, case):
                    continue
                chain = case.chain(person, _deciding_cue(person, rule.person))
                about = case.summary(person)
                for detail in rule.person.details(person):
                    hit = _PersonHit(f"person/{detail.kind}: {chain}", about, detail.kind)
                    if detail.attachment is None:
                        yield detail.start, detail.end, hit, None, None
                    else:
                        yield None, None, hit, detail.attachment, detail.text
            return
        if rule.find:
            for entity in self.entities(rule.find):
                if not _attrs_match(entity, rule.attrs):
                    continue
                how = entity.detected_by
                if rule.owner:
                    owner = contact_owner(self.case, entity.start, self.windows.sentence(entity.start)[0])
                    if owner not in rule.owner:
                        continue
                    how += f" (owner: {owner})"
                yield entity.start, entity.end, how, None, None
            return
        if rule.where in ("text", "anywhere"):
            present = self.words_in_text
            for name, matcher in rule.patterns:
                if matcher.words is not None and matcher.words.isdisjoint(present):
                    continue  # most of a rule's patterns need words the post lacks
                for m in matcher.finditer(self.text, present, REGEX_TIMEOUT_SECONDS, self.starts):
                    if m.end() > m.start():
                        yield m.start(), m.end(), f"rule/{rule.id}/{name}", None, None
        if rule.where in ("attachments", "anywhere"):
            for index, text in enumerate(self.attachment_texts):
                for name, matcher in rule.patterns:
                    m = matcher.first(text, self.words_anywhere, REGEX_TIMEOUT_SECONDS)
                    if m:
                        yield None, None, f"rule/{rule.id}/{name}", index, m.group()
                        break

    def _finding(self, rule, severity, start, end, detected_by, attachment=None, excerpt=None) -> Finding:
        person = None
        message = rule.message
        if isinstance(detected_by, _PersonHit):
            person = detected_by.person
            # Who and in which role, without their name: messages outlive the draft in the review store.
            role = person["status"] or next((r for r in ("sexual-victim", "victim", "died", "witness", "politician")
                                             if r in person["roles"]), None)
            message = f"{message} (person {person['index']}{', ' + role if role else ''}; by {detected_by.kind})"
            detected_by = detected_by.chain
        if attachment is None:
            excerpt = self.text[start:end]
            lo, hi = self.windows.sentence(start)
            # The sentence around the span, clipped: enough to tell two findings apart,
            # bounded so a 64 KB text without full stops costs no more per finding.
            context = self.text[max(lo, start - FINGERPRINT_CONTEXT):min(hi, end + FINGERPRINT_CONTEXT)]
            start16, end16 = self.utf16(start), self.utf16(end)
        else:
            context = self.attachment_texts[attachment]
            start16 = end16 = None
        fingerprint = hashlib.sha256(
            "\x1f".join((rule.id, squash(excerpt), squash(context))).encode("utf-8", "surrogatepass")
        ).hexdigest()[:16]
        return Finding(
            rule=rule.id, category=rule.category, severity=severity, message=message, why=rule.why,
            policy=rule.policy, start=start, end=end, start_utf16=start16, end_utf16=end16,
            excerpt=excerpt, suggestion=rule.suggestion, attachment=attachment,
            fingerprint=fingerprint, detected_by=detected_by, person=person,
        )

    @staticmethod
    def engine_finding(rule: Rule, names) -> Finding | None:
        """The engine's own finding about a lint it could not complete, naming what stopped."""
        if not names:
            return None
        names = sorted(names)
        return Finding(
            rule=rule.id, category=rule.category, severity=rule.severity,
            message=rule.message, why=rule.why + " Stopped: " + ", ".join(names),
            policy=(), start=None, end=None, start_utf16=None, end_utf16=None, excerpt="",
            suggestion=rule.suggestion, attachment=None,
            fingerprint=hashlib.sha256(",".join([rule.id] + names).encode()).hexdigest()[:16],
            detected_by=f"engine/{rule.id.split('.', 1)[1]}",
        )


class _PersonHit(NamedTuple):
    """What a person rule's candidate carries to its finding: the chain, the person, the detail kind."""

    chain: str
    person: dict
    kind: str


def _with_fixes(findings, analysis, rules):
    """Each finding with its safe rewrite, where its rule or the case model gives one (``fixes.py``)."""
    case = analysis.__dict__.get("case")  # built only if a person rule asked
    made_for: dict = {}  # one person's findings share one fix: make it once
    for finding in findings:
        kind = fixes.detail_kind(finding)
        # A name's fix renames every mention, so one serves all of a person's name findings; any
        # other detail is fixed where it stands.
        where = None if kind in ("name", "nickname") else (finding.start, finding.end)
        key = (finding.category, finding.person["index"], kind, where) if finding.person else None
        # The merged edits are kept with the fix: a name's fix has an edit per mention, and a long post
        # with a hundred findings about one person merged and mapped them a hundred times over.
        if key is not None and key in made_for:
            made = made_for[key]
        else:
            rule = rules.get(finding.rule)
            if case is None and rule is not None and any("{person}" in template for _, template in rule.rewrites):
                case = analysis.case  # "the shoplifter" becomes "the man" only if the post says who it is about
            made = fixes.fix_for(finding, case, analysis.text, rule, analysis.windows)
            if made is not None:
                edits, summary = made
                utf16 = analysis.utf16
                made = summary, tuple(
                    {"start": e.start, "end": e.end, "start_utf16": utf16(e.start), "end_utf16": utf16(e.end),
                     "replacement": e.replacement} for e in fixes.merge(edits))
            if key is not None:
                made_for[key] = made
        if made is None:
            yield finding
            continue
        summary, fix = made
        yield dataclasses.replace(finding, fix_summary=summary, fix=tuple(dict(e) for e in fix))


def _post_conditions_first(rule: Rule) -> bool:
    """Whether a rule's whole-post conditions may be checked before its candidates are looked for.
    Only for pattern rules: a person rule or a recognizer rule looking for candidates builds the case
    model or counts entities against their bounds, which other findings and fixes read."""
    return rule.person is None and not rule.find and bool(
        rule.post_has or rule.post_lacks or rule.text_has or rule.text_lacks
        or rule.attachment_has or rule.attachment_lacks)


def _deciding_cue(person, condition):
    """The cue that made the person match: their status, else the first role the rule asks for."""
    wanted = set(condition.status) | set(condition.roles)
    for cue in reversed(person.cues):
        if cue.what in wanted:
            return cue
    return person.cues[-1] if person.cues else None


def _statically_applicable(rule: Rule, tier: str, in_election: bool, has_attachments: bool) -> bool:
    if tier not in rule.tiers:
        return False
    if rule.when == "pre-election" and not in_election:
        return False
    if rule.has_attachment is not None and has_attachments != rule.has_attachment:
        return False
    return not (rule.where == "attachments" and not has_attachments)


def _attrs_match(entity, attrs) -> bool:
    for key, wanted in attrs:
        value = entity.get(key)
        if isinstance(wanted, tuple):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


_FILENAME_SEPARATORS = regex.compile(r"[_.\-+]+|(?<=[a-z])(?=[A-Z])")


def _attachment_text(attachment) -> str:
    """What the linter can see of an attachment, as one searchable line:
    the filename with its separators turned into spaces, then alt, caption, source."""
    filename = _FILENAME_SEPARATORS.sub(" ", attachment.filename)
    parts = [f"{attachment.kind}: {filename}", attachment.alt, attachment.caption, attachment.source_url]
    return " | ".join(p for p in parts if p)


# Each recognizer, and a cheap test that is False only when it cannot find anything
# in the text (no "@", no street word): a rule that needs it is then skipped unrun.
_RECOGNIZERS = {
    "person": (lambda a, limit: names.find_people(a.text, limit), None),
    "age": (lambda a, limit: ages.find_ages(a.text, limit), None),
    "phone": (lambda a, limit: contact.find_phones(a.text, a.profile.force_numbers, limit),
              contact.could_hold_phone),
    "email": (lambda a, limit: contact.find_emails(a.text, a.profile.force_domains, limit),
              contact.could_hold_email),
    "address": (lambda a, limit: contact.find_addresses(a.text, limit), contact.could_hold_address),
    "vehicle": (lambda a, limit: contact.find_registrations(a.text, limit), contact.could_hold_registration),
}
