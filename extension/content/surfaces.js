// How each kind of editor gives up its text and where a span of it is drawn.
// Neither surface writes to the editor except `replace`, which only runs when
// the officer clicks "Apply".

import { readEditable } from './editor_text.js';
import { nodeOffset, offsetOfPoint, pointAtOffset, spanToBoundaries } from './offsets.js';
import { fromDomRect, mergeLineRects } from './geometry.js';

const MIRRORED_STYLES = [
  'direction', 'fontFamily', 'fontSize', 'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch',
  'fontFeatureSettings', 'fontKerning', 'fontVariantLigatures', 'lineHeight', 'letterSpacing', 'wordSpacing',
  'textTransform', 'textIndent', 'textAlign', 'tabSize', 'textRendering', 'wordBreak', 'overflowWrap',
  'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
  'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth',
];

// textarea and text inputs: their text cannot be addressed by a Range, so a
// hidden copy with the same box and font is laid over them and measured.
export class TextFieldSurface {
  constructor(field, mirrorParent) {
    this.field = field;
    this.kind = field instanceof HTMLTextAreaElement ? 'textarea' : 'input';
    this.mirror = document.createElement('div');
    this.mirror.className = 'mirror';
    this.mirror.setAttribute('aria-hidden', 'true');
    this.textNode = document.createTextNode('');
    this.tail = document.createTextNode('');
    this.mirror.append(this.textNode, this.tail);
    mirrorParent.append(this.mirror);
  }

  read() {
    return { text: this.field.value };
  }

  syncMirror() {
    const field = this.field;
    const style = getComputedStyle(field);
    const mirrorStyle = this.mirror.style;
    for (const name of MIRRORED_STYLES) mirrorStyle[name] = style[name];
    const box = field.getBoundingClientRect();
    const borders = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
    const scrollbar = Math.max(0, field.offsetWidth - field.clientWidth - borders);
    // The copy takes the field's CSS zoom, so its text wraps and measures the
    // same; its place (viewport pixels) is then given in zoomed units.
    const zoom = field.currentCSSZoom || 1;
    mirrorStyle.zoom = String(zoom);
    mirrorStyle.boxSizing = 'border-box';
    mirrorStyle.left = `${box.left / zoom}px`;
    mirrorStyle.top = `${box.top / zoom}px`;
    mirrorStyle.width = `${box.width / zoom}px`;
    mirrorStyle.height = `${box.height / zoom}px`;
    mirrorStyle.paddingRight = `${parseFloat(style.paddingRight) + scrollbar}px`;
    if (this.kind === 'textarea') {
      mirrorStyle.whiteSpace = 'pre-wrap';
    } else {
      // A one-line input centres its text vertically in the content box.
      const content = field.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      mirrorStyle.whiteSpace = 'pre';
      mirrorStyle.lineHeight = `${content}px`;
    }
    const value = field.value;
    if (this.textNode.data !== value) this.textNode.data = value;
    // A trailing newline only makes a line once something follows it.
    this.tail.data = value.endsWith('\n') ? ' ' : '';
    this.mirror.scrollTop = field.scrollTop;
    this.mirror.scrollLeft = field.scrollLeft;
  }

  rectsFor(start, end) {
    if (end > this.textNode.data.length) return [];
    const range = document.createRange();
    range.setStart(this.textNode, start);
    range.setEnd(this.textNode, end);
    return mergeLineRects(Array.from(range.getClientRects(), fromDomRect));
  }

  prepare() {
    this.syncMirror();
  }

  // A text field keeps its own selection while it is not focused.
  saveCaret() {
    return null;
  }

  restoreCaret() {}

  replace(start, end, replacement) {
    const field = this.field;
    field.focus();
    field.setSelectionRange(start, end);
    // insertText keeps the page's undo history and fires the events its own
    // framework listens for; setRangeText is the fallback.
    if (!document.execCommand('insertText', false, replacement)) {
      field.setRangeText(replacement, start, end, 'end');
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: replacement }));
    }
  }

  dispose() {
    this.mirror.remove();
  }
}

// contenteditable editors: Ranges over the live text nodes, re-read on each
// draw because framework editors replace those nodes on every keystroke.
export class EditableSurface {
  constructor(host) {
    this.field = host;
    this.kind = 'contenteditable';
    this.snapshot = { text: '', segments: [] };
  }

  read() {
    this.snapshot = readEditable(this.field, isBlockElement);
    return { text: this.snapshot.text };
  }

  prepare() {
    this.read();
  }

