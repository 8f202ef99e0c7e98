import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { utf8Bytes, sha256Hex } from '../shared/hash.js';

test('utf8Bytes matches UTF-8 for well-formed text', () => {
  for (const text of ['', 'abc', 'Pexton, 31', 'café', '👮‍♀️🚓 Officers', '\u00a0\u2028', 'x'.repeat(1000)]) {
    assert.deepEqual(Buffer.from(utf8Bytes(text)), Buffer.from(text, 'utf8'), text.slice(0, 20));
  }
});

test('lone surrogates encode as three bytes, like Python surrogatepass', () => {
  assert.deepEqual([...utf8Bytes('\ud83d')], [0xed, 0xa0, 0xbd]);
  assert.deepEqual([...utf8Bytes('a\udc6e')], [0x61, 0xed, 0xb1, 0xae]);
});

test('sha256Hex agrees with node crypto', async () => {
  const text = '👮 Officers have arrested Callum Pexton, 31, on suspicion of affray.';
  assert.equal(await sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'));
  assert.equal(await sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});
