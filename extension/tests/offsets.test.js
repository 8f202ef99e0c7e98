import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editBetween, locate, shiftFinding, spanToBoundaries, spanStillMatches, isInsidePair, textLength } from '../content/offsets.js';

// "Hi " + <br> + "👮 Callum" as segments: text(0,3) break(3,1) text(4,9)
const A = { name: 'A' };
const B = { name: 'B' };
const segments = [
  { kind: 'text', start: 0, length: 3, node: A },
  { kind: 'break', start: 3, length: 1, node: null },
  { kind: 'text', start: 4, length: 9, node: B },
];

test('locate maps offsets to nodes, preferring the side the span lies on', () => {
  const cases = [
    // offset, isEnd, node, offset
    [0, false, A, 0],
    [2, false, A, 2],
    [3, true, A, 3],      // end of first text node
    [3, false, B, 0],     // a start on the break snaps forward to the next text
    [4, false, B, 0],
    [4, true, A, 3],      // an end right after the break snaps back
    [6, false, B, 2],     // after the two-unit emoji
    [13, true, B, 9],
  ];
  for (const [offset, isEnd, node, inner] of cases) {
    assert.deepEqual(locate(segments, offset, isEnd), { node, offset: inner }, `offset ${offset} isEnd ${isEnd}`);
  }
});

test('locate at a seam between two text nodes picks the earlier for an end and the later for a start', () => {
  const seam = [
    { kind: 'text', start: 0, length: 4, node: A },
    { kind: 'text', start: 4, length: 4, node: B },
  ];
  assert.deepEqual(locate(seam, 4, false), { node: B, offset: 0 });
  assert.deepEqual(locate(seam, 4, true), { node: A, offset: 4 });
});

test('spanToBoundaries refuses empty, reversed and out-of-range spans', () => {
  assert.equal(textLength(segments), 13);
  assert.equal(spanToBoundaries(segments, 5, 5), null);
  assert.equal(spanToBoundaries(segments, 6, 5), null);
  assert.equal(spanToBoundaries(segments, -1, 2), null);
  assert.equal(spanToBoundaries(segments, 10, 14), null);
  assert.equal(spanToBoundaries(segments, 1.5, 3), null);
  assert.equal(spanToBoundaries([], 0, 1), null);
  assert.deepEqual(spanToBoundaries(segments, 7, 13), { start: { node: B, offset: 3 }, end: { node: B, offset: 9 } });
  assert.deepEqual(spanToBoundaries(segments, 1, 6), { start: { node: A, offset: 1 }, end: { node: B, offset: 2 } });
});

test('spanStillMatches checks UTF-16 offsets against the excerpt after emoji', () => {
  const text = '👮‍♀️ Officers arrested Callum Pexton, 31.';
  const start = text.indexOf('Callum');
  const finding = { start_utf16: start, end_utf16: start + 13, excerpt: 'Callum Pexton' };
  assert.equal(spanStillMatches(text, finding), true);
  assert.equal(spanStillMatches(text.replace('Callum', 'Calum'), finding), false);
  assert.equal(spanStillMatches(text.slice(0, start + 5), finding), false);
  assert.equal(spanStillMatches(text, { ...finding, excerpt: undefined }), true);
  assert.equal(spanStillMatches(text, { start_utf16: null, end_utf16: null, excerpt: '' }), false);
});

test('isInsidePair spots offsets that split a surrogate pair', () => {
  const text = 'a👮b';
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => isInsidePair(text, i)), [false, false, true, false, false]);
  assert.equal(spanStillMatches(text, { start_utf16: 2, end_utf16: 4 }), false);
});

test('a mark follows an edit before it, stays for one after it, and goes with an edit inside it', () => {
  const before = 'Officers arrested Callum Pexton today.';
  const finding = { start_utf16: 18, end_utf16: 31, excerpt: 'Callum Pexton' };
  const cases = [
    ['typed before', 'Update: Officers arrested Callum Pexton today.', 26],
    ['deleted before', 'Officers arrested Callum Pexton today.'.replace('Officers ', ''), 9],
    ['typed after', 'Officers arrested Callum Pexton today, 31.', 18],
    ['unchanged', before, 18],
    ['typed inside', 'Officers arrested Callum J Pexton today.', null],
  ];
  for (const [name, after, start] of cases) {
    const moved = shiftFinding(finding, editBetween(before, after));
    if (start === null) assert.equal(moved, null, name);
    else {
      assert.equal(moved.start_utf16, start, name);
      assert.ok(spanStillMatches(after, moved), name);
    }
  }
  assert.equal(shiftFinding(finding, null), finding);
  // A repeated character at the seam is not mistaken for the edit.
  assert.deepEqual(editBetween('aa', 'aaa'), { prefix: 2, suffix: 0, delta: 1, before: 2 });
});
