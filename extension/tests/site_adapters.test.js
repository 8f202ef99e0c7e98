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
