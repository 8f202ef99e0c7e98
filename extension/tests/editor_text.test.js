import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEditable } from '../content/editor_text.js';
import { spanToBoundaries } from '../content/offsets.js';

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
];

for (const [name, host, expected] of cases) {
  test(`readEditable: ${name}`, () => {
    const { text, segments } = readEditable(host);
    assert.equal(text, expected);
    // Segments tile the text exactly: every offset belongs to one segment.
    let position = 0;
    for (const segment of segments) {
      assert.equal(segment.start, position);
      if (segment.kind === 'text') assert.equal(text.slice(segment.start, segment.start + segment.length), segment.node.data);
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

test('a custom block test is honoured (computed display in the browser)', () => {
  const host = e('DIV', [e('SPAN', [t('a')]), e('SPAN', [t('b')])]);
  assert.equal(readEditable(host, (node) => node.nodeName === 'SPAN').text, 'a\nb');
  assert.equal(readEditable(host).text, 'ab');
});
