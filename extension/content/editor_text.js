// Reads the text an officer sees in a contenteditable editor, together with
// the segments that map every UTF-16 offset back to a DOM text node. Reading
// and mapping happen in one walk, so the text sent to the API and the marks
// drawn from its offsets can never disagree.
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

function tagOf(node) {
  return String(node.nodeName || '').toUpperCase();
}

export function isBlockByTag(node) {
  return BLOCK_TAGS.has(tagOf(node));
}

function skipped(node, host) {
  if (SKIPPED_TAGS.has(tagOf(node))) return true;
  // Widgets editors embed (mentions menus, counters) are marked non-editable.
  return node !== host && node.getAttribute && node.getAttribute('contenteditable') === 'false';
}

export function readEditable(host, isBlock = isBlockByTag) {
  let text = '';
  const segments = [];
  let breakWanted = false;

  const addBreak = () => {
    segments.push({ kind: 'break', start: text.length, length: 1, node: null });
    text += '\n';
  };
  const settleBreak = () => {
    if (breakWanted && text.length > 0 && !text.endsWith('\n')) addBreak();
    breakWanted = false;
  };

  const visit = (node) => {
    if (node.nodeType === TEXT_NODE) {
      const data = node.data || '';
      if (!data) return;
      settleBreak();
      segments.push({ kind: 'text', start: text.length, length: data.length, node });
      text += data;
      return;
    }
    if (node.nodeType !== ELEMENT_NODE || skipped(node, host)) return;
    if (tagOf(node) === 'BR') {
      settleBreak();
      addBreak();
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
