"""The review workflow: submit, queue, view, decide, audit."""
from __future__ import annotations

import threading

import pytest

from api_samples import ARREST_POST, CLEAN_POST


def decide(as_person, name, review_id, decision="approve", note="Checked with the SIO"):
    return as_person(name).post(f"/v1/reviews/{review_id}/decision", json={"decision": decision, "note": note})


def test_submission_is_linted_by_the_server_and_stored_pending(as_person, schema_check):
    response = as_person("olivia").post("/v1/reviews", json={"post": ARREST_POST, "note": "Naming agreed?"})
    assert response.status_code == 201
    body = response.json
    schema_check("Review", body)
    assert body["status"] == "pending"
    assert body["verdict"] == "block"
    assert "arrest-name" in body["categories"]
    assert body["id"].startswith("rv_") and len(body["id"]) > 20
    assert response.headers["Location"] == body["link"] == f"/v1/reviews/{body['id']}"
    assert body["post"]["text"] == ARREST_POST["text"]
    assert body["note"] == "Naming agreed?"
    assert body["decision"] is None


def test_client_supplied_findings_are_refused(as_person):
    response = as_person("olivia").post("/v1/reviews", json={"post": CLEAN_POST, "findings": []})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "findings"


@pytest.mark.parametrize("body, field", [
    ({}, "post"),
    ({"post": {"text": 1}}, "text"),
    ({"post": CLEAN_POST, "note": 5}, "note"),
    ({"post": CLEAN_POST, "note": "x" * 2001}, "note"),
    ({"post": CLEAN_POST, "note": "\ud800"}, "note"),
    ({"post": {**CLEAN_POST, "scheduled_for": "next tuesday"}}, "scheduled_for"),
])
def test_bad_submissions_are_422(as_person, body, field):
    response = as_person("olivia").post("/v1/reviews", json=body)
    assert response.status_code == 422
    assert response.json["error"]["field"] == field


def test_every_role_can_submit(as_person):
    for name in ("olivia", "rita", "sched", "adam"):
        assert as_person(name).post("/v1/reviews", json={"post": CLEAN_POST}).status_code == 201


def test_submitter_and_reviewers_can_read_a_review_others_cannot(as_person, submit):
    review = submit("olivia")
    assert as_person("olivia").get(review["link"]).status_code == 200
    assert as_person("rita").get(review["link"]).status_code == 200
    assert as_person("adam").get(review["link"]).status_code == 200
    for outsider in ("oscar", "sched"):
        response = as_person(outsider).get(review["link"])
        assert response.status_code == 403
        assert response.json["error"]["code"] == "forbidden"


def test_unknown_review_is_404(as_person):
    for path in ("/v1/reviews/rv_nope", "/v1/reviews/rv_nope/audit"):
        response = as_person("rita").get(path)
        assert response.status_code == 404
        assert response.json["error"]["code"] == "not_found"
    assert decide(as_person, "rita", "rv_nope").status_code == 404


def test_queue_is_for_reviewers_only(as_person):
    for name in ("olivia", "sched"):
        assert as_person(name).get("/v1/reviews").status_code == 403


def test_queue_is_newest_first_and_filtered_by_status(as_person, submit, schema_check):
    first, second, third = (submit("olivia", post={"text": f"Draft number {n}"}) for n in range(3))
    decide(as_person, "rita", second["id"], "reject", "Not now")
    pending = as_person("rita").get("/v1/reviews?status=pending").json
    schema_check("ReviewPage", pending)
    assert [r["id"] for r in pending["reviews"]] == [third["id"], first["id"]]
    rejected = as_person("rita").get("/v1/reviews?status=rejected").json["reviews"]
    assert [r["id"] for r in rejected] == [second["id"]]
    assert rejected[0]["decision"]["note"] == "Not now"
    everything = as_person("adam").get("/v1/reviews").json["reviews"]
    assert [r["id"] for r in everything] == [third["id"], second["id"], first["id"]]


def test_queue_pages_follow_next_links(as_person, submit):
    ids = [submit("olivia", post={"text": f"Draft {n}"})["id"] for n in range(5)]
    seen, link = [], "/v1/reviews?status=pending&limit=2"
    while link:
        page = as_person("rita").get(link).json
        assert len(page["reviews"]) <= 2
        seen += [r["id"] for r in page["reviews"]]
        link = page["next"]
    assert seen == ids[::-1]


@pytest.mark.parametrize("query", ["status=maybe", "status=", "limit=0", "limit=abc", "limit=201", "limit=",
                                   "cursor=-1", "cursor=x", "cursor=" + "9" * 5000])
def test_bad_queue_parameters_are_422(as_person, query):
    response = as_person("rita").get(f"/v1/reviews?{query}")
    assert response.status_code == 422
    assert response.json["error"]["field"] == query.split("=")[0]


