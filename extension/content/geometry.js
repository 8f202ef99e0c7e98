// Rectangle arithmetic for marks, the badge and cards. Rects are plain
// {left, top, right, bottom} objects in viewport pixels, so this module has no
// DOM and is table-tested in node.

const SAME_LINE_SLOP = 2;

export function rect(left, top, right, bottom) {
  return { left, top, right, bottom };
}

export function fromDomRect(domRect) {
  return rect(domRect.left, domRect.top, domRect.right, domRect.bottom);
}

export function width(r) { return r.right - r.left; }
export function height(r) { return r.bottom - r.top; }

// Range.getClientRects() gives one box per text node piece and sometimes an
// empty box at a line end; a mark wants one box per visual line.
export function mergeLineRects(rects) {
  const boxes = rects
    .filter((r) => width(r) > 0.5 && height(r) > 0.5)
    .map((r) => ({ ...r }))
    .sort((a, b) => (a.top - b.top) || (a.left - b.left));
  const merged = [];
  for (const box of boxes) {
    const last = merged[merged.length - 1];
    const sameLine = last
      && Math.abs(last.top - box.top) <= SAME_LINE_SLOP
      && Math.abs(last.bottom - box.bottom) <= SAME_LINE_SLOP;
    if (sameLine && box.left <= last.right + SAME_LINE_SLOP) {
      last.right = Math.max(last.right, box.right);
      last.top = Math.min(last.top, box.top);
      last.bottom = Math.max(last.bottom, box.bottom);
    } else {
      merged.push(box);
    }
  }
  return merged;
}

export function intersect(a, b) {
  const r = rect(Math.max(a.left, b.left), Math.max(a.top, b.top),
    Math.min(a.right, b.right), Math.min(a.bottom, b.bottom));
  return width(r) > 0 && height(r) > 0 ? r : null;
}

// Only the parts of a mark inside the editor's visible box are drawn.
export function clipRects(rects, box) {
  return rects.map((r) => intersect(r, box)).filter(Boolean);
}

export function translate(r, dx, dy) {
  return rect(r.left + dx, r.top + dy, r.right + dx, r.bottom + dy);
}

export function containsPoint(rects, x, y, slop = 0) {
  return rects.some((r) => x >= r.left - slop && x <= r.right + slop
    && y >= r.top - slop && y <= r.bottom + slop);
}

export function boundingBox(rects) {
  if (!rects.length) return null;
  return rect(Math.min(...rects.map((r) => r.left)), Math.min(...rects.map((r) => r.top)),
    Math.max(...rects.map((r) => r.right)), Math.max(...rects.map((r) => r.bottom)));
}

const EDGE = 4;

function onScreenLeft(left, size, viewport) {
  return Math.min(Math.max(EDGE, left), Math.max(0, viewport.width - size.width - EDGE));
}

// A card goes below its anchor, or above when there is no room, and never
// off the sides of the viewport.
export function placeCard(anchor, size, viewport, gap = 6) {
  const below = anchor.bottom + gap;
  const above = anchor.top - gap - size.height;
  let top = below;
  if (below + size.height > viewport.height) {
    // No room either side (a small frame): as low as it fits on screen.
    top = above >= 0 ? above : Math.min(below, viewport.height - size.height);
  }
  return { left: onScreenLeft(anchor.left, size, viewport), top: Math.max(0, top) };
}

// A hover card must leave `avoid` (the badge) in view, since the officer reads
// the card against the verdict the badge shows, yet stay where the pointer can
// cross from the mark onto it. So the card keeps to a line of its mark: it
// slides sideways while still overlapping that line's width, or flips to the
// line's other side, and tries the mark's later lines before giving up.
export function placeCardClearOf(lines, size, viewport, avoid, gap = 6) {
  const clear = (spot) => !intersect(rect(spot.left, spot.top, spot.left + size.width, spot.top + size.height), avoid);
  const fits = (spot) => spot.top >= 0 && spot.top + size.height <= viewport.height;
  for (const line of lines) {
    const usual = placeCard(line, size, viewport, gap);
    const otherTop = usual.top > line.top ? line.top - gap - size.height : line.bottom + gap;
    const candidates = [
      usual,
      { left: onScreenLeft(avoid.left - gap - size.width, size, viewport), top: usual.top },
      { left: onScreenLeft(avoid.right + gap, size, viewport), top: usual.top },
      ...(fits({ top: otherTop }) ? [{ left: usual.left, top: otherTop }] : []),
    ];
    const beside = (spot) => spot.left < line.right && spot.left + size.width > line.left;
    const spot = candidates.find((s) => clear(s) && beside(s));
    if (spot) return spot;
  }
  return placeCard(lines[0], size, viewport, gap);
}

// The badge sits just under the visible part of the editor, by its right
// corner; where that would cover one of the composer's own controls (the Post
// button is usually there), by its left corner; then inside the editor's
// bottom corner, then above it. `isClear(rect)` says whether a spot covers
// nothing the officer needs; a spot must fit the viewport's height.
export function placeBadge(editor, size, viewport, isClear = () => true, gap = 4) {
  const right = editor.right - size.width;
  const spots = [
    { left: right, top: editor.bottom + gap },
    { left: editor.left, top: editor.bottom + gap },
    { left: right - gap, top: editor.bottom - size.height - gap },
    { left: right, top: editor.top - size.height - gap },
  ].map((spot) => ({ left: Math.min(Math.max(0, spot.left), Math.max(0, viewport.width - size.width)), top: spot.top }))
    .filter((spot) => spot.top >= 0 && spot.top + size.height <= viewport.height);
  const clear = spots.find((spot) => isClear(rect(spot.left, spot.top, spot.left + size.width, spot.top + size.height)));
  return clear || spots[0] || { left: Math.max(0, right), top: Math.max(0, Math.min(editor.bottom + gap, viewport.height - size.height)) };
}
