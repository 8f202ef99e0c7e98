"""Picking rules by the words a post holds must never drop a rule that would fire."""
import statistics

from linter import Post
from tests.support.texts import post_texts


def test_every_rule_that_fires_is_among_the_plans_candidates(engine):
    shares, fired = [], 0  # per post: the share of its profile's rules the plan asks about
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
            shares.append(len(candidates) / len(plan.rules))
    assert fired > 100
    # For most posts (the median one; a long post rich in cues wakes more), most rules are never asked.
    assert statistics.median(shares) < 1 / 3, "most rules should not even be asked about most posts"
