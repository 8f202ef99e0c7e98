"""Marks drawn over exactly the right words, in every kind of composer, without touching it."""
from __future__ import annotations

import pytest

from tests.browser.conftest import badge, extension_errors, hover_card, mark_boxes, screenshot, wait_for_verdict

pytestmark = pytest.mark.browser

BLOCK_POST = "Officers have arrested Callum Pexton, 31, on suspicion of affray."
EMOJI_POST = "👮‍♀️🚓 Officers have arrested Callum Pexton, 31, on suspicion of affray."
RULE = "arrest.named-suspect"


def overlaps(a, b, at_least=0.5) -> bool:
    """Boxes share more than a sliver (layout snaps positions to 1/64 px)."""
    wide = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    high = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return wide > at_least and high > at_least


def text_boxes(page, words):
    """Boxes of words in the contenteditable, measured by the test itself with a Range."""
    return page.evaluate("""(words) => {
        const editor = document.getElementById('draft');
        const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
        const nodes = [];
        let node;
        while ((node = walker.nextNode())) nodes.push(node);
        const text = nodes.map((n) => n.data).join('');
        const boxes = {};
        for (const word of words) {
            let at = text.indexOf(word);
            const range = document.createRange();
            let consumed = 0;
            for (const n of nodes) {
                const end = consumed + n.data.length;
                if (at >= consumed && at <= end && !range.__started) { range.setStart(n, at - consumed); range.__started = true; }
                if (at + word.length >= consumed && at + word.length <= end) { range.setEnd(n, at + word.length - consumed); break; }
                consumed = end;
            }
            const r = range.getBoundingClientRect();
            boxes[word] = { x: r.left, y: r.top, width: r.width, height: r.height };
        }
        return boxes;
    }""", words)


def test_textarea_gets_a_block_mark_over_the_name_and_value_is_untouched(configured_browser, compose):
    page, draft = compose("textarea.html", BLOCK_POST, verdict="block")
    status = badge(page)
    assert status.get_attribute("data-postlint-count") == "1"
    assert "Block" in status.inner_text()
    marks = page.locator(f"overlay=[data-postlint-rule='{RULE}']")
    marks.first.wait_for(state="attached")
    assert marks.first.get_attribute("data-postlint-category") == "arrest-name"
    assert marks.first.get_attribute("data-postlint-severity") == "block"
    box = marks.first.bounding_box()
    textarea = draft.bounding_box()
    assert textarea["x"] < box["x"] < textarea["x"] + textarea["width"]
    assert textarea["y"] < box["y"] < textarea["y"] + textarea["height"]
    screenshot(page, "textarea-block")
    assert draft.input_value() == BLOCK_POST
    record = page.evaluate("window.editorRecord")
    assert record == {"mutations": 0, "attributeChanges": []}
    assert extension_errors(configured_browser.errors) == []


def test_textarea_mark_follows_emoji_and_scrolling(configured_browser, compose):
    page, draft = compose("textarea.html", EMOJI_POST, verdict="block")
    page.wait_for_selector(f"overlay=[data-postlint-rule='{RULE}']", state="attached")
    # Where the name is, measured independently with canvas text metrics.
    expected = page.evaluate("""(name) => {
        const field = document.getElementById('draft');
        const style = getComputedStyle(field);
        const context = document.createElement('canvas').getContext('2d');
        context.font = style.font;
        const text = field.value;
        const left = field.getBoundingClientRect().left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
        const at = text.indexOf(name);
        const start = left + context.measureText(text.slice(0, at)).width;
        const arrestedEnd = left + context.measureText(text.slice(0, text.indexOf('arrested') + 8)).width;
        const commaStart = start + context.measureText(name).width;
        return { start, end: start + context.measureText(name).width, arrestedEnd, commaStart };
    }""", "Callum Pexton")
    [box] = mark_boxes(page, RULE)
    assert abs(box["x"] - expected["start"]) < 3, (box, expected)
    assert abs(box["x"] + box["width"] - expected["end"]) < 3, (box, expected)
    assert box["x"] >= expected["arrestedEnd"], "the mark must not reach back over 'arrested'"
    screenshot(page, "textarea-emoji")

    # Push the first line out of view: its mark goes with it, not left floating.
    draft.press("End")
    for _ in range(12):
        draft.press("Enter")
    draft.type("More lines.")
    page.wait_for_function("document.getElementById('draft').scrollTop > 0")
    page.wait_for_function(
        """() => { const marks = window.__postlintTestOverlay.querySelectorAll('[data-postlint-rule]');
                  return marks.length === 0; }""", timeout=10000)
    screenshot(page, "textarea-scrolled")
    # Scroll back: the mark returns to exactly where the name is.
    draft.evaluate("field => { field.scrollTop = 0; }")
    page.wait_for_selector(f"overlay=[data-postlint-rule='{RULE}']", state="visible")
    [again] = mark_boxes(page, RULE)
    assert abs(again["x"] - box["x"]) < 1 and abs(again["y"] - box["y"]) < 1, (again, box)


