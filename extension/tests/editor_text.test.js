import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEditable } from '../content/editor_text.js';
import { offsetOfPoint, pointAtOffset, spanToBoundaries } from '../content/offsets.js';

// Minimal stand-ins for DOM nodes: the walker only reads these properties.
const t = (data) => ({ nodeType: 3, nodeName: '#text', data });
const e = (tag, children = [], attrs = {}) => ({
  nodeType: 1, nodeName: tag, childNodes: children, getAttribute: (name) => (name in attrs ? attrs[name] : null),
});

const cases = [
  ['plain text', e('DIV', [t('Hello '), t('world')]), 'Hello world'],
  ['Chrome lines', e('DIV', [t('line1'), e('DIV', [t('line2')])]), 'line1\nline2'],
  ['blank line', e('DIV', [t('a'), e('DIV', [e('BR')]), e('DIV', [t('b')])]), 'a\n\nb'],
  ['paragraphs', e('DIV', [e('P', [t('one')]), e('P', [t('two')])]), 'one\ntwo'],
  ['draft.js blocks', e('DIV', [e('DIV', [e('DIV', [e('SPAN', [e('SPAN', [t('first')])])])]),
    e('DIV', [e('DIV', [e('SPAN', [e('BR')])])]), e('DIV', [e('DIV', [e('SPAN', [e('SPAN', [t('third')])])])])]),
  'first\n\nthird'],
  ['inline formatting', e('DIV', [t('Callum '), e('B', [t('Pex')]), t('ton')]), 'Callum Pexton'],
  ['non-editable widget skipped', e('DIV', [t('Hi '), e('SPAN', [t('@menu')], { contenteditable: 'false' }), t('there')]), 'Hi there'],
  ['script and style skipped', e('DIV', [e('STYLE', [t('.x{}')]), t('text'), e('SCRIPT', [t('1')])]), 'text'],
  ['emoji kept as UTF-16', e('DIV', [t('👮‍♀️ '), e('SPAN', [t('Callum')])]), '👮‍♀️ Callum'],
  ['br inside a line', e('DIV', [t('a'), e('BR'), t('b')]), 'a\nb'],
  ['empty editor', e('DIV', []), ''],
  ['CKEditor inline filler', e('DIV', [e('P', [t('\u200B'.repeat(7) + 'Callum'), t(' Pexton')])]), 'Callum Pexton'],
  ['Slate empty line', e('DIV', [e('DIV', [t('a')]), e('DIV', [e('SPAN', [t('\uFEFF'), e('BR')], { 'data-slate-zero-width': 'n' })]),
    e('DIV', [t('b')])]), 'a\n\nb'],
  ['filler inside a word', e('DIV', [t('Cal\uFEFFlum\u2060 Pex\u200Bton')]), 'Callum Pexton'],
  ['only filler', e('DIV', [e('P', [t('\uFEFF')])]), ''],
  ['joiners in emoji kept', e('DIV', [t('👮\u200D♀️ \u200Chi')]), '👮\u200D♀️ \u200Chi'],
  ['TinyMCE helpers skipped', e('BODY', [e('P', [t('Hi')]), e('DIV', [t('resize')], { 'data-mce-bogus': 'all' })]), 'Hi'],
];

for (const [name, host, expected] of cases) {
  test(`readEditable: ${name}`, () => {
    const { text, segments } = readEditable(host);
    assert.equal(text, expected);
    // Segments tile the text exactly: every offset belongs to one segment.
    let position = 0;
    for (const segment of segments) {
      assert.equal(segment.start, position);
      if (segment.kind === 'text') {
        const from = segment.nodeStart || 0;
        assert.equal(text.slice(segment.start, segment.start + segment.length), segment.node.data.slice(from, from + segment.length));
      }
      else assert.equal(text[segment.start], '\n');
      position += segment.length;
    }
    assert.equal(position, text.length);
  });
}

test('a span across inline formatting maps into the right nodes', () => {
  const pex = t('Pex');
  const ton = t('ton, 31');
  const callum = t('Arrested Callum ');
  const host = e('DIV', [callum, e('B', [pex]), ton]);
  const { text, segments } = readEditable(host);
  const start = text.indexOf('Callum');
  const ends = spanToBoundaries(segments, start, start + 'Callum Pexton'.length);
  assert.deepEqual(ends, { start: { node: callum, offset: 9 }, end: { node: ton, offset: 3 } });
});

test('a span after an invisible filler maps past it inside the same node', () => {
  const node = t('\u200B\u200BCallum\uFEFF Pexton');
  const { text, segments } = readEditable(e('DIV', [node]));
  assert.equal(text, 'Callum Pexton');
  assert.deepEqual(spanToBoundaries(segments, 0, text.length), { start: { node, offset: 2 }, end: { node, offset: 16 } });
  assert.deepEqual(spanToBoundaries(segments, 7, 13), { start: { node, offset: 10 }, end: { node, offset: 16 } });
});

test('a custom block test is honoured (computed display in the browser)', () => {
  const host = e('DIV', [e('SPAN', [t('a')]), e('SPAN', [t('b')])]);
  assert.equal(readEditable(host, (node) => node.nodeName === 'SPAN').text, 'a\nb');
  assert.equal(readEditable(host).text, 'ab');
});

// Document order for the plain-object trees below: a point is [node, offset],
// compared by the path of child indexes from the host (text offsets last).
function orderOf(host) {
  const paths = new Map();
  const walk = (node, path) => {
    paths.set(node, path);
    (node.childNodes || []).forEach((child, i) => walk(child, [...path, i]));
  };
  walk(host, []);
  const key = (node, offset) => (node.nodeType === 3 ? [...paths.get(node), -1, offset] : [...paths.get(node), offset]);
  const compare = (a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  };
  return { key, compare };
}

test('a caret saved as a text offset is put back on the same spot, blank lines and fillers included', () => {
  const a = t('\u200B\u200BFirst');
  const br = e('BR');
  const b = t('Third');
  const p2 = e('P', [br]);
  const host = e('DIV', [e('P', [a]), p2, e('P', [b])]);
  for (const child of host.childNodes) for (const node of child.childNodes) node.parentNode = child;
  br.parentNode = p2;
  const { text, segments } = readEditable(host);
  assert.equal(text, 'First\n\nThird');
  const { key, compare } = orderOf(host);
  const at = (point) => {
    if (point.side === undefined) return { node: point.node, offset: point.offset };
    const index = point.node.parentNode.childNodes.indexOf(point.node);
    return { node: point.node.parentNode, offset: point.side === 'after' ? index + 1 : index };
  };
  const offsetOf = (node, offset) => offsetOfPoint(segments, node, offset,
    (n, o) => compare(key(n, o), key(node, offset)) > 0, at);
  const cases = [
    // DOM point, text offset
    [[a, 0], 0], [[a, 2], 0], [[a, 4], 2], [[a, 7], 5], [[p2, 0], 6], [[b, 0], 7], [[b, 5], 12],
  ];
  for (const [[node, offset], expected] of cases) assert.equal(offsetOf(node, offset), expected, `${offset}`);
  assert.deepEqual(pointAtOffset(segments, 0, at), { node: a, offset: 2 });
  assert.deepEqual(pointAtOffset(segments, 5, at), { node: a, offset: 7 });
  assert.deepEqual(pointAtOffset(segments, 6, at), { node: p2, offset: 0 });
  assert.deepEqual(pointAtOffset(segments, 7, at), { node: b, offset: 0 });
  assert.deepEqual(pointAtOffset(segments, 12, at), { node: b, offset: 5 });
});
