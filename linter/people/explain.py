"""The case model as text: what ``postlint explain`` prints.

A false positive is fixed fastest by seeing what the engine believed: who the
people are, which words it tied to each of them, and why it gave each one a
status, a role or an identifying detail.
"""
from __future__ import annotations

from .case import Case

_FACTS = ("sexual_offence", "identification_pending", "family_not_told", "trace_appeal", "family_informed",
          "long_past", "historical", "restrictions_lifted", "limited")


def explain_case(case: Case) -> str:
    text = case.text
    lines = [f"{len(case.people)} people, {len(case.mentions)} mentions"]
    for person in case.people:
        facts = [f"gender {person.gender or '?'}"]
        if person.age is not None:
            facts.append(f"age {person.age}")
        for flag in ("child", "officer", "politician"):
            if getattr(person, flag):
                facts.append(flag)
        lines.append("")
        lines.append(f"person {person.index + 1}: " + ", ".join(facts))
        for i in person.mentions:
            m = case.mentions[i]
            link = next((f" (joined to '{case.mentions[j].text}' by {how})" for a, j, how in case.links if a == i), "")
            lines.append(f"  mention  {m.start:>5}-{m.end:<5} {m.kind:<11} '{m.text}'{link}")
        status = person.status()
        if status:
            lines.append(f"  status   {status}")
        for cue in person.cues:
            said = text[cue.start:cue.end]
            lines.append(f"  {cue.what:<8} from '{said}' ({cue.how}, read on '{case.mentions[cue.mention].text}')")
        for detail in person.details:
            where = f"attachment {detail.attachment}" if detail.attachment is not None else f"{detail.start}-{detail.end}"
            about = f", of person {detail.about + 1}" if detail.about is not None else ""
            lines.append(f"  detail   {detail.kind:<13} {where}: '{detail.text[:60]}'{about}")
        for other, word in person.related_to:
            lines.append(f"  related  '{word}' of person {other + 1}")
    shown = []
    for key in _FACTS:
        value = case.facts.get(key)
        if value:
            shown.append(key if value is True else f"{key} ({len(value)})" if isinstance(value, list) else key)
    lines.append("")
    lines.append("post: " + (", ".join(shown) if shown else "nothing about deaths, sexual offences or history"))
    return "\n".join(lines) + "\n"
