// Content script entry: finds the editors an officer types in, gives each a
// controller, and owns the one overlay (a closed shadow root with
// pointer-events: none) where marks, badges, cards and the findings list are
// drawn. Closed, and tinted from inside it rather than through the page's
// CSS.highlights, so no script on the page can read the findings or a
// reviewer's note, or press the overlay's buttons.

import { EditorController } from './controller.js';
import { Popups } from './popups.js';
import { editorOf } from './surfaces.js';
import { make } from './dom.js';
import { frameThrottle } from './timing.js';
import { OVERLAY_CSS } from './styles.js';

class Hub {
  constructor() {
    this.host = document.createElement('postlint-overlay');
    this.host.setAttribute('data-postlint-overlay', '');
    const shadow = this.host.attachShadow({ mode: 'closed' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(OVERLAY_CSS);
    shadow.adoptedStyleSheets = [sheet];
    this.root = make('div', { className: 'root' });
    shadow.append(this.root);
    document.documentElement.append(this.host);

    this.controllers = new Map();
    this.popups = new Popups(this);
    this.requestDraw = frameThrottle(() => this.drawAll());
    this.pointer = { x: -1, y: -1 };
    this.checkHover = frameThrottle(() => this.popups.hover());
    this.listen(shadow);
  }

  listen(shadow) {
    // The editor an event happened in; never postlint's own note box.
    const editorFor = (event) => {
      const path = event.composedPath();
      return path.includes(this.host) ? null : editorOf(path[0]);
    };
    const onEditorEvent = (event) => {
      const editor = editorFor(event);
      if (editor) this.controllerFor(editor).onInput();
    };
    document.addEventListener('input', onEditorEvent, true);
    // Editors such as Slate cancel beforeinput and apply the edit themselves,
    // so no input event follows: an edit is noticed as it begins.
    document.addEventListener('beforeinput', onEditorEvent, true);
    document.addEventListener('focusin', (event) => {
      const editor = editorFor(event);
      if (editor) this.controllerFor(editor);
    }, true);
    // selectionchange arrives a task late: when focus leaves for our card it
    // would already be gone, so the caret is also taken as focus leaves.
    document.addEventListener('focusout', (event) => {
      const editor = editorFor(event);
      const controller = editor && this.controllers.get(editor);
      if (controller) controller.noticeSelection();
    }, true);
    document.addEventListener('keydown', (event) => this.popups.onEditorKey(event), true);
    // The caret is remembered while it is in an editor, so focus handed back
    // from a card or the list puts it exactly there again.
    document.addEventListener('selectionchange', () => {
      const editor = document.activeElement && editorOf(document.activeElement);
      const controller = editor && this.controllers.get(editor);
      if (controller) controller.noticeSelection();
    });
    // A composer opened in a modal <dialog> sits in the top layer, above any
    // z-index, and makes the rest of the page inert: the overlay moves into it.
    new MutationObserver(() => this.requestDraw())
      .observe(document.documentElement, { attributes: true, attributeFilter: ['open'], subtree: true });
    addEventListener('scroll', () => this.requestDraw(), { capture: true, passive: true });
    addEventListener('resize', () => this.requestDraw(), { passive: true });
    // In a frame, the page around it scrolling moves and clips the editor too.
    for (const outer of embeddingWindows()) {
      outer.addEventListener('scroll', () => this.requestDraw(), { capture: true, passive: true });
      outer.addEventListener('resize', () => this.requestDraw(), { passive: true });
    }
    // Layout shifts move an editor without a scroll or resize of its own: a
    // banner above it grows the page, so the page's size is watched too.
    const pageSize = new ResizeObserver(() => this.requestDraw());
    pageSize.observe(document.documentElement);
    if (document.body) pageSize.observe(document.body);
    document.addEventListener('mousemove', (event) => {
      this.pointer = { x: event.clientX, y: event.clientY };
      this.checkHover();
    }, { passive: true });
    shadow.addEventListener('keydown', (event) => this.popups.onOverlayKey(event));
    // Typing in our note box must not trigger the site's keyboard shortcuts,
    // nor a click on a card the editor's "click outside: take focus back"
    // handlers (TinyMCE's frame document does that).
    for (const type of ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'mousedown', 'mouseup', 'click',
      'pointerdown', 'pointerup', 'focusin', 'focusout']) {
      this.host.addEventListener(type, (event) => event.stopPropagation());
    }
    shadow.addEventListener('focusin', (event) => this.popups.onOverlayFocus(event));
    // Layout can move an editor without a scroll or resize (banners, images).
    setInterval(() => { if (this.controllers.size) this.requestDraw(); }, 700);
    const active = document.activeElement && editorOf(document.activeElement);
    if (active) this.controllerFor(active);
  }

  controllerFor(editor) {
    let controller = this.controllers.get(editor);
    if (!controller) {
      controller = new EditorController(editor, this);
      this.controllers.set(editor, controller);
      this.requestDraw();
    }
    return controller;
  }

  detach(controller) {
    this.popups.forget(controller);
    this.controllers.delete(controller.editor);
    controller.dispose();
  }

  // A controller's result, review or dismissals changed.
  changed(controller) {
    this.popups.changed(controller);
    this.requestDraw();
  }

  // The overlay lives in the topmost modal dialog when one is open (the one
  // holding the focus, else the last opened in document order), otherwise at
  // the root of the page.
  placeHost() {
    const modals = [...document.querySelectorAll('dialog:modal')];
    const active = document.activeElement;
    const home = modals.find((dialog) => dialog.contains(active)) || modals[modals.length - 1] || document.documentElement;
    // Moved only when its home changes: a move drops the focus inside the overlay.
    if (this.host.parentNode !== home) home.append(this.host);
  }

  // Everything is placed in viewport pixels, so the overlay must not inherit
  // a CSS zoom the page puts on <html> or on the dialog it lives in.
  cancelZoom() {
    const inherited = this.host.parentElement ? this.host.parentElement.currentCSSZoom || 1 : 1;
    const wanted = String(1 / inherited);
    if (this.root.style.zoom !== wanted) this.root.style.zoom = wanted;
  }

  drawAll() {
    this.placeHost();
    this.cancelZoom();
    for (const controller of [...this.controllers.values()]) controller.draw();
    this.popups.reposition();
  }
}

// The same-origin windows this frame is embedded in, nearest first.
function embeddingWindows() {
  const windows = [];
  for (let view = window; ;) {
    let frame = null;
    try {
      frame = view.frameElement;
    } catch {
      frame = null;
    }
    if (!frame) return windows;
    view = frame.ownerDocument.defaultView;
    windows.push(view);
  }
}

export function start() {
  if (document.querySelector('postlint-overlay')) return;
  new Hub();
}
