"""Approvals bind to what the reviewer saw: text (normalised), attachments, account, election state."""
from __future__ import annotations

import pytest

from api_samples import ARREST_POST

APPEAL = "We are appealing for help to find Jane Smith, 15, who is missing from Scarborough. Please share."
COUNCILLOR = "Thanks to Cllr Amy Fox for joining our community speedwatch in Selby today."
# The default calendar's pre-election period runs from 29 March to 7 May 2027.
OUTSIDE_PERIOD = "2027-03-01T09:00:00+00:00"
INSIDE_PERIOD = "2027-04-10T09:00:00+01:00"


def approve(as_person, review, note="Agreed with the SIO"):
    response = as_person("rita").post(f"{review['link']}/decision", json={"decision": "approve", "note": note})
    assert response.status_code == 200, response.json
    return response.json


def submit_as(as_person, name, post):
    response = as_person(name).post("/v1/reviews", json={"post": post})
    assert response.status_code == 201, response.json
    return response.json


def verdict(as_person, name, post):
    return as_person(name).post("/v1/lint", json=post).json


def test_an_approval_for_the_corporate_account_does_not_follow_the_text_to_a_local_one(as_person, registry):
    """Tried as a new user: an appeal approved for corporate came back approved from a local account."""
    review = submit_as(as_person, "cora", {"text": APPEAL, "account": "x:@NYorksPolice"})
    approve(as_person, review)
    assert verdict(as_person, "cora", {"text": APPEAL, "account": "x:@NYorksPolice"})["verdict"] == "approved"
    local = verdict(as_person, "lara", {"text": APPEAL, "account": "x:@ScarbPolice"})
    assert local["verdict"] == "block" and local["review"] is None


def test_an_approval_for_today_does_not_cover_a_schedule_inside_the_pre_election_period(as_person, submit):
    """Tried as a new user: a councillor post approved for today came back approved inside the period."""
    review = submit("olivia", post={"text": COUNCILLOR, "scheduled_for": OUTSIDE_PERIOD})
    approve(as_person, review)
    assert verdict(as_person, "olivia", {"text": COUNCILLOR, "scheduled_for": "2027-03-02T12:00:00+00:00"})[
        "verdict"] == "approved"  # another day outside the period: the same state
    inside = verdict(as_person, "olivia", {"text": COUNCILLOR, "scheduled_for": INSIDE_PERIOD})
    assert inside["verdict"] == "block" and inside["review"] is None
    assert inside["context"]["in_election_period"] is True
    assert inside["context"]["election_period"] == "Local elections in England 2027"


def test_a_later_rejection_supersedes_an_earlier_approval(as_person, submit):
    """Tried as a new user: a later rejection of the same text was ignored."""
    approve(as_person, submit("olivia"))
    later = submit("olivia")
    as_person("ravi").post(f"{later['link']}/decision", json={"decision": "reject", "note": "Not charged yet"})
    body = verdict(as_person, "olivia", ARREST_POST)
    assert body["verdict"] == "block"
    assert body["review"]["status"] == "rejected" and body["review"]["note"] == "Not charged yet"
    assert body["review"]["id"] == later["id"] and body["review"]["decided_by"] == "ravi"


def test_a_resubmission_after_a_decision_is_pending_until_decided(as_person, submit):
    approve(as_person, submit("olivia"))
    again = submit("olivia")
    body = verdict(as_person, "olivia", ARREST_POST)
    assert body["review"]["id"] == again["id"] and body["review"]["status"] == "pending"


def test_an_approval_can_be_withdrawn(as_person, submit, schema_check):
    """Tried as a new user: an approval could never be withdrawn."""
    review = submit("olivia")
    approve(as_person, review)
    assert as_person("olivia").post(f"{review['link']}/withdrawal", json={"note": "x"}).status_code == 403
    missing_note = as_person("ravi").post(f"{review['link']}/withdrawal", json={"note": "  "})
    assert missing_note.status_code == 422 and missing_note.json["error"]["code"] == "note_required"
    response = as_person("ravi").post(f"{review['link']}/withdrawal", json={"note": "The family has asked us not to"})
    assert response.status_code == 200
    schema_check("Review", response.json)
    assert response.json["status"] == "withdrawn"
    assert response.json["withdrawal"]["by"] == "ravi"
    assert response.json["decision"]["decision"] == "approve"  # what was decided stays on record
    body = verdict(as_person, "olivia", ARREST_POST)
    assert body["verdict"] == "block"
    assert body["review"]["status"] == "withdrawn" and body["review"]["note"] == "The family has asked us not to"
    again = as_person("ravi").post(f"{review['link']}/withdrawal", json={"note": "again"})
    assert again.status_code == 409 and again.json["error"]["code"] == "not_approved"
    actions = [e["action"] for e in as_person("rita").get(f"{review['link']}/audit").json["events"]]
    assert actions == ["submitted", "approved", "withdrawn"]
    withdrawn = as_person("rita").get("/v1/reviews?status=withdrawn").json["reviews"]
    assert [r["id"] for r in withdrawn] == [review["id"]]
    assert as_person("rita").get("/v1/reviews?status=approved").json["reviews"] == []


