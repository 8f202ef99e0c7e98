"""Measuring detection quality against a labelled corpus.

A post raises a category when it has a finding of that category with severity
review or block; advice does not count. Clean posts (``expect: []``) measure
the false-alarm rate officers would feel.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .model import PostError, parse_post
from .rules import CATEGORIES

COUNTED = ("review", "block")


@dataclass
class Miss:
    post_id: str
    expected: list
    found: list
    missed: list
    extra: list
    note: str = ""


@dataclass
class EvalReport:
    categories: dict = field(default_factory=dict)
    micro: dict = field(default_factory=dict)
    clean_false_alarm_rate: float = 0.0
    posts: int = 0
    clean_posts: int = 0
    ambiguous: int = 0  # posts whose note marks a judgement call either way; not scored
    misses: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "categories": self.categories, "micro": self.micro,
            "clean_false_alarm_rate": self.clean_false_alarm_rate, "posts": self.posts,
            "clean_posts": self.clean_posts, "ambiguous": self.ambiguous,
            "misses": [m.__dict__ for m in self.misses],
        }


class CorpusError(ValueError):
    pass


def read_corpus(handle) -> list[dict]:
    rows = []
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise CorpusError(f"line {number}: each line must be a JSON object")
        expect = row.get("expect", [])
        if not isinstance(expect, list) or not all(isinstance(c, str) for c in expect):
            raise CorpusError(f"line {number}: expect must be a list of category names")
        row.setdefault("id", f"line-{number}")
        rows.append(row)
    return rows


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 1.0


def evaluate(engine, rows: list[dict]) -> EvalReport:
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES if not c.startswith("lint-")}
    report = EvalReport(posts=len(rows))
    clean_alarms = 0
    for row in rows:
        if str(row.get("note", "")).startswith("ambiguous:"):
            report.ambiguous += 1
            continue
        try:
            post = parse_post(row, known_profiles=engine.profiles)
        except PostError as exc:
            raise CorpusError(f"post {row['id']}: {exc}") from None
        result = engine.lint(post)
        found = sorted({f.category for f in result.findings if f.severity in COUNTED})
        expected = sorted(set(row.get("expect", [])))
        for category in set(found) | set(expected):
            bucket = counts.setdefault(category, {"tp": 0, "fp": 0, "fn": 0})
            if category in found and category in expected:
                bucket["tp"] += 1
            elif category in found:
                bucket["fp"] += 1
            else:
                bucket["fn"] += 1
        if not expected:
            report.clean_posts += 1
            clean_alarms += bool(found)
        if found != expected:
            report.misses.append(Miss(
                post_id=row["id"], expected=expected, found=found,
                missed=sorted(set(expected) - set(found)), extra=sorted(set(found) - set(expected)),
                note=str(row.get("note", ""))[:160],
            ))
    total = {"tp": 0, "fp": 0, "fn": 0}
    for category, bucket in counts.items():
        for key in total:
            total[key] += bucket[key]
        report.categories[category] = bucket | {
            "precision": _ratio(bucket["tp"], bucket["tp"] + bucket["fp"]),
            "recall": _ratio(bucket["tp"], bucket["tp"] + bucket["fn"]),
        }
    report.micro = total | {"precision": _ratio(total["tp"], total["tp"] + total["fp"]),
                            "recall": _ratio(total["tp"], total["tp"] + total["fn"])}
    report.clean_false_alarm_rate = _ratio(clean_alarms, report.clean_posts) if report.clean_posts else 0.0
    return report


def format_eval(report: EvalReport, misses: bool = True) -> str:
    lines = [f"{'category':<24}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
    for category, c in report.categories.items():
        if c["tp"] + c["fp"] + c["fn"] == 0:
            continue
        lines.append(f"{category:<24}{c['tp']:>5}{c['fp']:>5}{c['fn']:>5}{c['precision']:>11.3f}{c['recall']:>8.3f}")
    m = report.micro
    lines.append(f"{'micro':<24}{m['tp']:>5}{m['fp']:>5}{m['fn']:>5}{m['precision']:>11.3f}{m['recall']:>8.3f}")
    skipped = f" ({report.ambiguous} marked ambiguous, not scored)" if report.ambiguous else ""
    lines.append(f"posts: {report.posts}{skipped}, clean: {report.clean_posts}, "
                 f"clean false-alarm rate: {report.clean_false_alarm_rate:.3f}")
    if misses and report.misses:
        lines.append("")
        lines.append(f"misses ({len(report.misses)}):")
        for miss in report.misses:
            parts = []
            if miss.missed:
                parts.append("missed " + ", ".join(miss.missed))
            if miss.extra:
                parts.append("false alarm " + ", ".join(miss.extra))
            lines.append(f"  {miss.post_id}: expected [{', '.join(miss.expected)}] found [{', '.join(miss.found)}]"
                         f" -> {'; '.join(parts)}")
    return "\n".join(lines) + "\n"
