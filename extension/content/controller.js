// One watched editor: reads its text after a pause in typing, asks the worker
// for a lint, keeps only answers that match the current text, and works out
// where its marks go (EditorView draws them). It never changes the editor's
// text except through Apply, and then only by typing into it.

import { FAILURE, MSG } from '../shared/messages.js';
import { sha256Hex } from '../shared/hash.js';
import { ask } from './worker_client.js';
import { debounce } from './timing.js';
import { visibleBox } from './dom.js';
import { EditorView } from './editor_view.js';
import { answerIsCurrent, badgeModel, markable, shownFindings, strongestFirst } from './findings.js';
import { editBetween, shiftFinding, spanStillMatches } from './offsets.js';
import { REFUSAL, planRewrite } from './rewrite.js';
import { clipRects } from './geometry.js';
import { surfaceFor } from './surfaces.js';
import { readPostContext } from './site_adapters.js';

export const LINT_DELAY_MS = 300;
export const REVIEW_POLL_MS = 2000;
const RETRY_MS = 10000;
const SENT_BACK_WITH_REWRITE = new Set(['rejected', 'changes_requested']);

export class EditorController {
  constructor(editor, hub) {
    this.editor = editor;
    this.hub = hub;
    this.surface = surfaceFor(editor, hub.root);
    this.disposed = false;
    this.state = { configured: true, checking: false, failure: null, result: null, dismissed: new Set(), review: null,
      reviewBusy: false, reviewError: '', accountQuestion: null, applyError: null };
    // What the officer told the card when the composer did not show it (the account is kept by the worker, per site).
    this.choice = { scheduled_for: '' };
    this.accountFromPage = false;
    this.hash = { text: null, value: null };
    this.activeFingerprint = null;
    this.caret = null;  // the officer's last selection in the editor, restored when our card gives focus back
    this.edits = 0;
    this.timers = { retry: null, poll: null };
    this.view = new EditorView(this.surface.kind, hub.root, () => this.onBadge(), editor);

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
    this.edits += 1;
    this.hub.requestDraw();
  }

  noticeSelection() {
    const caret = this.surface.saveCaret();
    if (caret) this.caret = caret;
  }

  // Focus goes back to the editor with the caret where the officer left it.
  // Some editors move the DOM selection again as they take focus (or on the
  // next frame), so the caret is put back once more after that, unless the
  // officer has typed in between.
  returnFocus() {
    const caret = this.caret;
    const edits = this.edits;
    // activeElement alone is not enough: a frame's body is its activeElement
    // whenever nothing else has focus, editor or not.
    if (!this.editor.matches(':focus')) this.editor.focus({ preventScroll: true });
    this.surface.restoreCaret(caret);
    requestAnimationFrame(() => {
      if (this.edits === edits && this.editor.matches(':focus')) this.surface.restoreCaret(caret);
    });
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
    const context = this.postContext();
    const reply = await ask(MSG.LINT, { text: sent, context });
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
    this.accountFromPage = Boolean(context.account);
    Object.assign(this.state, {
      configured: true, checking: false, failure: null, result: reply.result, resultText: current,
      dismissed: new Set(reply.dismissed || []), review: reply.review || null, reviewError: '', accountQuestion: null,
    });
    this.pollReview();
    this.hub.changed(this);
  }

  // The post as its composer shows it, with the time the officer gave where it shows none.
  postContext() {
    const context = readPostContext(this.editor);
    if (!context.scheduled_for && this.choice.scheduled_for) context.scheduled_for = this.choice.scheduled_for;
    return context;
  }

  // Composer changes that are not typing (an image added, an account switched) need a fresh lint too.
  noticeContext() {
    const signature = JSON.stringify(this.postContext());
    if (signature === this.lastContext) return;
    const first = this.lastContext === undefined;
    this.lastContext = signature;
    if (!first && this.lastText && this.lastText.trim()) {
      this.state.checking = true;
      this.lintSoon();
    }
  }

  async askAccount(message) {
    const reply = await ask(MSG.ACCOUNTS);
    if (this.disposed) return;
    this.state.accountQuestion = { accounts: reply.ok ? reply.accounts : [], message };
    this.hub.changed(this);
  }

  async chooseAccount(account, scheduledFor) {
    this.choice.scheduled_for = scheduledFor || '';
    const reply = account ? await ask(MSG.CHOOSE_ACCOUNT, { account }) : { ok: true };
    if (this.disposed) return;
    if (reply.ok) this.state.accountQuestion = null;
    this.lint();
  }

