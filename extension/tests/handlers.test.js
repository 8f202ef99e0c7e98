import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { handleMessage } from '../background/handlers.js';
import { MSG } from '../shared/messages.js';
import { fakeFetch, jsonResponse, memoryArea } from './fakes.js';

const TEXT = 'Officers have arrested Callum Pexton, 31, on suspicion of affray.';
const SHA = createHash('sha256').update(TEXT, 'utf8').digest('hex');
const tab = { id: 'ext-id', tab: { id: 3, url: 'http://127.0.0.1:9000/compose' }, url: 'http://127.0.0.1:9000/compose' };
const optionsPage = { id: 'ext-id', url: 'chrome-extension://ext-id/options/options.html' };

function deps(area, routes) {
  return { area, fetchImpl: fakeFetch(routes), runtimeId: 'ext-id', optionsUrlPrefix: 'chrome-extension://ext-id/options/',
    openOptions: async () => {} };
}

const lintResult = {
  verdict: 'block', profile: 'uk-police', rules_version: '1', text_sha256: SHA,
  findings: [
    { rule: 'arrest-name', severity: 'block', fingerprint: 'fb' },
    { rule: 'tone', severity: 'advice', fingerprint: 'fa' },
  ],
};

test('lint sends the draft with the configured tier and profile', async () => {
  const area = memoryArea({ apiBase: 'http://127.0.0.1:1', token: 't', tier: 'corporate', profile: 'cleveland', dismissed: ['fa', 'zz'] });
  const d = deps(area, { 'POST /v1/lint': () => jsonResponse(200, lintResult) });
  const reply = await handleMessage({ type: MSG.LINT, text: TEXT }, tab, d);
  assert.equal(reply.ok, true);
  assert.deepEqual(d.fetchImpl.calls[0].body, { text: TEXT, account_tier: 'corporate', profile: 'cleveland' });
  assert.deepEqual(reply.dismissed, ['fa']);
  assert.equal(reply.review, null);
});

test('without a profile the server default is used', async () => {
  const area = memoryArea({ token: 't' });
  const d = deps(area, { 'POST /v1/lint': () => jsonResponse(200, lintResult) });
  await handleMessage({ type: MSG.LINT, text: TEXT }, tab, d);
  assert.deepEqual(d.fetchImpl.calls[0].body, { text: TEXT, account_tier: 'local' });
});

test('a review is remembered per draft, polled, and its note kept', async () => {
  const area = memoryArea({ token: 't' });
  let status = 'pending';
  const d = deps(area, {
    'POST /v1/reviews': ({ body }) => jsonResponse(201, { id: 'r7', status: 'pending', post: body.post }),
    'GET /v1/reviews/r7': () => jsonResponse(200, { id: 'r7', status, decision: status === 'pending' ? null : { by: 'comms', at: 'x', note: 'Fine once charged' } }),
    'POST /v1/lint': () => jsonResponse(200, lintResult),
  });
  const requested = await handleMessage({ type: MSG.REQUEST_REVIEW, text: TEXT, note: ' urgent ' }, tab, d);
  assert.deepEqual(requested, { ok: true, review: { id: 'r7', status: 'pending', note: '' } });
  assert.equal(d.fetchImpl.calls[0].body.note, 'urgent');
  const linted = await handleMessage({ type: MSG.LINT, text: TEXT }, tab, d);
  assert.equal(linted.review.status, 'pending');
  status = 'rejected';
  const polled = await handleMessage({ type: MSG.REVIEW_STATUS, id: 'r7' }, tab, d);
  assert.deepEqual(polled.review, { id: 'r7', status: 'rejected', note: 'Fine once charged' });
  const unknown = await handleMessage({ type: MSG.REVIEW_STATUS, id: 'r8' }, tab, d);
  assert.equal(unknown.failure.kind, 'not-allowed');
});

test('an approval reported by lint is remembered', async () => {
  const area = memoryArea({ token: 't' });
  const approved = { ...lintResult, verdict: 'approved', review: { id: 12, status: 'approved', decided_by: 'comms' } };
  const d = deps(area, { 'POST /v1/lint': () => jsonResponse(200, approved) });
  const reply = await handleMessage({ type: MSG.LINT, text: TEXT }, tab, d);
  assert.deepEqual(reply.review, { id: '12', status: 'approved', note: '' });
});

test('dismissals are stored capped and de-duplicated', async () => {
  const area = memoryArea({ dismissed: ['old'] });
  const d = deps(area, {});
  assert.equal((await handleMessage({ type: MSG.DISMISS, fingerprint: 'fa' }, tab, d)).ok, true);
  assert.equal((await handleMessage({ type: MSG.DISMISS, fingerprint: 'old' }, tab, d)).ok, true);
  assert.equal((await handleMessage({ type: MSG.DISMISS, fingerprint: '<script>' }, tab, d)).ok, false);
  assert.deepEqual(area.data.dismissed, ['fa', 'old']);
});

test('pages cannot use the options-only messages, and strangers are refused', async () => {
  const area = memoryArea({ token: 't' });
  const d = deps(area, { 'GET /healthz': () => jsonResponse(200, { status: 'ok' }) });
  const fromPage = await handleMessage({ type: MSG.TEST_CONNECTION, apiBase: 'https://evil.example', token: 'x' }, tab, d);
  assert.equal(fromPage.failure.kind, 'not-allowed');
  assert.equal(d.fetchImpl.calls.length, 0);
  const stranger = await handleMessage({ type: MSG.LINT, text: TEXT }, { ...tab, id: 'other' }, d);
  assert.equal(stranger.failure.kind, 'not-allowed');
  const fromOptions = await handleMessage({ type: MSG.TEST_CONNECTION, apiBase: 'http://127.0.0.1:1', token: '' }, optionsPage, d);
  assert.equal(fromOptions.failure.kind, 'no-token');
  assert.equal((await handleMessage({ type: 'nope' }, tab, d)).failure.kind, 'not-allowed');
});

test('status tells the content script whether a token is set, never the token', async () => {
  const reply = await handleMessage({ type: MSG.STATUS }, tab, deps(memoryArea({ token: 'abc' }), {}));
  assert.deepEqual(reply, { ok: true, configured: true });
  const none = await handleMessage({ type: MSG.STATUS }, tab, deps(memoryArea({}), {}));
  assert.deepEqual(none, { ok: true, configured: false });
});

test('a reviewer\'s note kept in the browser is forgotten a week after it was last heard of', async () => {
  const { REVIEW_MEMORY_MS, rememberReview, reviewFor, reviewById } = await import('../background/store.js');
  const area = memoryArea();
  const at = Date.now() - REVIEW_MEMORY_MS + 60000;
  await rememberReview(area, 'p|old', { id: 'r1', status: 'rejected', note: 'Internal: suspect known to us', at });
  await rememberReview(area, 'p|new', { id: 'r2', status: 'pending' });
  assert.equal((await reviewFor(area, 'p|old')).note, 'Internal: suspect known to us');
  const later = Date.now() + 120000;
  assert.equal(await reviewFor(area, 'p|old', later), null);
  assert.equal(await reviewById(area, 'r1', later), null);
  assert.deepEqual(Object.keys(area.data.reviews), ['p|new'], 'the expired note is gone from storage itself');
  assert.ok(!JSON.stringify(area.data).includes('suspect known'));
});
