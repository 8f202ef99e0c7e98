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

test('lint sends the draft with the profile and no tier of its own', async () => {
  const area = memoryArea({ apiBase: 'http://127.0.0.1:1', token: 't', tier: 'corporate', profile: 'cleveland', dismissed: ['fa', 'zz'] });
  const d = deps(area, { 'POST /v1/lint': () => jsonResponse(200, lintResult) });
  const reply = await handleMessage({ type: MSG.LINT, text: TEXT }, tab, d);
  assert.equal(reply.ok, true);
  assert.deepEqual(d.fetchImpl.calls[0].body, { text: TEXT, profile: 'cleveland' });
  assert.deepEqual(reply.dismissed, ['fa']);
  assert.equal(reply.review, null);
});

test('without a profile the server default is used', async () => {
  const area = memoryArea({ token: 't' });
  const d = deps(area, { 'POST /v1/lint': () => jsonResponse(200, lintResult) });
  await handleMessage({ type: MSG.LINT, text: TEXT }, tab, d);
  assert.deepEqual(d.fetchImpl.calls[0].body, { text: TEXT });
});

test('lint sends the whole post the page shows, bounded and checked', async () => {
  const area = memoryArea({ token: 't', profile: 'cleveland' });
  const d = deps(area, { 'POST /v1/lint': () => jsonResponse(200, lintResult) });
  const context = {
    account: 'x:@ScarbPolice', scheduled_for: '2027-04-10T09:00',
    attachments: [{ kind: 'image', filename: 'still.jpg', alt: 'CCTV still of a man', source_url: 'https://news.example/a.jpg', extra: 1 },
      { kind: 'hologram', filename: 'x'.repeat(5000) }, 'junk'],
  };
  await handleMessage({ type: MSG.LINT, text: TEXT, context }, tab, d);
  const body = d.fetchImpl.calls[0].body;
  assert.equal(body.account, 'x:@ScarbPolice');
  assert.equal(body.scheduled_for, '2027-04-10T09:00');
  assert.equal('profile' in body, false, 'an account brings its own profile from the registry');
  assert.deepEqual(body.attachments[0], { kind: 'image', filename: 'still.jpg', alt: 'CCTV still of a man', caption: '',
    source_url: 'https://news.example/a.jpg' });
  assert.equal(body.attachments[1].kind, 'image');
  assert.equal(body.attachments[1].filename.length, 4096);
  assert.equal(body.attachments.length, 2);
  await handleMessage({ type: MSG.LINT, text: TEXT, context: { account: 'x:@a b', scheduled_for: 'next week' } }, tab, d);
  assert.deepEqual(d.fetchImpl.calls[1].body, { text: TEXT, profile: 'cleveland' });
});

test('when the server needs the account the officer is asked once per site', async () => {
  const area = memoryArea({ token: 't' });
  const me = { principal_id: 'pr_1', name: 'cora', role: 'officer', accounts: [
    { account: 'x:@NYorksPolice', display_name: 'North Yorkshire Police', tier: 'corporate' },
    { account: 'x:@ScarbPolice', display_name: 'Scarborough Police', tier: 'local' }] };
  const d = deps(area, {
    'POST /v1/lint': ({ body }) => (body.account ? jsonResponse(200, lintResult)
      : jsonResponse(422, { error: { code: 'account_required', message: 'account: name one', field: 'account' } })),
    'GET /v1/me': () => jsonResponse(200, me),
  });
  const asked = await handleMessage({ type: MSG.LINT, text: TEXT }, tab, d);
  assert.equal(asked.failure.kind, 'needs-account');
  assert.equal(asked.failure.message, 'Which account is this for?');
  assert.deepEqual(asked.failure.accounts.map((a) => `${a.account} ${a.tier}`), ['x:@NYorksPolice corporate', 'x:@ScarbPolice local']);
  assert.equal((await handleMessage({ type: MSG.CHOOSE_ACCOUNT, account: 'javascript:alert(1)' }, tab, d)).ok, false);
  assert.equal((await handleMessage({ type: MSG.CHOOSE_ACCOUNT, account: 'x:@ScarbPolice' }, tab, d)).ok, true);
  const linted = await handleMessage({ type: MSG.LINT, text: TEXT }, tab, d);
  assert.equal(linted.ok, true);
  assert.equal(d.fetchImpl.calls.at(-1).body.account, 'x:@ScarbPolice');
  const otherSite = { ...tab, tab: { id: 4, url: 'https://composer.example/new' }, url: 'https://composer.example/new' };
  assert.equal((await handleMessage({ type: MSG.LINT, text: TEXT }, otherSite, d)).failure.kind, 'needs-account');
});

