"""POST /v1/lint, POST /v1/lint/batch, GET /v1/rules and GET /v1/profiles."""
from __future__ import annotations

import pytest

from api_samples import ARREST_POST, CLEAN_POST


def test_lint_returns_the_engines_findings_with_offsets(as_person, schema_check):
    response = as_person("olivia").post("/v1/lint", json=ARREST_POST)
    assert response.status_code == 200
    body = response.json
    schema_check("LintResult", body)
    assert body["verdict"] == body["lint_verdict"] == "block"
    assert body["review"] is None
    finding = next(f for f in body["findings"] if f["category"] == "arrest-name")
    assert ARREST_POST["text"][finding["start"]:finding["end"]] == finding["excerpt"] == "Callum Pexton"


def test_lint_of_a_clean_post_is_ok(as_person):
    body = as_person("sched").post("/v1/lint", json=CLEAN_POST).json
    assert body["verdict"] == "ok"
    assert not [f for f in body["findings"] if f["severity"] != "advice"]


def test_lint_honours_the_requested_profile(as_person, engine):
    other = next(name for name in engine.profiles if name != engine.default_profile)
    body = as_person("olivia").post("/v1/lint", json={**ARREST_POST, "profile": other}).json
    assert body["profile"] == other


def test_pending_review_is_reported_without_changing_the_verdict(as_person, submit):
    review = submit("olivia")
    body = as_person("olivia").post("/v1/lint", json=ARREST_POST).json
    assert body["verdict"] == "block"
    assert body["review"]["id"] == review["id"]
    assert body["review"]["status"] == "pending"


def test_another_officers_review_is_not_disclosed_by_lint(as_person, submit):
    """Tried as a new user: any token holder learnt the status, approver and note of others' reviews."""
    review = submit("olivia")
    as_person("rita").post(f"/v1/reviews/{review['id']}/decision",
                           json={"decision": "reject", "note": "Naming not agreed SENTINEL"})
    for outsider in ("oscar", "sched"):
        response = as_person(outsider).post("/v1/lint", json=ARREST_POST)
        assert response.json["review"] is None
        assert "SENTINEL" not in response.get_data(as_text=True)
        assert as_person(outsider).get(review["link"]).status_code == 403
    assert as_person("ravi").post("/v1/lint", json=ARREST_POST).json["review"]["status"] == "rejected"


def test_approved_exact_post_is_reported_approved(as_person, submit, schema_check):
    review = submit("olivia")
    decided = as_person("rita").post(f"/v1/reviews/{review['id']}/decision",
                                     json={"decision": "approve", "note": "Charged this morning; naming agreed"})
    assert decided.status_code == 200
    body = as_person("olivia").post("/v1/lint", json=ARREST_POST).json
    schema_check("LintResult", body)
    assert body["verdict"] == "approved"
    assert body["lint_verdict"] == "block"
    assert body["review"]["status"] == "approved"
    assert body["review"]["decided_by"] == "rita"
    assert body["review"]["decided_at"] == decided.json["decision"]["at"]


@pytest.mark.parametrize("change", [
    {"text": ARREST_POST["text"].replace("31", "32")},
    {"attachments": [{"kind": "image", "filename": "scene.jpg"}]},
    {"profile": "cleveland"},
])
def test_approval_covers_only_the_exact_post(as_person, submit, change):
    review = submit("olivia")
    as_person("rita").post(f"/v1/reviews/{review['id']}/decision", json={"decision": "approve", "note": "fine"})
    body = as_person("olivia").post("/v1/lint", json={**ARREST_POST, **change}).json
    assert body["verdict"] != "approved"
    assert body["review"] is None


def test_rejected_post_is_not_approved(as_person, submit):
    review = submit("olivia")
    as_person("rita").post(f"/v1/reviews/{review['id']}/decision", json={"decision": "reject", "note": "No"})
    body = as_person("olivia").post("/v1/lint", json=ARREST_POST).json
    assert body["verdict"] == "block"
    assert body["review"]["status"] == "rejected"
    assert body["review"]["note"] == "No"
    assert body["review"]["decided_by"] == "rita"


def test_batch_keeps_order_and_puts_errors_in_place(as_person, schema_check):
    posts = [ARREST_POST, {"text": 42}, CLEAN_POST, {"text": "x", "profile": "atlantis"}, "not an object"]
    response = as_person("sched").post("/v1/lint/batch", json={"posts": posts})
    assert response.status_code == 200
    schema_check("BatchResult", response.json)
    results = response.json["results"]
    assert len(results) == 5
    assert results[0]["verdict"] == "block"
    assert results[1]["error"]["field"] == "text"
    assert results[2]["verdict"] == "ok"
    assert results[3]["error"]["field"] == "profile"
    assert results[4]["error"]["code"] == "invalid_field"


def test_batch_of_the_maximum_size_is_accepted(as_person):
    response = as_person("sched").post("/v1/lint/batch", json={"posts": [CLEAN_POST] * 500})
    assert response.status_code == 200
    assert len(response.json["results"]) == 500


@pytest.mark.parametrize("body, code", [
    ({"posts": [CLEAN_POST] * 501}, "batch_too_large"),
    ({"posts": {"text": "x"}}, "invalid_field"),
    ({}, "invalid_field"),
    ({"posts": [], "extra": 1}, "invalid_field"),
])
def test_bad_batches_are_422(as_person, body, code):
    response = as_person("sched").post("/v1/lint/batch", json=body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == code


def test_empty_batch_gives_empty_results(as_person):
    assert as_person("sched").post("/v1/lint/batch", json={"posts": []}).json == {"results": []}


def test_rules_catalogue_has_citations(as_person, engine, schema_check):
    body = as_person("olivia").get("/v1/rules").json
    schema_check("Rules", body)
    assert body["profile"] == engine.default_profile
    assert {r["id"] for r in body["rules"]} == {r["id"] for r in engine.catalogue()}
    assert any(r["policy"] for r in body["rules"])


def test_rules_for_a_profile_and_an_unknown_profile(as_person):
    assert as_person("olivia").get("/v1/rules?profile=cleveland").json["profile"] == "cleveland"
    for query in ("profile=atlantis", "profile="):
        response = as_person("olivia").get(f"/v1/rules?{query}")
        assert response.status_code == 422
        assert response.json["error"]["field"] == "profile"


def test_profiles_catalogue(as_person, engine, schema_check):
    body = as_person("rita").get("/v1/profiles").json
    schema_check("Profiles", body)
    assert body["default"] == engine.default_profile
    assert {p["name"] for p in body["profiles"]} == set(engine.profiles)


def test_fix_returns_the_rewritten_post_and_what_remains(as_person):
    answer = as_person("olivia").post("/v1/fix", json={
        "text": "Darren Whitcombe, 41, of Maple Crescent, Selby, was arrested. Whitcombe remains in custody.",
        "account_tier": "corporate"})
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert body["text"] == "A 41-year-old from Selby was arrested. The 41-year-old remains in custody."
    assert body["applied"] == ["arrest.named-suspect"] and body["verdict"] == "ok" and body["remaining"] == []


def test_fix_refuses_a_bad_post_with_the_field(as_person):
    answer = as_person("olivia").post("/v1/fix", json={"text": 5})
    assert answer.status_code == 422 and answer.json["error"]["field"] == "text"
