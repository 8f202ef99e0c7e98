// What one editor shows in the overlay: its marks, clipped to the editor's
// visible box, and its badge. Elements are kept and moved between frames
// rather than rebuilt, so a redraw on scroll is cheap and never flickers.

import { make, place } from './dom.js';
import { placeBadge, translate } from './geometry.js';

// What a badge must not cover.
const CONTROLS = 'button, [role="button"], a[href], input, select, textarea, label, [contenteditable="true"]';

export class EditorView {
  constructor(kind, root, onBadge, editor) {
    this.kind = kind;
    this.editor = editor;
    this.marks = [];        // [{finding, rects}] in viewport pixels, for hit tests
    this.markElements = new Map();
    this.clip = make('div', { className: 'clip' });
    this.label = make('span', { className: 'badge-label' });
    this.badge = make('button', {
      className: 'badge',
      attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-postlint-badge': kind },
      on: { click: onBadge },
    }, [make('span', { className: 'dot', attrs: { 'aria-hidden': 'true' } }), this.label]);
    this.layer = make('div', { className: 'layer', attrs: { 'data-postlint-editor': kind } }, [this.clip, this.badge]);
    root.append(this.layer);
  }

  hide() {
    this.layer.classList.add('hidden');
    this.marks = [];
  }

  render({ box, marks, model, approved, activeFingerprint }) {
    this.layer.classList.remove('hidden');
    this.layer.classList.toggle('approved', approved);
    place(this.clip, box.left, box.top, box.right - box.left, box.bottom - box.top);
    this.marks = marks.map(({ finding, rects }) => ({ finding, rects }));
    const wanted = new Map();
    for (const { finding, rects } of marks) {
      rects.forEach((r, line) => wanted.set(`${finding.fingerprint}:${line}`,
        { finding, r: translate(r, -box.left, -box.top) }));
    }
    this.syncMarks(wanted, activeFingerprint);
    this.renderBadge(model, box);
  }

  syncMarks(wanted, activeFingerprint) {
    for (const [key, element] of this.markElements) {
      if (!wanted.has(key)) {
        element.remove();
        this.markElements.delete(key);
      }
    }
    for (const [key, { finding, r }] of wanted) {
      let element = this.markElements.get(key);
      if (!element) {
        element = make('div', {
          // A tint over the words, drawn here: the page can read CSS.highlights.
          className: 'mark tint',
          attrs: {
            'data-postlint-category': finding.category,
            'data-postlint-severity': finding.severity,
            'data-postlint-rule': finding.rule,
            'data-postlint-fingerprint': finding.fingerprint,
            role: 'mark',
            'aria-label': `${finding.severity}: ${finding.message}`,
          },
        });
        this.markElements.set(key, element);
        this.clip.append(element);
      }
      element.classList.toggle('active', finding.fingerprint === activeFingerprint);
      place(element, r.left, r.top, r.right - r.left, r.bottom - r.top);
    }
  }

  // Whether the badge at `spot` would hide one of the page's controls (a
  // composer's Post button, its toolbar) rather than sitting on blank page.
  spotIsClear(spot) {
    const doc = this.layer.ownerDocument;
    const host = this.layer.getRootNode().host;
    const points = [[spot.left + 1, spot.top + 1], [spot.right - 1, spot.top + 1], [spot.left + 1, spot.bottom - 1],
      [spot.right - 1, spot.bottom - 1], [(spot.left + spot.right) / 2, (spot.top + spot.bottom) / 2]];
    return points.every(([x, y]) => {
      const hit = doc.elementsFromPoint(x, y).find((element) => element !== host);
      return !hit || !hit.closest(CONTROLS) || (this.editor && this.editor.contains(hit));
    });
  }

  renderBadge(model, box) {
    const badge = this.badge;
    this.label.textContent = model.label;
    badge.setAttribute('data-postlint-state', model.state);
    if (model.verdict) badge.setAttribute('data-postlint-verdict', model.verdict);
    else badge.removeAttribute('data-postlint-verdict');
    if (model.count === null) badge.removeAttribute('data-postlint-count');
    else badge.setAttribute('data-postlint-count', String(model.count));
    const action = model.state === 'setup' || model.state === 'error'
      ? 'open postlint options' : 'list the findings (Alt+Shift+L from the editor)';
    badge.setAttribute('aria-label', `${model.label}. Press to ${action}.`);
    badge.title = model.label;
    const size = { width: badge.offsetWidth, height: badge.offsetHeight };
    // Placed from the part of the editor in view, so a long post that scrolls
    // keeps its badge on screen; hit tests only when the layout moved.
    const key = [box.left, box.top, box.right, box.bottom, size.width, size.height, innerWidth, innerHeight].join();
    if (key !== this.badgeKey) {
      this.badgeKey = key;
      this.badgeSpot = placeBadge(box, size, { width: innerWidth, height: innerHeight }, (spot) => this.spotIsClear(spot));
    }
    place(badge, this.badgeSpot.left, this.badgeSpot.top);
  }

  hitTest(x, y) {
    return this.marks.find((mark) => mark.rects.some((r) => x >= r.left && x <= r.right
      && y >= r.top && y <= r.bottom)) || null;
  }

  markFor(fingerprint) {
    return this.marks.find((m) => m.finding.fingerprint === fingerprint) || null;
  }

  remove() {
    this.layer.remove();
  }
}
