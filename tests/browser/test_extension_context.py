"""The extension sends the whole post: the account and attachments the composer shows, a
scheduled time, and asks once for the account where the composer does not show it."""
from __future__ import annotations

import pytest
import requests

from tests.browser.conftest import CORS_ENV, badge, extension_errors, screenshot, type_draft, wait_for_verdict

pytestmark = pytest.mark.browser

APPEAL = "We are appealing for help to find Jane Smith, 15, who is missing from Scarborough. Please share."
THEFT = "Officers are appealing for information after a theft from the Co-op in Scarborough on Friday."
COUNCILLOR = "Thanks to Cllr Amy Fox for joining our community speedwatch in Selby today."


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """A server whose registry has a corporate and a local account, and an officer who may use both."""
    from tests.support.live_server import live_server

    with live_server(tmp_path_factory.mktemp("context-api"), env=CORS_ENV) as server:
        for account, name, tier, contributors in (("x:@NYorksPolice", "North Yorkshire Police", "corporate", "6"),
                                                  ("x:@ScarbPolice", "Scarborough Police", "local", "2")):
            done = server.cli("account", "add", account, "--display-name", name, "--tier", tier,
                              "--contributors", contributors)
            assert done.returncode == 0, done.stderr
        done = server.cli("token", "create", "--role", "officer", "--name", "Cora Lane",
                                "--account", "x:@NYorksPolice", "--account", "x:@ScarbPolice")
        assert done.returncode == 0, done.stderr
        server.officer_token = done.stdout.strip().splitlines()[-1]
        server.reviewer_token = server.make_token("reviewer", "Ravi Shah")
        server.unbound_token = server.make_token("officer", "Lee Unbound")  # lists no accounts
        yield server


def open_list(page):
    """The findings list, opened from the badge unless it is open already (it stays open after a choice)."""
    panel = page.locator("overlay=[data-postlint-panel]")
    if not panel.is_visible():
        badge(page).click()
    panel.wait_for(state="visible")
    return panel


def choose(page, account, scheduled=None):
    picker = page.locator("overlay=[data-postlint-account-picker]")
    picker.wait_for(state="visible")
    picker.locator("[data-postlint-account-choice]").select_option(account)
    if scheduled:
        picker.locator("[data-postlint-schedule-choice]").fill(scheduled)
    picker.locator("[data-postlint-action='choose-account']").click()


def reviews_with_text(api, text):
    answer = requests.get(f"{api.base_url}/v1/reviews", headers={"Authorization": f"Bearer {api.reviewer_token}"},
                          params={"status": "pending"}, timeout=10)
    assert answer.status_code == 200, answer.text
    found = [r for r in answer.json()["reviews"] if r["preview"] == text]
    details = [requests.get(f"{api.base_url}{r['link']}", timeout=10,
                            headers={"Authorization": f"Bearer {api.reviewer_token}"}).json() for r in found]
    return details


def test_the_account_and_the_images_alt_text_come_from_the_composer(configured_browser, fixture_site, api):
    page = configured_browser.open(f"{fixture_site}/x_composer.html")
    type_draft(page, THEFT, verdict="review")
    panel = open_list(page)
    # The custody rule fired from the image's alt text, which only the composer showed.
    custody = panel.locator("[data-postlint-card-rule='image.custody-photograph']")
    custody.wait_for(state="visible")
    summary = panel.locator("[data-postlint-account-summary]")
    assert "Scarborough Police (x:@ScarbPolice, local account)" in summary.inner_text()
    assert panel.locator("[data-postlint-action='change-account']").count() == 0  # the page says which
    screenshot(page, "context-x-composer-custody-alt")
    custody.locator("[data-postlint-action='request-review']").click()
    wait_for_verdict(page, "pending")
    [review] = reviews_with_text(api, THEFT)
    assert review["context"]["account"] == "x:@ScarbPolice" and review["context"]["tier"] == "local"
    assert review["post"]["account_tier"] == "local" and review["post"]["account_contributors"] == 2
    [image] = review["post"]["attachments"]
    assert image["alt"] == "Custody photograph of the man arrested on Friday"
    assert image["filename"] == "upload-1.png" and image["source_url"].endswith("/upload-1.png")
    assert extension_errors(configured_browser.errors) == []


def test_an_appeal_from_the_local_account_the_page_shows_is_blocked_by_the_registry_tier(configured_browser,
                                                                                         fixture_site):
    page = configured_browser.open(f"{fixture_site}/x_composer.html")
    type_draft(page, APPEAL, verdict="block")
    panel = open_list(page)
    panel.locator("[data-postlint-card-rule='appeal.wanted-or-missing-on-non-corporate-account']").first.wait_for()
    assert extension_errors(configured_browser.errors) == []


