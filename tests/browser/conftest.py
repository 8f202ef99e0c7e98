"""Fixtures for driving the unpacked extension in real Chromium.

Each extension test gets a fresh browser profile (so stored settings and
dismissals never leak between tests), the composer fixture pages are served
from a loopback HTTP server, and the API is the real ``postlint serve``.
"""
from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.chromium import browser_args, chromium_path  # noqa: E402

EXTENSION_DIR = ROOT / "extension"
FIXTURE_DIR = ROOT / "tests" / "extension_fixtures"
SCREENSHOT_DIR = ROOT / "test-output" / "extension"
CORS_ENV = {"POSTLINT_CORS_ORIGINS": "chrome-extension://*"}


# What a locked-down composer site sends: no inline or eval'd script or
# style, and Trusted Types, so any innerHTML use by the extension would throw.
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; "
              "require-trusted-types-for 'script'")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        if "csp=strict" in self.path:
            self.send_header("Content-Security-Policy", STRICT_CSP)
        super().end_headers()

    def do_GET(self):
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture(scope="session")
def fixture_site():
    """Base URL of the composer fixture pages, on 127.0.0.1 (a default site)."""
    handler = functools.partial(_QuietHandler, directory=str(FIXTURE_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """One real API server for a test module, with an officer and a reviewer."""
    from tests.support.live_server import live_server

    with live_server(tmp_path_factory.mktemp("extension-api"), env=CORS_ENV) as server:
        server.officer_token = server.make_token("officer", "officer-olivia")
        server.reviewer_token = server.make_token("reviewer", "reviewer-ravi")
        yield server


# The overlay is a closed shadow root, out of reach of the page's scripts and
# so of Playwright's selectors. The tests reach it the way DevTools does: the
# DevTools protocol hands the root to the page's world as
# window.__postlintTestOverlay (see expose_overlay), and selectors starting
# "overlay=" look inside it.
OVERLAY_ENGINE = """{
  queryAll(root, selector) {
    const overlay = window.__postlintTestOverlay;
    return overlay ? [...overlay.querySelectorAll(selector)] : [];
  },
  query(root, selector) {
    const overlay = window.__postlintTestOverlay;
    return overlay ? overlay.querySelector(selector) : null;
  },
}"""


@pytest.fixture(scope="module")
def playwright_instance():
    # Module scope: another module may start its own Playwright afterwards.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        pw.selectors.register("overlay", OVERLAY_ENGINE)
        yield pw


def _nodes(node):
    yield node
    for child in node.get("children", []) + node.get("shadowRoots", []) + (
            [node["contentDocument"]] if "contentDocument" in node else []):
        yield from _nodes(child)


def expose_overlay(page, frame=None, timeout: float = 15000) -> int:
    """Wait for postlint's overlay in `frame` (the page's main frame by
    default), then give every overlay's closed shadow root on the page to its
    own frame's world, as DevTools can. Returns how many were exposed."""
    (frame or page.main_frame).wait_for_selector("postlint-overlay", state="attached", timeout=timeout)
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        exposed = 0
        for node in _nodes(root):
            if node.get("localName") != "postlint-overlay":
                continue
            for shadow in node.get("shadowRoots", []):
                handle = cdp.send("DOM.resolveNode", {"backendNodeId": shadow["backendNodeId"]})["object"]
                cdp.send("Runtime.callFunctionOn", {"objectId": handle["objectId"],
                                                    "functionDeclaration": "function () { window.__postlintTestOverlay = this; }"})
                exposed += 1
        return exposed
    finally:
        cdp.detach()


class ExtensionBrowser:
    """A persistent Chromium context with the unpacked extension loaded."""

    def __init__(self, context, worker, errors):
        self.context = context
        self.worker = worker
        self.extension_id = worker.url.split("/")[2]
        self.errors = errors

    def storage(self, keys=None):
        return self.worker.evaluate("(keys) => chrome.storage.local.get(keys)", keys)

    def configure(self, **settings):
        self.worker.evaluate("(values) => chrome.storage.local.set(values)", settings)
        self.wait_for_registration(settings.get("sites"))

    def wait_for_registration(self, sites=None, timeout=15.0):
        wanted = "http://127.0.0.1/*"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            scripts = self.worker.evaluate("() => chrome.scripting.getRegisteredContentScripts()")
            matches = [m for s in scripts for m in s.get("matches", [])]
            if (sites is None and wanted in matches) or (sites is not None and sorted(matches) == sorted(sites)):
                return matches
            time.sleep(0.1)
        raise AssertionError(f"content script not registered for {sites or wanted}: {scripts}")

    def open(self, url):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"uncaught in page: {error}"))
        page.goto(url)
        if url.startswith("http"):
            expose_overlay(page)
        return page

    def options_page(self):
        return self.open(f"chrome-extension://{self.extension_id}/options/options.html")


