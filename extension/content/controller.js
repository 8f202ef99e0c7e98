// One watched editor: reads its text after a pause in typing, asks the worker
// for a lint, keeps only answers that match the current text, and draws marks
// and the badge in the overlay. It never writes to the editor except through
// Apply.

import { FAILURE, MSG } from '../shared/messages.js';
import { sha256Hex } from '../shared/hash.js';
import { ask } from './worker_client.js';
import { debounce } from './timing.js';
import { make, place, visibleBox } from './dom.js';
import { answerIsCurrent, badgeModel, markable, shownFindings, strongestFirst } from './findings.js';
import { spanStillMatches } from './offsets.js';
import { clipRects, placeBadge, translate } from './geometry.js';
import { surfaceFor } from './surfaces.js';

export const LINT_DELAY_MS = 300;
export const REVIEW_POLL_MS = 2000;
const RETRY_MS = 10000;

export class EditorController {
  constructor(editor, hub) {
    this.editor = editor;
    this.hub = hub;
    this.surface = surfaceFor(editor, hub.root);
    this.disposed = false;
    this.state = { configured: true, checking: false, failure: null, result: null, dismissed: new Set(), review: null,
      reviewBusy: false, reviewError: '' };
    this.hash = { text: null, value: null };
    this.marks = [];
    this.ranges = { block: [], review: [], advice: [] };
    this.activeFingerprint = null;
    this.timers = { retry: null, poll: null };

    this.clip = make('div', { className: 'clip' });
    this.label = make('span', { className: 'badge-label' });
    this.badge = make('button', {
      className: 'badge',
      attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-postlint-badge': this.surface.kind },
      on: { click: () => this.onBadge() },
    }, [make('span', { className: 'dot', attrs: { 'aria-hidden': 'true' } }), this.label]);
    this.layer = make('div', { className: 'layer', attrs: { 'data-postlint-editor': this.surface.kind } },
      [this.clip, this.badge]);
    hub.root.append(this.layer);

    this.lintSoon = debounce(() => this.lint(), LINT_DELAY_MS);
    this.resizeObserver = new ResizeObserver(() => hub.requestDraw());
    this.resizeObserver.observe(editor);
    if (this.surface.kind === 'contenteditable') {
      // Framework editors re-render their nodes without moving the text.
      this.mutationObserver = new MutationObserver(() => hub.requestDraw());
      this.mutationObserver.observe(editor, { childList: true, subtree: true, characterData: true });
    }
    this.start();
  }

  async start() {
    const status = await ask(MSG.STATUS);
    if (this.disposed) return;
    if (status.ok && !status.configured) this.state.configured = false;
    this.hub.requestDraw();
  }

  onInput() {
    this.hub.requestDraw();
  }

  // Every draw compares the text with the last one seen, so edits are noticed
  // however they happen: input events, editors that cancel beforeinput and
  // re-render (no input event at all), or a page script setting the value.
  noticeText(text) {
    if (text === this.lastText) return;
    const first = this.lastText === undefined;
    this.lastText = text;
    if (first && !text.trim()) return;
    this.state.checking = true;
    this.lintSoon();
  }

  async hashOf(text) {
    if (this.hash.text !== text) this.hash = { text, value: await sha256Hex(text) };
    return this.hash.value;
  }

  async lint() {
    clearTimeout(this.timers.retry);
    const sent = this.surface.read().text;
    if (!sent.trim()) {
      Object.assign(this.state, { checking: false, failure: null, result: null, review: null });
      this.hub.changed(this);
      return;
    }
    this.state.checking = true;
    this.hub.requestDraw();
    const reply = await ask(MSG.LINT, { text: sent });
    if (this.disposed) return;
    if (!reply.ok) {
      this.fail(reply.failure);
      return;
    }
    const current = this.surface.read().text;
    if (!answerIsCurrent(reply.result, await this.hashOf(current), sent, current)) {
      // The officer kept typing; the answer for the newer text is on its way.
      this.lintSoon();
      return;
    }
    Object.assign(this.state, {
      configured: true, checking: false, failure: null, result: reply.result,
      dismissed: new Set(reply.dismissed || []), review: reply.review || null, reviewError: '',
    });
    this.pollReview();
    this.hub.changed(this);
  }

  fail(failure) {
    Object.assign(this.state, { checking: false, result: null });
    if (failure.kind === FAILURE.NO_TOKEN) {
      Object.assign(this.state, { configured: false, failure: null });
    } else {
      this.state.failure = failure;
      if (failure.kind === FAILURE.UNREACHABLE || failure.kind === FAILURE.SERVER) {
        this.timers.retry = setTimeout(() => this.lint(), RETRY_MS);
      }
    }
    this.hub.changed(this);
  }

  shown() {
    const result = this.state.result;
    return result ? strongestFirst(shownFindings(result.findings, this.state.dismissed)) : [];
  }

