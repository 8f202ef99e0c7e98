"""The overlay in the real editors composers are built on (issue 18).

Each editor in tests/editors (installed from npm at pinned versions and
bundled into a loopback page by ``make test``) gets the same session an
officer would have: type a draft, move the caret, open the card by hover and
use its note box, open the list by keyboard, press Escape, type on. The
editor's own model of its text must come out exactly as typed, the caret
where the officer left it, the marks on the words, the badge beside the
composer and clear of its Post button. Then the same editors in a modal
<dialog> and in an iframe.
"""
from __future__ import annotations

import functools
import http.server
import json
import re
import threading

import pytest
import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import ROOT, _QuietHandler, boxes_overlap, expose_overlay, extension_errors, screenshot
from tests.support.chromium import browser_args, chromium_path

pytestmark = pytest.mark.browser

EDITOR_DIR = ROOT / "tests" / "editors"
EDITOR_PAGES = EDITOR_DIR / "dist"
# The fixture page for each editor, and the npm package whose version the README names.
EDITORS = {
    "lexical": "lexical", "draftjs": "draft-js", "prosemirror": "prosemirror-view", "quill": "quill",
    "slate": "slate-react", "ckeditor": "ckeditor5", "tinymce": "tinymce",
}
RULE = "arrest.named-suspect"
NAME = "Callum Pexton"
POST = "Officers have arrested Callum Pexton, 31, on suspicion of affray. Call 101."