def _record_console_error(errors, message):
    # Messages from the service worker have no page; content scripts log into the page.
    if message.type in ("error", "assert"):
        source = "page" if message.page else "service worker"
        errors.append(f"console error in {source}: {message.text} @ {message.location.get('url', '')}")


@pytest.fixture
def extension_browser(playwright_instance, tmp_path):
    """A fresh browser profile with the extension loaded (no settings yet)."""
    profile = tmp_path / "profile"
    xdg = tmp_path / "xdg"
    xdg.mkdir()
    errors: list[str] = []
    context = playwright_instance.chromium.launch_persistent_context(
        str(profile),
        executable_path=chromium_path(),
        headless=True,
        args=browser_args(EXTENSION_DIR),
        env={"XDG_CONFIG_HOME": str(xdg), "XDG_CACHE_HOME": str(xdg), "HOME": str(tmp_path)},
        viewport={"width": 1000, "height": 720},
    )
    try:
        context.on("weberror", lambda error: errors.append(f"uncaught: {error.error}"))
        context.on("console", lambda message: _record_console_error(errors, message))
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event(
            "serviceworker", timeout=20000)
        browser = ExtensionBrowser(context, worker, errors)
        browser.wait_for_registration()
        yield browser
    finally:
        context.close()


@pytest.fixture
def configured_browser(extension_browser, api):
    """The extension pointed at the module's API with an officer token."""
    extension_browser.configure(apiBase=api.base_url, token=api.officer_token)
    return extension_browser


def screenshot(page, name: str, full_page: bool = False) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    # caret="initial": hiding the caret would write a style attribute into the editor.
    page.screenshot(path=str(path), caret="initial", full_page=full_page)
    return path


def badge(page):
    return page.locator("overlay=[data-postlint-badge]")


def wait_for_verdict(page, verdict: str, timeout: float = 15000):
    page.wait_for_selector(f"overlay=[data-postlint-badge][data-postlint-verdict='{verdict}']", state="attached", timeout=timeout)
    return badge(page)


def mark_boxes(page, rule: str | None = None):
    selector = f"overlay=[data-postlint-rule='{rule}']" if rule else "overlay=[data-postlint-rule]"
    return [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]


def type_draft(page, text: str, verdict: str | None = None):
    """Click into the fixture page's composer (#draft) and type key by key, as
    an officer would; given a verdict, wait until the badge shows it."""
    draft = page.locator("#draft")
    draft.click()
    draft.type(text)
    if verdict is not None:
        wait_for_verdict(page, verdict)
    return draft


@pytest.fixture
def compose(configured_browser, fixture_site):
    """``compose(fixture_page, text, verdict)`` opens a composer fixture page in
    the configured browser, types the draft and waits for the badge's verdict;
    it returns the page and the editor."""
    def compose(fixture_page: str, text: str, verdict: str):
        page = configured_browser.open(f"{fixture_site}/{fixture_page}")
        return page, type_draft(page, text, verdict)
    return compose


def centre(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def hover_card(page, box):
    """Rest the pointer on a mark and wait for its card to open."""
    page.mouse.move(*centre(box))
    card = page.locator("overlay=[data-postlint-card]")
    card.wait_for(state="visible")
    return card


def boxes_overlap(a, b) -> bool:
    """Whether two Playwright bounding boxes share any area (touching edges do not count)."""
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def opens_beside(card_box, line, gap: float = 12) -> bool:
    """Whether a card sits just below or just above a mark's line, sharing some of its width."""
    shares_width = card_box["x"] < line["x"] + line["width"] and line["x"] < card_box["x"] + card_box["width"]
    below = 0 <= card_box["y"] - (line["y"] + line["height"]) <= gap
    above = 0 <= line["y"] - (card_box["y"] + card_box["height"]) <= gap
    return shares_width and (below or above)


def assert_card_clear_of_badge(page, card, rule: str):
    """The open card hides no part of the badge, and still opens beside a line
    of its mark (the rule's only mark) without covering any of it."""
    card_box, badge_box, lines = card.bounding_box(), badge(page).bounding_box(), mark_boxes(page, rule)
    assert not boxes_overlap(card_box, badge_box), f"the card covers the badge: card {card_box}, badge {badge_box}"
    assert not any(boxes_overlap(card_box, line) for line in lines), f"the card covers its mark: {card_box}, {lines}"
    assert any(opens_beside(card_box, line) for line in lines), \
        f"the card drifted away from its mark: card {card_box}, mark lines {lines}"


def move_pointer_away(page):
    """Take the pointer off every mark and card, and wait for the card to close."""
    # Bottom left of the 1000x720 viewport: below every fixture composer.
    page.mouse.move(5, 700)
    page.locator("overlay=[data-postlint-card]").wait_for(state="detached")


def extension_errors(errors):
    """Every error seen. The fixture pages log none themselves, so any error
    here came from the extension (or from the browser about its requests)."""
    return list(errors)


def pretty(value) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False)
