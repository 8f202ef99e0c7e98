import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyManaged, offeredAccounts, readManaged, soleAccount, MANAGED_KEYS } from '../shared/managed.js';
import { DEFAULT_SITES, withDefaults } from '../shared/settings.js';
import { loadSettings } from '../background/store.js';
import { memoryArea } from './fakes.js';
import { readFileSync } from 'node:fs';

const saved = { apiBase: 'http://127.0.0.1:8080', token: 'plt_officer', profile: 'cleveland', sites: ['https://*.x.com/*'] };

test('policy wins over what the officer saved, and says what it locked', async () => {
  const managed = memoryArea({ apiBase: 'https://postlint.example.police.uk/', sites: ['https://*.orlo.app/*'],
    profile: 'north-yorkshire', accounts: ['x:@NYorksPolice', 'facebook:NYorksPolice'] });
  const settings = await loadSettings(memoryArea(saved), managed);
  assert.equal(settings.apiBase, 'https://postlint.example.police.uk');
  assert.deepEqual(settings.sites, ['https://*.orlo.app/*']);
  assert.equal(settings.profile, 'north-yorkshire');
  assert.equal(settings.token, 'plt_officer'); // a token is personal: never policy's
  assert.deepEqual(settings.accounts, ['x:@NYorksPolice', 'facebook:NYorksPolice']);
  assert.deepEqual(settings.locked, ['apiBase', 'sites', 'profile', 'accounts']);
  assert.deepEqual(settings.policyProblems, []);
});

test('without policy the officer\'s settings stand and nothing is locked', async () => {
  for (const managed of [memoryArea({}), undefined, { get: async () => { throw new Error('no schema'); } }]) {
    const settings = await loadSettings(memoryArea(saved), managed);
    assert.equal(settings.apiBase, saved.apiBase);
    assert.deepEqual(settings.locked, []);
    assert.equal(settings.accounts, null);
  }
  assert.deepEqual(await readManaged(null), {});
});

test('a managed value policy got wrong is left out and reported, the rest still apply', () => {
  const settings = applyManaged(withDefaults({}), {
    apiBase: 'http://postlint.example.police.uk', sites: ['https://*/*'], profile: 'North Yorks!',
    accounts: ['x:@NYorksPolice', 'not an account'],
  });
  assert.equal(settings.apiBase, 'http://127.0.0.1:8080');
  assert.deepEqual(settings.sites, DEFAULT_SITES);
  assert.equal(settings.profile, '');
  assert.equal(settings.accounts, null);
  assert.deepEqual(settings.locked, []);
  assert.equal(settings.policyProblems.length, 4);
  assert.match(settings.policyProblems[0], /^apiBase: Use https/);
  assert.match(settings.policyProblems[1], /^sites: .*every site/);
  const partly = applyManaged(withDefaults({}), { apiBase: 42, profile: 'cleveland' });
  assert.deepEqual(partly.locked, ['profile']);
  assert.equal(partly.policyProblems.length, 1);
});

test('the accounts offered are cut to policy\'s, and one allowed account is used by default', () => {
  const server = [{ account: 'x:@NYorksPolice' }, { account: 'x:@ScarbPolice' }, { account: 'facebook:NYorksPolice' }];
  assert.deepEqual(offeredAccounts({ accounts: null }, server), server);
  assert.deepEqual(offeredAccounts({ accounts: ['x:NYORKSPOLICE'] }, server), [{ account: 'x:@NYorksPolice' }]);
  assert.equal(soleAccount({ accounts: ['x:@ScarbPolice'] }), 'x:@ScarbPolice');
  assert.equal(soleAccount({ accounts: ['x:@ScarbPolice', 'x:@NYorksPolice'] }), null);
  assert.equal(soleAccount({ accounts: null }), null);
});

test('the managed schema describes exactly the keys the extension reads', () => {
  const schema = JSON.parse(readFileSync(new URL('../managed_schema.json', import.meta.url)));
  assert.deepEqual(Object.keys(schema.properties).sort(), [...MANAGED_KEYS].sort());
  const manifest = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url)));
  assert.equal(manifest.storage.managed_schema, 'managed_schema.json');
});

test('the worker lints with policy\'s server and account, and offers only policy\'s accounts', async () => {
  const { handleMessage } = await import('../background/handlers.js');
  const { MSG } = await import('../shared/messages.js');
  const { fakeFetch, jsonResponse } = await import('./fakes.js');
  globalThis.chrome = { storage: { managed: memoryArea({ apiBase: 'https://postlint.example.police.uk',
    accounts: ['x:@ScarbPolice'] }) } };
  try {
    const tab = { id: 'ext-id', tab: { id: 3, url: 'https://x.com/compose' }, url: 'https://x.com/compose' };
    const fetchImpl = fakeFetch({
      'POST /v1/lint': () => jsonResponse(200, { verdict: 'ok', profile: 'uk-police', rules_version: '1', text_sha256: 'a', findings: [] }),
      'GET /v1/me': () => jsonResponse(200, { accounts: [{ account: 'x:@NYorksPolice' }, { account: 'x:@ScarbPolice' }] }),
    });
    const deps = { area: memoryArea({ apiBase: 'http://127.0.0.1:1', token: 't' }), fetchImpl, runtimeId: 'ext-id',
      optionsUrlPrefix: 'chrome-extension://ext-id/options/', openOptions: async () => {} };
    assert.equal((await handleMessage({ type: MSG.LINT, text: 'The A64 is closed.' }, tab, deps)).ok, true);
    assert.equal(fetchImpl.calls[0].url, 'https://postlint.example.police.uk/v1/lint');
    assert.equal(fetchImpl.calls[0].body.account, 'x:@ScarbPolice');
    const offered = await handleMessage({ type: MSG.ACCOUNTS }, tab, deps);
    assert.deepEqual(offered.accounts.map((a) => a.account), ['x:@ScarbPolice']);
  } finally {
    delete globalThis.chrome;
  }
});
