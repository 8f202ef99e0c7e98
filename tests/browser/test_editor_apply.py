"""Apply on a card rewrites the draft in the real editors composers are built on (issue 12).

Each editor in tests/editors, a React controlled textarea and a plain textarea: the officer
types a draft naming a suspect twice, opens the card and clicks Apply. The editor's own model
of its text (Lexical's editor state, ProseMirror's doc, Quill's getText, Slate's value,
CKEditor's model, TinyMCE's body, Draft's ContentState, React's state) must then hold the
rewrite, the caret must sit just after the replacement, the mark must go, and one Ctrl+Z must
bring the original back.
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import extension_errors, screenshot
from tests.browser.test_editors import EDITORS, open_composer, settled_text, editor_site  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser

RULE = "arrest.named-suspect"
# An emoji before the name: the fix's offsets are UTF-16, as the editors count.
POST = "UPDATE 🚔 Officers have arrested Callum Pexton, 31, on suspicion of affray. Pexton remains in custody."
REWRITE = "UPDATE 🚔 Officers have arrested a 31-year-old on suspicion of affray. The 31-year-old remains in custody."
AFTER_FIRST = REWRITE.index(" on suspicion")
AFTER_FIRST_UTF16 = len(REWRITE[:AFTER_FIRST].encode("utf-16-le")) // 2
APPLY_EDITORS = [*EDITORS, "react", "textarea"]
# Quill and ProseMirror fold edits made within a second of each other into one undo step; an
# officer reads the card before clicking, so the typing and the rewrite are apart.
READING_PAUSE_MS = 1100


def caret_offset(composer) -> int:
    """Where the editor's caret is, as an offset in its text (one paragraph, so no line breaks)."""
    return composer.editable.evaluate("""(editor) => {
        if (editor.tagName === 'TEXTAREA') return editor.selectionStart === editor.selectionEnd ? editor.selectionStart : -1;
        const selection = editor.ownerDocument.getSelection();
        if (!selection.rangeCount || !selection.isCollapsed || !editor.contains(selection.focusNode)) return -1;
        const before = editor.ownerDocument.createRange();
        before.setStart(editor, 0);
        before.setEnd(selection.focusNode, selection.focusOffset);
        return before.toString().replace(/[\\u200B\\u2060\\uFEFF]/g, '').length;
    }""")


def apply_from_card(composer, shot: str | None = None):
    """Open the card of the name's first mention (the caret goes after the clicked span's rewrite) and Apply."""
    composer.mark_box(RULE)
    marks = composer.overlay(f"[data-postlint-rule='{RULE}']")
    boxes = [marks.nth(i).bounding_box() for i in range(marks.count())]
    mark = min((box for box in boxes if box), key=lambda box: (round(box["y"]), box["x"]))
    composer.page.mouse.move(mark["x"] + mark["width"] / 2, mark["y"] + mark["height"] / 2)
    card = composer.overlay("[data-postlint-card]")
    card.wait_for(state="visible")
    button = card.locator("[data-postlint-action='apply']")
    assert button.is_visible(), f"{composer.name}: the card offers no Apply"
    assert "a 31-year-old" in card.inner_text()
    if shot:
        screenshot(composer.page, shot)
    button.click()
    return card


@pytest.mark.parametrize("name", APPLY_EDITORS)
def test_apply_rewrites_through_the_editor_and_one_undo_restores(configured_browser, editor_site, name):
    composer = open_composer(configured_browser, editor_site, name)
    page = composer.page
    composer.editable.click()
    page.keyboard.type(POST)
    composer.wait_for_verdict("block")
    assert composer.text() == POST
    page.wait_for_timeout(READING_PAUSE_MS)

    card = apply_from_card(composer, shot=f"editor-{name}-apply-card")
    assert settled_text(composer, REWRITE) == REWRITE, f"{name}: the editor's own text is not the rewrite"
    card.wait_for(state="detached")
    assert caret_offset(composer) == AFTER_FIRST_UTF16, f"{name}: the caret is not after the replacement"
    composer.overlay(f"[data-postlint-rule='{RULE}']").first.wait_for(state="detached", timeout=10000)
    composer.wait_for_verdict("ok")

    page.keyboard.press("Control+z")
    assert settled_text(composer, POST) == POST, f"{name}: one undo did not bring the original back"

    # The mark is back with the original; Apply again, then type: the editor's model has its
    # caret where the DOM shows it, right after the replacement.
    composer.wait_for_verdict("block")
    page.wait_for_timeout(READING_PAUSE_MS)
    card = apply_from_card(composer)
    assert settled_text(composer, REWRITE) == REWRITE
    card.wait_for(state="detached")  # the rewrite is in and the caret placed
    page.keyboard.type(", a local man,")
    typed = REWRITE[:AFTER_FIRST] + ", a local man," + REWRITE[AFTER_FIRST:]
    assert settled_text(composer, typed) == typed, f"{name}: typing after Apply went elsewhere"
    assert extension_errors(configured_browser.errors) == []


