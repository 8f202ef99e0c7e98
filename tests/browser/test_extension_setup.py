"""Set-up and failure states: no token, a bad token, the server down, and the options page."""
from __future__ import annotations

import socket

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CORS_ENV, badge, extension_errors, mark_boxes, screenshot, type_draft, wait_for_verdict

pytestmark = pytest.mark.browser

BLOCK_POST = "Officers have arrested Callum Pexton, 31, on suspicion of affray."


def wait_for_state(page, state, timeout=15000):
    page.wait_for_selector(f"overlay=[data-postlint-badge][data-postlint-state='{state}']", state="attached", timeout=timeout)
    return badge(page)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_without_a_token_the_badge_says_what_to_do(extension_browser, fixture_site):
    page = extension_browser.open(f"{fixture_site}/textarea.html")
    draft = page.locator("#draft")
    draft.click()
    status = wait_for_state(page, "setup")
    assert status.inner_text() == "Set up postlint: add your token in Options"
    draft.type(BLOCK_POST)
    page.wait_for_timeout(800)
    assert status.get_attribute("data-postlint-state") == "setup"
    assert status.get_attribute("data-postlint-verdict") is None
    assert page.locator("overlay=[data-postlint-rule]").count() == 0
    screenshot(page, "setup-needed")
    with extension_browser.context.expect_page() as opened:
        status.click()
    options = opened.value
    options.wait_for_load_state()
    assert options.url == f"chrome-extension://{extension_browser.extension_id}/options/options.html"
    assert draft.input_value() == BLOCK_POST
    assert extension_errors(extension_browser.errors) == []


def test_a_rejected_token_is_reported_on_the_badge(extension_browser, fixture_site, api):
    extension_browser.configure(apiBase=api.base_url, token="not-a-real-token")
    page = extension_browser.open(f"{fixture_site}/editable.html")
    type_draft(page, BLOCK_POST)
    status = wait_for_state(page, "error")
    assert "token not accepted" in status.inner_text()
    assert status.get_attribute("data-postlint-verdict") is None
    screenshot(page, "bad-token")
    assert extension_errors(extension_browser.errors) == []


def test_server_down_gives_a_clear_badge_and_no_errors(extension_browser, fixture_site, tmp_path):
    from tests.support.live_server import live_server

    with live_server(tmp_path, env=CORS_ENV, workers=1) as server:
        token = server.make_token("officer", "officer-owen")
        extension_browser.configure(apiBase=server.base_url, token=token)
        page = extension_browser.open(f"{fixture_site}/textarea.html")
        draft = type_draft(page, BLOCK_POST, verdict="block")

        server.kill()
        draft.type(" He is in custody.")
        status = wait_for_state(page, "offline")
        assert "server unreachable" in status.inner_text()
        assert status.get_attribute("data-postlint-verdict") is None
        # Old marks are not left behind as if they were current.
        assert page.locator("overlay=[data-postlint-rule]").count() == 0
        screenshot(page, "server-down")
        assert draft.input_value() == BLOCK_POST + " He is in custody."

        server.restart()
        draft.type(" Enquiries continue.")
        wait_for_verdict(page, "block")
        assert len(mark_boxes(page)) == 1
    # Nothing thrown or logged as an error by the extension, in the page or the worker.
    assert extension_errors(extension_browser.errors) == [], extension_browser.errors


def test_options_page_tests_the_connection_and_saves(extension_browser, api):
    page = extension_browser.options_page()
    result = page.locator("#result")
    assert page.locator("#apiBase").input_value() == "http://127.0.0.1:8080"
    assert "http://127.0.0.1/*" in page.locator("#sites").input_value()

    page.fill("#apiBase", "postlint.example")
    page.click("#test")
    expect(result).to_contain_text("is not a web address")
    assert result.get_attribute("data-kind") == "error"

    page.fill("#apiBase", "http://postlint.example.police.uk")
    page.click("#test")
    expect(result).to_contain_text("Use https://")

    page.fill("#apiBase", f"http://127.0.0.1:{closed_port()}")
    page.fill("#token", api.officer_token)
    page.click("#test")
    # The options page's CSP forbids eval, so waits go through locators.
    expect(result).to_contain_text("Cannot reach", timeout=20000)
    assert "Check the address, or whether the server is running" in result.inner_text()

    page.fill("#apiBase", api.base_url + "/")
    page.fill("#token", "wrong-token")
    page.click("#test")
    expect(result).to_contain_text("did not accept your token")
    screenshot(page, "options-bad-token", full_page=True)

    page.fill("#token", api.officer_token)
    page.click("#test")
    expect(result).to_have_attribute("data-kind", "ok")
    assert "Connected to " + api.base_url in result.inner_text()
    assert "uk-police" in result.inner_text()
    assert "cleveland" in page.eval_on_selector_all("#profiles option", "options => options.map(o => o.value)")
    screenshot(page, "options-connected", full_page=True)

    page.fill("#profile", "north-yorkshire")
    # No global account tier: the account registry says each account's tier.
    assert page.locator("#tier").count() == 0
    page.fill("#sites", "http://127.0.0.1/*\nnot a site")
    page.click("#save")
    expect(result).to_contain_text("not a site pattern")
    page.fill("#sites", "http://127.0.0.1/*\nhttp://localhost/*")
    page.click("#save")
    expect(result).to_contain_text("Saved.")
    stored = extension_browser.storage(["apiBase", "token", "tier", "profile", "sites"])
    assert stored == {"apiBase": api.base_url, "token": api.officer_token,
                      "profile": "north-yorkshire", "sites": ["http://127.0.0.1/*", "http://localhost/*"]}
    # The worker re-registers the content script for the new site list.
    extension_browser.wait_for_registration(["http://127.0.0.1/*", "http://localhost/*"])
    assert extension_errors(extension_browser.errors) == []
