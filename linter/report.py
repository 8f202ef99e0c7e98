"""Formatting lint results: compiler-style text, JSON and SARIF 2.1.0.

The engine never formats; everything a person or a tool reads is made here.
"""
from __future__ import annotations

import json

from . import __version__
from .text import line_column

_SARIF_LEVEL = {"block": "error", "review": "warning", "advice": "note"}


def text_report(result, post, source: str = "<stdin>") -> str:
    lines = []
    for f in result.findings:
        if f.attachment is not None:
            name = post.attachments[f.attachment].filename or f"#{f.attachment + 1}"
            lines.append(f"{source}: attachment {f.attachment + 1} ({name}): {f.severity}: {f.message} [{f.rule}]")
            lines.append(f"    matched: {f.excerpt}")
        elif f.start is None:
            lines.append(f"{source}: {f.severity}: {f.message} [{f.rule}]")
        else:
            line, column = line_column(post.text, f.start)
            lines.append(f"{source}:{line}:{column}: {f.severity}: {f.message} [{f.rule}]")
            lines.extend(_underline(post.text, f.start, f.end))
        lines.append(f"    why: {f.why}")
        if f.policy:
            lines.append("    policy: " + ", ".join(f"{p} {s}" for p, s in f.policy))
        if f.suggestion:
            lines.append(f"    instead: {f.suggestion}")
        if f.fix:
            shown = "; ".join(f"'{post.text[e['start']:e['end']]}' → '{e['replacement']}'" for e in f.fix[:3])
            lines.append(f"    fix: {f.fix_summary} ({shown}{'; …' if len(f.fix) > 3 else ''}); postlint fix applies it")
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in ("block", "review", "advice")}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no findings"
    lines.append(f"{source}: verdict {result.verdict} ({summary}; profile {result.profile})")
    return "\n".join(lines) + "\n"


def _underline(text: str, start: int, end: int) -> list[str]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end == -1:
        line_end = len(text)
    line = text[line_start:line_end]
    width = max(1, min(end, line_end) - start)
    return [f"    {line}", "    " + " " * (start - line_start) + "^" * width]


def json_report(result) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def sarif_report(result, post, rules: list[dict], source: str = "post.txt") -> str:
    used = sorted({f.rule for f in result.findings})
    catalogue = {r["id"]: r for r in rules}
    driver_rules = []
    for rule_id in used:
        r = catalogue.get(rule_id, {"id": rule_id, "message": rule_id, "why": "", "category": ""})
        driver_rules.append({
            "id": rule_id,
            "shortDescription": {"text": r["message"]},
            "fullDescription": {"text": r.get("why", "")},
            "help": {"text": r.get("suggestion") or r.get("why", "")},
            "properties": {"category": r.get("category", ""),
                           "policy": [f"{p['profile']} {p['section']}" for p in r.get("policy", [])]},
        })
    index = {rule_id: i for i, rule_id in enumerate(used)}
    results = []
    for f in result.findings:
        entry = {
            "ruleId": f.rule, "ruleIndex": index[f.rule], "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "partialFingerprints": {"postlintFingerprint/v1": f.fingerprint},
            "properties": {"category": f.category, "severity": f.severity, "detectedBy": f.detected_by},
        }
        if f.start is not None:
            line, column = line_column(post.text, f.start)
            end_line, end_column = line_column(post.text, f.end)
            entry["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": source},
                "region": {"startLine": line, "startColumn": column, "endLine": end_line,
                           "endColumn": end_column, "charOffset": f.start, "charLength": f.end - f.start,
                           "snippet": {"text": f.excerpt}},
            }}]
        else:
            entry["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": source}},
                                   "message": {"text": f"attachment {(f.attachment or 0) + 1}"}}]
        if f.fix:
            entry["fixes"] = [{"description": {"text": f.fix_summary or ""}, "artifactChanges": [{
                "artifactLocation": {"uri": source},
                "replacements": [{"deletedRegion": {"charOffset": e["start"], "charLength": e["end"] - e["start"]},
                                  "insertedContent": {"text": e["replacement"]}} for e in f.fix],
            }]}]
        results.append(entry)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "postlint", "version": __version__,
                                "semanticVersion": __version__, "rules": driver_rules}},
            "results": results,
            "properties": {"verdict": result.verdict, "profile": result.profile,
                           "rulesVersion": result.rules_version},
        }],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
