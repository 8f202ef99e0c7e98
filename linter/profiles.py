"""Force profiles: which rules apply, at what severity, and the force's own
contact details that are never personal data.

Each force's profile lists its differences from the shared rules. The default
``uk-police`` profile is the strictest union of the five: every rule any force
applies, at the highest severity any force gives it, except provisions marked
``force_specific`` that only one force has adopted.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .model import SEVERITIES
from .rules import Rule, RulePackError

DEFAULT_PROFILE = "uk-police"


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    description: str
    severities: dict = field(default_factory=dict)   # rule id -> severity for this profile
    overridden: dict = field(default_factory=dict)   # only the ids whose severity differs from the rule's
    force_domains: frozenset = frozenset()
    force_numbers: frozenset = frozenset()

    def catalogue(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description,
                "rules": len(self.severities), "severity_overrides": dict(sorted(self.overridden.items())),
                "force_domains": sorted(self.force_domains)}


def profile_names(directory: Path) -> set[str]:
    return {p.stem for p in directory.glob("*.toml")}


def load_profiles(directory: Path, rules: dict[str, Rule]) -> dict[str, Profile]:
    raw = {}
    for path in sorted(directory.glob("*.toml")):
        with open(path, "rb") as handle:
            try:
                raw[path.stem] = tomllib.load(handle)
            except tomllib.TOMLDecodeError as exc:
                raise RulePackError(f"profiles/{path.name}: not valid TOML: {exc}") from None
    if DEFAULT_PROFILE not in raw:
        raise RulePackError(f"profiles/{DEFAULT_PROFILE}.toml is missing")
    forces = {name: _force_profile(name, data, rules) for name, data in raw.items() if name != DEFAULT_PROFILE}
    profiles = dict(forces)
    profiles[DEFAULT_PROFILE] = _strictest_union(raw[DEFAULT_PROFILE], forces, rules)
    return profiles


def _force_profile(name: str, data: dict, rules: dict[str, Rule]) -> Profile:
    where = f"profiles/{name}.toml"
    disabled = set(data.get("disable", []))
    enabled = set(data.get("enable", []))
    overrides = data.get("severity", {})
    for rule_id in disabled | enabled | set(overrides):
        if rule_id not in rules:
            raise RulePackError(f"{where}: names unknown rule {rule_id!r}")
    for rule_id, severity in overrides.items():
        if severity not in SEVERITIES:
            raise RulePackError(f"{where}: severity for {rule_id!r} must be one of {SEVERITIES}")
    severities = {}
    for rule in rules.values():
        if rule.id in disabled or (rule.force_specific and rule.id not in enabled):
            continue
        severities[rule.id] = overrides.get(rule.id, rule.severity)
    return Profile(
        name=name, title=data.get("title", name), description=" ".join(data.get("description", "").split()),
        severities=severities,
        overridden={k: v for k, v in overrides.items() if rules[k].severity != v},
        force_domains=frozenset(d.lower() for d in data.get("force_domains", [])),
        force_numbers=frozenset(str(n).replace(" ", "") for n in data.get("force_numbers", [])),
    )


def _strictest_union(data: dict, forces: dict[str, Profile], rules: dict[str, Rule]) -> Profile:
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    severities: dict[str, str] = {}
    for profile in forces.values():
        for rule_id, severity in profile.severities.items():
            if rules[rule_id].force_specific:
                continue
            if rule_id not in severities or rank[severity] > rank[severities[rule_id]]:
                severities[rule_id] = severity
    return Profile(
        name=DEFAULT_PROFILE, title=data.get("title", "UK police (strictest of all forces)"),
        description=" ".join(data.get("description", "").split()), severities=severities,
        overridden={k: v for k, v in severities.items() if rules[k].severity != v},
        force_domains=frozenset().union(*(p.force_domains for p in forces.values()),
                                        (d.lower() for d in data.get("force_domains", []))),
        force_numbers=frozenset().union(*(p.force_numbers for p in forces.values())),
    )