def test_approve_with_note(as_person, submit, schema_check):
    review = submit("olivia")
    response = decide(as_person, "rita", review["id"], "approve", "Charged; naming agreed with the SIO")
    assert response.status_code == 200
    schema_check("Review", response.json)
    decision = response.json["decision"]
    assert response.json["status"] == "approved"
    assert decision["decision"] == "approve"
    assert decision["by"] == "rita"
    assert decision["note"] == "Charged; naming agreed with the SIO"
    seen_by_officer = as_person("olivia").get(review["link"]).json
    assert seen_by_officer["status"] == "approved"
    assert seen_by_officer["decision"] == decision


def test_note_required_to_approve_a_block_or_to_reject(as_person, submit):
    blocked = submit("olivia")
    clean = submit("olivia", post=CLEAN_POST)
    for review_id, decision in ((blocked["id"], "approve"), (clean["id"], "reject")):
        for note in (None, "", "   "):
            response = decide(as_person, "rita", review_id, decision, note)
            assert response.status_code == 422
            assert response.json["error"]["code"] == "note_required"
    assert decide(as_person, "rita", clean["id"], "approve", None).status_code == 200


@pytest.mark.parametrize("body", [{"decision": "maybe"}, {"note": "x"}, {"decision": "approve", "extra": 1},
                                  {"decision": ["approve"]}])
def test_bad_decision_bodies_are_422(as_person, submit, body):
    review = submit("olivia")
    assert as_person("rita").post(f"/v1/reviews/{review['id']}/decision", json=body).status_code == 422


def test_only_reviewers_and_admins_decide(as_person, submit):
    review = submit("olivia")
    for name in ("oscar", "olivia", "sched"):
        response = decide(as_person, name, review["id"])
        assert response.status_code == 403
        assert response.json["error"]["code"] == "forbidden"
    assert decide(as_person, "adam", review["id"]).status_code == 200


def test_reviewer_cannot_decide_own_submission(as_person, submit):
    review = submit("rita")
    response = decide(as_person, "rita", review["id"])
    assert response.status_code == 403
    assert response.json["error"]["code"] == "own_submission"
    assert decide(as_person, "ravi", review["id"]).status_code == 200


def test_deciding_twice_is_409(as_person, submit):
    review = submit("olivia")
    assert decide(as_person, "rita", review["id"], "reject", "No").status_code == 200
    for name, decision in (("ravi", "approve"), ("rita", "reject")):
        response = decide(as_person, name, review["id"], decision, "Again")
        assert response.status_code == 409
        assert response.json["error"]["code"] == "already_decided"
    assert as_person("rita").get(review["link"]).json["decision"]["note"] == "No"


def test_racing_reviewers_exactly_one_wins(app, people, submit):
    review = submit("olivia")
    outcomes, barrier = [], threading.Barrier(2)

    def race(name):
        client = app.test_client()
        barrier.wait()
        outcomes.append(client.post(f"/v1/reviews/{review['id']}/decision",
                                    headers={"Authorization": f"Bearer {people[name]}"},
                                    json={"decision": "approve", "note": name}).status_code)
    threads = [threading.Thread(target=race, args=(n,)) for n in ("rita", "ravi")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [200, 409]
    trail = app.test_client().get(f"{review['link']}/audit", headers={"Authorization": f"Bearer {people['adam']}"})
    assert [e["action"] for e in trail.json["events"]].count("approved") == 1


def test_parallel_submissions_all_land_with_distinct_ids(app, people):
    ids, errors = [], []

    def submit_many(n):
        client = app.test_client()
        for i in range(10):
            response = client.post("/v1/reviews", headers={"Authorization": f"Bearer {people['olivia']}"},
                                   json={"post": {"text": f"Thread {n} draft {i}"}})
            (ids if response.status_code == 201 else errors).append(response.json.get("id"))
    threads = [threading.Thread(target=submit_many, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(ids)) == 40


def test_audit_trail_records_submit_view_and_decision(as_person, submit, schema_check):
    review = submit("olivia")
    as_person("olivia").get(review["link"])  # the submitter's own look is not an audit event
    as_person("ravi").get(review["link"])
    decide(as_person, "rita", review["id"], "reject", "Too early")
    response = as_person("olivia").get(f"{review['link']}/audit")
    assert response.status_code == 200
    schema_check("Audit", response.json)
    events = [(e["actor"], e["role"], e["action"]) for e in response.json["events"]]
    assert events == [("olivia", "officer", "submitted"), ("ravi", "reviewer", "viewed"),
                      ("rita", "reviewer", "rejected")]
    assert as_person("oscar").get(f"{review['link']}/audit").status_code == 403


def test_audit_never_holds_draft_text_or_notes(as_person, submit, conn):
    review = submit("olivia", note="Submitter note SENTINEL-NOTE-1")
    decide(as_person, "rita", review["id"], "approve", "Reviewer note SENTINEL-NOTE-2")
    dumped = "\n".join(str(tuple(row)) for row in conn.execute("SELECT * FROM audit"))
    assert "Callum" not in dumped and "SENTINEL" not in dumped
