import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rect, mergeLineRects, clipRects, intersect, containsPoint, boundingBox, placeCard, placeCardClearOf, placeBadge, translate } from '../content/geometry.js';

test('mergeLineRects joins pieces on one line and keeps lines apart', () => {
  const cases = [
    ['two adjacent pieces', [rect(10, 0, 40, 20), rect(40, 0, 70, 20)], [rect(10, 0, 70, 20)]],
    ['overlapping pieces', [rect(10, 0, 50, 20), rect(45, 1, 70, 20)], [rect(10, 0, 70, 20)]],
    ['two lines', [rect(10, 0, 90, 20), rect(0, 20, 30, 40)], [rect(10, 0, 90, 20), rect(0, 20, 30, 40)]],
    ['empty line-end box dropped', [rect(10, 0, 90, 20), rect(90, 0, 90, 20)], [rect(10, 0, 90, 20)]],
    ['gap on one line kept apart', [rect(10, 0, 20, 20), rect(60, 0, 70, 20)], [rect(10, 0, 20, 20), rect(60, 0, 70, 20)]],
    ['out of order input', [rect(0, 20, 30, 40), rect(10, 0, 90, 20)], [rect(10, 0, 90, 20), rect(0, 20, 30, 40)]],
    ['nothing', [], []],
  ];
  for (const [name, input, expected] of cases) assert.deepEqual(mergeLineRects(input), expected, name);
});

test('clipRects keeps only the visible parts', () => {
  const box = rect(0, 0, 100, 50);
  assert.deepEqual(clipRects([rect(-10, 10, 20, 30), rect(90, 40, 120, 60), rect(0, 60, 10, 70)], box),
    [rect(0, 10, 20, 30), rect(90, 40, 100, 50)]);
  assert.equal(intersect(rect(0, 0, 10, 10), rect(10, 0, 20, 10)), null);
});

test('containsPoint, boundingBox and translate', () => {
  const rects = [rect(0, 0, 10, 10), rect(0, 20, 5, 30)];
  assert.equal(containsPoint(rects, 5, 5), true);
  assert.equal(containsPoint(rects, 5, 15), false);
  assert.equal(containsPoint(rects, 6, 25, 1), true);
  assert.deepEqual(boundingBox(rects), rect(0, 0, 10, 30));
  assert.equal(boundingBox([]), null);
  assert.deepEqual(translate(rect(1, 2, 3, 4), 10, 20), rect(11, 22, 13, 24));
});

test('placeCard goes below, flips above near the bottom, stays on screen', () => {
  const viewport = { width: 800, height: 600 };
  const size = { width: 300, height: 200 };
  assert.deepEqual(placeCard(rect(100, 100, 150, 120), size, viewport), { left: 100, top: 126 });
  assert.deepEqual(placeCard(rect(100, 500, 150, 520), size, viewport), { left: 100, top: 294 });
  assert.deepEqual(placeCard(rect(700, 100, 750, 120), size, viewport), { left: 496, top: 126 });
  assert.deepEqual(placeCard(rect(-50, 100, 10, 120), size, viewport), { left: 4, top: 126 });
});

test('placeCardClearOf keeps the badge in view and stays beside a line of its mark', () => {
  const viewport = { width: 800, height: 600 };
  const size = { width: 300, height: 200 };
  const cases = [
    ['badge clear of the usual spot', [rect(100, 100, 150, 120)], rect(600, 180, 730, 204), { left: 100, top: 126 }],
    ['slides left of the badge', [rect(100, 100, 150, 120)], rect(350, 180, 480, 204), { left: 44, top: 126 }],
    ['slides right of the badge', [rect(200, 100, 250, 120)], rect(40, 180, 220, 204), { left: 226, top: 126 }],
    ['flips above when sliding would leave the line', [rect(400, 300, 450, 320)], rect(380, 400, 560, 424), { left: 400, top: 94 }],
    ['opens by the next line of a wrapped mark', [rect(700, 100, 790, 120), rect(20, 120, 120, 140)], rect(560, 180, 790, 204),
      { left: 20, top: 146 }],
    ['keeps the usual spot when nothing clears', [rect(400, 100, 450, 120)], rect(380, 180, 560, 204), { left: 400, top: 126 }],
    ['a hidden badge (empty rect) changes nothing', [rect(100, 100, 150, 120)], rect(0, 0, 0, 0), { left: 100, top: 126 }],
  ];
  for (const [name, lines, badge, expected] of cases) {
    assert.deepEqual(placeCardClearOf(lines, size, viewport, badge), expected, name);
  }
});

test('placeBadge sits under the editor corner or inside it at the bottom edge', () => {
  const viewport = { width: 800, height: 600 };
  const size = { width: 120, height: 24 };
  assert.deepEqual(placeBadge(rect(50, 50, 450, 200), size, viewport), { left: 330, top: 204 });
  assert.deepEqual(placeBadge(rect(50, 400, 450, 590), size, viewport), { left: 326, top: 562 });
  assert.deepEqual(placeBadge(rect(700, 50, 900, 200), size, viewport), { left: 680, top: 204 });
});

test('placeBadge keeps clear of the composer\'s buttons', () => {
  const viewport = { width: 800, height: 600 };
  const size = { width: 120, height: 24 };
  const editor = rect(50, 50, 450, 200);
  const post = rect(380, 204, 450, 234);
  const clearOf = (...obstacles) => (spot) => !obstacles.some((o) => intersect(spot, o));
  // The Post button under the right corner: the badge goes under the left one.
  assert.deepEqual(placeBadge(editor, size, viewport, clearOf(post)), { left: 50, top: 204 });
  // A whole toolbar under the editor: inside its bottom corner.
  assert.deepEqual(placeBadge(editor, size, viewport, clearOf(rect(0, 204, 800, 240))), { left: 326, top: 172 });
  // Nothing clear anywhere: the usual spot, never off screen.
  assert.deepEqual(placeBadge(editor, size, viewport, () => false), { left: 330, top: 204 });
  // An editor taller than the viewport (a long post): never below the screen.
  const tall = placeBadge(rect(50, -900, 450, 2000), size, viewport);
  assert.ok(tall.top >= 0 && tall.top + size.height <= viewport.height, JSON.stringify(tall));
});
