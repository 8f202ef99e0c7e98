import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callApi, testConnection, reviewRoute } from '../background/api_client.js';
import { fakeFetch, jsonResponse, refused } from './fakes.js';

const base = 'http://127.0.0.1:8765';

test('a request carries the token and stays under apiBase', async () => {
  const fetchImpl = fakeFetch({ 'POST /v1/lint': () => jsonResponse(200, { verdict: 'ok', findings: [] }) });
  const answer = await callApi({ apiBase: base, token: 'secret', route: '/v1/lint', method: 'POST', body: { text: 'hi' }, fetchImpl });
  assert.equal(answer.ok, true);
  assert.equal(fetchImpl.calls[0].url, `${base}/v1/lint`);
  assert.equal(fetchImpl.calls[0].init.headers.Authorization, 'Bearer secret');
  assert.equal(fetchImpl.calls[0].init.credentials, 'omit');
  assert.deepEqual(fetchImpl.calls[0].body, { text: 'hi' });
});

test('failures are classified into kinds with a message that never holds the token', async () => {
  const cases = [
    ['no token', { token: '' }, () => jsonResponse(200, {}), 'no-token'],
    ['bad address', { apiBase: 'nonsense' }, () => jsonResponse(200, {}), 'bad-address'],
    ['refused connection', {}, refused, 'unreachable'],
    ['bad token', {}, () => jsonResponse(401, { error: { code: 'unauthorized', message: 'bad token' } }), 'bad-token'],
    ['wrong role', {}, () => jsonResponse(403, { error: { code: 'forbidden', message: 'no' } }), 'forbidden'],
    ['not json 200', {}, () => new Response('<html>hello</html>', { status: 200 }), 'bad-address'],
    ['plain 404', {}, () => new Response('nope', { status: 404 }), 'bad-address'],
    ['validation', {}, () => jsonResponse(422, { error: { code: 'invalid', message: 'text: is required' } }), 'rejected'],
    ['rate limit', {}, () => jsonResponse(429, { error: { code: 'rate_limited', message: 'slow down' } }), 'server'],
    ['server error', {}, () => jsonResponse(503, { error: { code: 'unavailable', message: 'down' } }), 'server'],
  ];
  for (const [name, override, responder, kind] of cases) {
    const fetchImpl = fakeFetch({ 'GET /v1/profiles': responder });
    const answer = await callApi({ apiBase: base, token: 'secret-token', route: '/v1/profiles', fetchImpl, ...override });
    assert.equal(answer.ok, false, name);
    assert.equal(answer.failure.kind, kind, name);
    assert.ok(answer.failure.message.length > 10, name);
    assert.ok(!answer.failure.message.includes('secret-token'), name);
  }
});

test('no request is made without a token', async () => {
  const fetchImpl = fakeFetch({});
  await callApi({ apiBase: base, token: '', route: '/v1/lint', method: 'POST', body: {}, fetchImpl });
  assert.equal(fetchImpl.calls.length, 0);
});

test('testConnection reports address, server and token problems in turn', async () => {
  const healthy = { 'GET /healthz': () => jsonResponse(200, { status: 'ok' }) };
  const profiles = { 'GET /v1/profiles': () => jsonResponse(200, { profiles: [{ name: 'uk-police', title: 'UK police' }] }) };
  const denied = { 'GET /v1/profiles': () => jsonResponse(401, { error: { code: 'unauthorized', message: 'x' } }) };

  assert.equal((await testConnection({ apiBase: 'not a url', token: 't', fetchImpl: fakeFetch({}) })).failure.kind, 'bad-address');
  assert.equal((await testConnection({ apiBase: base, token: 't', fetchImpl: refused })).failure.kind, 'unreachable');
  assert.equal((await testConnection({ apiBase: base, token: 't', fetchImpl: fakeFetch({}) })).failure.kind, 'bad-address');
  assert.equal((await testConnection({ apiBase: base, token: '', fetchImpl: fakeFetch(healthy) })).failure.kind, 'no-token');
  assert.equal((await testConnection({ apiBase: base, token: 't', fetchImpl: fakeFetch({ ...healthy, ...denied }) })).failure.kind, 'bad-token');
  const ok = await testConnection({ apiBase: base, token: 't', fetchImpl: fakeFetch({ ...healthy, ...profiles }) });
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.profiles, [{ name: 'uk-police', title: 'UK police' }]);
});

test('reviewRoute only accepts plain ids', () => {
  assert.equal(reviewRoute('abc_12-3'), '/v1/reviews/abc_12-3');
  for (const id of ['../x', 'a/b', '', 'a?b', 7]) assert.throws(() => reviewRoute(id), undefined, String(id));
});
