// What Apply will do to the composer's text, worked out before anything is
// touched: the edits of a fix (or of a reviewer's rewrite) checked against
// the text that was linted, grouped into the insertions the editor will see,
// and the text and caret expected afterwards. No DOM here.

import { editBetween, isInsidePair, shiftFinding } from './offsets.js';

export const MAX_EDITS = 200;

export const REFUSAL = Object.freeze({
  CHANGED: 'The words this rewrite replaces have changed since postlint checked them, so it no longer fits. '
    + 'Wait a moment for the new check, then apply again.',
  UNUSABLE: 'This rewrite does not fit the draft in the composer, so nothing was changed.',
  INCOMPLETE: 'The editor did not take the whole rewrite. Check the draft; Ctrl+Z takes back what changed.',
});

function editOf(edit, length) {
  if (!edit || typeof edit !== 'object' || typeof edit.replacement !== 'string') return null;
  const { start_utf16: start, end_utf16: end } = edit;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) return null;
  return { start, end, replacement: edit.replacement };
}

// `text` is the composer's text now and `linted` the text the edits were made
// for (they may differ by an edit elsewhere); `focus` ({start_utf16,
// end_utf16}, optional) is the span the officer clicked on, whose rewrite the
// caret ends up after. `multiline` says the
// editor takes line breaks inside one insertion (a text field): then the whole
// rewrite is one insertion, one undo step. Rich editors hold each line in a
// block of its own, and an insertion carrying a line break would change those
// blocks, so there the edits of each line become one insertion of their own.
// An insertion runs from a line's first edit to its last, words between
// included: one insertion is one undo step in every editor.
export function planRewrite({ text, linted, edits, focus = null, multiline = false }) {
  if (typeof text !== 'string' || typeof linted !== 'string') return { error: REFUSAL.CHANGED };
  if (!Array.isArray(edits) || !edits.length || edits.length > MAX_EDITS) return { error: REFUSAL.UNUSABLE };
  // Typing since the lint (or another fix applied) moves the edits after it;
  // an edit whose own words changed no longer fits.
  const typed = text === linted ? null : editBetween(linted, text);
  const sorted = [];
  for (const raw of edits) {
    const made = editOf(raw, linted.length);
    if (!made || isInsidePair(linted, made.start) || isInsidePair(linted, made.end)) return { error: REFUSAL.UNUSABLE };
    const edit = typed ? moved(made, typed) : made;
    if (!edit) return { error: REFUSAL.CHANGED };
    sorted.push(edit);
  }
  if (focus && typed) focus = shiftFinding(focus, typed);
  sorted.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i].start < sorted[i - 1].end) return { error: REFUSAL.UNUSABLE };
  }

  const insertions = [];
  for (const edit of sorted) {
    const last = insertions[insertions.length - 1];
    const between = last ? text.slice(last.end, edit.start) : '';
    if (last && (multiline || !between.includes('\n'))) {
      last.replacement += between + edit.replacement;
      last.end = edit.end;
    } else {
      insertions.push({ ...edit });
    }
  }
  // Applied from the end backwards, each insertion leaves the offsets of the ones before it valid.
  insertions.reverse();

  let expected = text;
  for (const insertion of insertions) {
    expected = expected.slice(0, insertion.start) + insertion.replacement + expected.slice(insertion.end);
  }
  return { insertions, expected, caret: caretAfter(sorted, focus) };
}

// Text typed right against an edit's words counts as changing them ("Pexton"
// becoming "Pextons"), so only edits clear of the change move.
function moved(edit, typed) {
  if (edit.end < typed.prefix) return edit;
  if (edit.start > typed.before - typed.suffix) return { ...edit, start: edit.start + typed.delta, end: edit.end + typed.delta };
  return null;
}

// The caret goes just after the rewrite of the clicked span (else of the first
// edit), in the offsets of the rewritten text.
function caretAfter(sorted, focus) {
  const overlaps = (edit) => focus && Number.isInteger(focus.start_utf16) && Number.isInteger(focus.end_utf16)
    && edit.start < focus.end_utf16 && focus.start_utf16 < edit.end;
  const target = sorted.find(overlaps) || sorted[0];
  let shift = 0;
  for (const edit of sorted) {
    if (edit === target) break;
    shift += edit.replacement.length - (edit.end - edit.start);
  }
  return target.start + shift + target.replacement.length;
}
