"""A force's IT sets the server, sites, profile and accounts by policy; real Chromium reads it.

Chromium on Linux reads policy from /etc/chromium/policies/managed/, and an extension's own
policy (``3rdparty.extensions.<id>``) arrives in ``chrome.storage.managed``, described by
``managed_schema.json``. The file is written before the browser starts and removed afterwards.
Writing there needs root; without it the test is skipped (the reading logic has its table tests
in ``extension/tests/managed.test.js``).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import EXTENSION_DIR, extension_errors, screenshot, type_draft

pytestmark = pytest.mark.browser

POLICY_DIR = Path("/etc/chromium/policies/managed")
BLOCK_POST = "Officers have arrested Callum Pexton, 31, on suspicion of affray."


def manifest_id() -> str:
    import sys
    sys.path.insert(0, str(EXTENSION_DIR / "build"))
    from package import id_of_manifest_key
    return id_of_manifest_key(json.loads((EXTENSION_DIR / "manifest.json").read_text())["key"])


@pytest.fixture(scope="module")
def force_api(tmp_path_factory):
    """The force's server: CORS names the extension's exact origin; one account, one officer on it."""
    from tests.support.live_server import live_server
    with live_server(tmp_path_factory.mktemp("managed-api"),
                     env={"POSTLINT_CORS_ORIGINS": f"chrome-extension://{manifest_id()}"}) as server:
        added = server._postlint("account", "add", "x:@NYorksPolice", "--display-name", "North Yorkshire Police",
                                 "--tier", "corporate", "--contributors", "6", "--db", str(server.db_path))
        assert added.returncode == 0, added.stderr
        made = server._postlint("token", "create", "--role", "officer", "--name", "Olivia Shaw",
                                "--account", "x:@NYorksPolice", "--db", str(server.db_path))
        assert made.returncode == 0, made.stderr
        server.officer_token = made.stdout.strip().splitlines()[-1]
        yield server


@pytest.fixture
def policy(force_api):
    """Writes the force's policy for the extension; yields what it set."""
    if os.geteuid() != 0:
        pytest.skip(f"!!! MANAGED POLICY TEST SKIPPED: only root can write {POLICY_DIR}; "
                    "extension/tests/managed.test.js covers the reading logic !!!")
    values = {"apiBase": force_api.base_url, "profile": "north-yorkshire", "accounts": ["x:@NYorksPolice"],
              "sites": ["http://127.0.0.1/*"]}
    created = not POLICY_DIR.exists()
    POLICY_DIR.mkdir(parents=True, exist_ok=True)
    path = POLICY_DIR / f"postlint-test-{os.getpid()}.json"
    path.write_text(json.dumps({"3rdparty": {"extensions": {manifest_id(): values}}}))
    try:
        yield values
    finally:
        path.unlink(missing_ok=True)
        if created:
            for folder in (POLICY_DIR, POLICY_DIR.parent):
                try:
                    folder.rmdir()
                except OSError:
                    break


def test_policy_values_win_are_locked_and_are_what_the_worker_uses(policy, request, fixture_site, force_api):
    browser = request.getfixturevalue("extension_browser")  # started after the policy is in place
    assert browser.extension_id == manifest_id()  # the manifest's key fixes the id
    options = browser.options_page()
    api_base = options.locator("#apiBase")
    expect(api_base).to_have_value(policy["apiBase"])
    for field in ("#apiBase", "#profile", "#sites"):
        assert options.locator(field).get_attribute("readonly") is not None, field
    expect(options.locator("#profile")).to_have_value("north-yorkshire")
    expect(options.locator("#apiBase-locked")).to_contain_text("Set by your force's IT")
    expect(options.locator("#managed-accounts")).to_contain_text("x:@NYorksPolice")
    assert options.locator("#token").get_attribute("readonly") is None  # a token is the officer's own
    assert options.locator("#reset-sites").is_disabled()
    screenshot(options, "options-managed")

    options.locator("#token").fill(force_api.officer_token)
    options.locator("#save").click()
    expect(options.locator("#result")).to_contain_text("Saved")
    stored = browser.storage(["apiBase", "token", "profile", "sites"])
    assert stored == {"token": force_api.officer_token}  # policy's values are never copied into local storage

    page = browser.open(f"{fixture_site}/textarea.html")
    type_draft(page, BLOCK_POST, verdict="block")  # linted by the server policy named, with the saved token
    assert extension_errors(browser.errors) == []
