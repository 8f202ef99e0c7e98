"""The review dashboard in real headless Chromium against the real ``postlint serve``.

Officers submit drafts over HTTP; reviewers work the queue at /review as a comms team
would all day: signing in once, following links, filtering, reading long drafts,
deciding, sending drafts back and reading the resubmission, and meeting the failures
a real day brings (a dropped request, a 503, a colleague deciding first, an expired
sign-in). Screenshots go to test-output/dashboard/.
"""
from __future__ import annotations

import sqlite3
import sys
import time
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
CLEAN = {"text": "Thanks to everyone who came to the beat surgery in Selby today.", "account_tier": "local"}
PHONE = {"text": "Lost dog found on Selby high street. Call its owner, Jane Holt, on her mobile 07700 900123.",
         "account_tier": "local"}
SUSPECTS = ["Callum Pexton", "Jordan Whitley", "Liam Garside", "Ryan Moorcroft", "Dean Ashworth", "Karl Brennan",
            "Scott Haigh", "Wayne Dobson", "Lee Cartwright", "Paul Eastwood", "Mark Fenton"]
LONG_DRAFT = {"account_tier": "local", "text": (
    "UPDATE after last night's burglaries in Whitby.\n\n"
    + "\n".join(f"Officers have arrested {name}, 3{i}, of {10 + i} Kelda Lane, Whitby, on suspicion of burglary. "
                f"His mobile is 07700 9001{i:02d}." for i, name in enumerate(SUSPECTS))
    + "\n\nThank you to everyone in the town for your patience while our officers and the forensic team worked "
      "through the night, and to the neighbours who brought them tea. The cordons on the harbour side have now "
      "been lifted and the car park is open again. If you saw anything, or have doorbell footage from between "
      "midnight and four in the morning, please get in touch through our website or by calling 101. "
      "Crime prevention officers will be at the library on Tuesday to give free advice on locks and lighting.")}


def drop_connections(page, pattern: str) -> dict:
    """Reset every connection to ``pattern`` until the returned switch's "on" is set False."""
    dropped = {"on": True}

    def interrupt(route):
        if dropped["on"]:
            route.abort("connectionreset")
        else:
            route.continue_()
    page.route(pattern, interrupt)
    return dropped


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def chromium(playwright_instance, tmp_path_factory):
    home = tmp_path_factory.mktemp("chromium-home")
    env = {"XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"), "HOME": str(home)}
    browser = playwright_instance.chromium.launch(executable_path=chromium_path(), headless=True,
                                                  args=browser_args(), env=env)
    yield browser
    browser.close()


