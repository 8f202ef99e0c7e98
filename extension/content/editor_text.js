// Reads the text an officer sees in a contenteditable editor, together with
// the segments that map every UTF-16 offset back to a DOM text node. Reading
// and mapping happen in one walk, so the text sent to the API and the marks
// drawn from its offsets can never disagree.
//
// Editors put characters of their own into the DOM that the officer never
// typed and cannot see: CKEditor's inline filler (a run of zero-width spaces
// where the caret sits), Slate's and TinyMCE's zero-width no-break spaces in
// empty leaves and caret containers. They are left out of the text, so they
// never reach the linter, never split a name and never shift an offset; a
// text node holding one becomes two segments, each knowing where in the node
// it starts (`nodeStart`).
//
// Only nodeType, nodeName, data, childNodes and getAttribute are used, so the
// walk is tested in node with plain objects.

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN',
  'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);

const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

// Zero-width space, word joiner, zero-width no-break space (BOM). Zero-width
// joiners and non-joiners are kept: emoji sequences and scripts need them.
const FILLER = /[\u200B\u2060\uFEFF]+/g;

function tagOf(node) {
  return String(node.nodeName || '').toUpperCase();
}

export function isBlockByTag(node) {
  return BLOCK_TAGS.has(tagOf(node));
}

function skipped(node, host) {
  if (SKIPPED_TAGS.has(tagOf(node))) return true;
  if (node === host || !node.getAttribute) return false;
  // Widgets editors embed (mentions menus, counters) are marked non-editable;
  // TinyMCE marks its own helper elements (resize handles, caret boxes) "all".
  return node.getAttribute('contenteditable') === 'false' || node.getAttribute('data-mce-bogus') === 'all';
}

export function readEditable(host, isBlock = isBlockByTag) {
  let text = '';
  const segments = [];
  let breakWanted = false;

  // A break's `at` is the DOM point just after it: where the content that
  // follows starts, or just after a <br>. Carets on empty lines are put there.
  const addBreak = (at) => {
    segments.push({ kind: 'break', start: text.length, length: 1, node: null, at });
    text += '\n';
  };
  const settleBreak = (at) => {
    if (breakWanted && text.length > 0 && !text.endsWith('\n')) addBreak(at);
    breakWanted = false;
  };

  const visit = (node) => {
    if (node.nodeType === TEXT_NODE) {
      const data = node.data || '';
      let from = 0;
      const addRun = (to) => {
        if (to <= from) return;
        settleBreak({ node, offset: from });
        segments.push({ kind: 'text', start: text.length, length: to - from, node, nodeStart: from });
        text += data.slice(from, to);
      };
      for (const filler of data.matchAll(FILLER)) {
        addRun(filler.index);
        from = filler.index + filler[0].length;
      }
      addRun(data.length);
      return;
    }
    if (node.nodeType !== ELEMENT_NODE || skipped(node, host)) return;
    if (tagOf(node) === 'BR') {
      settleBreak({ node, side: 'before' });
      addBreak({ node, side: 'after' });
      return;
    }
    const block = node !== host && isBlock(node);
    if (block) breakWanted = true;
    for (const child of node.childNodes || []) visit(child);
    if (block) breakWanted = true;
  };

  visit(host);
  return { text, segments };
}
