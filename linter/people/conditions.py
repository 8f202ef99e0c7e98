"""A rule's condition on the people of a post, as written in a pack's ``person`` table.

    person = { status = ["arrested", "suspected"], identified_by = ["name", "nickname"] }

Every key narrows the people the rule is about; the rule then fires once per
identifying detail of each of them, at that detail's span.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .case import DETAIL_KINDS, ROLES, STATUSES, Case, Detail, Person

_KEYS = {"status", "not_status", "named", "roles", "not_roles", "child", "officer", "identified_by", "death", "living", "in_proceedings"}
# Suspect, defendant, victim or witness: what makes a child "concerned in proceedings". A child sentenced
# in the youth court keeps its anonymity, unless the court lifted it.
IN_PROCEEDINGS = {"suspected", "arrested", "charged", "convicted", "sentenced", "wanted", "victim", "sexual-victim", "witness"}
DEATH = ("unconfirmed",)
# Witness cues that say only that someone helped ("rang 999", "stayed with"), not that they saw an offence.
_ONLY_HELPED = regex.compile(r"999|stay|stopped|first\s+aid|aid\b|help|alert|alarm", regex.IGNORECASE)


class ConditionError(ValueError):
    pass


@dataclass(frozen=True)
class PersonCondition:
    identified_by: tuple[str, ...]
    status: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()         # any of these
    not_roles: tuple[str, ...] = ()
    child: bool | None = None
    officer: bool | None = None
    living: bool | None = None
    death: str | None = None
    in_proceedings: bool | None = None
    not_status: tuple[str, ...] = ()
    named: bool | None = None

    @classmethod
    def parse(cls, table) -> "PersonCondition":
        if not isinstance(table, dict):
            raise ConditionError("person must be a table")
        unknown = set(table) - _KEYS
        if unknown:
            raise ConditionError(f"person has unknown keys {sorted(unknown)}")

        def names(key, allowed):
            value = table.get(key, [])
            if not isinstance(value, list) or any(v not in allowed for v in value):
                raise ConditionError(f"person.{key} must be a list drawn from {', '.join(allowed)}")
            return tuple(value)

        identified_by = names("identified_by", DETAIL_KINDS)
        if not identified_by:
            raise ConditionError("person.identified_by must name at least one kind of detail")
        for key in ("child", "officer", "living", "in_proceedings", "named"):
            if key in table and not isinstance(table[key], bool):
                raise ConditionError(f"person.{key} must be true or false")
        death = table.get("death")
        if death is not None and death not in DEATH:
            raise ConditionError(f"person.death must be one of {', '.join(DEATH)}")
        return cls(identified_by=identified_by, status=names("status", STATUSES), roles=names("roles", ROLES),
                   not_roles=names("not_roles", ROLES), child=table.get("child"), officer=table.get("officer"),
                   living=table.get("living"), death=death, in_proceedings=table.get("in_proceedings"),
                   not_status=names("not_status", STATUSES), named=table.get("named"))

    def about(self, person: Person, case: Case) -> bool:
        roles = person.roles()
        if self.status and person.status() not in self.status:
            return False
        if self.not_status and person.status() in self.not_status:
            return False
        if self.named is not None and any(d.kind in ("name", "nickname") for d in person.details) != self.named:
            return False
        if self.roles and roles.isdisjoint(self.roles):
            return False
        if self.not_roles and not roles.isdisjoint(self.not_roles):
            return False
        if self.child is not None and person.child != self.child:
            return False
        if self.officer is not None and person.officer != self.officer:
            return False
        if self.living is not None and ("died" in roles) == self.living:
            return False
        if self.in_proceedings is not None:
            reasons = (roles | {person.status()}) & IN_PROCEEDINGS
            # Sentenced in an adult court as "a teenager" may be 18 or 19 and named there: a sentenced
            # child needs a stated age.
            if reasons == {"sentenced"} and person.age is None:
                reasons = set()
            if reasons == {"witness"} and all(_ONLY_HELPED.search(case.text, c.start, c.end) for c in person.cues if c.what == "witness") \
                    and not any(other is not person and (other.status() in IN_PROCEEDINGS or "victim" in other.roles())
                                                  for other in case.people):
                reasons = set()  # "rang 999 when her mum collapsed": a witness to no offence is in no proceedings
            concerned = bool(reasons) and not case.facts.get("restrictions_lifted")
            if concerned != self.in_proceedings:
                return False
        if self.death == "unconfirmed" and not _death_unconfirmed(person, case):
            return False
        return True

    def details(self, person: Person) -> list[Detail]:
        return person.identified_by(self.identified_by)


def _death_unconfirmed(person: Person, case: Case) -> bool:
    """Identification is pending, or the family is known not to have been told and the post is
    not an appeal asking the public to help find them (judgement 23)."""
    facts = case.facts
    if facts.get("long_past"):
        return False
    if facts.get("identification_pending"):
        return True
    return bool(facts.get("family_not_told")) and not facts.get("trace_appeal")
