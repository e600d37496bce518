import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Int64 } from '../../../src/model/types';
import * as i64 from '../../../src/projection/collection/int64';
import { Int64Column } from '../../../src/projection/collection/int64-column';

/** Values on both sides of every representation edge: Smi, 2^31, 2^53, the int64 limits, negatives. */
const EDGES: Int64[] = [
  0, 1, -1, 7, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER,
  2n ** 53n + 1n, 2n ** 53n + 3n, -(2n ** 53n) - 5n, 2n ** 63n - 1n, -(2n ** 63n),
];

const columnOf = (values: Int64[]): Int64Column => {
  const c = new Int64Column();
  c.grow(values.length);
  values.forEach((v, i) => c.set(i, v));
  return c;
};

test('an Int64Column gives back the last value set in each entry, number or bigint, at every edge', () => {
  const c = new Int64Column();
  c.grow(3);
  assert.deepEqual([c.get(0), c.get(1), c.get(2)], [0, 0, 0], 'new entries hold 0');
  for (const v of [...EDGES, ...EDGES.slice().reverse()]) {
    c.set(1, v);
    assert.equal(c.get(1), v, `after set(${v})`);
    assert.equal(typeof c.get(1), typeof v, `the type of ${v} is kept`);
    assert.deepEqual([c.get(0), c.get(2)], [0, 0], 'the other entries are untouched');
    const copy = columnOf([2n ** 60n, 2n ** 60n]);
    copy.copy(1, c);
    assert.deepEqual([copy.get(0), copy.get(1)], [2n ** 60n, v], `copy of entry 1 = ${v}`);
  }
  c.set(2, 2n ** 62n);
  c.grow(5);
  assert.deepEqual([c.get(2), c.get(3), c.get(4)], [2n ** 62n, 0, 0], 'growing keeps every entry, bigints included');
});

test('an Int64Column\'s arithmetic is the int64 module\'s, for every pair of edge values', () => {
  for (const a of EDGES) {
    for (const b of EDGES) {
      const ca = columnOf([b, a]);
      const cb = columnOf([a, b]);
      assert.equal(ca.toDouble(1), i64.toDouble(a), `toDouble(${a})`);
      assert.equal(ca.minusToDouble(1, cb), i64.subToDouble(a, b), `${a} - ${b}`);
      assert.equal(ca.aboveUnsigned(1, cb), i64.greaterUnsigned(a, b), `${a} >u ${b}`);
      ca.raise(1, b);
      assert.equal(ca.get(1), i64.greater(b, a) ? b : a, `raise(${a}, ${b})`);
    }
  }
});
