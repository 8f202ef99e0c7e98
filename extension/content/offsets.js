// Maps UTF-16 offsets in the text we sent to positions in the editor's DOM.
//
// A contenteditable's text is read as a list of segments: runs of a text
// node's data, and line breaks we synthesised for <br> and block boundaries
// (which have no text node to point into). Offsets are JavaScript string
// indices, the same units as the API's start_utf16 / end_utf16.

// {node, offset} for a boundary at `offset`, or null if it is outside the text.
// At the seam between two segments a start prefers the later segment and an
// end the earlier one, so a mark never begins or ends in a neighbouring node.
export function locate(segments, offset, isEnd = false) {
  const texts = segments.filter((segment) => segment.kind === 'text');
  for (const segment of texts) {
    const segmentEnd = segment.start + segment.length;
    const inside = isEnd
      ? offset > segment.start && offset <= segmentEnd
      : offset >= segment.start && offset < segmentEnd;
    if (inside) return { node: segment.node, offset: nodeOffset(segment, offset) };
  }
  // The offset sits on a synthesised line break (or at an edge): snap to the
  // nearest real text on the side the span lies.
  if (!isEnd) {
    const next = texts.find((segment) => segment.start >= offset);
    if (next) return { node: next.node, offset: nodeOffset(next, next.start) };
  }
  const previous = texts.filter((segment) => segment.start + segment.length <= offset).pop();
  if (previous) return { node: previous.node, offset: nodeOffset(previous, previous.start + previous.length) };
  return null;
}

// Where a text offset falls inside a text segment's node: a segment may start
// part-way into its node, after an invisible filler that was left out.
export function nodeOffset(segment, offset) {
  return (segment.nodeStart || 0) + offset - segment.start;
}

// Both ends of a span, or null when the span is empty or no longer fits.
export function spanToBoundaries(segments, start, end) {
  if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) return null;
  const total = textLength(segments);
  if (start < 0 || end > total) return null;
  const from = locate(segments, start, false);
  const to = locate(segments, end, true);
  if (!from || !to) return null;
  return { start: from, end: to };
}

// The text offset of a DOM point, for saving the officer's caret in terms
// that survive an editor re-rendering its nodes or dropping its fillers.
// `after(node, offset)` says whether that point lies after the caret's; `at`
// turns a break's `at` into a {node, offset} point.
export function offsetOfPoint(segments, node, offset, after, at) {
  let position = 0;
  for (const segment of segments) {
    if (segment.kind === 'text') {
      const from = segment.nodeStart || 0;
      if (segment.node === node && offset >= from && offset <= from + segment.length) return segment.start + offset - from;
      if (after(segment.node, from + segment.length)) return position;
    } else {
      const point = at(segment.at);
      if (!point || after(point.node, point.offset)) return position;
    }
    position = segment.start + segment.length;
  }
  return position;
}

// The DOM point for a caret at a text offset: inside the text there, else at
// the end of the line before it, else just after the line break it follows
// (an empty line has no text to point into).
export function pointAtOffset(segments, offset, at) {
  const texts = segments.filter((segment) => segment.kind === 'text');
  const inside = texts.find((s) => offset >= s.start && offset < s.start + s.length)
    || texts.find((s) => offset === s.start + s.length);
  if (inside) return { node: inside.node, offset: nodeOffset(inside, offset) };
  const after = segments.find((s) => s.kind === 'break' && s.start + s.length === offset);
  return after ? at(after.at) : null;
}

export function textLength(segments) {
  const last = segments[segments.length - 1];
  return last ? last.start + last.length : 0;
}

// Code units that are the second half of a surrogate pair cannot start a span.
export function isInsidePair(text, offset) {
  if (offset <= 0 || offset >= text.length) return false;
  const high = text.charCodeAt(offset - 1);
  const low = text.charCodeAt(offset);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

// Where an edit happened between two versions of the text: the length of
// the part before it (`prefix`) and after it (`suffix`) that did not change.
export function editBetween(before, after) {
  const most = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < most && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix += 1;
  let suffix = 0;
  while (suffix < most - prefix
    && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix += 1;
  return { prefix, suffix, delta: after.length - before.length, before: before.length };
}

// A finding's span moved by an edit elsewhere (the officer typing before it),
// so its mark follows at once instead of vanishing until the next lint; null
// when the edit touched the span itself.
export function shiftFinding(finding, edit) {
  const { start_utf16: start, end_utf16: end } = finding;
  if (!edit || !Number.isInteger(start) || !Number.isInteger(end)) return finding;
  if (end <= edit.prefix) return finding;
  if (start >= edit.before - edit.suffix) return { ...finding, start_utf16: start + edit.delta, end_utf16: end + edit.delta };
  return null;
}

// The span's text, if the finding still describes the current text.
export function spanStillMatches(text, finding) {
  const { start_utf16: start, end_utf16: end, excerpt } = finding;
  if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start || end > text.length) return false;
  if (isInsidePair(text, start) || isInsidePair(text, end)) return false;
  return typeof excerpt !== 'string' || text.slice(start, end) === excerpt;
}