  rangeFor(start, end) {
    const ends = spanToBoundaries(this.snapshot.segments, start, end);
    if (!ends) return null;
    const range = document.createRange();
    range.setStart(ends.start.node, ends.start.offset);
    range.setEnd(ends.end.node, ends.end.offset);
    return range;
  }

  // Measured per text node: a Range that spans whole elements would also
  // report their boxes, which for a block is the full editor width.
  rectsFor(start, end) {
    const rects = [];
    for (const segment of this.snapshot.segments) {
      const from = Math.max(start, segment.start);
      const to = Math.min(end, segment.start + segment.length);
      if (segment.kind !== 'text' || to <= from) continue;
      const range = document.createRange();
      range.setStart(segment.node, nodeOffset(segment, from));
      range.setEnd(segment.node, nodeOffset(segment, to));
      rects.push(...Array.from(range.getClientRects(), fromDomRect));
    }
    return mergeLineRects(rects);
  }

  // Where the officer's caret (or selection) is, if it is in this editor, as
  // offsets in the text postlint reads: editors re-render their nodes and
  // drop their invisible fillers when focus leaves, so DOM points go stale.
  saveCaret() {
    const selection = this.field.ownerDocument.getSelection();
    if (!selection || !selection.rangeCount) return null;
    const { anchorNode, anchorOffset, focusNode, focusOffset } = selection;
    if (!this.field.contains(anchorNode) || !this.field.contains(focusNode)) return null;
    this.read();
    const { segments } = this.snapshot;
    const offsetOf = (node, offset) => {
      const caret = this.field.ownerDocument.createRange();
      caret.setStart(node, offset);
      return offsetOfPoint(segments, node, offset, (n, o) => caret.comparePoint(n, o) > 0, domPoint);
    };
    return { anchor: offsetOf(anchorNode, anchorOffset), focus: offsetOf(focusNode, focusOffset) };
  }

  // Puts the caret back exactly where it was. Setting the DOM selection is
  // what every framework editor listens to (selectionchange), so its model
  // follows; a bare focus() would leave it at the start of the post.
  restoreCaret(caret) {
    if (!caret) return;
    this.read();
    const { segments } = this.snapshot;
    const anchor = pointAtOffset(segments, caret.anchor, domPoint);
    const focus = pointAtOffset(segments, caret.focus, domPoint);
    if (!anchor || !focus) return;
    const selection = this.field.ownerDocument.getSelection();
    const same = selection.anchorNode === anchor.node && selection.anchorOffset === anchor.offset
      && selection.focusNode === focus.node && selection.focusOffset === focus.offset;
    if (!same) selection.setBaseAndExtent(anchor.node, anchor.offset, focus.node, focus.offset);
  }

  replace(start, end, replacement) {
    const range = this.rangeFor(start, end);
    if (!range) return;
    this.field.focus();
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand('insertText', false, replacement);
  }

  dispose() {}
}

// A break's `at` (see editor_text.js) as a DOM point.
function domPoint(at) {
  if (!at || !at.node || !at.node.isConnected) return null;
  if (at.side === undefined) return { node: at.node, offset: at.offset };
  const parent = at.node.parentNode;
  const index = Array.prototype.indexOf.call(parent.childNodes, at.node);
  return { node: parent, offset: at.side === 'after' ? index + 1 : index };
}

function isBlockElement(node) {
  const display = getComputedStyle(node).display;
  return display === 'block' || display === 'list-item' || display === 'flex' || display === 'grid'
    || display === 'table' || display === 'flow-root' || display === 'table-row';
}

const TEXT_INPUT_TYPES = new Set(['text', '']);

// The editor an event happened in, or null for fields postlint leaves alone
// (search boxes, log-in fields, read-only fields).
export function editorOf(target) {
  if (!(target instanceof Element)) return null;
  if (target instanceof HTMLTextAreaElement) return target.readOnly || target.disabled ? null : target;
  if (target instanceof HTMLInputElement) {
    if (!TEXT_INPUT_TYPES.has(target.getAttribute('type') || '') || target.readOnly || target.disabled) return null;
    const role = target.getAttribute('role');
    const autocomplete = (target.getAttribute('autocomplete') || '').toLowerCase();
    if (role === 'combobox' || role === 'searchbox' || /user|email|name|tel|one-time/.test(autocomplete)) return null;
    return target;
  }
  if (!target.isContentEditable) return null;
  let host = target;
  while (host.parentElement && host.parentElement.isContentEditable) host = host.parentElement;
  return host;
}

export function surfaceFor(editor, mirrorParent) {
  return editor.isContentEditable ? new EditableSurface(editor) : new TextFieldSurface(editor, mirrorParent);
}