  approved() {
    return Boolean(this.state.result && this.state.result.verdict === 'approved');
  }

  onBadge() {
    const model = this.badgeModel();
    if (model.state === 'setup' || (this.state.failure && this.state.failure.kind !== FAILURE.UNREACHABLE)) {
      ask(MSG.OPEN_OPTIONS);
      return;
    }
    this.hub.toggleList(this);
  }

  badgeModel() {
    return badgeModel({ ...this.state, findings: this.shown() });
  }

  // --- actions offered on cards -------------------------------------------

  async requestReview(note) {
    this.state.reviewBusy = true;
    this.state.reviewError = '';
    this.hub.changed(this);
    const reply = await ask(MSG.REQUEST_REVIEW, { text: this.surface.read().text, note });
    if (this.disposed) return;
    this.state.reviewBusy = false;
    if (reply.ok) this.state.review = reply.review;
    else this.state.reviewError = `Could not request a review: ${reply.failure.message}`;
    this.pollReview();
    this.hub.changed(this);
  }

  pollReview() {
    clearTimeout(this.timers.poll);
    const review = this.state.review;
    if (this.disposed || !review || review.status !== 'pending') return;
    this.timers.poll = setTimeout(async () => {
      const reply = await ask(MSG.REVIEW_STATUS, { id: review.id });
      if (this.disposed || this.state.review !== review) return;
      if (reply.ok && reply.review.status !== review.status) {
        this.state.review = reply.review;
        // An approval changes the server's verdict for this exact draft.
        if (reply.review.status === 'approved') this.lint();
        this.hub.changed(this);
      }
      this.pollReview();
    }, REVIEW_POLL_MS);
  }

  async dismiss(finding) {
    const reply = await ask(MSG.DISMISS, { fingerprint: finding.fingerprint });
    if (this.disposed || !reply.ok) return;
    this.state.dismissed.add(finding.fingerprint);
    this.hub.changed(this);
  }

  apply(finding) {
    if (typeof finding.replacement !== 'string') return;
    const text = this.surface.read().text;
    if (!spanStillMatches(text, finding)) return;
    this.surface.replace(finding.start_utf16, finding.end_utf16, finding.replacement);
    this.onInput();
  }

  // --- drawing -------------------------------------------------------------

  draw() {
    if (!this.editor.isConnected) {
      this.hub.detach(this);
      return;
    }
    const box = visibleBox(this.editor);
    this.layer.classList.toggle('hidden', !box);
    this.marks = [];
    this.ranges = { block: [], review: [], advice: [] };
    if (!box) return;
    place(this.clip, box.left, box.top, box.right - box.left, box.bottom - box.top);
    this.surface.prepare();
    const text = this.surface.read().text;
    this.noticeText(text);
    const wanted = new Map();
    for (const finding of markable(this.shown())) {
      if (!spanStillMatches(text, finding)) continue;
      const rects = this.surface.rectsFor(finding.start_utf16, finding.end_utf16);
      const visible = clipRects(rects, box);
      if (!visible.length) continue;
      this.marks.push({ finding, rects: visible });
      const range = this.surface.rangeFor(finding.start_utf16, finding.end_utf16);
      if (range && this.ranges[finding.severity]) this.ranges[finding.severity].push(range);
      visible.forEach((r, line) => wanted.set(`${finding.fingerprint}:${line}`, { finding, r: translate(r, -box.left, -box.top) }));
    }
    this.syncMarkElements(wanted);
    this.layer.classList.toggle('approved', this.approved());
    this.drawBadge();
  }

  // Mark elements are kept and moved rather than rebuilt on every frame, so
  // a redraw on scroll costs little and an element never flickers away.
  syncMarkElements(wanted) {
    this.markElements = this.markElements || new Map();
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
          className: `mark${this.surface.kind === 'contenteditable' ? '' : ' tint'}`,
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
      element.classList.toggle('active', finding.fingerprint === this.activeFingerprint);
      place(element, r.left, r.top, r.right - r.left, r.bottom - r.top);
    }
  }

  drawBadge() {
    const model = this.badgeModel();
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
    const editorBox = this.editor.getBoundingClientRect();
    const spot = placeBadge(editorBox, { width: badge.offsetWidth, height: badge.offsetHeight },
      { width: innerWidth, height: innerHeight });
    place(badge, spot.left, spot.top);
  }

  hitTest(x, y) {
    for (const mark of this.marks) {
      if (mark.rects.some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) return mark;
    }
    return null;
  }

  markFor(fingerprint) {
    return this.marks.find((m) => m.finding.fingerprint === fingerprint) || null;
  }

  dispose() {
    this.disposed = true;
    this.lintSoon.cancel();
    clearTimeout(this.timers.retry);
    clearTimeout(this.timers.poll);
    this.resizeObserver.disconnect();
    if (this.mutationObserver) this.mutationObserver.disconnect();
    this.surface.dispose();
    this.layer.remove();
  }
}
