"""The dashboard's people and tokens panel in real Chromium against the real ``postlint serve``:
an admin issues, expires, revokes and imports tokens; a reviewer never sees the panel."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.test_dashboard import Desk, bearer, chromium, shoot, wait_until  # noqa: E402,F401
from tests.support.live_server import live_server  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(tmp_path, chromium):  # noqa: F811
    with live_server(tmp_path) as server:
        context = chromium.new_context()
        desk = Desk(server, context)
        desk.admin = server.make_token("admin", "Ada Admin")
        try:
            yield desk
        finally:
            context.close()
        assert desk.problems == []


def _open_panel(desk):
    page = desk.sign_in(desk.page(), token=desk.admin)
    page.get_by_role("button", name="People and tokens").click()
    page.locator("#tokens").wait_for(state="visible")
    page.locator("#token-rows tr").first.wait_for()
    return page


def _row(page, name):
    return page.locator("#token-rows tr", has=page.locator("td", has_text=name))


def _me(desk, token):
    return requests.get(desk.server.base_url + "/v1/me", headers=bearer(token), timeout=30)


def test_an_admin_issues_a_token_shown_once_that_works(desk):
    page = _open_panel(desk)
    assert page.locator("#workspace").is_hidden()
    page.get_by_label("Name").fill("PC Nia Cole")
    page.get_by_label("Role").select_option("officer")
    page.get_by_label("Expires after (optional)").fill("2030-06-30")
    page.get_by_role("button", name="Issue token").click()
    shown = page.locator("#new-token-list li[data-name='PC Nia Cole'] code")
    shown.wait_for()
    token = shown.text_content()
    assert token.startswith("plt_") and _me(desk, token).json()["name"] == "PC Nia Cole"
    shoot(page, "tokens-issued")
    _row(page, "PC Nia Cole").wait_for()
    assert "1 Jul 2030" in _row(page, "PC Nia Cole").text_content()  # it works through 30 June (UTC)
    page.get_by_role("button", name="I have handed them over; hide them").click()
    assert page.locator("#new-tokens").is_hidden() and page.locator("#new-token-list li").count() == 0
    # Back to the drafts, and the token is nowhere on the page.
    page.get_by_role("button", name="Back to drafts").click()
    page.locator("#workspace").wait_for(state="visible")
    assert token not in page.content()


def test_expire_and_revoke_take_two_clicks_and_stop_the_token(desk):
    page = _open_panel(desk)
    assert _me(desk, desk.officer).status_code == 200
    expire = _row(page, "PC Olivia Hart").get_by_role("button", name="Expire now")
    expire.click()
    assert _me(desk, desk.officer).status_code == 200  # the first click only asks to confirm
    _row(page, "PC Olivia Hart").get_by_role("button", name="Expire PC Olivia Hart's token").click()
    wait_until(lambda: _row(page, "PC Olivia Hart").count() == 0)  # the list shows working tokens
    assert _me(desk, desk.officer).status_code == 401

    _row(page, "Ravi Desk").get_by_role("button", name="Revoke").click()
    _row(page, "Ravi Desk").get_by_role("button", name="Revoke Ravi Desk's token").click()
    wait_until(lambda: _row(page, "Ravi Desk").count() == 0)
    assert _me(desk, desk.ravi).status_code == 401
    page.get_by_label("Show expired and revoked tokens").check()
    wait_until(lambda: "Expired" in _row(page, "PC Olivia Hart").text_content())
    assert "Revoked" in _row(page, "Ravi Desk").text_content()


def test_an_import_with_a_bad_row_names_it_and_imports_nobody(desk, tmp_path):
    page = _open_panel(desk)
    bad = tmp_path / "officers.csv"
    bad.write_text("name,role\nPC Lara Moss,officer\nPC Sam Reid,constable\n", encoding="utf-8")
    page.get_by_label("CSV file", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    problem = page.locator("#import-problems li")
    problem.first.wait_for()
    assert problem.count() == 1 and problem.first.text_content().startswith("Row 3, role:")
    assert _row(page, "PC Lara Moss").count() == 0
    shoot(page, "tokens-import-refused")

    good = tmp_path / "fixed.csv"
    good.write_text("name,role\nPC Lara Moss,officer\nPC Sam Reid,officer\n", encoding="utf-8")
    page.get_by_label("CSV file", exact=True).set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    page.locator("#new-token-list li").nth(1).wait_for()
    assert page.locator("#import-error").is_hidden()
    tokens = page.locator("#new-token-list code").all_text_contents()
    assert [_me(desk, token).json()["name"] for token in tokens] == ["PC Lara Moss", "PC Sam Reid"]
    _row(page, "PC Sam Reid").wait_for()


def test_a_reviewer_has_no_tokens_panel_and_the_api_refuses_them(desk):
    page = desk.sign_in(desk.page())
    assert page.locator("#tokens-toggle").is_hidden()
    assert requests.get(desk.server.base_url + "/v1/tokens", headers=bearer(desk.rita), timeout=30).status_code == 403
