// Content script entry: finds the editors an officer types in, gives each a
// controller, and owns the one overlay (an open shadow root with
// pointer-events: none) where marks, badges, cards and the findings list are
// drawn.

import { EditorController } from './controller.js';
import { Popups } from './popups.js';
import { editorOf } from './surfaces.js';
import { make } from './dom.js';
import { frameThrottle } from './timing.js';
import { OVERLAY_CSS } from './styles.js';

const HIGHLIGHT_NAMES = { block: 'postlint-block', review: 'postlint-review', advice: 'postlint-advice' };

class Hub {
  constructor() {
    this.host = document.createElement('postlint-overlay');
    this.host.setAttribute('data-postlint-overlay', '');
    const shadow = this.host.attachShadow({ mode: 'open' });
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
    const onEditorEvent = (event) => {
      const editor = editorOf(event.composedPath()[0]);
      if (editor) this.controllerFor(editor).onInput();
    };
    document.addEventListener('input', onEditorEvent, true);
    document.addEventListener('focusin', (event) => {
      const editor = editorOf(event.composedPath()[0]);
      if (editor) this.controllerFor(editor);
    }, true);
    document.addEventListener('keydown', (event) => this.popups.onEditorKey(event), true);
    addEventListener('scroll', () => this.requestDraw(), { capture: true, passive: true });
    addEventListener('resize', () => this.requestDraw(), { passive: true });
    document.addEventListener('mousemove', (event) => {
      this.pointer = { x: event.clientX, y: event.clientY };
      this.checkHover();
    }, { passive: true });
    shadow.addEventListener('keydown', (event) => this.popups.onOverlayKey(event));
    // Typing in our note box must not trigger the site's keyboard shortcuts.
    for (const type of ['keydown', 'keyup', 'keypress']) {
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

  drawAll() {
    for (const controller of [...this.controllers.values()]) controller.draw();
    this.paintHighlights();
    this.popups.reposition();
  }

  paintHighlights() {
    if (!globalThis.CSS || !CSS.highlights) return;
    for (const [severity, name] of Object.entries(HIGHLIGHT_NAMES)) {
      const ranges = [...this.controllers.values()].flatMap((c) => c.ranges[severity]);
      if (ranges.length) CSS.highlights.set(name, new Highlight(...ranges));
      else CSS.highlights.delete(name);
    }
  }
}

export function start() {
  if (document.querySelector('postlint-overlay')) return;
  new Hub();
}
