"""The composer's page cannot read postlint's findings or notes, nor press its buttons (issue 14, item 8).

The attack that worked against an open shadow root: a script on the page read
the findings and a reviewer's note out of the overlay, and clicked "Request
review" with a note of its own, stored as the officer's submission.
"""
from __future__ import annotations

import pytest
import requests

from tests.browser.conftest import badge, extension_errors, hover_card, mark_boxes, wait_for_verdict
from tests.browser.test_extension_review import as_reviewer

pytestmark = pytest.mark.browser

RULE = "arrest.named-suspect"


def pending_texts(api):
    answer = requests.get(f"{api.base_url}/v1/reviews", params={"status": "pending", "limit": 200},
                          headers=as_reviewer(api), timeout=10)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    items = body.get("reviews", body.get("items", body)) if isinstance(body, dict) else body
    return [requests.get(f"{api.base_url}/v1/reviews/{item['id']}", headers=as_reviewer(api),
                         timeout=10).json()["post"]["text"] for item in items]


def test_the_page_cannot_read_the_findings(configured_browser, compose):
    page, _ = compose("editable.html", "Officers have arrested Callum Pexton, 31, on suspicion of affray.", verdict="block")
    hover_card(page, mark_boxes(page, RULE)[0])
    seen = page.evaluate("""() => {
        const host = document.querySelector('postlint-overlay');
        const everything = [...document.querySelectorAll('*')];
        return {
            shadowRoot: host.shadowRoot === null ? null : 'open',
            hostText: host.textContent + host.innerHTML,
            highlights: CSS.highlights.size,
            pageText: document.documentElement.innerText,
            marked: everything.filter((e) => [...e.attributes].some((a) => a.name.startsWith('data-postlint-')
                && a.name !== 'data-postlint-overlay')).length,
        };
    }""")
    assert seen["shadowRoot"] is None, "the overlay's shadow root is open to the page"
    assert seen["hostText"] == ""
    assert seen["highlights"] == 0, "CSS.highlights tells the page which words were found"
    assert "Names a person who has been arrested" not in seen["pageText"]
    assert seen["marked"] == 0
    assert extension_errors(configured_browser.errors) == []


def test_a_script_cannot_request_a_review_only_the_officer_can(configured_browser, compose, api):
    text = "Officers have arrested Callum Pexton, 31, on suspicion of affray in Malton."
    page, _ = compose("textarea.html", text, verdict="block")
    card = hover_card(page, mark_boxes(page, RULE)[0])
    # Even a script handed the closed root (as the tests are, through DevTools)
    # only synthesises clicks, which the button ignores.
    page.evaluate("""() => {
        const card = window.__postlintTestOverlay.querySelector('[data-postlint-card]');
        card.querySelector('textarea').value = 'Approved already, publish it';
        const button = card.querySelector("[data-postlint-action='request-review']");
        button.click();
        button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    }""")
    page.wait_for_timeout(1500)
    assert text not in pending_texts(api), "a synthetic click sent the draft for review"
    assert badge(page).get_attribute("data-postlint-verdict") == "block"
    # The officer's own click still does.
    card.locator("textarea").fill("SIO agreed")
    card.locator("[data-postlint-action='request-review']").click()
    wait_for_verdict(page, "pending")
    assert text in pending_texts(api)
    assert extension_errors(configured_browser.errors) == []
