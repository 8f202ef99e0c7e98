"""Picking rules by the words a post holds must never drop a rule that would fire."""
from linter import Post
from tests.support.texts import post_texts


def test_every_rule_that_fires_is_among_the_plans_candidates(engine):
    asked = total = fired = 0
    for text in post_texts():
        for tier in ("local", "corporate"):
            post = Post(text=text, account_tier=tier)
            result = engine.lint(post, profile="uk-police")
            plan = engine._plan("uk-police", post, False)
            folded = text.casefold()
            present, _ = engine.ruleset.vocabulary.present(folded)
            candidates = {rule.id for rule, _ in plan.candidates(present)}
            for finding in result.findings:
                if not finding.rule.startswith("engine."):
                    fired += 1
                    assert finding.rule in candidates, (finding.rule, text[:60])
            asked += len(candidates)
            total += len(plan.rules)
    assert fired > 100
    assert asked < total / 3, "most rules should not even be asked about most posts"
