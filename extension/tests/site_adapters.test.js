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
