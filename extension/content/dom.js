// Builds overlay elements with textContent and properties only: nothing the
// API or the page supplies is ever parsed as HTML.

export function make(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = String(options.text);
  for (const [name, value] of Object.entries(options.attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  for (const [name, handler] of Object.entries(options.on || {})) node.addEventListener(name, handler);
  for (const child of children) if (child) node.append(child);
  return node;
}

export function place(node, left, top, width, height) {
  node.style.left = `${left}px`;
  node.style.top = `${top}px`;
  if (width !== undefined) node.style.width = `${width}px`;
  if (height !== undefined) node.style.height = `${height}px`;
}

// The part of an element the officer can actually see: its padding box cut
// by every scrolling or clipping ancestor and by the viewport, and, in a
// frame, by whatever clips that frame on the page embedding it.
export function visibleBox(element) {
  const view = element.ownerDocument.defaultView;
  const r = element.getBoundingClientRect();
  const style = view.getComputedStyle(element);
  // Under CSS zoom, client sizes and computed borders are in the element's
  // own (unzoomed) pixels while its bounding rect is in the viewport's.
  const zoom = element.currentCSSZoom || 1;
  const borderLeft = parseFloat(style.borderLeftWidth) * zoom;
  const borderTop = parseFloat(style.borderTopWidth) * zoom;
  let box = {
    left: r.left + borderLeft,
    top: r.top + borderTop,
    right: r.left + borderLeft + element.clientWidth * zoom,
    bottom: r.top + borderTop + element.clientHeight * zoom,
  };
  if (element.clientWidth === 0 && element.clientHeight === 0) {
    box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }
  for (let parent = element.parentElement; parent && box; parent = parent.parentElement) {
    const overflow = view.getComputedStyle(parent);
    if (overflow.overflowX === 'visible' && overflow.overflowY === 'visible') continue;
    const p = parent.getBoundingClientRect();
    box = clip(box, { left: p.left, top: p.top, right: p.right, bottom: p.bottom });
  }
  return box && clip(box, shownViewport(view));
}

// A window's viewport, less what the page around its frame hides (a frame
// scrolled half out of its container), in the window's own pixels. A frame
// from another origin cannot see its embedder, so it counts as fully shown.
function shownViewport(view) {
  const whole = { left: 0, top: 0, right: view.innerWidth, bottom: view.innerHeight };
  let frame = null;
  try {
    frame = view.frameElement;
  } catch {
    frame = null;
  }
  if (!frame) return whole;
  const outer = visibleBox(frame);
  if (!outer) return { left: 0, top: 0, right: 0, bottom: 0 };
  const at = frame.getBoundingClientRect();
  const dx = at.left + frame.clientLeft;
  const dy = at.top + frame.clientTop;
  const shown = clip(whole, { left: outer.left - dx, top: outer.top - dy, right: outer.right - dx, bottom: outer.bottom - dy });
  return shown || { left: 0, top: 0, right: 0, bottom: 0 };
}

function clip(a, b) {
  const r = { left: Math.max(a.left, b.left), top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) };
  return r.right > r.left && r.bottom > r.top ? r : null;
}