@pytest.mark.parametrize("name", ["textarea", "prosemirror"])
def test_apply_follows_typing_elsewhere_and_refuses_when_its_words_changed(configured_browser, editor_site, name):
    composer = open_composer(configured_browser, editor_site, name)
    page = composer.page
    composer.editable.click()
    page.keyboard.type(POST)
    composer.wait_for_verdict("block")
    mark = composer.mark_box(RULE)
    page.mouse.move(mark["x"] + mark["width"] / 2, mark["y"] + mark["height"] / 2)
    card = composer.overlay("[data-postlint-card]")
    card.wait_for(state="visible")
    box = card.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20)  # the officer reads the card
    # A letter typed into the name (the browser's own insertText, as a key would), and Apply
    # clicked at once: well inside the pause before the next lint, however loaded the machine.
    apply_box = card.locator("[data-postlint-action='apply']").bounding_box()
    composer.editable.evaluate("""(editor, word) => {
        const doc = editor.ownerDocument;
        if (editor.tagName === 'TEXTAREA') {
            const at = editor.value.indexOf(word) + 3;
            editor.setSelectionRange(at, at);
        } else {
            const walker = doc.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
            let node = walker.nextNode();
            while (node && !node.data.includes(word)) node = walker.nextNode();
            const at = node.data.indexOf(word) + 3;
            doc.getSelection().setBaseAndExtent(node, at, node, at);
        }
        doc.execCommand('insertText', false, 'l');
    }""", "Callum")
    page.mouse.click(apply_box["x"] + apply_box["width"] / 2, apply_box["y"] + apply_box["height"] / 2)
    changed = POST.replace("Callum", "Calllum")
    refusal = card.locator("[data-postlint-apply-error]")
    refusal.wait_for(state="visible")
    assert "have changed since postlint checked them" in refusal.inner_text()
    screenshot(page, f"apply-refused-{name}")
    assert composer.text() == changed, f"{name}: a refused rewrite changed the draft"

    # Typing elsewhere is followed at once: the fix still fits the words it was made for.
    page.keyboard.press("Escape")  # closes the card and puts the caret back in the name
    card.wait_for(state="detached")
    page.wait_for_timeout(100)  # the caret is put back once more on the next frame
    page.keyboard.press("Backspace")
    assert settled_text(composer, POST) == POST
    page.keyboard.press("Control+End")
    page.keyboard.type(" Thanks")
    assert settled_text(composer, POST + " Thanks") == POST + " Thanks"
    apply_from_card(composer)
    assert settled_text(composer, REWRITE + " Thanks") == REWRITE + " Thanks"
    assert extension_errors(configured_browser.errors) == []


FIRST_LINE = "Officers have arrested Callum Pexton, 31, on suspicion of affray."
SECOND_LINE = "Pexton remains in custody."
LINES_REWRITE = "Officers have arrested a 31-year-old on suspicion of affray.\nThe 31-year-old remains in custody."


@pytest.mark.parametrize("name", APPLY_EDITORS)
def test_a_fix_over_two_lines_keeps_the_lines_and_undoes_a_line_at_a_time(configured_browser, editor_site, name):
    """Each line of a rich editor is a block of its own, so each line's edits are one insertion
    (an insertion carrying a line break would remake the blocks, or turn a paragraph into a soft
    break in CKEditor and TinyMCE): there Ctrl+Z takes the rewrite back a line at a time. A
    text field takes the whole rewrite as one insertion, one undo."""
    composer = open_composer(configured_browser, editor_site, name)
    page = composer.page
    composer.editable.click()
    page.keyboard.type(FIRST_LINE)
    page.keyboard.press("Enter")
    page.keyboard.type(SECOND_LINE)
    original = f"{FIRST_LINE}\n{SECOND_LINE}"
    composer.wait_for_verdict("block")
    page.wait_for_timeout(READING_PAUSE_MS)
    apply_from_card(composer)
    assert settled_text(composer, LINES_REWRITE) == LINES_REWRITE, f"{name}: the editor's own text is not the rewrite"
    composer.wait_for_verdict("ok")
    undos = 0
    while composer.text() != original and undos < 4:
        page.keyboard.press("Control+z")
        undos += 1
        settled_text(composer, original, timeout=600)
    assert composer.text() == original, f"{name}: undo did not bring the original back"
    if name in ("react", "textarea"):
        assert undos == 1, f"{name}: the rewrite took {undos} undos"
    else:
        # Quill folds changes a second apart into one step, so it may need only one.
        assert undos <= 2, f"{name}: the rewrite of two lines took {undos} undos"
    assert extension_errors(configured_browser.errors) == []


GUILT_POST = ("A 41-year-old man from Selby has been charged with theft. The thief will appear at York "
              "Magistrates' Court on Monday. He has previous convictions for burglary.")
WITHOUT_HISTORY = GUILT_POST.removesuffix(" He has previous convictions for burglary.")


@pytest.mark.parametrize("name", APPLY_EDITORS)
def test_apply_removes_a_sentence_and_rewords_guilt(configured_browser, editor_site, name):
    """A fix that removes words (the record, with its sentence) and one that rewords ('the thief')."""
    composer = open_composer(configured_browser, editor_site, name)
    page = composer.page
    composer.editable.click()
    page.keyboard.type(GUILT_POST)
    composer.wait_for_verdict("block")
    page.wait_for_timeout(READING_PAUSE_MS)
    for rule, expected in (("prejudice.criminal-history", WITHOUT_HISTORY),
                           ("prejudice.guilt-wording", WITHOUT_HISTORY.replace("The thief", "The man"))):
        mark = composer.mark_box(rule)
        page.mouse.move(mark["x"] + mark["width"] / 2, mark["y"] + mark["height"] / 2)
        card = composer.overlay(f"[data-postlint-card-rule='{rule}']")
        card.wait_for(state="visible")
        card.locator("[data-postlint-action='apply']").click()
        assert settled_text(composer, expected) == expected, f"{name}: {rule} was not applied"
        card.wait_for(state="detached")
        composer.overlay(f"[data-postlint-rule='{rule}']").first.wait_for(state="detached", timeout=10000)
        page.wait_for_timeout(READING_PAUSE_MS)
    composer.wait_for_verdict("ok")
    page.keyboard.press("Control+z")
    assert settled_text(composer, WITHOUT_HISTORY) == WITHOUT_HISTORY, f"{name}: one undo did not take back the last fix"
    assert extension_errors(configured_browser.errors) == []
