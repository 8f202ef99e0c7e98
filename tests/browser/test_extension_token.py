"""The options page's "Your token" in real Chromium against the real server: its details, and a
rotation after which the browser holds a new working token and the old one is dead."""
from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _me(api, token):
    return requests.get(api.base_url + "/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_an_officer_sees_their_token_and_rotates_it_from_the_options_page(extension_browser, api):
    token = api.make_token("officer", "officer-rotating")
    extension_browser.configure(apiBase=api.base_url, token=token)
    page = extension_browser.options_page()
    result = page.locator("#token-result")

    page.click("#token-show")
    expect(result).to_have_attribute("data-kind", "ok")
    details = page.locator("#token-details")
    assert "tk_" + token.split("_")[1] in details.inner_text()
    assert "officer-rotating (officer)" in details.inner_text()
    assert token not in page.content()

    page.click("#token-rotate")
    expect(page.locator("#token-rotate")).to_contain_text("the old token stops working")
    assert _me(api, token).status_code == 200  # the first click only asks to confirm
    page.click("#token-rotate")
    expect(result).to_contain_text("Rotated")
    new = extension_browser.storage(["token"])["token"]
    assert new != token and new.startswith("plt_")
    assert page.locator("#token").input_value() == new
    assert _me(api, token).status_code == 401
    assert _me(api, new).json()["name"] == "officer-rotating"
    assert "tk_" + new.split("_")[1] in page.locator("#token-details").inner_text()
    screenshot(page, "options-token-rotated", full_page=True)
    assert extension_browser.errors == []


def test_an_unsaved_token_is_not_rotated(extension_browser, api):
    token = api.make_token("officer", "officer-unsaved")
    extension_browser.configure(apiBase=api.base_url, token=token)
    page = extension_browser.options_page()
    page.fill("#token", "plt_something_else")
    page.click("#token-rotate")
    expect(page.locator("#token-result")).to_contain_text("Save your settings first")
    assert _me(api, token).status_code == 200
