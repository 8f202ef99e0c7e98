import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeApiBase, endpointUrl, checkSitePattern, parseSites, sitesToOrigins, apiOriginPattern, withDefaults, DEFAULT_SITES } from '../shared/settings.js';

test('normalizeApiBase accepts server addresses and explains bad ones', () => {
  const good = [
    ['https://postlint.example.police.uk', 'https://postlint.example.police.uk'],
    ['  https://postlint.example.police.uk/ ', 'https://postlint.example.police.uk'],
    ['https://intranet.example/postlint/', 'https://intranet.example/postlint'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:5000/', 'http://localhost:5000'],
  ];
  for (const [input, base] of good) assert.deepEqual(normalizeApiBase(input), { base }, input);
  const bad = [
    ['', /Enter the address/],
    ['postlint.example', /not a web address/],
    ['ftp://example.com', /must start with https/],
    ['http://postlint.example.police.uk', /Use https/],
    ['https://user:pw@example.com', /user name and password/],
    ['https://example.com/?x=1', /must not contain/],
  ];
  for (const [input, message] of bad) assert.match(normalizeApiBase(input).error, message, input);
});

test('endpointUrl stays under the configured address', () => {
  assert.equal(endpointUrl('https://a.example/postlint', '/v1/lint'), 'https://a.example/postlint/v1/lint');
  assert.equal(endpointUrl('http://127.0.0.1:9', '/healthz'), 'http://127.0.0.1:9/healthz');
  for (const route of ['//evil.example/x', '/../x', 'v1/lint', '/v1/lint?x', 'https://evil.example/']) {
    assert.throws(() => endpointUrl('https://a.example/postlint', route), undefined, route);
  }
});

test('site patterns', () => {
  for (const site of DEFAULT_SITES) assert.equal(checkSitePattern(site), null, site);
  assert.equal(checkSitePattern('https://app.example.com/compose/*'), null);
  assert.match(checkSitePattern('example.com'), /not a site pattern/);
  assert.match(checkSitePattern('https://*/*'), /every site/);
  assert.match(checkSitePattern('*://*/*'), /every site/);
  const { sites, errors } = parseSites('https://*.x.com/*\n\n  http://localhost/*  \nbad\nhttps://*.x.com/*');
  assert.deepEqual(sites, ['https://*.x.com/*', 'http://localhost/*']);
  assert.equal(errors.length, 1);
  assert.deepEqual(sitesToOrigins(['https://app.example.com/compose/*', 'http://127.0.0.1:8000/*']),
    ['https://app.example.com/*', 'http://127.0.0.1/*']);
  assert.equal(apiOriginPattern('https://postlint.example/x'), 'https://postlint.example/*');
  assert.equal(apiOriginPattern('nope'), null);
});

test('withDefaults fills gaps and repairs wrong types', () => {
  const settings = withDefaults({ token: 'abc', tier: 'corporate', sites: 'x.com' });
  assert.equal(settings.token, 'abc');
  assert.equal('tier' in settings, false, 'a stored global tier from an older version is ignored');
  assert.deepEqual(settings.sites, [...DEFAULT_SITES]);
  assert.equal(withDefaults(undefined).apiBase, 'http://127.0.0.1:8080');
});

test('the default sites are the manifest host permissions', async () => {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../manifest.json', import.meta.url), 'utf8'));
  assert.deepEqual([...DEFAULT_SITES].sort(), [...manifest.host_permissions].sort());
});