test('an account the token may not use is forgotten and asked again, with the server saying why', async () => {
  const area = memoryArea({ token: 't', accountChoices: { 'http://127.0.0.1:9000': 'x:@NYorksPolice' } });
  const d = deps(area, {
    'POST /v1/lint': () => jsonResponse(403, { error: { code: 'account_forbidden',
      message: 'this token may not post from x:@NYorksPolice; it may post from: x:@ScarbPolice' } }),
    'GET /v1/me': () => jsonResponse(200, { accounts: [{ account: 'x:@ScarbPolice', display_name: 'Scarborough Police', tier: 'local' }] }),
  });
  const reply = await handleMessage({ type: MSG.LINT, text: TEXT }, tab, d);
  assert.equal(reply.failure.kind, 'needs-account');
  assert.match(reply.failure.message, /may not post from x:@NYorksPolice/);
  assert.deepEqual(area.data.accountChoices, {});
});

test('a review is remembered per draft, polled, and its note kept', async () => {
  const area = memoryArea({ token: 't' });
  let status = 'pending';
  const d = deps(area, {
    'POST /v1/reviews': ({ body }) => jsonResponse(201, { id: 'r7', status: 'pending', post: body.post }),
    'GET /v1/reviews/r7': () => jsonResponse(200, { id: 'r7', status, decision: status === 'pending' ? null : { by: 'comms', at: 'x', note: 'Fine once charged' } }),
    'POST /v1/lint': () => jsonResponse(200, { ...lintResult, review: { id: 'r7', status: 'pending' } }),
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

test('an account the page shows but the token may not use is refused, not offered a choice', async () => {
  const area = memoryArea({ token: 't' });
  const d = deps(area, {
    'POST /v1/lint': ({ body }) => (body.account === 'x:@Unregistered'
      ? jsonResponse(422, { error: { code: 'unknown_account', message: 'account: is not a registered account', field: 'account' } })
      : jsonResponse(403, { error: { code: 'account_forbidden', message: 'this token may not post from x:@NYorksPolice; it may post from: x:@ScarbPolice' } })),
  });
  const forbidden = await handleMessage({ type: MSG.LINT, text: TEXT, context: { account: 'x:@NYorksPolice' } }, tab, d);
  assert.equal(forbidden.failure.kind, 'forbidden');
  assert.match(forbidden.failure.message, /may not post from x:@NYorksPolice/);
  const unknown = await handleMessage({ type: MSG.LINT, text: TEXT, context: { account: 'x:@Unregistered' } }, tab, d);
  assert.equal(unknown.failure.kind, 'rejected');
  assert.equal(unknown.failure.short, 'account not registered with postlint');
  assert.equal(d.fetchImpl.calls.filter((c) => c.url.endsWith('/v1/me')).length, 0);
});

test('a rejection with the reviewer\'s rewrite reaches the card, checked, and is not stored', async () => {
  const rewrite = { text: 'Officers have arrested a 31-year-old on suspicion of affray.', text_sha256: SHA,
    edits: [{ start: 23, end: 41, start_utf16: 23, end_utf16: 41, replacement: 'a 31-year-old' }] };
  const area = memoryArea({ token: 't' });
  let given = rewrite;
  const d = deps(area, {
    'POST /v1/reviews': () => jsonResponse(201, { id: 'r9', status: 'pending' }),
    'GET /v1/reviews/r9': () => jsonResponse(200, { id: 'r9', status: 'rejected', decision: { note: null }, rewrite: given }),
    'POST /v1/lint': () => jsonResponse(200, { ...lintResult, review: { id: 'r9', status: 'rejected', rewrite: given } }),
  });
  await handleMessage({ type: MSG.REQUEST_REVIEW, text: TEXT }, tab, d);
  const polled = await handleMessage({ type: MSG.REVIEW_STATUS, id: 'r9' }, tab, d);
  assert.deepEqual(polled.review.rewrite, { text: rewrite.text, text_sha256: SHA,
    edits: [{ start_utf16: 23, end_utf16: 41, replacement: 'a 31-year-old' }] });
  assert.equal((await handleMessage({ type: MSG.LINT, text: TEXT }, tab, d)).review.rewrite.text, rewrite.text);
  assert.equal(JSON.stringify(area.data).includes('31-year-old'), false, 'the rewrite is not kept in storage');
  for (const bad of [{ ...rewrite, edits: [] }, { ...rewrite, text_sha256: 'nope' }, { ...rewrite, text: 7 },
    { ...rewrite, edits: [{ start_utf16: '1', end_utf16: 2, replacement: 'x' }] }, 'junk']) {
    given = bad;
    const reply = await handleMessage({ type: MSG.REVIEW_STATUS, id: 'r9' }, tab, d);
    assert.equal('rewrite' in reply.review, false, JSON.stringify(bad));
  }
});

test('the options page sees its token\'s details and rotates it; the worker keeps the new token', async () => {
  const details = { token_id: 'tk_0123456789abcdef', name: 'Olivia', role: 'officer', created_at: '2027-01-01T00:00:00.000Z',
    expires_at: '2027-12-31T00:00:00.000Z', last_used_at: null, accounts: ['x:@ScarbPolice'], state: 'active' };
  const area = memoryArea({ apiBase: 'http://127.0.0.1:1', token: 'plt_old' });
  const d = deps(area, {
    'GET /v1/me/token': () => jsonResponse(200, details),
    'POST /v1/me/token/rotation': () => jsonResponse(201, { ...details, token_id: 'tk_fedcba9876543210', token: 'plt_new' }),
  });
  const shown = await handleMessage({ type: MSG.TOKEN_DETAILS }, optionsPage, d);
  assert.deepEqual(shown.token, { tokenId: 'tk_0123456789abcdef', name: 'Olivia', role: 'officer',
    createdAt: '2027-01-01T00:00:00.000Z', expiresAt: '2027-12-31T00:00:00.000Z', lastUsedAt: null, accounts: ['x:@ScarbPolice'] });
  assert.equal(d.fetchImpl.calls[0].init.headers.Authorization, 'Bearer plt_old');
  const rotated = await handleMessage({ type: MSG.ROTATE_TOKEN }, optionsPage, d);
  assert.equal(rotated.ok, true);
  assert.equal(rotated.token.tokenId, 'tk_fedcba9876543210');
  assert.ok(!JSON.stringify(rotated).includes('plt_new'), 'the page is told the details, not the token');
  assert.equal(area.data.token, 'plt_new');
});

test('a page cannot read or rotate the token, and a refused rotation keeps the old one', async () => {
  const area = memoryArea({ token: 'plt_old' });
  const d = deps(area, { 'POST /v1/me/token/rotation': () => jsonResponse(401, { error: { code: 'unauthorized', message: 'no' } }) });
  for (const type of [MSG.TOKEN_DETAILS, MSG.ROTATE_TOKEN]) {
    assert.equal((await handleMessage({ type }, tab, d)).failure.kind, 'not-allowed');
  }
  assert.equal(d.fetchImpl.calls.length, 0);
  const refused = await handleMessage({ type: MSG.ROTATE_TOKEN }, optionsPage, d);
  assert.equal(refused.failure.kind, 'bad-token');
  assert.equal(area.data.token, 'plt_old');
});
