"""Cards: what they say, how to reach them with mouse and keyboard, and dismissing advice."""
from __future__ import annotations

import pytest

from tests.browser.conftest import (assert_card_clear_of_badge, badge, expose_overlay, extension_errors, hover_card,
                                    mark_boxes, move_pointer_away, screenshot, type_draft)

pytestmark = pytest.mark.browser

BLOCK_POST = "Officers have arrested Callum Pexton, 31, on suspicion of affray."
MIXED_POST = BLOCK_POST + " Carly has been found safe and well."
BLOCK_RULE = "arrest.named-suspect"
ADVICE_RULE = "appeal.found-remove-original"


def active_in_overlay(page):
    """What has focus inside the overlay's shadow root, described."""
    return page.evaluate("""() => {
        const active = window.__postlintTestOverlay && window.__postlintTestOverlay.activeElement;
        if (!active) return null;
        return { tag: active.tagName, card: active.getAttribute('data-postlint-card'),
                 action: active.getAttribute('data-postlint-action'), label: active.getAttribute('aria-label') };
    }""")


def test_hover_card_explains_the_finding(configured_browser, compose):
    page, _ = compose("textarea.html", BLOCK_POST, verdict="block")
    [box] = mark_boxes(page, BLOCK_RULE)
    card = hover_card(page, box)
    text = card.inner_text()
    assert "BLOCK" in text.upper() and "arrest-name" in text
    assert "Names a person who has been arrested" in text
    assert "Why:" in text and "risks defamation" in text
    assert "Policy:" in text and "north-yorkshire 3.4" in text and "surrey-sussex 7.1" in text
    assert "Suggestion:" in text and "31-year-old man" in text
    assert card.locator("[data-postlint-action='request-review']").is_visible()
    assert card.locator("[data-postlint-action='dismiss']").count() == 0, "block findings cannot be dismissed"
    card_box = card.bounding_box()
    assert card_box["y"] >= box["y"] + box["height"], "the card opens below the mark, not over it"
    assert_card_clear_of_badge(page, card, BLOCK_RULE)
    screenshot(page, "card-hover")
    # Moving onto the card keeps it open; moving away closes it.
    page.mouse.move(card_box["x"] + 20, card_box["y"] + 20)
    page.wait_for_timeout(600)
    assert card.is_visible()
    move_pointer_away(page)
    assert extension_errors(configured_browser.errors) == []


@pytest.mark.parametrize("fixture_page", ["textarea.html", "editable.html"])
def test_open_card_never_covers_the_badge(configured_browser, compose, fixture_page):
    page, _ = compose(fixture_page, MIXED_POST, verdict="block")
    # The advice mark wraps, and its first line ends right above the badge.
    for rule, name in ((BLOCK_RULE, "block"), (ADVICE_RULE, "advice-wrapped")):
        card = hover_card(page, mark_boxes(page, rule)[0])
        assert card.get_attribute("data-postlint-card-rule") == rule
        assert_card_clear_of_badge(page, card, rule)
        screenshot(page, f"card-clear-of-badge-{fixture_page.removesuffix('.html')}-{name}")
        move_pointer_away(page)
    assert extension_errors(configured_browser.errors) == []


def test_keyboard_reaches_every_card_and_escape_returns_to_the_editor(configured_browser, compose):
    page, _ = compose("editable.html", MIXED_POST, verdict="block")
    assert badge(page).get_attribute("data-postlint-count") == "2"

    # From the editor: Alt+Shift+L opens the list with the first card focused.
    page.keyboard.press("Alt+Shift+L")
    panel = page.locator("overlay=[data-postlint-panel]")
    panel.wait_for(state="visible")
    focused = active_in_overlay(page)
    cards = panel.locator("[data-postlint-card]")
    assert cards.count() == 2
    assert focused["card"] == cards.nth(0).get_attribute("data-postlint-card")
    assert "BLOCK" in cards.nth(0).inner_text().upper() and "ADVICE" in cards.nth(1).inner_text().upper()
    # The focused card's mark is singled out on the page.
    page.wait_for_selector(f"overlay=[data-postlint-rule='{BLOCK_RULE}'].active", state="attached")
    screenshot(page, "card-list-keyboard")

    # Tab walks through the card's controls (its note, Apply, Request review) and on to the next card.
    seen = []
    for _ in range(5):
        page.keyboard.press("Tab")
        seen.append(active_in_overlay(page))
    assert all(seen), seen
    actions = [s["action"] for s in seen]
    assert "apply" in actions and "request-review" in actions and "dismiss" in actions
    assert any(s and s["card"] == cards.nth(1).get_attribute("data-postlint-card") for s in seen)
    page.wait_for_selector(f"overlay=[data-postlint-rule='{ADVICE_RULE}'].active", state="attached")

    page.keyboard.press("Escape")
    panel.wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "draft"

    # The badge is a button too: Enter on it opens the same list.
    badge(page).focus()
    page.keyboard.press("Enter")
    panel.wait_for(state="visible")
    assert active_in_overlay(page)["card"] is not None
    page.keyboard.press("Escape")
    panel.wait_for(state="detached")
    assert page.evaluate("document.getElementById('draft').textContent") == MIXED_POST
    assert extension_errors(configured_browser.errors) == []


def test_dismissed_advice_stays_dismissed_after_reload(configured_browser, compose):
    page, _ = compose("editable.html", MIXED_POST, verdict="block")
    page.wait_for_selector(f"overlay=[data-postlint-rule='{ADVICE_RULE}'][data-postlint-severity='advice']", state="attached")
    screenshot(page, "advice-before-dismiss")
    card = hover_card(page, mark_boxes(page, ADVICE_RULE)[0])
    assert "ADVICE" in card.inner_text().upper()
    assert card.locator("[data-postlint-action='request-review']").count() == 0
    fingerprint = card.get_attribute("data-postlint-card")
    card.locator("[data-postlint-action='dismiss']").click()
    page.wait_for_selector(f"overlay=[data-postlint-rule='{ADVICE_RULE}']", state="detached")
    assert badge(page).get_attribute("data-postlint-count") == "1"
    assert fingerprint in configured_browser.storage(["dismissed"])["dismissed"]

    page.reload()
    expose_overlay(page)
    type_draft(page, MIXED_POST, verdict="block")
    page.wait_for_selector(f"overlay=[data-postlint-rule='{BLOCK_RULE}']", state="attached")
    page.wait_for_timeout(500)
    assert page.locator(f"overlay=[data-postlint-rule='{ADVICE_RULE}']").count() == 0
    assert badge(page).get_attribute("data-postlint-count") == "1"
    screenshot(page, "advice-dismissed-after-reload")

    # A block finding is never hidden, even if its fingerprint is in storage.
    [block_box] = mark_boxes(page, BLOCK_RULE)
    block_print = hover_card(page, block_box).get_attribute("data-postlint-card")
    configured_browser.worker.evaluate(
        "(fp) => chrome.storage.local.get('dismissed').then(({dismissed}) => chrome.storage.local.set({dismissed: [...dismissed, fp]}))",
        block_print)
    page.reload()
    expose_overlay(page)
    type_draft(page, MIXED_POST, verdict="block")
    page.wait_for_selector(f"overlay=[data-postlint-rule='{BLOCK_RULE}']", state="attached")
    assert extension_errors(configured_browser.errors) == []
