import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_EDITS, REFUSAL, planRewrite } from '../content/rewrite.js';

const edit = (start, end, replacement) => ({ start: 0, end: 0, start_utf16: start, end_utf16: end, replacement });
const apply = (text, plan) => plan.insertions.reduce((t, i) => t.slice(0, i.start) + i.replacement + t.slice(i.end), text);

// "🚔 " is three UTF-16 units; the name starts at 3.
const ONE_LINE = '🚔 Callum Pexton was arrested. Pexton remains in custody.';
const NAME = [3, 16];
const SURNAME = [31, 37];
const TWO_LINES = 'Callum Pexton was arrested.\nPexton remains in custody.';

test('edits on one line become one insertion, from the first edit to the last', () => {
  const plan = planRewrite({ text: ONE_LINE, linted: ONE_LINE,
    edits: [edit(...SURNAME, 'The man'), edit(...NAME, 'A man')] });
  assert.equal(plan.insertions.length, 1);
  assert.deepEqual(plan.insertions[0], { start: 3, end: 37, replacement: 'A man was arrested. The man' });
  assert.equal(plan.expected, '🚔 A man was arrested. The man remains in custody.');
  assert.equal(apply(ONE_LINE, plan), plan.expected);
});

test('edits on different lines stay apart in a rich editor, end first, and join in a text field', () => {
  const edits = [edit(0, 13, 'A man'), edit(28, 34, 'The man')];
  const rich = planRewrite({ text: TWO_LINES, linted: TWO_LINES, edits });
  assert.deepEqual(rich.insertions.map((i) => i.start), [28, 0], 'the later line first, so earlier offsets hold');
  assert.ok(rich.insertions.every((i) => !i.replacement.includes('\n')));
  assert.equal(apply(TWO_LINES, rich), 'A man was arrested.\nThe man remains in custody.');
  const field = planRewrite({ text: TWO_LINES, linted: TWO_LINES, edits, multiline: true });
  assert.equal(field.insertions.length, 1);
  assert.equal(apply(TWO_LINES, field), rich.expected);
});

test('the caret lands after the rewrite of the span the officer clicked', () => {
  const edits = [edit(...NAME, 'A man'), edit(...SURNAME, 'The man')];
  const cases = [
    [{ start_utf16: 3, end_utf16: 16 }, 3 + 'A man'.length],
    [{ start_utf16: 31, end_utf16: 37 }, 31 - 8 + 'The man'.length],  // "Callum Pexton" to "A man" is 8 shorter
    [null, 3 + 'A man'.length],
  ];
  for (const [focus, caret] of cases) {
    const plan = planRewrite({ text: ONE_LINE, linted: ONE_LINE, edits, focus });
    assert.equal(plan.caret, caret, JSON.stringify(focus));
    assert.equal(plan.expected.slice(0, caret).endsWith(focus && focus.start_utf16 === 31 ? 'The man' : 'A man'), true);
  }
});

test('typing elsewhere since the lint moves the edits after it; typing in their words is refused', () => {
  const edits = [edit(...NAME, 'A man'), edit(...SURNAME, 'The man')];
  const typedBefore = `Update: ${ONE_LINE} Thanks.`;  // before and after both edits: two places, one span between
  assert.deepEqual(planRewrite({ text: typedBefore, linted: ONE_LINE, edits }), { error: REFUSAL.CHANGED },
    'a change spanning the edits');
  const atEnd = planRewrite({ text: `${ONE_LINE} Thanks.`, linted: ONE_LINE, edits });
  assert.equal(atEnd.expected, '🚔 A man was arrested. The man remains in custody. Thanks.');
  const atStart = planRewrite({ text: `Update ${ONE_LINE}`, linted: ONE_LINE, edits,
    focus: { start_utf16: 31, end_utf16: 37 } });
  assert.equal(atStart.expected, 'Update 🚔 A man was arrested. The man remains in custody.');
  assert.equal(atStart.expected.slice(0, atStart.caret), 'Update 🚔 A man was arrested. The man');
  // Another fix applied first, between the two edits: the later one moves, the earlier stays.
  const between = ONE_LINE.replace(' was arrested.', ' has been arrested.');
  assert.equal(planRewrite({ text: between, linted: ONE_LINE, edits }).expected,
    '🚔 A man has been arrested. The man remains in custody.');
  for (const changed of [ONE_LINE.replace('Callum', 'Calum'), ONE_LINE.replace('Pexton remains', 'Pextons remains')]) {
    assert.deepEqual(planRewrite({ text: changed, linted: ONE_LINE, edits }), { error: REFUSAL.CHANGED }, changed);
  }
});

test('an edit that does not fit the linted text is refused', () => {
  const good = [edit(...NAME, 'A man')];
  assert.deepEqual(planRewrite({ text: ONE_LINE, linted: undefined, edits: good }), { error: REFUSAL.CHANGED });
  const bad = [
    [],
    null,
    [edit(3, 99, 'x')],                              // past the end
    [edit(5, 3, 'x')],                               // backwards
    [edit(1, 5, 'x')],                               // inside the emoji's surrogate pair
    [edit(3, 10, 'x'), edit(8, 16, 'y')],            // overlapping
    [{ start_utf16: 3, end_utf16: 16 }],             // no replacement
    [{ start_utf16: '3', end_utf16: 16, replacement: 'x' }],
    Array.from({ length: MAX_EDITS + 1 }, () => edit(3, 3, 'x')),
  ];
  for (const edits of bad) {
    assert.deepEqual(planRewrite({ text: ONE_LINE, linted: ONE_LINE, edits }), { error: REFUSAL.UNUSABLE }, JSON.stringify(edits).slice(0, 80));
  }
});

test('an insertion (an empty span) and a removal are edits like any other', () => {
  const plan = planRewrite({ text: 'Call 101.', linted: 'Call 101.', edits: [edit(5, 5, 'us on '), edit(8, 9, '')] });
  assert.equal(plan.expected, 'Call us on 101');
});
