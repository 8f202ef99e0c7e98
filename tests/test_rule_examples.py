"""Every rule's own examples: each 'fire' example must produce a finding with
that rule's id, each 'pass' example must not. A rule whose pattern or
conditions can never match fails here, not silently in production."""
from __future__ import annotations

import pytest

from linter import RulePackError, load_engine

ENGINE = load_engine()

CASES = [
    pytest.param(rule.id, kind, index, example, id=f"{rule.id}/{kind}/{index}")
    for rule in ENGINE.rules.values()
    for kind, examples in (("fire", rule.fires), ("pass", rule.passes))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule_id", "kind", "index", "example"), CASES)
def test_rule_example(rule_id, kind, index, example, examples):
    findings = examples.findings(ENGINE, example)
    fired = [f for f in findings if f.rule == rule_id]
    seen = [(f.rule, f.excerpt) for f in findings]
    if kind == "fire":
        assert fired, f"{rule_id} did not fire on its example {example.text!r}; findings: {seen}"
    else:
        assert not fired, f"{rule_id} fired on its pass example {example.text!r}: {seen}"


def test_there_are_examples_to_run():
    assert len(ENGINE.rules) >= 13  # at least one rule per design-card category
    assert len(CASES) >= 2 * len(ENGINE.rules)


@pytest.mark.parametrize("rule_id", sorted(ENGINE.rules))
def test_every_rule_has_fire_and_pass_examples(rule_id):
    rule = ENGINE.rules[rule_id]
    assert len(rule.fires) >= 1, f"{rule_id} has no example that fires"
    assert len(rule.passes) >= 1, f"{rule_id} has no example that passes"
    assert all(e.text.strip() for e in rule.fires + rule.passes), f"{rule_id} has an empty example"


@pytest.mark.parametrize("missing", ["fire", "pass", "both"])
def test_loader_rejects_a_rule_without_examples(missing, write_pack, rules_copy, valid_pack):
    pack = valid_pack
    if missing in ("fire", "both"):
        pack = pack.replace('fire = ["Slow down at the zebra crossing on the high street."]\n', "")
    if missing in ("pass", "both"):
        pack = pack.replace('pass = ["Slow down at the pelican crossing on the high street."]\n', "")
    assert pack != valid_pack
    write_pack("scratch.toml", pack)
    with pytest.raises(RulePackError) as caught:
        load_engine(rules_dir=rules_copy)
    message = str(caught.value)
    assert "scratch.toml" in message and "scratch.zebra-crossing" in message
    assert "example" in message


def test_loader_rejects_an_empty_example_table(write_pack, rules_copy, valid_pack):
    pack = valid_pack.replace('fire = ["Slow down at the zebra crossing on the high street."]',
                              "fire = []")
    write_pack("scratch.toml", pack)
    with pytest.raises(RulePackError, match="scratch.zebra-crossing"):
        load_engine(rules_dir=rules_copy)
