// The card that explains one finding: what, why, which policy, what to do,
// and the actions the officer may take (Apply, when postlint has a safe
// rewrite). Built with textContent only.

import { make } from './dom.js';
import { SEVERITY_LABEL, isDismissible, policyLines } from './findings.js';

const REVIEW_TEXT = {
  pending: 'Review requested: waiting for the comms team.',
  approved: 'Approved by the comms team.',
  rejected: 'Not approved by the comms team.',
  withdrawn: 'The comms team withdrew its approval.',
  changes_requested: 'The comms team asked for changes.',
};

const WITH_NOTE = new Set(['rejected', 'changes_requested', 'withdrawn']);

function reviewSection(finding, view, rewriteOffered) {
  if (finding.severity === 'advice') return [];
  const parts = [];
  const review = view.review;
  if (view.approved) {
    parts.push(make('p', { className: 'status', text: REVIEW_TEXT.approved, attrs: { 'data-status': 'approved' } }));
    return parts;
  }
  if (review) {
    const text = WITH_NOTE.has(review.status) && review.note
      ? `${REVIEW_TEXT[review.status]} Their note: ${review.note}` : (REVIEW_TEXT[review.status] || `Review: ${review.status}`);
    parts.push(make('p', { className: 'status', text, attrs: { 'data-status': review.status, role: 'status' } }));
    if (rewriteOffered) {
      parts.push(make('div', { className: 'fix', attrs: { 'data-postlint-review-rewrite': '' } }, [
        make('span', { className: 'label', text: 'They ask you to post this instead:' }),
        make('p', { className: 'rewrite-text', text: view.reviewRewrite.text }),
        applyButton('primary', 'Use this rewrite', 'apply-rewrite', () => view.onApply(finding, view.reviewRewrite.edits)),
      ]));
    }
  }
  if (view.reviewError) {
    parts.push(make('p', { className: 'status', text: view.reviewError, attrs: { 'data-status': 'error', role: 'alert' } }));
  }
  return parts;
}

function hasEdits(edits) {
  return Array.isArray(edits) && edits.length > 0;
}

// Only the officer's own click or key press changes the draft, never a click a script synthesised.
function applyButton(className, text, action, apply, label = text) {
  return make('button', {
    className, text, attrs: { type: 'button', 'data-postlint-action': action, 'aria-label': label },
    on: { click: (event) => { if (event.isTrusted) apply(); } },
  });
}

export function renderCard(finding, view) {
  const severity = SEVERITY_LABEL[finding.severity] || finding.severity;
  const card = make('section', {
    className: 'card',
    attrs: {
      tabindex: '0',
      role: 'group',
      'aria-label': `${severity}: ${finding.message}`,
      'data-postlint-card': finding.fingerprint,
      'data-postlint-card-rule': finding.rule,
    },
  });
  card.append(make('div', {}, [
    make('span', { className: `chip ${finding.severity}`, text: severity }),
    make('span', { className: 'category', text: finding.category }),
  ]));
  card.append(make('p', { className: 'message', text: finding.message }));
  if (finding.excerpt) card.append(make('p', { className: 'excerpt', text: `“${finding.excerpt}”` }));
  card.append(make('p', { className: 'why' }, [make('span', { className: 'label', text: 'Why: ' }), finding.why || '']));
  const policies = policyLines(finding);
  if (policies.length) {
    card.append(make('p', { className: 'policy' }, [make('span', { className: 'label', text: 'Policy: ' }), policies.join('; ')]));
  }
  if (finding.suggestion) {
    card.append(make('p', { className: 'suggestion' }, [make('span', { className: 'label', text: 'Suggestion: ' }), finding.suggestion]));
  }
  // The comms team's rewrite, when they sent one back, takes the place of the finding's own fix
  // (it holds every fix); either is the card's primary action, else asking for a review is.
  const rewriteOffered = Boolean(view.reviewRewrite && view.canApply);
  const fixable = hasEdits(finding.fix) && view.canApply && !rewriteOffered;
  if (fixable) {
    card.append(make('div', { className: 'fix' }, [
      make('p', {}, [make('span', { className: 'label', text: 'Rewrite: ' }),
        finding.fix_summary || 'postlint can rewrite this for you.']),
      applyButton('primary', 'Apply', 'apply', () => view.onApply(finding),
        `Apply: ${finding.fix_summary || 'rewrite'}`),
    ]));
  }
  if (view.applyError && view.applyError.fingerprint === finding.fingerprint) {
    card.append(make('p', { className: 'status', text: view.applyError.message,
      attrs: { 'data-status': 'error', 'data-postlint-apply-error': '', role: 'alert' } }));
  }
  for (const part of reviewSection(finding, view, rewriteOffered)) card.append(part);

  const actions = make('div', { className: 'actions' });
  if (isDismissible(finding)) {
    actions.append(make('button', {
      text: 'Dismiss', attrs: { type: 'button', 'data-postlint-action': 'dismiss' },
      on: { click: () => view.onDismiss(finding) },
    }));
  }
  const canRequest = finding.severity !== 'advice' && !view.approved
    && (!view.review || view.review.status === 'rejected' || view.review.status === 'withdrawn');
  if (canRequest) {
    const note = make('textarea', {
      attrs: { 'aria-label': 'Note for the comms team (optional)', placeholder: 'Note for the comms team (optional)', maxlength: '2000' },
    });
    const button = make('button', {
      className: fixable || rewriteOffered ? '' : 'primary', text: view.reviewBusy ? 'Sending…' : 'Request review',
      attrs: { type: 'button', 'data-postlint-action': 'request-review' },
      // Only the officer's own click or key press sends a draft for review,
      // never a click a script synthesised.
      on: { click: (event) => { if (event.isTrusted) view.onRequestReview(note.value); } },
    });
    button.disabled = Boolean(view.reviewBusy);
    card.append(note);
    actions.append(button);
  }
  if (actions.childElementCount) card.append(actions);
  return card;
}
