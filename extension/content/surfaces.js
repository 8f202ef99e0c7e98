// How each kind of editor gives up its text and where a span of it is drawn.
// Neither surface changes the editor's text except `replace`, which only runs
// when the officer clicks Apply, and then goes through the editor's own input
// path.

import { readEditable } from './editor_text.js';
import { isInsidePair, nodeOffset, offsetOfPoint, pointAtOffset, spanToBoundaries } from './offsets.js';
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

  // Selects the span and types over it: execCommand's insertText is the
  // browser's own typing, so the field's undo history keeps it as one step and
  // a framework's controlled field (React) hears the input event it listens for.
  async replace(start, end, replacement) {
    const field = this.field;
    if (!field.matches(':focus')) field.focus({ preventScroll: true });
    field.setSelectionRange(start, end);
    return field.ownerDocument.execCommand('insertText', false, replacement);
  }

  async placeCaret(offset) {
    this.field.setSelectionRange(offset, offset);
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

  // Selects the span, then types the replacement over it the way the editor
  // expects typing to arrive, never by writing its DOM. Editors that handle
  // input themselves (Slate, CKEditor) take a beforeinput event and cancel it;
  // the rest are given the browser's own insertText, whose DOM change they read
  // back (ProseMirror, Quill, Draft.js) or whose beforeinput they handle
  // (Lexical). TinyMCE is given a paste (see pastesRewrites). Each step waits
  // for the editor to catch up: selectionchange and their own re-rendering
  // arrive a task later.
  async replace(start, end, replacement) {
    this.read();
    const pasted = pastesRewrites(this.field);
    if (pasted && !replacement) [start, end, replacement] = this.widenRemoval(start, end);
    const range = this.rangeFor(start, end) || this.caretRange(start);
    if (!range) return false;
    const doc = this.field.ownerDocument;
    if (!this.field.matches(':focus')) this.field.focus({ preventScroll: true });
    doc.getSelection().setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    await settle(doc.defaultView);
    const selection = doc.getSelection();
    if (!selection.rangeCount) return false;
    if (pasted && replacement) {
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/plain', replacement);
      this.field.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true, composed: true }));
    } else {
      const target = new StaticRange(selection.getRangeAt(0));
      const typed = new InputEvent('beforeinput', { inputType: replacement ? 'insertText' : 'deleteContentBackward',
        data: replacement || null, bubbles: true, cancelable: true, composed: true, targetRanges: [target] });
      this.field.dispatchEvent(typed);
      if (!typed.defaultPrevented) doc.execCommand('insertText', false, replacement);
    }
    await settle(doc.defaultView);
    return true;
  }

  // TinyMCE ignores an empty paste, so a removal takes the character after it
  // (or before it, at the end of a line) and pastes that character back.
  widenRemoval(start, end) {
    const { text } = this.snapshot;
    if (end < text.length && text[end] !== '\n') {
      const next = String.fromCodePoint(text.codePointAt(end));
      return [start, end + next.length, next];
    }
    if (start > 0 && text[start - 1] !== '\n') {
      const from = isInsidePair(text, start - 1) ? start - 2 : start - 1;
      return [from, end, text.slice(from, start)];
    }
    return [start, end, ''];
  }

  // An empty span (an insertion) has no text to select: the caret point there.
  caretRange(offset) {
    const point = pointAtOffset(this.snapshot.segments, offset, domPoint);
    if (!point) return null;
    const range = this.field.ownerDocument.createRange();
    range.setStart(point.node, point.offset);
    return range;
  }

  // Editors take the DOM selection into their model on selectionchange, a task later.
  async placeCaret(offset) {
    this.restoreCaret({ anchor: offset, focus: offset });
    await settle(this.field.ownerDocument.defaultView);
  }

  dispose() {}
}

// TinyMCE keeps undo levels of its own and marks one only at the end of a
// spell of typing or around a change it makes itself, such as a paste: text
// typed into it is pasted, or the draft typed just before would be taken back
// with the rewrite by the same Ctrl+Z.
function pastesRewrites(editor) {
  return editor.classList.contains('mce-content-body');
}

// A frame and a task: long enough for selectionchange to reach the editor and
// for a framework editor to re-render after an edit.
function settle(view) {
  return new Promise((resolve) => view.requestAnimationFrame(() => view.setTimeout(resolve, 0)));
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
