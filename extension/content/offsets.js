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
    if (inside) return { node: segment.node, offset: offset - segment.start };
  }
  // The offset sits on a synthesised line break (or at an edge): snap to the
  // nearest real text on the side the span lies.
  if (!isEnd) {
    const next = texts.find((segment) => segment.start >= offset);
    if (next) return { node: next.node, offset: 0 };
  }
  const previous = texts.filter((segment) => segment.start + segment.length <= offset).pop();
  if (previous) return { node: previous.node, offset: previous.length };
  return null;
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

// The span's text, if the finding still describes the current text.
export function spanStillMatches(text, finding) {
  const { start_utf16: start, end_utf16: end, excerpt } = finding;
  if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start || end > text.length) return false;
  if (isInsidePair(text, start) || isInsidePair(text, end)) return false;
  return typeof excerpt !== 'string' || text.slice(start, end) === excerpt;
}
