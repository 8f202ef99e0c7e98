import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileNameFrom, handleIn } from '../content/site_adapters.js';

test('file names come from http(s) image addresses only', () => {
  assert.equal(fileNameFrom('https://cdn.example/media/custody%20photo.jpg?w=600'), 'custody photo.jpg');
  assert.equal(fileNameFrom('https://cdn.example/'), '');
  assert.equal(fileNameFrom('blob:https://x.com/1234'), '');
  assert.equal(fileNameFrom('data:image/png;base64,AAAA'), '');
  assert.equal(fileNameFrom(undefined), '');
});

test('a handle is read from the text a composer shows', () => {
  assert.equal(handleIn('North Yorkshire Police @NYorksPolice'), '@NYorksPolice');
  assert.equal(handleIn('Posting as @scarb_police.'), '@scarb_police');
  assert.equal(handleIn('No handle here'), null);
});

test('pasted images keep the address of the page they came from', async () => {
  const { notePaste } = await import('../content/site_adapters.js');
  // Only http(s) sources are kept; the scan never runs script or parses the HTML.
  notePaste('<meta charset="utf-8"><img src="https://www.example-news.co.uk/images/scene.jpg" alt="x"><img src="javascript:alert(1)">');
  notePaste(null);
  const { pastedImageSources } = await import('../content/site_adapters.js');
  assert.deepEqual(pastedImageSources(), ['https://www.example-news.co.uk/images/scene.jpg']);
});

test('each site has its adapter, chosen by host or by the composer markup', async () => {
  const { adapterFor } = await import('../content/site_adapters.js');
  const bare = { querySelector: () => null };
  const at = (hostname, pathname = '/') => ({ hostname, pathname });
  assert.equal(adapterFor(at('x.com'), bare).name, 'x');
  assert.equal(adapterFor(at('mobile.twitter.com'), bare).name, 'x');
  assert.equal(adapterFor(at('www.facebook.com'), bare).name, 'facebook');
  assert.equal(adapterFor(at('www.instagram.com'), bare).name, 'instagram');
  assert.equal(adapterFor(at('www.linkedin.com'), bare).name, 'linkedin');
  assert.equal(adapterFor(at('hootsuite.com'), bare).name, 'hootsuite');
  assert.equal(adapterFor(at('app.orlo.tech'), bare).name, 'orlo');
  assert.equal(adapterFor(at('notx.com'), bare), null);
  const xMarkup = { querySelector: (s) => (s === '[data-testid^="tweetTextarea"]' ? {} : null) };
  assert.equal(adapterFor(at('127.0.0.1'), xMarkup).name, 'x');
});

test('Facebook and LinkedIn pages post from the account in their address', async () => {
  const { adapterFor } = await import('../content/site_adapters.js');
  const bare = { querySelector: () => null };
  const facebook = { hostname: 'www.facebook.com', pathname: '/NYorksPolice/' };
  assert.equal(adapterFor(facebook, bare).account(null, bare, facebook), 'NYorksPolice');
  const groups = { hostname: 'www.facebook.com', pathname: '/groups/12345/' };
  assert.equal(adapterFor(groups, bare).account(null, bare, groups), null);
  const company = { hostname: 'www.linkedin.com', pathname: '/company/north-yorkshire-police/admin/' };
  assert.equal(adapterFor(company, bare).account(null, bare, company), 'north-yorkshire-police');
  const feed = { hostname: 'www.linkedin.com', pathname: '/feed/' };
  assert.equal(adapterFor(feed, bare).account(null, bare, feed), null);
});