def test_the_card_asks_once_for_the_account_and_the_choice_changes_the_verdict(configured_browser, fixture_site):
    page = configured_browser.open(f"{fixture_site}/plain_composer.html")
    type_draft(page, APPEAL)
    page.wait_for_selector("overlay=[data-postlint-badge][data-postlint-state='error']")
    assert "which account is this for?" in badge(page).inner_text()
    open_list(page)
    picker = page.locator("overlay=[data-postlint-account-picker]")
    assert "Which account is this for?" in picker.inner_text()
    options = picker.locator("option").all_inner_texts()
    assert options == ["North Yorkshire Police (x:@NYorksPolice, corporate)",
                       "Scarborough Police (x:@ScarbPolice, local)"]
    screenshot(page, "context-which-account")
    choose(page, "x:@NYorksPolice")
    wait_for_verdict(page, "ok")  # the corporate account may publish the appeal

    open_list(page)
    page.locator("overlay=[data-postlint-action='change-account']").click()
    choose(page, "x:@ScarbPolice")
    wait_for_verdict(page, "block")  # the registry says the local account may not
    screenshot(page, "context-local-account-blocks-appeal")

    # Asked once: the same site remembers the choice on the next page.
    again = configured_browser.open(f"{fixture_site}/plain_composer.html")
    type_draft(again, APPEAL, verdict="block")
    assert extension_errors(configured_browser.errors) == []


def test_a_scheduled_time_inside_the_pre_election_period_changes_the_verdict(configured_browser, fixture_site):
    # The scheduling tool's page shows the profile and the send time; both are sent.
    page = configured_browser.open(f"{fixture_site}/scheduler_composer.html")
    type_draft(page, COUNCILLOR, verdict="block")
    panel = open_list(page)
    panel.locator("[data-postlint-card-rule='politics.politician-publicity-in-election-period']").wait_for()
    assert "Inside the pre-election period" in panel.locator("[data-postlint-account-summary]").inner_text()
    page.keyboard.press("Escape")
    page.fill("#send-at", "2027-03-01T09:00")
    wait_for_verdict(page, "ok")
    # Where the composer shows no time, the card asks "Scheduled for?".
    plain = configured_browser.open(f"{fixture_site}/plain_composer.html")
    type_draft(plain, COUNCILLOR)
    plain.wait_for_selector("overlay=[data-postlint-badge][data-postlint-state='error']")
    open_list(plain)
    choose(plain, "x:@NYorksPolice", scheduled="2027-04-10T09:00")
    wait_for_verdict(plain, "block")
    assert extension_errors(configured_browser.errors) == []


def test_an_officer_without_accounts_can_still_say_when_the_post_goes_out(extension_browser, fixture_site, api):
    extension_browser.configure(apiBase=api.base_url, token=api.unbound_token)
    page = extension_browser.open(f"{fixture_site}/plain_composer.html")
    type_draft(page, COUNCILLOR, verdict="ok")
    panel = open_list(page)
    assert "Posting from a local account." in panel.locator("[data-postlint-account-summary]").inner_text()
    panel.locator("[data-postlint-action='change-account']").click()
    picker = page.locator("overlay=[data-postlint-account-picker]")
    picker.wait_for(state="visible")
    assert "may not post from any registered account" in picker.inner_text()
    picker.locator("[data-postlint-schedule-choice]").fill("2027-04-10T09:00")
    picker.locator("[data-postlint-action='choose-account']").click()
    wait_for_verdict(page, "block")
    assert "Inside the pre-election period" in page.locator("overlay=[data-postlint-account-summary]").inner_text()
    assert extension_errors(extension_browser.errors) == []


def test_an_image_pasted_from_a_news_site_is_sent_with_its_address(configured_browser, fixture_site):
    page = configured_browser.open(f"{fixture_site}/paste_composer.html")
    type_draft(page, "Officers were at the scene in Whitby on Friday night.", verdict="ok")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.setData('text/html', '<meta charset="utf-8"><img src="https://ichef.bbci.co.uk/news/976/cpsprodpb/scene.jpg">');
        document.getElementById('draft').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }""")
    wait_for_verdict(page, "review")  # the copyright rule read the pasted image's source address
    panel = open_list(page)
    panel.locator("[data-postlint-card-rule='copyright.third-party-source']").wait_for()
    assert "x:@NYorksPolice, corporate account" in panel.locator("[data-postlint-account-summary]").inner_text()
    assert extension_errors(configured_browser.errors) == []
