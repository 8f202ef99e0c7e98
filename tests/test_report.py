"""Output formats: SARIF 2.1.0 for code-scanning tools, JSON, and the
compiler-style text report."""
from __future__ import annotations

import json

import pytest

from linter import parse_post
from linter.report import json_report, sarif_report, text_report
from linter.text import line_column

MIXED = ("Officers have arrested Callum Pexton, 31, on suspicion of affray.\n"
         "Give Sandra a ring on 07700 900614.\n"
         "FOUND | Carly has been found safe and well.")
GETTY = {"kind": "image", "filename": "GettyImages-1.jpg", "source_url": "https://www.gettyimages.co.uk/x"}
LEVELS = {"block": "error", "review": "warning", "advice": "note"}


@pytest.fixture(scope="module")
def mixed(engine):
    post = parse_post({"text": MIXED, "attachments": [GETTY]})
    result = engine.lint(post)
    assert {f.severity for f in result.findings} == {"block", "review", "advice"}
    assert any(f.attachment is not None for f in result.findings)
    return post, result


@pytest.fixture(scope="module")
def sarif(engine, mixed):
    post, result = mixed
    return json.loads(sarif_report(result, post, engine.catalogue(result.profile), "drafts/post.txt"))


def test_sarif_top_level(sarif):
    assert sarif["version"] == "2.1.0"
    assert "sarif" in sarif["$schema"] and "2.1.0" in sarif["$schema"]
    assert len(sarif["runs"]) == 1
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "postlint"
    assert isinstance(driver["version"], str) and driver["version"]


def test_sarif_rules_describe_every_rule_used(sarif, mixed):
    _, result = mixed
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f.rule for f in result.findings})
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert isinstance(rule["properties"]["policy"], list)
    for entry in run["results"]:
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"]


def test_sarif_results_carry_level_message_and_region(sarif, mixed):
    post, result = mixed
    results = sarif["runs"][0]["results"]
    assert len(results) == len(result.findings)
    for entry, finding in zip(results, result.findings):
        assert entry["ruleId"] == finding.rule
        assert entry["level"] == LEVELS[finding.severity]
        assert entry["message"]["text"] == finding.message
        assert entry["partialFingerprints"]["postlintFingerprint/v1"] == finding.fingerprint
        location = entry["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "drafts/post.txt"
        if finding.start is None:
            assert "region" not in location
            continue
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == line_column(post.text, finding.start)
        assert (region["endLine"], region["endColumn"]) == line_column(post.text, finding.end)
        assert region["charOffset"] == finding.start and region["charLength"] == finding.end - finding.start
        assert region["snippet"]["text"] == finding.excerpt
    assert {e["level"] for e in results} == {"error", "warning", "note"}


def test_sarif_regions_point_at_the_right_lines(sarif):
    by_rule = {e["ruleId"]: e for e in sarif["runs"][0]["results"]}
    phone = by_rule["personal-data.private-phone-number"]["locations"][0]["physicalLocation"]["region"]
    assert (phone["startLine"], phone["startColumn"]) == (2, len("Give Sandra a ring on ") + 1)
    arrest = by_rule["arrest.named-suspect"]["locations"][0]["physicalLocation"]["region"]
    assert (arrest["startLine"], arrest["startColumn"]) == (1, 24)


def test_sarif_for_a_clean_post_has_no_results(engine):
    post = parse_post({"text": "Lovely sunrise over the abbey."})
    result = engine.lint(post)
    document = json.loads(sarif_report(result, post, engine.catalogue(), "post.txt"))
    assert document["runs"][0]["results"] == []
    assert document["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_from_the_command_line(postlint):
    run = postlint("check", "--format", "sarif",
                   stdin="Officers have arrested Callum Pexton, 31, on suspicion of affray.")
    assert run.returncode == 1
    document = json.loads(run.stdout)
    assert document["version"] == "2.1.0"
    result = document["runs"][0]["results"][0]
    assert result["ruleId"] == "arrest.named-suspect" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "<stdin>"


def test_json_report_is_the_result_dict_with_raw_unicode(engine):
    post = parse_post({"text": "\U0001F46E Officers have arrested Mārtiņš Bērziņš, 31, on suspicion of affray."})
    result = engine.lint(post)
    out = json_report(result)
    assert json.loads(out) == result.to_dict()
    assert '"excerpt": "Mārtiņš Bērziņš"' in out  # not \u-escaped
    assert out.endswith("\n")


def test_text_report_lists_attachments_and_the_verdict(mixed):
    post, result = mixed
    out = text_report(result, post, "post.txt")
    assert "post.txt: attachment 1 (GettyImages-1.jpg): review:" in out
    assert "post.txt:2:23: review:" in out
    assert out.rstrip().splitlines()[-1] == ("post.txt: verdict block (1 block, 3 review, 1 advice; "
                                             "profile uk-police)")


def test_text_report_underlines_the_excerpt_on_its_own_line(mixed):
    post, result = mixed
    lines = text_report(result, post, "p").splitlines()
    i = lines.index(next(x for x in lines if "[personal-data.private-phone-number]" in x))
    assert lines[i + 1] == "    Give Sandra a ring on 07700 900614."
    assert lines[i + 2] == "    " + " " * len("Give Sandra a ring on ") + "^" * len("07700 900614")


def test_text_report_for_a_clean_post(engine):
    post = parse_post({"text": "Lovely sunrise."})
    assert text_report(engine.lint(post), post) == "<stdin>: verdict ok (no findings; profile uk-police)\n"