@pytest.fixture(scope="session")
def editor_site():
    """Base URL of the bundled editor pages, on 127.0.0.1 (a default site)."""
    if not (EDITOR_PAGES / ".built").exists():
        pytest.fail("the editor fixture pages are not built: run `make test`, which runs "
                    "`npm ci && node build.mjs` in tests/editors")
    handler = functools.partial(_QuietHandler, directory=str(EDITOR_PAGES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


class Composer:
    """One editor fixture page: `host` is the frame whose script runs the
    editor (and has window.fixture), `frame` the one holding its editable
    element, where postlint draws."""

    def __init__(self, page, name: str, layout: str, overlay: bool = True):
        self.page, self.name, self.layout = page, name, layout
        host = page.main_frame
        if layout == "iframe":
            host = page.wait_for_selector("#composer-frame").content_frame()
        host.wait_for_function("window.fixture && window.fixture.ready", timeout=20000)
        self.host = host
        self.frame = host.wait_for_selector("iframe.tox-edit-area__iframe").content_frame() if name == "tinymce" else host
        if overlay:
            expose_overlay(page, self.frame)
        self.editable = self.frame.locator("[contenteditable=true], textarea.editable").first

    def text(self) -> str:
        return self.host.evaluate("window.fixture.text()")

    def overlay(self, selector: str):
        return self.frame.locator(f"overlay={selector}")

    def badge(self):
        return self.overlay("[data-postlint-badge]")

    def wait_for_verdict(self, verdict: str, timeout: float = 20000):
        self.frame.wait_for_selector(f"overlay=[data-postlint-badge][data-postlint-verdict='{verdict}']", state="attached",
                                     timeout=timeout)

    def offset(self):
        """Where this frame's viewport sits in the page's, in CSS pixels."""
        x = y = 0.0
        frame = self.frame
        while frame.parent_frame is not None:
            element = frame.frame_element()
            box = element.bounding_box()
            inner = element.evaluate("e => [e.clientLeft, e.clientTop]")
            x, y = x + box["x"] + inner[0], y + box["y"] + inner[1]
            frame = frame.parent_frame
        return x, y

    def word_box(self, word: str, in_page: bool = True):
        """The box of `word` as the editor lays it out, in page pixels (or its frame's)."""
        box = self.editable.evaluate("""(root, word) => {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(word);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + word.length);
                const r = range.getBoundingClientRect();
                return { x: r.left, y: r.top, width: r.width, height: r.height };
            }
            return null;
        }""", word)
        assert box, f"{word!r} is not in the {self.name} editor's DOM"
        if not in_page:
            return box
        dx, dy = self.offset()
        return {**box, "x": box["x"] + dx, "y": box["y"] + dy}

    def mark_box(self, rule: str = RULE):
        marks = self.overlay(f"[data-postlint-rule='{rule}']")
        marks.first.wait_for(state="attached")
        return marks.first.bounding_box()


@pytest.fixture(scope="module")
def plain_browser(playwright_instance):
    """Chromium without the extension: what each editor does on its own."""
    browser = playwright_instance.chromium.launch(executable_path=chromium_path(), headless=True, args=browser_args())
    yield browser
    browser.close()


def editor_dom(composer) -> str:
    """The editable's HTML, less the random keys Draft.js gives each block."""
    html = composer.editable.evaluate("e => e.innerHTML")
    return re.sub(r'(data-offset-key|data-editor)="[^"]*"', r'\1=""', html)


def open_composer(browser, site, name, layout="plain", zoom=""):
    page = browser.open(f"{site}/{name}.html?layout={layout}&zoom={zoom}")
    return Composer(page, name, layout)


def assert_mark_on(composer, word=NAME, rule=RULE, slop=2.0):
    # Both measured in the editor's own frame, where the overlay draws.
    composer.mark_box(rule)
    mark = composer.overlay(f"[data-postlint-rule='{rule}']").first.evaluate(
        "m => { const r = m.getBoundingClientRect(); return { x: r.left, y: r.top, width: r.width, height: r.height }; }")
    text = composer.word_box(word, in_page=False)
    for edge in ("x", "width"):
        assert abs(mark[edge] - text[edge]) <= slop, f"{composer.name}: mark {mark} is not on {word!r} at {text}"
    # The mark is the line box of the word: it covers the glyphs, whatever the line height.
    assert mark["y"] - slop <= text["y"] and mark["y"] + mark["height"] + slop >= text["y"] + text["height"], \
        f"{composer.name}: mark {mark} does not sit on {word!r} at {text}"


def assert_badge_beside_composer(composer):
    badge_box = composer.badge().bounding_box()
    post_box = composer.host.locator("#post").bounding_box()
    editor_box = composer.editable.bounding_box()
    assert not boxes_overlap(badge_box, post_box), f"{composer.name}: the badge {badge_box} covers Post {post_box}"
    near = (badge_box["y"] <= editor_box["y"] + editor_box["height"] + 40
            and badge_box["y"] + badge_box["height"] >= editor_box["y"] - 40)
    assert near, f"{composer.name}: the badge {badge_box} is away from the editor {editor_box}"


def settled_text(composer, expected: str, timeout: float = 3000) -> str:
    """The editor's text once it equals `expected`, or whatever it holds after `timeout` ms."""
    try:
        composer.host.wait_for_function("(expected) => window.fixture.text() === expected", arg=expected, timeout=timeout)
    except PlaywrightTimeout:
        pass
    return composer.text()


def press(composer, key, times=1):
    for _ in range(times):
        composer.page.keyboard.press(key)


@pytest.mark.parametrize("name", list(EDITORS))
def test_a_session_keeps_caret_text_marks_and_undo(configured_browser, plain_browser, editor_site, name):
    composer = open_composer(configured_browser, editor_site, name)
    page = composer.page
    composer.editable.click()
    page.keyboard.type(POST)
    composer.wait_for_verdict("block")
    assert composer.text() == POST
    assert_mark_on(composer)
    assert_badge_beside_composer(composer)

    # A caret jump back into the text: before "101.".
    press(composer, "End")
    press(composer, "ArrowLeft", 4)

    # The card by hover: the note box used, then Escape.
    mark = composer.mark_box()
    page.mouse.move(mark["x"] + mark["width"] / 2, mark["y"] + mark["height"] / 2)
    card = composer.overlay("[data-postlint-card]")
    card.wait_for(state="visible")
    screenshot(page, f"editor-{name}-card")
    card.locator("textarea").click()
    page.keyboard.type("SIO asked")
    page.keyboard.press("Escape")
    card.wait_for(state="detached")
    page.keyboard.type("999 or ")
    expected = POST.replace("101.", "999 or 101.")
    assert settled_text(composer, expected) == expected, f"{name}: after the card, typing went elsewhere"

    # The list by keyboard, then Escape.
    page.keyboard.press("Alt+Shift+L")
    panel = composer.overlay("[data-postlint-panel]")
    panel.wait_for(state="visible")
    page.keyboard.press("Escape")
    panel.wait_for(state="detached")
    page.keyboard.type("now ")
    expected = POST.replace("101.", "999 or now 101.")
    assert settled_text(composer, expected) == expected, f"{name}: after the list, typing went elsewhere"

    composer.wait_for_verdict("block")
    assert_mark_on(composer)
    assert_badge_beside_composer(composer)

    # The same keys without the extension leave the editor exactly the same.
    alone = plain_browser.new_page(viewport={"width": 1000, "height": 720})
    try:
        alone.goto(page.url)
        baseline = Composer(alone, name, "plain", overlay=False)
        baseline.editable.click()
        alone.keyboard.type(POST)
        press(baseline, "End")
        press(baseline, "ArrowLeft", 4)
        alone.keyboard.type("999 or ")
        alone.keyboard.type("now ")
        assert settled_text(baseline, expected) == expected
        assert editor_dom(composer) == editor_dom(baseline), f"{name}: the editor's DOM differs from a run without postlint"
    finally:
        alone.close()

    # Undo still works, one insertion at a time, and takes the draft back to nothing.
    press(composer, "Control+z")
    assert composer.text() != expected, f"{name}: undo did nothing"
    for _ in range(40):
        if composer.text() == "":
            break
        press(composer, "Control+z")
    assert composer.text() == "", f"{name}: undo could not take the draft back to empty"
    assert extension_errors(configured_browser.errors) == []


def mark_on_word(composer, word=NAME, rule=RULE, slop=2.0) -> bool:
    marks = composer.overlay(f"[data-postlint-rule='{rule}']")
    if marks.count() == 0:
        return False
    mark, text = marks.first.bounding_box(), composer.word_box(word)
    return bool(mark) and all(abs(mark[edge] - text[edge]) <= slop for edge in ("x", "y", "width"))


def follows_within(composer, ms: float) -> bool:
    """Whether the mark is back on the name within `ms` milliseconds."""
    deadline = composer.page.evaluate("performance.now()") + ms
    while composer.page.evaluate("performance.now()") < deadline:
        if mark_on_word(composer):
            return True
    return mark_on_word(composer)


@pytest.mark.parametrize("name", list(EDITORS))
def test_marks_follow_edits_and_layout_shifts_at_once(configured_browser, editor_site, name):
    """Typing before a mark, or a banner pushing the composer down, moves the
    mark with its words at once: well inside the 300 ms pause before the next
    lint, so it is the mark following, not a new answer."""
    composer = open_composer(configured_browser, editor_site, name)
    page = composer.page
    composer.editable.click()
    page.keyboard.type(POST)
    composer.wait_for_verdict("block")
    assert_mark_on(composer)
    press(composer, "Control+Home")
    page.keyboard.type("Update: ")
    assert follows_within(composer, 250), f"{name}: the mark did not follow the text typed before it"
    composer.wait_for_verdict("block")
    composer.host.evaluate("window.fixture.layoutShift(80)")
    assert follows_within(composer, 250), f"{name}: the mark stayed behind after the layout shift"
    assert_mark_on(composer)
    assert extension_errors(configured_browser.errors) == []


@pytest.mark.parametrize("name", list(EDITORS))
def test_a_scrolled_container_a_resize_and_a_long_post(configured_browser, editor_site, name):
    composer = open_composer(configured_browser, editor_site, name, layout="scroll")
    page = composer.page
    composer.host.evaluate("document.getElementById('scroller').scrollTop = 200")
    composer.editable.click()
    page.keyboard.type(POST)
    composer.wait_for_verdict("block")
    assert_mark_on(composer)
    composer.host.evaluate("document.getElementById('scroller').scrollTop = 260")
    assert follows_within(composer, 250), f"{name}: the mark stayed behind when its container scrolled"
    page.set_viewport_size({"width": 820, "height": 640})
    assert follows_within(composer, 250), f"{name}: the mark stayed behind when the window was resized"
    # A long post scrolls inside the editor: the badge stays by the part in view.
    press(composer, "Control+End")
    for line in range(14):
        press(composer, "Enter")
        page.keyboard.type(f"Line {line}.")
    composer.wait_for_verdict("block")
    page.wait_for_timeout(100)
    assert_badge_beside_composer(composer)
    badge_box = composer.badge().bounding_box()
    assert 0 <= badge_box["y"] and badge_box["y"] + badge_box["height"] <= 640, f"{name}: the badge is off screen"
    # Scrolled so the container hides the composer's lower half: the badge
    # goes by the half in view, not under the hidden bottom, over the page.
    composer.host.evaluate("document.getElementById('scroller').scrollTop = 0")
    page.wait_for_timeout(100)
    scroller = composer.host.locator("#scroller").bounding_box()
    badge_box = composer.badge().bounding_box()
    assert badge_box["y"] <= scroller["y"] + scroller["height"] + 8, \
        f"{name}: the badge {badge_box} is below the scrolled container {scroller}"
    assert extension_errors(configured_browser.errors) == []


@pytest.mark.parametrize("zoom", ["html:1.25", "composer:1.25"])
@pytest.mark.parametrize("name", list(EDITORS) + ["textarea"])
def test_css_zoom(configured_browser, editor_site, name, zoom):
    """Zoom on the page or on the composer (as sites do for accessibility):
    marks stay on their words and the badge beside the composer."""
    composer = open_composer(configured_browser, editor_site, name, zoom=zoom)
    page = composer.page
    # force: Playwright's own hit test misjudges a zoomed page's frames (TinyMCE's).
    composer.editable.click(force=True)
    page.keyboard.type(POST)
    composer.wait_for_verdict("block")
    if name != "textarea":
        assert_mark_on(composer)
    else:
        # The name as the field draws it: its font, at its zoom.
        expected = composer.editable.evaluate("""(field, name) => {
            const style = getComputedStyle(field);
            const context = document.createElement('canvas').getContext('2d');
            context.font = `${style.fontSize} ${style.fontFamily}`;
            return context.measureText(name).width * (field.currentCSSZoom || 1);
        }""", NAME)
        mark = composer.mark_box()
        assert abs(mark["width"] - expected) < 3, f"textarea: mark {mark} is not {expected} px wide"
    # Nothing is clipped: the last line's mark is as wide as its words.
    last = composer.overlay(f"[data-postlint-rule='{RULE}']").first.evaluate("m => m.parentElement.getBoundingClientRect().height")
    editable_height = composer.editable.evaluate("e => e.clientHeight * (e.currentCSSZoom || 1)")
    assert last >= editable_height - 2, f"{name}: marks are clipped to {last} of {editable_height} px"
    assert_badge_beside_composer(composer)
    screenshot(page, f"editor-{name}-zoom-{zoom.split(':')[0]}")
    assert extension_errors(configured_browser.errors) == []


def pending_texts(api):
    answer = requests.get(f"{api.base_url}/v1/reviews", params={"status": "pending", "limit": 200},
                          headers={"Authorization": f"Bearer {api.reviewer_token}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    items = body.get("reviews", body.get("items", body)) if isinstance(body, dict) else body
    texts = []
    for item in items:
        detail = requests.get(f"{api.base_url}/v1/reviews/{item['id']}",
                              headers={"Authorization": f"Bearer {api.reviewer_token}"}, timeout=10).json()
        texts.append(detail["post"]["text"])
    return texts


@pytest.mark.parametrize("name", list(EDITORS))
def test_the_text_sent_is_what_the_officer_typed(configured_browser, editor_site, api, name):
    """Blank lines, where Slate, CKEditor and TinyMCE put invisible fillers,
    reach the server as plain newlines: nothing the officer did not type."""
    composer = open_composer(configured_browser, editor_site, name)
    page = composer.page
    composer.editable.click()
    first, last = f"Update from {name}: officers have arrested Callum Pexton.", "Call 101 quoting 12/345."
    page.keyboard.type(first)
    press(composer, "Enter", 2)
    page.keyboard.type(last)
    typed = f"{first}\n\n{last}"
    composer.wait_for_verdict("block")
    assert_mark_on(composer)
    mark = composer.mark_box()
    page.mouse.move(mark["x"] + mark["width"] / 2, mark["y"] + mark["height"] / 2)
    card = composer.overlay("[data-postlint-card]")
    card.wait_for(state="visible")
    card.locator("[data-postlint-action='request-review']").click()
    composer.wait_for_verdict("pending")
    assert typed in pending_texts(api), f"{name}: the server holds something other than what was typed"
    assert extension_errors(configured_browser.errors) == []


@pytest.mark.parametrize("name", list(EDITORS))
def test_a_composer_in_a_modal_dialog(configured_browser, editor_site, name):
    composer = open_composer(configured_browser, editor_site, name, layout="dialog")
    page = composer.page
    composer.editable.click()
    page.keyboard.type(POST)
    composer.wait_for_verdict("block")
    assert_mark_on(composer)
    # A real click lands on the badge only if it is drawn above the dialog.
    composer.badge().click(timeout=5000)
    panel = composer.overlay("[data-postlint-panel]")
    panel.wait_for(state="visible")
    box = panel.bounding_box()
    dx, dy = composer.offset()
    box = {**box, "x": box["x"] - dx, "y": box["y"] - dy}
    on_top = composer.frame.evaluate("""([x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return Boolean(hit && hit.closest('postlint-overlay'));
    }""", [box["x"] + box["width"] / 2, box["y"] + 12])
    assert on_top, f"{name}: the findings list is under the dialog"
    screenshot(page, f"editor-{name}-dialog")
    page.keyboard.press("Escape")
    panel.wait_for(state="detached")
    assert composer.host.evaluate("document.getElementById('composer-dialog').open"), \
        f"{name}: Escape meant for postlint's list closed the composer's dialog"
    assert composer.host.evaluate("window.fixture.pageEscapes") == 0, f"{name}: the page's handler saw postlint's Escape"
    page.keyboard.type(" Thanks.")
    assert settled_text(composer, POST + " Thanks.") == POST + " Thanks."
    assert extension_errors(configured_browser.errors) == []


@pytest.mark.parametrize("name", [n for n in EDITORS if n != "tinymce"])
def test_a_composer_in_an_iframe(configured_browser, editor_site, name):
    composer = open_composer(configured_browser, editor_site, name, layout="iframe")
    page = composer.page
    composer.editable.click()
    page.keyboard.type(POST)
    composer.wait_for_verdict("block")
    assert_mark_on(composer)
    badges = sum(frame.locator("overlay=[data-postlint-badge]").count() for frame in page.frames)
    assert badges == 1, f"{name}: {badges} badges for one composer"
    screenshot(page, f"editor-{name}-iframe")
    assert extension_errors(configured_browser.errors) == []


def test_the_readme_lists_the_editors_tested_with_their_versions():
    lock = json.loads((EDITOR_DIR / "package-lock.json").read_text())
    readme = (ROOT / "README.md").read_text()
    for package in EDITORS.values():
        version = lock["packages"][f"node_modules/{package}"]["version"]
        assert f"{package} {version}" in readme, f"README does not list {package} {version}"