def test_contenteditable_mark_overlaps_the_name_after_emoji_and_not_its_neighbours(configured_browser, compose):
    page, _ = compose("editable.html", EMOJI_POST, verdict="block")
    page.wait_for_selector(f"overlay=[data-postlint-rule='{RULE}']", state="attached")
    [box] = mark_boxes(page, RULE)
    words = text_boxes(page, ["Callum Pexton", "arrested", ", 31"])
    assert overlaps(box, words["Callum Pexton"])
    assert abs(box["x"] - words["Callum Pexton"]["x"]) < 1.5
    assert abs(box["width"] - words["Callum Pexton"]["width"]) < 1.5
    assert not overlaps(box, words["arrested"])
    assert not overlaps(box, words[", 31"])
    # The words are tinted by the overlay itself: the page's CSS.highlights would tell it what was found.
    assert page.evaluate("CSS.highlights.size") == 0
    tint = page.locator(f"overlay=[data-postlint-rule='{RULE}']").evaluate("mark => getComputedStyle(mark).backgroundColor")
    assert tint not in ("rgba(0, 0, 0, 0)", "transparent"), tint
    screenshot(page, "contenteditable-emoji")
    before = page.evaluate("[document.getElementById('draft').innerHTML, window.editorRecord.mutations]")
    # Make the extension redraw (resize, scroll, hover) and check the editor never changes.
    page.set_viewport_size({"width": 900, "height": 700})
    hover_card(page, box)
    page.mouse.wheel(0, 50)
    page.wait_for_timeout(800)
    after = page.evaluate("[document.getElementById('draft').innerHTML, window.editorRecord.mutations]")
    assert after == before
    assert page.evaluate("document.getElementById('draft').textContent") == EMOJI_POST
    assert extension_errors(configured_browser.errors) == []


def test_editor_that_rebuilds_its_dom_on_every_keystroke(configured_browser, fixture_site):
    page = configured_browser.open(f"{fixture_site}/rerender.html")
    draft = page.locator("#draft")
    draft.click()
    page.keyboard.type("Update: " + BLOCK_POST)
    wait_for_verdict(page, "block")
    assert page.evaluate("window.editorState.text") == "Update: " + BLOCK_POST
    assert page.evaluate("window.editorState.renders") > len(BLOCK_POST)
    [box] = mark_boxes(page, RULE)
    words = text_boxes(page, ["Callum Pexton", "arrested"])
    assert overlaps(box, words["Callum Pexton"]) and not overlaps(box, words["arrested"])
    # Keep typing: every node is replaced again, and the mark stays on the name.
    page.keyboard.press("Enter")
    page.keyboard.type("He remains in custody.")
    page.wait_for_function("window.editorState.text.endsWith('custody.')")
    page.wait_for_timeout(600)
    [box] = mark_boxes(page, RULE)
    words = text_boxes(page, ["Callum Pexton"])
    assert overlaps(box, words["Callum Pexton"])
    screenshot(page, "rerendering-editor")
    assert page.evaluate("window.editorState.text") == "Update: " + BLOCK_POST + "\nHe remains in custody."
    assert extension_errors(configured_browser.errors) == []


def inside(box, outer) -> bool:
    return (box["x"] >= outer["x"] and box["y"] >= outer["y"]
            and box["x"] + box["width"] <= outer["x"] + outer["width"] + 0.5
            and box["y"] + box["height"] <= outer["y"] + outer["height"] + 0.5)


def test_every_editor_on_a_strict_csp_page_gets_its_own_marks_and_badge(configured_browser, fixture_site):
    page = configured_browser.open(f"{fixture_site}/composer.html?csp=strict")
    page.locator("#search").fill("Callum Pexton arrested")
    page.locator("#post").click()
    page.locator("#post").type(BLOCK_POST)
    page.locator("#comment").click()
    page.locator("#comment").type("Carly has been found safe and well.")
    page.locator("#title").click()
    page.locator("#title").type("Update: we have arrested Callum Pexton, 31, in Leeds")
    page.wait_for_selector("overlay=[data-postlint-badge='textarea'][data-postlint-verdict='block']", state="attached")
    page.wait_for_selector("overlay=[data-postlint-badge='contenteditable'][data-postlint-verdict='ok']", state="attached")
    page.wait_for_selector("overlay=[data-postlint-badge='input'][data-postlint-verdict='block']", state="attached")
    assert page.locator("overlay=[data-postlint-badge]").count() == 3, "the search box is left alone"
    assert page.locator("overlay=[data-postlint-badge='contenteditable']").get_attribute("data-postlint-count") == "1"
    assert "1 advice" in page.locator("overlay=[data-postlint-badge='contenteditable']").inner_text()

    post_box = page.locator("#post").bounding_box()
    comment_box = page.locator("#comment").bounding_box()
    title_box = page.locator("#title").bounding_box()
    post_marks = page.locator("overlay=[data-postlint-editor='textarea'] [data-postlint-rule]")
    assert post_marks.count() == 1 and inside(post_marks.first.bounding_box(), post_box)
    advice = page.locator("overlay=[data-postlint-editor='contenteditable'] [data-postlint-severity='advice']")
    assert advice.count() >= 1 and inside(advice.first.bounding_box(), comment_box)
    title_marks = page.locator("overlay=[data-postlint-editor='input'] [data-postlint-rule]")
    assert title_marks.count() == 1
    # One line, vertically centred: the mark sits on the name, inside the field.
    box = title_marks.first.bounding_box()
    assert inside(box, title_box)
    expected = page.evaluate("""() => {
        const field = document.getElementById('title');
        const style = getComputedStyle(field);
        const context = document.createElement('canvas').getContext('2d');
        context.font = style.font;
        const left = field.getBoundingClientRect().left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
        const at = field.value.indexOf('Callum');
        return left + context.measureText(field.value.slice(0, at)).width;
    }""")
    assert abs(box["x"] - expected) < 3
    centre = box["y"] + box["height"] / 2
    assert abs(centre - (title_box["y"] + title_box["height"] / 2)) < 4
    screenshot(page, "composer-strict-csp", full_page=True)
    assert page.locator("#post").input_value() == BLOCK_POST
    assert page.locator("#comment").text_content() == "Carly has been found safe and well."
    assert page.locator("#title").input_value() == "Update: we have arrested Callum Pexton, 31, in Leeds"
    assert extension_errors(configured_browser.errors) == []
