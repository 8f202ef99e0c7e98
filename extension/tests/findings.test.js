import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shownFindings, markable, badgeModel, strongestFirst, policyLines, isDismissible, answerIsCurrent } from '../content/findings.js';

const block = { rule: 'arrest-name', severity: 'block', fingerprint: 'b1', start_utf16: 23, end_utf16: 36, attachment: null,
  policy: [{ profile: 'uk-police', section: '4.2' }] };
const review = { rule: 'location', severity: 'review', fingerprint: 'r1', start_utf16: 0, end_utf16: 4, attachment: null, policy: [] };
const advice = { rule: 'hashtags', severity: 'advice', fingerprint: 'a1', start_utf16: 40, end_utf16: 44, attachment: null, policy: [] };
const onImage = { rule: 'alt-text', severity: 'advice', fingerprint: 'i1', start_utf16: null, end_utf16: null, attachment: 0, policy: [] };

test('only advice can be dismissed, whatever storage holds', () => {
  assert.deepEqual(shownFindings([block, review, advice], ['a1']).map((f) => f.rule), ['arrest-name', 'location']);
  assert.deepEqual(shownFindings([block, review, advice], new Set(['b1', 'r1'])).length, 3);
  assert.deepEqual(shownFindings([block], []).length, 1);
  assert.equal(isDismissible(advice), true);
  assert.equal(isDismissible(block), false);
});

test('attachment findings are listed but not marked', () => {
  assert.deepEqual(markable([block, onImage]).map((f) => f.rule), ['arrest-name']);
});

test('strongest findings come first, then by position', () => {
  assert.deepEqual(strongestFirst([advice, review, block]).map((f) => f.severity), ['block', 'review', 'advice']);
  assert.deepEqual(policyLines(block), ['uk-police 4.2']);
});

test('badgeModel covers every state with a text label', () => {
  const cases = [
    [{ configured: false }, 'setup', null, null, /Set up postlint: add your token in Options/],
    [{ failure: { kind: 'unreachable', short: 'server unreachable' } }, 'offline', null, null, /server unreachable/],
    [{ failure: { kind: 'bad-token', short: 'token not accepted' } }, 'error', null, null, /token not accepted/],
    [{ checking: true }, 'checking', null, null, /checking/],
    [{ result: { verdict: 'block' }, findings: [block, advice] }, 'ready', 'block', 2, /^Block · 1 issue \+ 1 advice$/],
    [{ result: { verdict: 'block' }, findings: [block, block] }, 'ready', 'block', 2, /^Block · 2 issues$/],
    [{ result: { verdict: 'review' }, findings: [review] }, 'ready', 'review', 1, /^Needs review · 1 issue$/],
    [{ result: { verdict: 'ok' }, findings: [] }, 'ready', 'ok', 0, /^OK$/],
    [{ result: { verdict: 'ok' }, findings: [advice] }, 'ready', 'ok', 1, /1 advice/],
    [{ result: { verdict: 'block' }, findings: [block], review: { status: 'pending' } }, 'ready', 'pending', 1, /Review pending/],
    [{ result: { verdict: 'block' }, findings: [block], review: { status: 'rejected' } }, 'ready', 'block', 1, /Review rejected/],
    [{ result: { verdict: 'approved' }, findings: [block], review: { status: 'approved' } }, 'ready', 'approved', 1, /Approved/],
  ];
  for (const [input, state, verdict, count, label] of cases) {
    const model = badgeModel(input);
    assert.equal(model.state, state, JSON.stringify(input));
    assert.equal(model.verdict, verdict, JSON.stringify(input));
    assert.equal(model.count, count, JSON.stringify(input));
    assert.match(model.label, label);
  }
});

test('answers for text the officer has since changed are dropped', () => {
  const result = { text_sha256: 'aaa' };
  assert.equal(answerIsCurrent(result, 'aaa', 'Officers', 'Officers'), true);
  assert.equal(answerIsCurrent(result, 'bbb', 'Officers', 'Officers have'), false);
  assert.equal(answerIsCurrent(result, 'bbb', 'Officers', 'Officers'), true, 'same text, server hashed differently');
  assert.equal(answerIsCurrent({}, 'aaa', 'a', 'a'), false);
  assert.equal(answerIsCurrent(null, 'aaa', 'a', 'a'), false);
});
