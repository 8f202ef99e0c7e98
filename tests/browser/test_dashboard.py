"""The review dashboard in real headless Chromium against the real ``postlint serve``.

An officer submits a draft over HTTP; a reviewer signs in at /review, finds it in
the queue with the keyboard, reads the highlighted finding, approves it with a
note, and the officer's next lint of that exact post says ``approved``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.chromium import browser_args, chromium_path  # noqa: E402
from tests.support.live_server import live_server  # noqa: E402

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-output" / "dashboard"
DRAFT = {"text": "Officers have arrested Callum Pexton, 31, on suspicion of affray after a disturbance "
                 "in Castle Street, Whitby, on Saturday night.\n\nHe remains in custody.",
         "account_tier": "local"}


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def browser(tmp_path):
    from playwright.sync_api import sync_playwright
    executable = chromium_path()
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg-config"), "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
           "HOME": str(tmp_path)}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=browser_args(), env=env)
        yield chromium
        chromium.close()


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_reviewer_approves_a_draft_and_lint_reports_it_approved(tmp_path, browser):
    with live_server(tmp_path) as server:
        officer = server.make_token("officer", "PC Olivia Hart")
        reviewer = server.make_token("reviewer", "Rita Comms")
        submitted = requests.post(server.base_url + "/v1/reviews", headers=bearer(officer), timeout=30,
                                  json={"post": DRAFT, "note": "He was charged this afternoon - OK to name?"})
        assert submitted.status_code == 201
        review_id = submitted.json()["id"]
        before = requests.post(server.base_url + "/v1/lint", json=DRAFT, headers=bearer(officer), timeout=30).json()
        assert before["verdict"] == "block" and before["review"]["status"] == "pending"

        page = browser.new_page(viewport={"width": 1366, "height": 800})
        problems = []
        # Script errors and CSP refusals; the 401 and 422 this test provokes on purpose are not problems.
        page.on("console", lambda m: problems.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))

        page.goto(server.base_url + "/review")
        page.get_by_label("Reviewer token").wait_for()
        shoot(page, "1-sign-in")

        # A wrong token is refused with a message, and nothing is stored.
        page.get_by_label("Reviewer token").fill("plt_0000000000000000_" + "x" * 43)
        page.keyboard.press("Enter")
        page.locator("#sign-in-error").wait_for(state="visible")
        assert "not recognised" in page.locator("#sign-in-error").inner_text()
        assert page.evaluate("sessionStorage.length") == 0

        page.get_by_label("Reviewer token").fill(reviewer)
        page.keyboard.press("Enter")
        item = page.locator(f".queue-item[data-id='{review_id}']")
        item.wait_for()
        assert "Callum Pexton" in item.inner_text() and "arrest-name" in item.inner_text()
        assert page.evaluate("sessionStorage.getItem('postlint.reviewerToken')") == reviewer
        assert page.evaluate("localStorage.length") == 0
        assert reviewer not in page.url
        shoot(page, "2-queue")

        item.focus()
        page.keyboard.press("Enter")
        page.locator("#review").wait_for(state="visible")
        marks = page.locator("#post-text mark")
        assert marks.all_inner_texts() == ["Callum Pexton"]
        assert "severity-block" in marks.first.get_attribute("class")
        assert page.locator("#post-text").inner_text() == DRAFT["text"]
        findings = page.locator("#findings").inner_text()
        assert "Names a person who has been arrested" in findings
        assert "Why:" in findings and "Policy:" in findings and "north-yorkshire §3.4" in findings
        assert "OK to name?" in page.locator("#submit-note").inner_text()
        assert "Submitted" in page.locator("#audit-rows").inner_text()
        shoot(page, "3-draft")

        # Approving a block without a note is refused by the server and shown.
        page.get_by_role("button", name="Approve", exact=True).click()
        page.locator("#decision-error").wait_for(state="visible")
        assert "note is required" in page.locator("#decision-error").inner_text()

        page.get_by_label("Note for the officer").fill("Charged at 14:10 - naming agreed with the SIO.")
        page.get_by_role("button", name="Approve", exact=True).focus()
        page.keyboard.press("Enter")
        page.locator("#review-status", has_text="Approved").wait_for()
        assert "Approved by Rita Comms" in page.locator("#decision-summary").inner_text()
        audit = page.locator("#audit-rows").inner_text()
        assert "Rita Comms (reviewer)" in audit and "Approved" in audit
        assert page.locator(f".queue-item[data-id='{review_id}']").count() == 0  # left the pending queue
        shoot(page, "4-approved")

        after = requests.post(server.base_url + "/v1/lint", json=DRAFT, headers=bearer(officer), timeout=30).json()
        assert after["verdict"] == "approved"
        assert after["review"]["id"] == review_id and after["review"]["decided_by"] == "Rita Comms"
        assert problems == []


def test_reviewer_sees_where_and_when_a_post_goes_out_and_can_withdraw_an_approval(tmp_path, browser):
    with live_server(tmp_path) as server:
        done = server.cli("account", "add", "x:@ScarbPolice", "--display-name", "Scarborough Police",
                                "--tier", "local", "--contributors", "2")
        assert done.returncode == 0, done.stderr
        done = server.cli("token", "create", "--role", "officer", "--name", "PC Olivia Hart",
                                "--account", "x:@ScarbPolice")
        officer = done.stdout.strip().splitlines()[-1]
        reviewer = server.make_token("reviewer", "Rita Comms")
        post = {"text": "Come and meet the Scarborough neighbourhood team at the library on Saturday.",
                "account": "x:@ScarbPolice", "scheduled_for": "2027-04-10T09:00:00+01:00",
                "attachments": [{"kind": "image", "filename": "team.jpg", "alt": "Officers outside the library"}]}
        review_id = requests.post(server.base_url + "/v1/reviews", headers=bearer(officer), timeout=30,
                                  json={"post": post}).json()["id"]

        page = browser.new_page(viewport={"width": 1366, "height": 800})
        problems = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{server.base_url}/review#{review_id}")
        page.get_by_label("Reviewer token").fill(reviewer)
        page.keyboard.press("Enter")
        page.locator("#review").wait_for(state="visible")
        context = page.locator("#review-context").inner_text()
        assert "Scarborough Police (x:@ScarbPolice, x) · local account · 2 contributors" in context
        assert "inside the pre-election period (Local elections in England 2027)" in context
        assert "team.jpg" in page.locator("#attachments").inner_text()
        assert "Officers outside the library" in page.locator("#attachments").inner_text()
        page.get_by_role("button", name="Approve", exact=True).click()
        page.locator("#review-status", has_text="Approved").wait_for()
        assert requests.post(server.base_url + "/v1/lint", json=post, headers=bearer(officer),
                             timeout=30).json()["verdict"] == "approved"

        page.get_by_role("button", name="Withdraw approval").click()
        page.locator("#withdraw-error").wait_for(state="visible")  # a reason is required
        page.get_by_label("Why the approval is withdrawn").fill("The library event was cancelled.")
        page.get_by_role("button", name="Withdraw approval").click()
        page.locator("#review-status", has_text="Withdrawn").wait_for()
        assert "Approval withdrawn by Rita Comms" in page.locator("#decision-summary").inner_text()
        assert "Approval withdrawn" in page.locator("#audit-rows").inner_text()
        assert page.locator("#withdraw-form").is_hidden()
        shoot(page, "5-withdrawn-with-context")
        after = requests.post(server.base_url + "/v1/lint", json=post, headers=bearer(officer), timeout=30).json()
        assert after["verdict"] == "ok" and after["review"]["status"] == "withdrawn"
        assert after["review"]["note"] == "The library event was cancelled."
        assert problems == []
