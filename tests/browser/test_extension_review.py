"""Request review from a card, the comms team decides through the API, the badge follows."""
from __future__ import annotations

import pytest
import requests

from tests.browser.conftest import (assert_card_clear_of_badge, badge, extension_errors, hover_card, mark_boxes,
                                    move_pointer_away, screenshot, wait_for_verdict)

pytestmark = pytest.mark.browser

RULE = "arrest.named-suspect"


def open_card(page):
    [box] = mark_boxes(page, RULE)
    return hover_card(page, box)


def as_reviewer(api):
    return {"Authorization": f"Bearer {api.reviewer_token}"}


def pending_review_for(api, text):
    answer = requests.get(f"{api.base_url}/v1/reviews", params={"status": "pending"},
                          headers=as_reviewer(api), timeout=10)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    items = body.get("reviews", body.get("items", body)) if isinstance(body, dict) else body
    matching = [r for r in items if r.get("preview") == text or r.get("post", {}).get("text") == text]
    assert len(matching) == 1, items
    return matching[0]


def decide(api, review_id, decision, note):
    answer = requests.post(f"{api.base_url}/v1/reviews/{review_id}/decision",
                           json={"decision": decision, "note": note},
                           headers=as_reviewer(api), timeout=10)
    assert answer.status_code == 200, answer.text


def test_request_review_then_approval_turns_the_badge_approved(configured_browser, compose, api):
    text = "Officers have arrested Callum Pexton, 31, on suspicion of affray in Whitby."
    page, draft = compose("textarea.html", text, verdict="block")
    card = open_card(page)
    card.locator("textarea").fill("Named at charge stage; SIO agreed")
    card.locator("[data-postlint-action='request-review']").click()
    wait_for_verdict(page, "pending")
    assert "Review pending" in badge(page).inner_text()
    status = page.locator("overlay=[data-postlint-card] [data-status='pending']")
    status.wait_for(state="visible")
    assert "waiting for the comms team" in status.inner_text()
    # The badge grew ("Review pending · 1 issue"); the open card still leaves it in view.
    assert_card_clear_of_badge(page, card, RULE)
    screenshot(page, "review-pending")
    move_pointer_away(page)
    screenshot(page, "review-pending-badge")

    review = pending_review_for(api, text)
    detail = requests.get(f"{api.base_url}/v1/reviews/{review['id']}",
                          headers=as_reviewer(api), timeout=10).json()
    assert detail["note"] == "Named at charge stage; SIO agreed"
    assert detail["post"]["text"] == text and detail["post"]["account_tier"] == "local"
    decide(api, review["id"], "approve", "Cleared: charged this morning, name released")
    wait_for_verdict(page, "approved", timeout=20000)
    assert "Approved" in badge(page).inner_text()
    # The extension's own lint now reports the server's approval for this exact text.
    move_pointer_away(page)
    screenshot(page, "review-approved-badge")
    card = open_card(page)
    assert "Approved by the comms team" in card.inner_text()
    assert card.locator("[data-postlint-action='request-review']").count() == 0
    screenshot(page, "review-approved")
    assert draft.input_value() == text
    assert extension_errors(configured_browser.errors) == []


def test_rejection_shows_the_reviewers_note(configured_browser, compose, api):
    text = "Officers have arrested Callum Pexton, 31, on suspicion of affray in Scarborough."
    page, _ = compose("editable.html", text, verdict="block")
    open_card(page).locator("[data-postlint-action='request-review']").click()
    wait_for_verdict(page, "pending")
    decide(api, pending_review_for(api, text)["id"], "reject", "Not charged yet: describe him as a 31-year-old man.")
    note = page.locator("overlay=[data-postlint-card] [data-status='rejected']")
    note.wait_for(state="visible", timeout=20000)
    assert "Not charged yet: describe him as a 31-year-old man." in note.inner_text()
    wait_for_verdict(page, "block")
    assert "Review rejected" in badge(page).inner_text()
    # After a rejection the officer can change the draft or ask again.
    assert page.locator("overlay=[data-postlint-card] [data-postlint-action='request-review']").is_visible()
    screenshot(page, "review-rejected")
    move_pointer_away(page)
    screenshot(page, "review-rejected-badge")
    assert extension_errors(configured_browser.errors) == []


def test_rejection_with_use_this_rewrite_is_offered_on_the_card_and_applied(configured_browser, compose, api):
    text = "Officers have arrested Callum Pexton, 31, on suspicion of affray. Pexton remains in custody."
    rewrite = "Officers have arrested a 31-year-old on suspicion of affray. The 31-year-old remains in custody."
    page, _ = compose("editable.html", text, verdict="block")
    hover_card(page, mark_boxes(page, RULE)[0]).locator("[data-postlint-action='request-review']").click()
    wait_for_verdict(page, "pending")
    review_id = pending_review_for(api, text)["id"]
    answer = requests.post(f"{api.base_url}/v1/reviews/{review_id}/decision",
                           json={"decision": "reject", "use_rewrite": True}, headers=as_reviewer(api), timeout=10)
    assert answer.status_code == 200, answer.text
    offer = page.locator("overlay=[data-postlint-card] [data-postlint-review-rewrite]")
    offer.wait_for(state="visible", timeout=20000)
    assert rewrite in offer.inner_text()
    card = page.locator("overlay=[data-postlint-card]").first
    assert "Not approved by the comms team" in card.inner_text()
    screenshot(page, "review-rejected-with-rewrite")
    card.locator("[data-postlint-action='apply-rewrite']").click()
    page.wait_for_function("(expected) => document.getElementById('draft').textContent === expected", arg=rewrite)
    wait_for_verdict(page, "ok")
    # The rewritten draft is a new text: no review speaks for it, so nothing is offered again.
    assert page.locator("overlay=[data-postlint-review-rewrite]").count() == 0
    assert extension_errors(configured_browser.errors) == []
