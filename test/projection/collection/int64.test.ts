import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as i64 from '../../../src/projection/collection/int64';

test('greaterUnsigned compares as uint64, on the number fast path as on the bigint one', () => {
  const samples = [0, 1, 2, 5, 2 ** 31, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, -1, -2, -(2 ** 40), Number.MIN_SAFE_INTEGER];
  for (const a of samples) {
    for (const b of samples) {
      const want = BigInt.asUintN(64, BigInt(a)) > BigInt.asUintN(64, BigInt(b));
      assert.equal(i64.greaterUnsigned(a, b), want, `${a} > ${b}`);
      assert.equal(i64.greaterUnsigned(BigInt(a), b), want, `${a}n > ${b}`);
    }
  }
  assert.equal(i64.greaterUnsigned(-1n, (1n << 63n) - 1n), true);
});
