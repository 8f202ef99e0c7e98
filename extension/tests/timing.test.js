import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debounce, frameThrottle } from '../content/timing.js';

function fakeTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map();
  return {
    setTimeout(fn, ms) { const id = next++; pending.set(id, { fn, at: now + ms }); return id; },
    clearTimeout(id) { pending.delete(id); },
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= now) { pending.delete(id); timer.fn(); }
      }
    },
  };
}

test('debounce runs once, with the last arguments, after the pause', () => {
  const timers = fakeTimers();
  const calls = [];
  const check = debounce((text) => calls.push(text), 300, timers);
  check('O'); timers.advance(100);
  check('Of'); timers.advance(299);
  assert.deepEqual(calls, []);
  assert.equal(check.pending(), true);
  timers.advance(1);
  assert.deepEqual(calls, ['Of']);
  assert.equal(check.pending(), false);
});

test('debounce cancel and flush', () => {
  const timers = fakeTimers();
  const calls = [];
  const check = debounce((text) => calls.push(text), 300, timers);
  check('a'); check.cancel(); timers.advance(1000);
  assert.deepEqual(calls, []);
  check('b'); check.flush();
  assert.deepEqual(calls, ['b']);
  timers.advance(1000);
  assert.deepEqual(calls, ['b']);
  check.flush();
  assert.deepEqual(calls, ['b']);
});

test('frameThrottle coalesces requests into one frame', () => {
  const frames = [];
  let runs = 0;
  const draw = frameThrottle(() => { runs += 1; }, (cb) => frames.push(cb));
  draw(); draw(); draw();
  assert.equal(frames.length, 1);
  frames.shift()();
  assert.equal(runs, 1);
  draw();
  assert.equal(frames.length, 1);
});