def test_a_pending_review_cannot_be_withdrawn(as_person, submit):
    review = submit("olivia")
    assert as_person("rita").post(f"{review['link']}/withdrawal", json={"note": "no"}).status_code == 409


@pytest.mark.parametrize("variant", [
    ARREST_POST["text"] + "  ",
    "  " + ARREST_POST["text"].replace(" ", "\u00a0 ", 1),
    ARREST_POST["text"].replace("affray.", "affray.\n\n"),
])
def test_whitespace_does_not_lose_an_approval(as_person, submit, variant):
    approve(as_person, submit("olivia"))
    assert verdict(as_person, "olivia", {**ARREST_POST, "text": variant})["verdict"] == "approved"


def test_unicode_form_does_not_lose_an_approval(as_person, submit):
    composed = {"text": "Officers have arrested Zoë Pexton, 31, on suspicion of affray.", "account_tier": "local"}
    approve(as_person, submit("olivia", post=composed))
    decomposed = {**composed, "text": composed["text"].replace("ë", "e\u0308")}
    assert verdict(as_person, "olivia", decomposed)["verdict"] == "approved"


def test_a_shortener_changing_its_code_does_not_lose_an_approval(as_person, submit):
    """Tried as a new user: a link shortener changing one URL lost the approval."""
    post = {**ARREST_POST, "text": ARREST_POST["text"] + " More: https://bit.ly/3xYz12"}
    approve(as_person, submit("olivia", post=post))
    for rewritten in ("https://bit.ly/9QwErT", "ow.ly/AbC123", "https://t.co/zz99"):
        body = verdict(as_person, "olivia", {**post, "text": post["text"].replace("https://bit.ly/3xYz12", rewritten)})
        assert body["verdict"] == "approved", rewritten
    other_site = verdict(as_person, "olivia", {**post, "text": post["text"].replace("bit.ly/3xYz12", "evil.example/x")})
    assert other_site["verdict"] != "approved"


def test_attachments_and_their_alt_text_are_part_of_what_was_approved(as_person, submit):
    post = {**ARREST_POST, "attachments": [{"kind": "image", "filename": "van.jpg", "alt": "A police van"}]}
    approve(as_person, submit("olivia", post=post))
    assert verdict(as_person, "olivia", post)["verdict"] == "approved"
    for changed in ({"filename": "custody.jpg"}, {"alt": "Custody photograph of the man"}):
        attachment = {**post["attachments"][0], **changed}
        assert verdict(as_person, "olivia", {**post, "attachments": [attachment]})["verdict"] != "approved"
    assert verdict(as_person, "olivia", ARREST_POST)["verdict"] != "approved"


def test_the_accounts_other_officers_see_the_review_outsiders_do_not(as_person, registry, submit):
    review = submit_as(as_person, "lara", {"text": APPEAL, "account": "x:@ScarbPolice"})
    as_person("rita").post(f"{review['link']}/decision", json={"decision": "reject", "note": "Corporate only"})
    colleague = verdict(as_person, "cora", {"text": APPEAL, "account": "x:@ScarbPolice"})
    assert colleague["review"]["status"] == "rejected" and colleague["review"]["note"] == "Corporate only"
    assert as_person("cora").get(review["link"]).status_code == 200
    # Reviewers see it however they reach it; a legacy officer with no accounts never does.
    assert verdict(as_person, "ravi", {"text": APPEAL, "account": "x:@ScarbPolice"})["review"]["id"] == review["id"]
    assert as_person("oscar").get(review["link"]).status_code == 403


def test_the_review_records_the_context_it_was_made_in(as_person, registry):
    post = {"text": APPEAL, "account": "x:@ScarbPolice", "scheduled_for": INSIDE_PERIOD,
            "attachments": [{"kind": "image", "filename": "jane.jpg", "alt": "Jane in school uniform"}]}
    review = submit_as(as_person, "lara", post)
    assert review["context"] == {"account": "x:@ScarbPolice", "network": "x", "account_name": "Scarborough Police",
                                 "tier": "local", "contributors": 2, "scheduled_for": "2027-04-10T09:00:00+01:00",
                                 "election_period": "Local elections in England 2027", "in_election_period": True}
    assert review["post"]["attachments"][0]["alt"] == "Jane in school uniform"
    assert review["post"]["account_tier"] == "local"