class Desk:
    """One test's server, people and browser context."""

    def __init__(self, server, context):
        self.server = server
        self.context = context
        self.officer = server.make_token("officer", "PC Olivia Hart")
        self.rita = server.make_token("reviewer", "Rita Comms")
        self.ravi = server.make_token("reviewer", "Ravi Desk")
        self.problems: list[str] = []

    @property
    def url(self):
        return self.server.base_url + "/review"

    def submit(self, post=DRAFT, token=None, note=None, replaces=None):
        body = {"post": post, "note": note}
        if replaces:
            body["replaces"] = replaces
        response = requests.post(self.server.base_url + "/v1/reviews", headers=bearer(token or self.officer),
                                 json=body, timeout=30)
        assert response.status_code == 201, response.text
        return response.json()

    def decide(self, review_id, decision, note, token=None):
        response = requests.post(f"{self.server.base_url}/v1/reviews/{review_id}/decision", timeout=30,
                                 headers=bearer(token or self.ravi), json={"decision": decision, "note": note})
        assert response.status_code == 200, response.text
        return response.json()

    def page(self, width=1366, height=860):
        page = self.context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        # Script errors and CSP refusals; the 4xx/5xx answers tests provoke on purpose are not problems.
        page.on("console", lambda m: self.problems.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        return page

    def sign_in(self, page, token=None, path=""):
        page.goto(self.url + path)
        page.get_by_label("Reviewer token").fill(token or self.rita)
        page.keyboard.press("Enter")
        page.locator("#workspace").wait_for(state="visible")
        return page


@pytest.fixture
def desk(tmp_path, chromium):
    with live_server(tmp_path, env={"POSTLINT_DASHBOARD_POLL_SECONDS": "1"}) as server:
        context = chromium.new_context()
        desk = Desk(server, context)
        try:
            yield desk
        finally:
            context.close()
        assert desk.problems == []


def shoot(page, name, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def item(page, review_id):
    return page.locator(f".queue-item[data-id='{review_id}']")


def queue_ids(page):
    return page.locator(".queue-item").evaluate_all("buttons => buttons.map(b => b.dataset.id)")


def wait_until(check, timeout=10.0):
    """Poll a condition from Python: the page's CSP (rightly) refuses Playwright's string predicates."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            assert value, "the page never got there"
            return value
        time.sleep(0.05)


def open_item(page, review_id):
    item(page, review_id).click()
    page.locator("#review").wait_for(state="visible")
    page.locator("#review-title", has_text="Draft from").wait_for()


# --- the whole loop, and a sign-in that lasts --------------------------------------------------

def test_reviewer_approves_a_draft_and_lint_reports_it_approved(desk):
    review_id = desk.submit(note="He was charged this afternoon - OK to name?")["id"]
    page = desk.page()
    page.goto(desk.url)
    page.get_by_label("Reviewer token").wait_for()
    shoot(page, "1-sign-in")

    page.get_by_label("Reviewer token").fill("plt_0000000000000000_" + "x" * 43)
    page.keyboard.press("Enter")
    page.locator("#sign-in-error").wait_for(state="visible")
    assert "not recognised" in page.locator("#sign-in-error").inner_text()

    page.get_by_label("Reviewer token").fill(desk.rita)
    page.keyboard.press("Enter")
    item(page, review_id).wait_for()
    assert page.locator("#session-name").inner_text() == "Signed in as Rita Comms"
    text = item(page, review_id).inner_text()
    assert "Callum Pexton" in text and "Naming someone arrested" in text and "arrest-name" not in text
    # The token is nowhere script or the address bar can reach; the session cookie is HttpOnly and strict.
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0
    assert page.evaluate("document.cookie") == ""
    assert desk.rita not in page.url
    cookie, = desk.context.cookies()
    assert cookie["name"] == "postlint_session" and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert cookie["expires"] == -1 and desk.rita not in cookie["value"]  # a browser-session cookie

    item(page, review_id).focus()
    page.keyboard.press("Enter")
    page.locator("#review").wait_for(state="visible")
    assert page.locator("#post-text mark").all_inner_texts() == ["Callum Pexton"]
    assert page.locator("#post-text").inner_text() == DRAFT["text"]
    findings = page.locator("#findings").inner_text()
    assert "Names a person who has been arrested" in findings and "north-yorkshire §3.4" in findings
    assert "OK to name?" in page.locator("#submit-note").inner_text()
    assert page.locator("#review-verdict").inner_text().lower() == "serious: needs approval before posting"
    assert "Block" not in page.locator("#review").inner_text()

    page.get_by_role("button", name="Approve", exact=True).click()
    page.locator("#decision-error").wait_for(state="visible")
    assert page.locator("#decision-error-text").inner_text().startswith("A note is required")

    page.get_by_label("Note for the officer").fill("Charged at 14:10 - naming agreed with the SIO.")
    page.get_by_role("button", name="Approve", exact=True).focus()
    page.keyboard.press("Enter")
    page.locator("#review-status", has_text="Approved").wait_for()
    assert "Approved by Rita Comms" in page.locator("#decision-summary").inner_text()
    audit = page.locator("#audit-rows").inner_text()
    assert "Rita Comms (reviewer)" in audit and "Approved" in audit
    page.locator(".tab-count[data-count='approved']", has_text="(1)").wait_for()
    assert item(page, review_id).count() == 0  # it left the pending queue

    officer = bearer(desk.officer)
    after = requests.post(desk.server.base_url + "/v1/lint", json=DRAFT, headers=officer, timeout=30).json()
    assert after["verdict"] == "approved" and after["review"]["decided_by"] == "Rita Comms"


def test_one_sign_in_serves_every_tab_deep_links_and_hash_changes(desk):
    first, second = desk.submit()["id"], desk.submit(PHONE)["id"]
    desk.sign_in(desk.page())
    # A link an officer sends, opened in a new tab of the same browser: no second sign-in.
    linked = desk.page()
    linked.goto(f"{desk.url}#{second}")
    linked.locator("#review-title", has_text="Draft from PC Olivia Hart").wait_for()
    assert "07700 900123" in linked.locator("#post-text").inner_text()
    assert linked.locator("#sign-in").is_hidden()
    assert item(linked, second).get_attribute("aria-current") == "true"
    # Changing #id in the open tab follows it.
    linked.evaluate(f"location.hash = '#{first}'")
    linked.locator("#post-text", has_text="Callum Pexton").wait_for()
    assert item(linked, first).get_attribute("aria-current") == "true"
    # A link to a decided draft opens it in its own tab, so list and draft agree.
    desk.decide(first, "reject", "Not yet charged")
    linked.evaluate("location.hash = ''")
    linked.locator("#detail-placeholder").wait_for(state="visible")
    linked.evaluate(f"location.hash = '#{first}'")
    linked.locator("#review-status", has_text="Rejected").wait_for()
    linked.locator(".tab[data-status='rejected'][aria-pressed='true']").wait_for()
    assert "Rejected by Ravi Desk" in linked.locator("#decision-summary").inner_text()


def test_a_deep_link_opens_its_draft_after_signing_in(desk):
    review_id = desk.submit(PHONE)["id"]
    page = desk.sign_in(desk.page(), path=f"#{review_id}")
    page.locator("#post-text", has_text="07700 900123").wait_for()
    assert page.url.endswith(f"#{review_id}")


def test_the_sign_in_form_never_puts_the_token_in_a_url_without_its_script(desk):
    page = desk.page()
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    page.route("**/static/dashboard.js*", lambda route: route.abort())
    page.goto(desk.url)
    page.get_by_label("Reviewer token").fill(desk.rita)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(desk.url)  # POST /review/session, then 303 back to the page
    page.locator("#script-missing", has_text="script did not load").wait_for()
    assert urls and not any(desk.rita in url or "token=" in url for url in urls)
    assert page.url == desk.url
    # The form posted the token in its body and the session cookie came back; the page says
    # the dashboard needs its script rather than looking broken.
    assert [c["name"] for c in desk.context.cookies()] == ["postlint_session"]
    assert "script did not load" in page.locator("#script-missing").inner_text()
    desk.problems.clear()  # the aborted script is the point of this test


# --- failures a reviewer can see and recover from ------------------------------------------------

def test_a_503_on_refresh_is_shown_beside_the_list_with_a_retry(desk):
    desk.submit()
    page = desk.sign_in(desk.page())
    failing = {"on": True}

    def maybe_fail(route):
        if failing["on"]:
            route.fulfill(status=503, content_type="text/html", body="<h1>Service Unavailable</h1>")
        else:
            route.continue_()
    page.route("**/v1/reviews?*", maybe_fail)
    page.get_by_role("button", name="Refresh").click()
    error = page.locator("#queue-error")
    error.wait_for(state="visible")
    assert "busy or restarting (503)" in error.inner_text()
    shoot(page, "11-queue-503", full_page=False)
    assert error.is_visible()  # beside the list, not only in a live region for screen readers
    failing["on"] = False
    page.get_by_role("button", name="Try again").click()
    error.wait_for(state="hidden")
    assert page.locator(".queue-item").count() == 1


def test_a_draft_that_fails_to_open_never_leaves_the_last_one_on_screen(desk):
    first, second = desk.submit()["id"], desk.submit(PHONE)["id"]
    page = desk.sign_in(desk.page())
    open_item(page, first)
    dropped = drop_connections(page, f"**/v1/reviews/{second}")
    item(page, second).click()
    page.locator("#detail-error").wait_for(state="visible")
    assert page.locator("#review").is_hidden()  # the first draft is not left showing
    assert "did not answer" in page.locator("#detail-error-text").inner_text()
    shoot(page, "12-draft-interrupted", full_page=False)
    dropped["on"] = False
    page.locator("#detail-retry").click()
    page.locator("#post-text", has_text="07700 900123").wait_for()
    assert page.locator("#detail-error").is_hidden()


def test_switching_tabs_never_shows_a_draft_from_another_tab(desk):
    pending = desk.submit()["id"]
    approved = desk.submit(CLEAN)["id"]
    desk.decide(approved, "approve", None)
    page = desk.sign_in(desk.page())
    open_item(page, pending)
    page.locator(".tab[data-status='approved']").click()
    item(page, approved).wait_for()
    assert page.locator("#review").is_hidden() and page.locator("#detail-placeholder").is_visible()
    open_item(page, approved)
    assert page.locator("#review-status").inner_text() == "APPROVED"
    # A slow answer for the tab left behind never lands in the tab now shown.
    page.route("**/v1/reviews?*status=pending*", lambda route: (time.sleep(1.0), route.continue_()))
    page.locator(".tab[data-status='pending']").click()
    page.locator(".tab[data-status='rejected']").click()
    page.locator("#queue-empty", has_text="No rejected drafts").wait_for()
    time.sleep(1.5)
    assert page.locator(".queue-item").count() == 0


def test_a_decision_raced_by_another_reviewer_shows_who_decided(desk):
    review_id = desk.submit()["id"]
    page = desk.sign_in(desk.page())
    open_item(page, review_id)
    page.get_by_label("Note for the officer").fill("Fine to name him")
    desk.decide(review_id, "reject", "Not charged yet - do not name")
    page.get_by_role("button", name="Approve", exact=True).click()
    page.locator("#review-status", has_text="Rejected").wait_for()
    assert "Rejected by Ravi Desk" in page.locator("#decision-summary").inner_text()
    assert "Not charged yet" in page.locator("#decision-summary").inner_text()
    assert page.locator("#review-notice").inner_text() == "Ravi Desk decided this draft before you did."
    shoot(page, "13-raced-decision")
    assert page.locator("#decision-form").is_hidden()


def test_a_draft_decided_elsewhere_updates_while_it_is_open(desk):
    review_id = desk.submit()["id"]
    page = desk.sign_in(desk.page())
    open_item(page, review_id)
    desk.decide(review_id, "approve", "Charged: agreed")
    page.locator("#review-notice", has_text="Ravi Desk decided this draft while you had it open").wait_for()
    assert page.locator("#decision-form").is_hidden()
    assert "Approved by Ravi Desk" in page.locator("#decision-summary").inner_text()


def test_an_expired_sign_in_asks_again_and_returns_to_the_draft(tmp_path, chromium):
    env = {"POSTLINT_DASHBOARD_POLL_SECONDS": "3600", "POSTLINT_SESSION_HOURS": "0.0008"}  # about 3 s
    with live_server(tmp_path, env=env) as server:
        context = chromium.new_context()
        try:
            desk = Desk(server, context)
            review_id = desk.submit()["id"]
            page = desk.sign_in(desk.page())
            time.sleep(3.5)
            item(page, review_id).click()
            page.locator("#sign-in").wait_for(state="visible")
            assert "sign-in has ended" in page.locator("#sign-in-error").inner_text()
            assert page.url.endswith(f"#{review_id}")
            page.get_by_label("Reviewer token").fill(desk.rita)
            page.keyboard.press("Enter")
            page.locator("#post-text", has_text="Callum Pexton").wait_for()
            assert desk.problems == []
        finally:
            context.close()


def test_a_reviewers_own_draft_says_why_it_cannot_be_decided(desk):
    own = desk.submit(token=desk.rita)["id"]
    page = desk.sign_in(desk.page())
    open_item(page, own)
    assert page.locator("#decision-form").is_hidden()
    assert "You sent this draft, so another reviewer has to decide it" in page.locator("#own-draft").inner_text()
    shoot(page, "14-own-draft")


# --- the queue ---------------------------------------------------------------------------------------

def test_queue_counts_order_filters_search_title_and_new_drafts(desk):
    submitted = [desk.submit({**CLEAN, "scheduled_for": "2031-06-01T09:00:00+01:00"}), desk.submit(DRAFT),
                 desk.submit({**PHONE, "scheduled_for": "2030-01-01T09:00:00+00:00"})]
    late, unscheduled, soon = (review["id"] for review in submitted)
    in_order = [r for r in (submitted[1], submitted[2], submitted[0])]
    other = desk.submit(CLEAN, token=desk.ravi)["id"]
    desk.decide(other, "reject", "Duplicate", token=desk.rita)
    page = desk.sign_in(desk.page())
    page.locator(".tab-count[data-count='pending']", has_text="(3)").wait_for()
    assert page.locator(".tab-count[data-count='rejected']").inner_text() == "(1)"
    assert page.title() == "(3) Review queue · postlint"
    assert queue_ids(page) == [unscheduled, soon, late]
    assert "Goes out 1 Jan 2030" in item(page, soon).inner_text()
    shoot(page, "5-queue")

    # What each filter should leave is worked out from the server's own findings.
    category = submitted[2]["categories"][0]
    page.get_by_label("Category").select_option(category)
    wait_until(lambda: queue_ids(page) == [r["id"] for r in in_order if category in r["categories"]])
    page.get_by_label("Category").select_option("")
    page.get_by_label("Verdict").select_option(label="Nothing found")
    wait_until(lambda: queue_ids(page) == [r["id"] for r in in_order if r["verdict"] == "ok"])
    page.get_by_label("Verdict").select_option("")
    page.get_by_label("Search the text").fill("castle street")
    wait_until(lambda: queue_ids(page) == [unscheduled])
    page.get_by_label("Search the text").fill("no draft says this")
    page.locator("#queue-empty", has_text="No drafts match these filters").wait_for()
    page.get_by_label("Search the text").fill("")
    wait_until(lambda: len(queue_ids(page)) == 3)
    page.get_by_label("Officer", exact=True).select_option("Ravi Desk")
    wait_until(lambda: queue_ids(page) == [])  # Ravi's only draft is not pending
    assert page.locator("#queue-empty").is_visible()
    page.get_by_label("Officer", exact=True).select_option("")
    wait_until(lambda: len(queue_ids(page)) == 3)

    # New drafts are announced, not jumped into the list.
    desk.submit(PHONE)
    desk.submit(CLEAN)
    button = page.locator("#new-drafts")
    button.wait_for(state="visible")
    assert button.inner_text() == "2 new drafts: show"
    assert page.locator(".queue-item").count() == 3
    wait_until(lambda: page.title() == "(5) Review queue · postlint")
    button.click()
    wait_until(lambda: len(queue_ids(page)) == 5)
    assert button.is_hidden()


def test_the_expired_tab_lists_drafts_that_ran_out_of_time(desk):
    review_id = desk.submit()["id"]
    with sqlite3.connect(desk.server.db_path) as conn:
        conn.execute("UPDATE reviews SET submitted_at = '2020-01-01T00:00:00.000Z' WHERE id = ?", (review_id,))
    done = desk.server._postlint("purge", "--db", str(desk.server.db_path))
    assert done.returncode == 0, done.stderr
    page = desk.sign_in(desk.page())
    page.locator(".tab-count[data-count='expired']", has_text="(1)").wait_for()
    page.locator(".tab[data-status='expired']").click()
    open_item(page, review_id)
    assert "expired without a decision" in page.locator("#decision-summary").inner_text()
    assert "removed after the retention period" in page.locator("#post-text").inner_text()


# --- reading a long draft -------------------------------------------------------------------------

def test_a_long_draft_opens_with_a_summary_and_findings_grouped_and_collapsible(desk):
    review = desk.submit(LONG_DRAFT, note="Big update from the overnight operation")
    findings = review["findings"]
    # What the engine finds may change; the page must show whatever it found, grouped.
    assert len(LONG_DRAFT["text"]) > 1800 and len(findings) >= 30, len(findings)
    by_category = {}
    for finding in findings:
        by_category.setdefault(finding["category"], []).append(finding)
    assert len(by_category) >= 2
    names = {c["id"]: c["name"] for c in requests.get(desk.server.base_url + "/v1/categories",
                                                       headers=bearer(desk.rita), timeout=30).json()["categories"]}
    page = desk.sign_in(desk.page())
    open_item(page, review["id"])
    summary = page.locator("#summary").inner_text()
    for category, items in by_category.items():
        assert f"{names[category]} ({len(items)})" in summary
    assert "Not scheduled" in summary and "Pre-election period\nNo" in summary
    groups = page.locator(".finding-group")
    assert groups.count() == len(by_category)
    # The most serious group comes first and starts open; the others start folded.
    first = groups.nth(0).locator("summary").inner_text()
    first_category = next(c for c in by_category if first.startswith(names[c]))
    assert any(f["severity"] == "block" for f in by_category[first_category])
    assert groups.nth(0).get_attribute("open") is not None
    assert all(groups.nth(i).get_attribute("open") is None for i in range(1, groups.count()))
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 5000, height  # was 11,000 px with every finding open
    shoot(page, "6-long-draft")
    # Each rule's reason is given once, with every place it fires listed under it.
    rules_in_first = {f["rule"] for f in by_category[first_category]}
    assert groups.nth(0).locator(".finding").count() == len(rules_in_first)
    assert groups.nth(0).locator(".finding-span").count() == len(by_category[first_category])
    page.get_by_role("button", name="Expand all").click()
    assert page.locator(".finding-span").count() == len(findings)
    page.get_by_role("button", name="Collapse all").click()
    assert page.evaluate("[...document.querySelectorAll('.finding-group')].every(g => !g.open)")
    # A highlighted span opens its finding.
    page.locator("#post-text mark").first.click()
    wait_until(lambda: page.evaluate("document.activeElement.className") == "finding-span")
    assert page.evaluate("document.activeElement.closest('details').open") is True


def test_the_summary_shows_schedule_and_pre_election_period(desk):
    review_id = desk.submit({**CLEAN, "scheduled_for": "2027-05-04T09:00:00+01:00"})["id"]
    page = desk.sign_in(desk.page(), path=f"#{review_id}")
    page.locator("#summary", has_text="Scheduled").wait_for()
    summary = page.locator("#summary").inner_text()
    assert "4 May 2027" in summary and "Pre-election period\nYes" in summary, summary


# --- request changes and the resubmission ----------------------------------------------------------

def test_request_changes_then_the_resubmission_shows_what_changed(desk):
    review_id = desk.submit(note="OK to name?")["id"]
    page = desk.sign_in(desk.page())
    open_item(page, review_id)
    page.get_by_label("Note for the officer").fill("He has not been charged: describe him instead of naming him.")
    shoot(page, "7-request-changes")
    page.get_by_role("button", name="Request changes").click()
    page.locator("#review-status", has_text="Changes requested").wait_for()
    assert "Changes requested by Rita Comms" in page.locator("#decision-summary").inner_text()
    page.locator(".tab-count[data-count='changes_requested']", has_text="(1)").wait_for()

    changed = {**DRAFT, "text": DRAFT["text"].replace("Callum Pexton, 31,", "a 31-year-old man from Whitby")}
    again = desk.submit(changed, note="Name taken out", replaces=review_id)["id"]
    page.locator("#new-drafts").wait_for(state="visible")
    page.locator("#new-drafts").click()
    item(page, again).wait_for()
    assert "Resubmitted" in item(page, again).inner_text()
    open_item(page, again)
    block = page.locator("#resubmission-block")
    assert block.is_visible()
    assert "describe him instead of naming him" in page.locator("#resubmission-note").inner_text()
    assert page.locator("#resubmission-diff del").all_inner_texts() == ["Callum Pexton, 31, "]
    assert page.locator("#resubmission-diff ins").all_inner_texts() == ["a 31-year-old man from Whitby "]
    shoot(page, "8-resubmission-diff")
    # The earlier draft links forward to this one.
    page.get_by_role("link", name="Open the earlier draft").click()
    page.locator("#review-notice", has_text="sent a new version").wait_for()
    page.get_by_role("link", name="Open the new version").click()
    page.locator("#resubmission-block").wait_for(state="visible")


# --- keyboard only, and a narrow window ----------------------------------------------------------------

def test_keyboard_only_sign_in_open_and_send_back(desk):
    review_id = desk.submit()["id"]
    page = desk.page()
    page.goto(desk.url)

    def tab_to(selector, limit=60):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement === document.querySelector({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")
    tab_to("#token-input")
    page.keyboard.type(desk.rita)
    page.keyboard.press("Enter")
    page.locator("#workspace").wait_for(state="visible")
    tab_to(f".queue-item[data-id='{review_id}']")
    page.keyboard.press("Enter")
    page.locator("#review").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "review-title"
    tab_to("#decision-note")
    page.keyboard.type("Please take the name out.")
    tab_to("#changes-button")
    page.keyboard.press("Enter")
    page.locator("#review-status", has_text="Changes requested").wait_for()
    # Findings groups open and close from the keyboard too.
    tab_to(".finding-group summary")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('.finding-group').open") is False


def test_a_420_pixel_window_has_no_sideways_scrolling(desk):
    review_id = desk.submit(LONG_DRAFT)["id"]
    desk.submit(PHONE)
    page = desk.sign_in(desk.page(width=420, height=860))
    page.locator(".queue-item").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    shoot(page, "9-narrow-queue")
    open_item(page, review_id)
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    assert page.locator("#approve-button").bounding_box()["x"] + page.locator("#approve-button").bounding_box()["width"] <= 420
    shoot(page, "10-narrow-draft")
    page.get_by_role("button", name="Back to the drafts").click()
    assert page.evaluate(f"document.activeElement.dataset.id") == review_id


def test_only_the_first_view_is_audited_however_often_it_is_opened(desk):
    first, second = desk.submit()["id"], desk.submit(PHONE)["id"]
    page = desk.sign_in(desk.page())
    for review_id in (first, second, first, second, first):
        open_item(page, review_id)
    page.locator("#audit-rows").wait_for()
    rows = page.locator("#audit-rows tr").all_inner_texts()
    assert [row for row in rows if "First viewed" in row] == [r for r in rows if "Rita Comms" in r]
    assert len([row for row in rows if "First viewed" in row]) == 1


# --- more of a real day's failures -----------------------------------------------------------------

def test_a_slow_draft_never_replaces_the_one_chosen_after_it(desk):
    slow, quick = desk.submit()["id"], desk.submit(PHONE)["id"]
    page = desk.sign_in(desk.page())
    page.route(f"**/v1/reviews/{slow}", lambda route: (time.sleep(1.5), route.continue_()))
    item(page, slow).click()
    item(page, quick).click()
    page.locator("#post-text", has_text="07700 900123").wait_for()
    time.sleep(2.0)  # the slow answer has arrived by now
    assert "07700 900123" in page.locator("#post-text").inner_text()
    assert page.url.endswith(f"#{quick}")


def test_an_interrupted_decision_keeps_the_note_and_can_be_tried_again(desk):
    review_id = desk.submit()["id"]
    page = desk.sign_in(desk.page())
    open_item(page, review_id)
    dropped = drop_connections(page, "**/decision")
    page.get_by_label("Note for the officer").fill("Do not name him until charged.")
    page.get_by_role("button", name="Reject", exact=True).click()
    page.locator("#decision-error").wait_for(state="visible")
    assert "did not answer" in page.locator("#decision-error-text").inner_text()
    assert page.get_by_label("Note for the officer").input_value() == "Do not name him until charged."
    assert page.evaluate("document.activeElement.id") == "decision-retry"
    dropped["on"] = False
    page.keyboard.press("Enter")
    page.locator("#review-status", has_text="Rejected").wait_for()
    assert "Do not name him until charged." in page.locator("#decision-summary").inner_text()


def test_a_failing_check_for_new_drafts_says_the_list_may_be_out_of_date(desk):
    desk.submit()
    page = desk.sign_in(desk.page())
    page.locator(".queue-item").first.wait_for()
    failing = {"on": True}

    def maybe_fail(route):
        if failing["on"]:
            route.fulfill(status=503, content_type="application/json",
                          body='{"error": {"code": "unavailable", "message": "busy"}}')
        else:
            route.continue_()
    page.route("**/v1/reviews/facets*", maybe_fail)
    page.locator("#queue-error", has_text="Could not check for new drafts").wait_for()
    failing["on"] = False
    page.locator("#queue-error").wait_for(state="hidden")


def test_a_sign_in_over_plain_http_to_another_host_says_to_use_https(desk, playwright_instance, tmp_path):
    # The name resolves to this computer inside Chromium only: the traffic stays on loopback,
    # but the server sees another host, so it marks the cookie Secure and the browser drops it.
    port = desk.server.port
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path(), headless=True,
        args=[*browser_args(), "--host-resolver-rules=MAP postlint.test 127.0.0.1"],
        env={"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)})
    try:
        page = browser.new_page()
        page.goto(f"http://postlint.test:{port}/review")
        page.get_by_label("Reviewer token").fill(desk.rita)
        page.keyboard.press("Enter")
        page.locator("#sign-in-error", has_text="would not keep the sign-in").wait_for()
        assert "https://" in page.locator("#sign-in-error").inner_text()
        assert page.locator("#workspace").is_hidden()
    finally:
        browser.close()


def test_refresh_brings_an_open_draft_up_to_date(tmp_path, chromium):
    with live_server(tmp_path, env={"POSTLINT_DASHBOARD_POLL_SECONDS": "3600"}) as server:
        context = chromium.new_context()
        try:
            desk = Desk(server, context)
            review_id = desk.submit()["id"]
            page = desk.sign_in(desk.page())
            open_item(page, review_id)
            desk.decide(review_id, "reject", "Too early to name him")
            time.sleep(0.5)
            assert page.locator("#decision-form").is_visible()  # no automatic check this hour
            page.get_by_role("button", name="Refresh").click()
            page.locator("#review-notice", has_text="Ravi Desk decided this draft while you had it open").wait_for()
            assert page.locator("#decision-form").is_hidden()
            assert desk.problems == []
        finally:
            context.close()


# --- the post's context and withdrawing an approval (the accounts work) -------------------------------

def test_the_summary_shows_the_registered_account_and_an_approval_can_be_withdrawn(desk):
    done = desk.server.cli("account", "add", "x:@ScarbPolice", "--display-name", "Scarborough Police",
                           "--tier", "local", "--contributors", "2")
    assert done.returncode == 0, done.stderr
    done = desk.server.cli("token", "create", "--role", "officer", "--name", "PC Sam Reed", "--account", "x:@ScarbPolice")
    officer = done.stdout.strip().splitlines()[-1]
    post = {"text": "Come and meet the Scarborough neighbourhood team at the library on Saturday.",
            "account": "x:@ScarbPolice", "scheduled_for": "2027-04-10T09:00:00+01:00",
            "attachments": [{"kind": "image", "filename": "team.jpg", "alt": "Officers outside the library"}]}
    review_id = desk.submit(post, token=officer)["id"]
    page = desk.sign_in(desk.page(), path=f"#{review_id}")
    page.locator("#summary", has_text="Scarborough Police").wait_for()
    summary = page.locator("#summary").inner_text()
    assert "Scarborough Police (x:@ScarbPolice, x) · local account · 2 contributors" in summary
    assert "Pre-election period\nYes: Local elections in England 2027" in summary
    assert "Officers outside the library" in page.locator("#attachments").inner_text()
    assert "Scarborough Police" in item(page, review_id).inner_text()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.locator("#review-status", has_text="Approved").wait_for()
    lint = requests.post(desk.server.base_url + "/v1/lint", json=post, headers=bearer(officer), timeout=30).json()
    assert lint["verdict"] == "approved"

    page.get_by_role("button", name="Withdraw approval").click()
    page.locator("#withdraw-error").wait_for(state="visible")  # a reason is needed
    page.get_by_label("Why the approval is withdrawn").fill("The library event was cancelled.")
    page.get_by_role("button", name="Withdraw approval").click()
    page.locator("#review-status", has_text="Withdrawn").wait_for()
    assert "Approval withdrawn by Rita Comms" in page.locator("#decision-summary").inner_text()
    assert "Approval withdrawn" in page.locator("#audit-rows").inner_text()
    assert page.locator("#withdraw-form").is_hidden()
    page.locator(".tab-count[data-count='withdrawn']", has_text="(1)").wait_for()
    shoot(page, "15-withdrawn-with-context")
    after = requests.post(desk.server.base_url + "/v1/lint", json=post, headers=bearer(officer), timeout=30).json()
    assert after["verdict"] == "ok" and after["review"]["status"] == "withdrawn"
    assert after["review"]["note"] == "The library event was cancelled."


def test_a_pending_draft_shows_the_safe_rewrite_postlint_offers(desk):
    review_id = desk.submit()["id"]
    page = desk.sign_in(desk.page(), path=f"#{review_id}")
    page.locator("#rewrite-block").wait_for(state="visible")
    rewrite = page.locator("#rewrite-text").inner_text()
    expected = requests.post(desk.server.base_url + "/v1/fix", json=DRAFT, headers=bearer(desk.officer),
                             timeout=30).json()
    assert rewrite == expected["text"] and "Callum Pexton" not in rewrite
    assert page.locator("#rewrite-after").inner_text().startswith("After the rewrite")
    # A decided draft offers no rewrite.
    desk.decide(review_id, "reject", "Not charged")
    page.get_by_role("button", name="Refresh").click()
    page.locator("#review-status", has_text="Rejected").wait_for()
    assert page.locator("#rewrite-block").is_hidden()


def test_reject_with_use_this_rewrite_sends_the_rewrite_to_the_officer(desk):
    review_id = desk.submit()["id"]
    page = desk.sign_in(desk.page(), path=f"#{review_id}")
    page.locator("#rewrite-block").wait_for(state="visible")
    proposed = page.locator("#rewrite-text").inner_text()
    shoot(page, "16-rewrite-with-reject-button")
    page.get_by_role("button", name="Reject: use this rewrite").click()
    page.locator("#review-status", has_text="Rejected").wait_for()
    assert "postlint's rewrite" in page.locator("#review-notice").inner_text()
    summary = page.locator("#decision-summary").inner_text()
    assert "asked to use postlint's rewrite" in summary and proposed in summary
    shoot(page, "17-rejected-with-rewrite")
    # What the officer's extension reads when it lints the same draft.
    lint = requests.post(desk.server.base_url + "/v1/lint", json=DRAFT, headers=bearer(desk.officer), timeout=30).json()
    assert lint["review"]["status"] == "rejected" and lint["review"]["rewrite"]["text"] == proposed
    audit = page.locator("#audit-rows").inner_text()
    assert "Rita Comms (reviewer)" in audit and "Rejected: use postlint's rewrite" in audit
