// Content script entry: finds the editors an officer types in, gives each a
// controller, and owns the one overlay (an open shadow root with
// pointer-events: none) where marks, badges, cards and the findings list are
// drawn. Hover and keyboard handling for cards live here because one card is
// shared by all editors on the page.

import { EditorController } from './controller.js';
import { editorOf } from './surfaces.js';
import { renderCard } from './card.js';
import { make, place } from './dom.js';
import { placeCard } from './geometry.js';
import { frameThrottle } from './timing.js';
import { OVERLAY_CSS } from './styles.js';

const HIDE_DELAY_MS = 350;
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
    this.card = null;     // {controller, fingerprint, element}
    this.panel = null;    // {controller, element}
    this.hideTimer = null;
    this.requestDraw = frameThrottle(() => this.drawAll());
    this.pointer = { x: -1, y: -1 };
    this.checkHover = frameThrottle(() => this.hover());
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
    document.addEventListener('keydown', (event) => this.onEditorKey(event), true);
    addEventListener('scroll', () => this.requestDraw(), { capture: true, passive: true });
    addEventListener('resize', () => this.requestDraw(), { passive: true });
    document.addEventListener('mousemove', (event) => {
      this.pointer = { x: event.clientX, y: event.clientY };
      this.checkHover();
    }, { passive: true });
    shadow.addEventListener('keydown', (event) => this.onOverlayKey(event));
    // Typing in our note box must not trigger the site's keyboard shortcuts.
    for (const type of ['keydown', 'keyup', 'keypress']) {
      this.host.addEventListener(type, (event) => event.stopPropagation());
    }
    shadow.addEventListener('focusin', (event) => this.onOverlayFocus(event));
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
    if (this.card && this.card.controller === controller) this.closeCard();
    if (this.panel && this.panel.controller === controller) this.closeList(false);
    this.controllers.delete(controller.editor);
    controller.dispose();
  }

  // A controller's result, review or dismissals changed.
  changed(controller) {
    if (this.card && this.card.controller === controller) this.refreshCard();
    if (this.panel && this.panel.controller === controller) this.renderList();
    this.requestDraw();
  }

  drawAll() {
    for (const controller of [...this.controllers.values()]) controller.draw();
    this.paintHighlights();
    if (this.card) this.positionCard();
    if (this.panel) this.positionList();
  }

  paintHighlights() {
    if (!globalThis.CSS || !CSS.highlights) return;
    for (const [severity, name] of Object.entries(HIGHLIGHT_NAMES)) {
      const ranges = [...this.controllers.values()].flatMap((c) => c.ranges[severity]);
      if (ranges.length) CSS.highlights.set(name, new Highlight(...ranges));
      else CSS.highlights.delete(name);
    }
  }

  // --- the hover card --------------------------------------------------------

  viewFor(controller) {
    return {
      review: controller.state.review,
      approved: controller.approved(),
      reviewBusy: controller.state.reviewBusy,
      reviewError: controller.state.reviewError,
      onApply: (finding) => { this.closeCard(); this.closeList(false); controller.apply(finding); },
      onDismiss: (finding) => controller.dismiss(finding),
      onRequestReview: (note) => controller.requestReview(note),
    };
  }

  hover() {
    if (this.panel) return;
    const { x, y } = this.pointer;
    for (const controller of this.controllers.values()) {
      const mark = controller.hitTest(x, y);
      if (mark) {
        clearTimeout(this.hideTimer);
        if (!this.card || this.card.fingerprint !== mark.finding.fingerprint) this.openCard(controller, mark.finding);
        return;
      }
    }
    if (!this.card) return;
    const box = this.card.element.getBoundingClientRect();
    const onCard = x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
    if (onCard) clearTimeout(this.hideTimer);
    // A half-written note to the comms team keeps its card open.
    else if (!this.card.element.querySelector('textarea:focus')) this.scheduleHide();
  }

  openCard(controller, finding) {
    this.closeCard();
    const element = renderCard(finding, this.viewFor(controller));
    this.root.append(element);
    this.card = { controller, fingerprint: finding.fingerprint, element };
    controller.activeFingerprint = finding.fingerprint;
    this.positionCard();
    this.requestDraw();
  }

  refreshCard() {
    const { controller, fingerprint } = this.card;
    const finding = controller.shown().find((f) => f.fingerprint === fingerprint);
    if (!finding) {
      this.closeCard();
      return;
    }
    const hadFocus = this.card.element.matches(':focus-within');
    const element = renderCard(finding, this.viewFor(controller));
    this.card.element.replaceWith(element);
    this.card = { ...this.card, element };
    this.positionCard();
    if (hadFocus) element.focus();
  }

  positionCard() {
    const { controller, fingerprint, element } = this.card;
    const mark = controller.markFor(fingerprint);
    if (!mark) return;
    const spot = placeCard(mark.rects[0], { width: element.offsetWidth, height: element.offsetHeight },
      { width: innerWidth, height: innerHeight });
    place(element, spot.left, spot.top);
  }

  scheduleHide() {
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => this.closeCard(), HIDE_DELAY_MS);
  }

  closeCard() {
    clearTimeout(this.hideTimer);
    if (!this.card) return;
    this.card.element.remove();
    this.card.controller.activeFingerprint = null;
    this.card = null;
    this.requestDraw();
  }

  // --- the findings list, the keyboard route to every card -------------------

  toggleList(controller) {
    if (this.panel && this.panel.controller === controller) this.closeList(true);
    else this.openList(controller);
  }

  openList(controller) {
    this.closeCard();
    this.closeList(false);
    const element = make('div', {
      className: 'panel',
      attrs: { role: 'dialog', 'aria-label': 'postlint findings', 'data-postlint-panel': '' },
    });
    this.root.append(element);
    this.panel = { controller, element };
    this.renderList();
    this.positionList();
    const first = element.querySelector('.card') || element.querySelector('button');
    if (first) first.focus();
  }

  renderList() {
    const { controller, element } = this.panel;
    const focused = element.querySelector('.card:focus-within');
    const focusedPrint = focused ? focused.getAttribute('data-postlint-card') : null;
    const model = controller.badgeModel();
    const close = make('button', { text: 'Close', attrs: { type: 'button', 'aria-label': 'Close the findings list' },
      on: { click: () => this.closeList(true) } });
    const children = [make('div', { className: 'panel-head' }, [make('span', { text: model.label }), close])];
    const findings = controller.shown();
    if (!findings.length) children.push(make('p', { text: 'Nothing to change in this draft.' }));
    for (const finding of findings) children.push(renderCard(finding, this.viewFor(controller)));
    element.replaceChildren(...children);
    if (focusedPrint) {
      const again = [...element.querySelectorAll('.card')].find((c) => c.getAttribute('data-postlint-card') === focusedPrint);
      if (again) again.focus();
    }
  }

  // The list goes on whichever side of the badge has more room, and scrolls
  // inside itself rather than running off the screen.
  positionList() {
    const { controller, element } = this.panel;
    const badge = controller.badge.getBoundingClientRect();
    const room = Math.max(innerHeight - badge.bottom, badge.top) - 12;
    element.style.maxHeight = `${Math.max(120, Math.min(room, 560))}px`;
    const spot = placeCard(badge, { width: element.offsetWidth, height: element.offsetHeight },
      { width: innerWidth, height: innerHeight });
    place(element, spot.left, spot.top);
  }

  closeList(returnFocus) {
    if (!this.panel) return;
    const { controller, element } = this.panel;
    element.remove();
    controller.activeFingerprint = null;
    this.panel = null;
    this.requestDraw();
    if (returnFocus) controller.editor.focus();
  }

  onOverlayFocus(event) {
    const card = event.composedPath().find((node) => node instanceof Element && node.hasAttribute('data-postlint-card'));
    const owner = this.panel ? this.panel.controller : this.card && this.card.controller;
    if (!card || !owner) return;
    owner.activeFingerprint = card.getAttribute('data-postlint-card');
    this.requestDraw();
  }

  onOverlayKey(event) {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    const owner = this.panel ? this.panel.controller : this.card && this.card.controller;
    this.closeCard();
    this.closeList(false);
    if (owner) owner.editor.focus();
  }

  // Alt+Shift+L in a watched editor opens the list without leaving the keyboard.
  onEditorKey(event) {
    if (event.composedPath().includes(this.host)) return;
    if (event.key === 'Escape' && (this.card || this.panel)) {
      // The officer meant our card, not the page's own Escape (closing a composer).
      event.stopPropagation();
      const owner = this.panel ? this.panel.controller : this.card.controller;
      this.closeCard();
      this.closeList(false);
      if (document.activeElement !== owner.editor) owner.editor.focus();
      return;
    }
    if (!(event.altKey && event.shiftKey && (event.key === 'L' || event.key === 'l' || event.code === 'KeyL'))) return;
    const editor = editorOf(event.composedPath()[0]);
    if (!editor) return;
    event.preventDefault();
    this.openList(this.controllerFor(editor));
  }
}

export function start() {
  if (document.querySelector('postlint-overlay')) return;
  new Hub();
}