  fail(failure) {
    Object.assign(this.state, { checking: false, result: null });
    if (failure.kind === FAILURE.NEEDS_ACCOUNT) {
      Object.assign(this.state, { failure, accountQuestion: { accounts: failure.accounts || [], message: failure.message } });
    } else if (failure.kind === FAILURE.NO_TOKEN) {
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
    const failed = this.state.failure && ![FAILURE.UNREACHABLE, FAILURE.NEEDS_ACCOUNT].includes(this.state.failure.kind);
    if (model.state === 'setup' || failed) {
      ask(MSG.OPEN_OPTIONS);
      return;
    }
    this.hub.popups.toggleList(this);
  }

  badgeModel() {
    return badgeModel({ ...this.state, findings: this.shown() });
  }

  // --- actions offered on cards -------------------------------------------

  async requestReview(note) {
    this.state.reviewBusy = true;
    this.state.reviewError = '';
    this.hub.changed(this);
    const reply = await ask(MSG.REQUEST_REVIEW, { text: this.surface.read().text, note, context: this.postContext() });
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

  // Apply: the finding's fix (or the comms team's rewrite) typed into the
  // composer, edit by edit, from the end backwards. Refused, with the reason
  // on the card, when the composer no longer holds the text that was linted.
  // Returns whether the rewrite went in.
  async apply(finding, edits = finding.fix) {
    if (this.applying) return false;  // a second click while the first rewrite is going in
    this.applying = true;
    try {
      return await this.applyPlanned(finding, edits);
    } finally {
      this.applying = false;
    }
  }

  async applyPlanned(finding, edits) {
    const plan = planRewrite({ text: this.surface.read().text, linted: this.state.resultText, edits,
      focus: finding, multiline: this.surface.kind !== 'contenteditable' });
    if (plan.error) return this.applyFailed(finding, plan.error);
    if (this.state.applyError) {
      this.state.applyError = null;
      this.hub.changed(this);
    }
    for (const insertion of plan.insertions) {
      if (this.disposed) return false;
      await this.surface.replace(insertion.start, insertion.end, insertion.replacement);
      this.onInput();
    }
    if (this.disposed) return false;
    if (this.surface.read().text !== plan.expected) {
      return this.applyFailed(finding, REFUSAL.INCOMPLETE);
    }
    // Awaited, so the editor's model has the caret too before the card closes.
    await this.surface.placeCaret(plan.caret);
    this.caret = { anchor: plan.caret, focus: plan.caret };
    this.hub.requestDraw();
    return true;
  }

  // The rewrite the comms team sent back with its decision, while the composer
  // still holds the draft they decided on.
  reviewRewrite() {
    const { review, result } = this.state;
    const rewrite = review && SENT_BACK_WITH_REWRITE.has(review.status) ? review.rewrite : null;
    return rewrite && result && rewrite.text_sha256 === result.text_sha256 ? rewrite : null;
  }

  applyFailed(finding, message) {
    this.state.applyError = { fingerprint: finding.fingerprint, message };
    this.hub.changed(this);
    return false;
  }

  // --- drawing -------------------------------------------------------------

  draw() {
    if (!this.editor.isConnected) {
      this.hub.detach(this);
      return;
    }
    const box = visibleBox(this.editor);
    if (!box) {
      this.view.hide();
      return;
    }
    this.surface.prepare();
    const text = this.surface.read().text;
    this.noticeText(text);
    this.noticeContext();
    const marks = [];
    const { resultText } = this.state;
    const edit = typeof resultText === 'string' && resultText !== text ? editBetween(resultText, text) : null;
    for (const linted of markable(this.shown())) {
      const finding = shiftFinding(linted, edit);
      if (!finding || !spanStillMatches(text, finding)) continue;
      const rects = clipRects(this.surface.rectsFor(finding.start_utf16, finding.end_utf16), box);
      if (rects.length) marks.push({ finding, rects });
    }
    this.view.render({
      box, marks, model: this.badgeModel(), approved: this.approved(),
      activeFingerprint: this.activeFingerprint,
    });
  }

  get badge() { return this.view.badge; }

  hitTest(x, y) { return this.view.hitTest(x, y); }

  markFor(fingerprint) { return this.view.markFor(fingerprint); }

  dispose() {
    this.disposed = true;
    this.lintSoon.cancel();
    clearTimeout(this.timers.retry);
    clearTimeout(this.timers.poll);
    this.resizeObserver.disconnect();
    if (this.mutationObserver) this.mutationObserver.disconnect();
    this.surface.dispose();
    this.view.remove();
  }
}
