"""A reviewer rejects a draft with "use this rewrite": the officer is then offered postlint's rewrite."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from api import review_store
from api_samples import CLEAN_POST

# Named twice (the fix has two edits) after an emoji (UTF-16 offsets differ from code points).
POST = {"text": "🚔 Officers have arrested Callum Pexton, 31, on suspicion of affray. Pexton remains in custody.",
        "account_tier": "local"}
REWRITE = "🚔 Officers have arrested a 31-year-old on suspicion of affray. The 31-year-old remains in custody."


def reject_with_rewrite(as_person, review_id, **extra):
    return as_person("rita").post(f"/v1/reviews/{review_id}/decision",
                                  json={"decision": "reject", "use_rewrite": True, **extra})


def test_rejecting_with_the_rewrite_needs_no_note_and_offers_it_to_the_officer(as_person, submit, schema_check):
    review = submit("olivia", post=POST)
    assert review["rewrite"] is None
    response = reject_with_rewrite(as_person, review["id"])
    assert response.status_code == 200, response.json
    schema_check("Review", response.json)
    rewrite = response.json["rewrite"]
    assert rewrite["text"] == REWRITE
    assert rewrite["text_sha256"] == hashlib.sha256(POST["text"].encode()).hexdigest()
    # The edits, applied in UTF-16 as the extension does, give the same text.
    units = POST["text"].encode("utf-16-le")
    for edit in sorted(rewrite["edits"], key=lambda e: -e["start_utf16"]):
        units = units[:2 * edit["start_utf16"]] + edit["replacement"].encode("utf-16-le") + units[2 * edit["end_utf16"]:]
    assert units.decode("utf-16-le") == REWRITE
    assert [e["replacement"] for e in rewrite["edits"]] == ["a 31-year-old", "The 31-year-old"]

    # The officer sees it on the review and in a lint of the same draft, where the extension looks.
    assert as_person("olivia").get(review["link"]).json["rewrite"] == rewrite
    lint = as_person("olivia").post("/v1/lint", json=POST).json
    schema_check("LintResult", lint)
    assert lint["review"]["status"] == "rejected" and lint["review"]["rewrite"] == rewrite
    # The audit keeps the choice, never the text.
    [decided] = [e for e in as_person("rita").get(f"{review['link']}/audit").json["events"] if e["action"] == "rejected"]
    assert decided["detail"] == {"note_given": False, "use_rewrite": True}


def test_a_plain_rejection_offers_no_rewrite(as_person, submit):
    review = submit("olivia", post=POST)
    response = as_person("rita").post(f"/v1/reviews/{review['id']}/decision",
                                      json={"decision": "reject", "note": "Describe him instead"})
    assert response.status_code == 200
    assert response.json["rewrite"] is None
    assert as_person("olivia").post("/v1/lint", json=POST).json["review"]["rewrite"] is None


def test_sending_back_with_the_rewrite_offers_it_too(as_person, submit):
    review = submit("olivia", post=POST)
    response = as_person("rita").post(f"/v1/reviews/{review['id']}/decision",
                                      json={"decision": "request_changes", "use_rewrite": True, "note": "Use this"})
    assert response.status_code == 200, response.json
    assert response.json["rewrite"]["text"] == REWRITE and response.json["decision"]["note"] == "Use this"


@pytest.mark.parametrize("body, code", [
    ({"decision": "approve", "use_rewrite": True, "note": "ok"}, "invalid_field"),
    ({"decision": "reject", "use_rewrite": "yes"}, "invalid_field"),
    ({"decision": "reject", "use_rewrite": False}, "note_required"),
])
def test_bad_rewrite_decisions_are_422_and_leave_the_review_pending(as_person, submit, body, code):
    review = submit("olivia", post=POST)
    response = as_person("rita").post(f"/v1/reviews/{review['id']}/decision", json=body)
    assert response.status_code == 422 and response.json["error"]["code"] == code
    assert as_person("rita").get(review["link"]).json["status"] == "pending"


def test_a_draft_without_a_rewrite_cannot_be_rejected_with_one(as_person, submit):
    review = submit("olivia", post=CLEAN_POST)
    response = reject_with_rewrite(as_person, review["id"])
    assert response.status_code == 422
    assert response.json["error"] == {"code": "no_rewrite", "message": "postlint has no rewrite for this draft",
                                      "field": "use_rewrite"}
    assert as_person("rita").get(review["link"]).json["status"] == "pending"


def test_the_rewrite_goes_with_the_draft_at_the_purge(as_person, submit, conn):
    review = submit("olivia", post=POST)
    assert reject_with_rewrite(as_person, review["id"]).status_code == 200
    review_store.purge(conn, retention_days=30, pending_expiry_days=None,
                       now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=31))
    body = as_person("olivia").get(review["link"]).json
    assert body["post"] is None and body["rewrite"] is None
    row = conn.execute("SELECT findings_json FROM reviews WHERE id = ?", (review["id"],)).fetchone()
    assert "31-year-old" not in row["findings_json"] and "Pexton" not in json.dumps(body)
