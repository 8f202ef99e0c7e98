// The hover card and the findings list. One card is shared by every editor
// on the page; the list (opened from a badge or with Alt+Shift+L) is the
// keyboard route to every card. Escape closes either and returns to the editor.

import { accountSection } from './account_picker.js';
import { renderCard } from './card.js';
import { editorOf } from './surfaces.js';
import { make, place } from './dom.js';
import { fromDomRect, placeCard, placeCardClearOf } from './geometry.js';

const HIDE_DELAY_MS = 350;

export class Popups {
  constructor(hub) {
    this.hub = hub;
    this.card = null;     // {controller, fingerprint, element}
    this.panel = null;    // {controller, element}
    this.hideTimer = null;
  }

  // A controller's result, review or dismissals changed.
  changed(controller) {
    if (this.card && this.card.controller === controller) this.refreshCard();
    if (this.panel && this.panel.controller === controller) this.renderList();
  }

  forget(controller) {
    if (this.card && this.card.controller === controller) this.closeCard();
    if (this.panel && this.panel.controller === controller) this.closeList(false);
  }

  reposition() {
    if (this.card) this.positionCard();
    if (this.panel) this.positionList();
  }

  // --- the hover card --------------------------------------------------------

  viewFor(controller) {
    return {
      review: controller.state.review,
      approved: controller.approved(),
      reviewBusy: controller.state.reviewBusy,
      reviewError: controller.state.reviewError,
      applyError: controller.state.applyError,
      reviewRewrite: controller.reviewRewrite(),
      canApply: !controller.approved(),
      // The card stays open until the rewrite is in, so a refusal is shown where the officer clicked.
      onApply: async (finding, edits) => {
        if (await controller.apply(finding, edits)) {
          this.closeCard();
          this.closeList(false);
        }
      },
      onDismiss: (finding) => controller.dismiss(finding),
      onRequestReview: (note) => controller.requestReview(note),
    };
  }

  hover() {
    if (this.panel) return;
    const { x, y } = this.hub.pointer;
    for (const controller of this.hub.controllers.values()) {
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
    this.hub.root.append(element);
    this.card = { controller, fingerprint: finding.fingerprint, element };
    controller.activeFingerprint = finding.fingerprint;
    this.positionCard();
    this.hub.requestDraw();
  }

  refreshCard() {
    const { controller, fingerprint } = this.card;
    const finding = controller.shown().find((f) => f.fingerprint === fingerprint);
    if (!finding) {
      // Its finding went with a new lint: the keyboard goes back to the editor rather than nowhere.
      const hadFocus = this.card.element.matches(':focus-within');
      this.closeCard();
      if (hadFocus) controller.returnFocus();
      return;
    }
    const hadFocus = this.card.element.matches(':focus-within');
    const element = renderCard(finding, this.viewFor(controller));
    // Where it was, until its mark is drawn again: typing into the marked words hides the mark
    // until the next lint, and a refusal to apply must show where the officer clicked.
    place(element, parseFloat(this.card.element.style.left) || 0, parseFloat(this.card.element.style.top) || 0);
    this.card.element.replaceWith(element);
    this.card = { ...this.card, element };
    this.positionCard();
    if (hadFocus) element.focus();
  }

  positionCard() {
    const { controller, fingerprint, element } = this.card;
    const mark = controller.markFor(fingerprint);
    if (!mark) return;
    const spot = placeCardClearOf(mark.rects, { width: element.offsetWidth, height: element.offsetHeight },
      { width: innerWidth, height: innerHeight }, fromDomRect(controller.badge.getBoundingClientRect()));
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
    this.hub.requestDraw();
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
    this.hub.root.append(element);
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
    children.push(...accountSection(controller));
    const findings = controller.shown();
    if (!findings.length && controller.state.result) children.push(make('p', { text: 'Nothing to change in this draft.' }));
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
    this.hub.requestDraw();
    if (returnFocus) controller.returnFocus();
  }

  onOverlayFocus(event) {
    const card = event.composedPath().find((node) => node instanceof Element && node.hasAttribute('data-postlint-card'));
    const owner = this.panel ? this.panel.controller : this.card && this.card.controller;
    if (!card || !owner) return;
    owner.activeFingerprint = card.getAttribute('data-postlint-card');
    this.hub.requestDraw();
  }

  onOverlayKey(event) {
    if (event.key !== 'Escape') return;
    // Ours alone: not the page's handlers, nor a <dialog>'s own close on Escape.
    event.stopPropagation();
    event.preventDefault();
    const owner = this.panel ? this.panel.controller : this.card && this.card.controller;
    this.closeCard();
    this.closeList(false);
    if (owner) owner.returnFocus();
  }

  // Alt+Shift+L in a watched editor opens the list without leaving the keyboard.
  onEditorKey(event) {
    if (event.composedPath().includes(this.hub.host)) return;
    if (event.key === 'Escape' && (this.card || this.panel)) {
      // The officer meant our card, not the page's own Escape (closing a composer).
      event.stopPropagation();
      event.preventDefault();
      const owner = this.panel ? this.panel.controller : this.card.controller;
      this.closeCard();
      this.closeList(false);
      owner.returnFocus();
      return;
    }
    if (!(event.altKey && event.shiftKey && (event.key === 'L' || event.key === 'l' || event.code === 'KeyL'))) return;
    const editor = editorOf(event.composedPath()[0]);
    if (!editor) return;
    event.preventDefault();
    this.openList(this.hub.controllerFor(editor));
  }
}
