"""Hostile posts are bounded: past a hundred of one thing the engine stops and says so."""
from linter import Post
from linter.engine import ENTITY_LIMIT, FINDING_LIMIT
from linter.people.build import MENTION_LIMIT, build_case
from linter.recognizers import contact, names
from linter.text import Windows


def _limit_findings(result):
    return [f for f in result.findings if f.rule == "engine.too-many-to-list"]


def test_a_post_with_hundreds_of_private_numbers_lists_a_hundred_and_is_held_for_review(engine):
    text = " ".join(f"Text me on 07700 900{i:03d} now." for i in range(300))
    result = engine.lint(Post(text=text))
    phones = [f for f in result.findings if f.rule == "personal-data.private-phone-number"]
    assert len(phones) == min(ENTITY_LIMIT, FINDING_LIMIT)
    # The first hundred, in order: the listing is a prefix of the post, not a sample.
    assert [f.excerpt for f in phones[:2]] == ["07700 900000", "07700 900001"]
    [limit] = _limit_findings(result)
    # Not fully checked, so held until a reviewer clears it (a review verdict could be approved without a note).
    assert limit.category == "lint-limit" and limit.severity == "block" and result.verdict == "block"
    assert "recognizer/phone" in limit.why
    assert text[:20] not in limit.why


def test_a_post_with_more_people_than_the_model_keeps_models_the_first_and_is_held(engine):
    opening = "Jordan Pike, 24, of Elm Road, has been arrested on suspicion of burglary and remains in custody. "
    text = opening + "he was arrested and she said his mum told her " * 400 + "Thanks to Dean Holt for his help."
    case = build_case(text, Windows(text))
    assert case.facts["limited"] and len(case.mentions) == MENTION_LIMIT
    # The stages read only as far as the model goes, but the first person is modelled as a short post is.
    assert len(case.text) < len(text) and "Dean Holt" not in case.text
    first = case.people[case.owner[0]]
    assert first.status() == "arrested" and any(d.kind == "name" for d in first.details)
    result = engine.lint(Post(text=text))
    assert "arrest.named-suspect" in {f.rule for f in result.findings}
    [limit] = _limit_findings(result)
    assert "people" in limit.why and result.verdict == "block"


def test_an_ordinary_post_reaches_no_limit(engine):
    result = engine.lint(Post(text="Call 07700 900123 or 07700 900456 if you saw the crash on Green Lane."))
    assert _limit_findings(result) == []


def test_a_rule_with_more_than_a_hundred_matches_is_cut_at_the_limit(engine):
    text = "What a load of bollocks. " * 400
    result = engine.lint(Post(text=text))
    counts = {}
    for f in result.findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    assert max(counts.values()) <= FINDING_LIMIT
    over = [rule for rule, n in counts.items() if n == FINDING_LIMIT and not rule.startswith("engine.")]
    assert over, "some rule should have matched hundreds of times"
    [limit] = _limit_findings(result)
    assert all(rule in limit.why for rule in over)


def test_recognizers_stop_at_their_limit_and_keep_the_earliest():
    text = " ".join(f"Mr Smith{chr(65 + i % 26)}{chr(97 + i // 26)}" for i in range(300))
    people = names.find_people(text, limit=50)
    assert len(people) == 50
    assert people == names.find_people(text)[:50]
    emails = contact.find_emails(" ".join(f"a{i}@gmail.com" for i in range(80)), limit=10)
    assert [e.start for e in emails] == sorted(e.start for e in emails) and len(emails) == 10


def test_digits_that_are_almost_phone_numbers_stop_at_a_parse_budget(engine):
    text = "0 1 2.3 4-5 6 (7) 8 9 " * 2000
    found = contact.find_phones(text, limit=5)
    assert found.complete is False and len(found) <= 5
    assert contact.find_phones("Call 07700 900123.", limit=5).complete
    [limit] = _limit_findings(engine.lint(Post(text=text)))
    assert "recognizer/phone" in limit.why


def test_a_post_without_street_words_has_no_addresses_and_costs_no_scan():
    assert contact.find_addresses("Mr " * 5000) == []
    assert [a.get("street") for a in contact.find_addresses("She lives at 14 Kelda Lane.")] == ["Kelda Lane"]


def test_street_patterns_are_built_once_and_whole_under_threads(monkeypatch):
    import threading
    monkeypatch.setattr(contact, "_STREET_PATTERNS", None)
    results, errors = [], []

    def find():
        try:
            results.append(contact.find_addresses("She lives at 14 Kelda Lane."))
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            errors.append(exc)
    threads = [threading.Thread(target=find) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and all(len(r) == 1 for r in results)
