import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Int64Halves } from '../../src/util/int64-halves';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The values where the conversions change regime: zero, the safe-integer edges, 32-bit limb edges, the int64 ends. */
const EDGES: bigint[] = [
  0n, 1n, -1n, 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n), 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) + 1n,
  -(2n ** 53n), -(2n ** 53n) - 1n, 2n ** 62n, INT64_MAX, INT64_MAX - 1n, INT64_MIN, INT64_MIN + 1n, 12_345_678_901_234_567n,
];

/** Deterministic pseudo-random int64s spread over every magnitude. */
function randomInt64s(n: number): bigint[] {
  let s = 0x2545f491n;
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    s = (s * 6364136223846793005n + 1442695040888963407n) & (2n ** 64n - 1n);
    out.push(BigInt.asIntN(64, s) >> BigInt(i % 64));
  }
  return out;
}

/** What value() must give: a number when safe, else the bigint. */
const expected = (v: bigint): number | bigint => (Number.isSafeInteger(Number(v)) ? Number(v) : v);

test('fromDecimal reads every int64 written in decimal exactly, as a number when it is safe', () => {
  const h = new Int64Halves();
  for (const v of [...EDGES, ...randomInt64s(5000)]) {
    const digits = Buffer.from((v < 0n ? -v : v).toString(), 'latin1');
    assert.equal(h.fromDecimal(digits, 0, digits.length, v < 0n), true, String(v));
    assert.equal(h.value(), expected(v), String(v));
  }
});

test('fromDecimal refuses what int64 cannot hold, which strtoll saturates', () => {
  const h = new Int64Halves();
  for (const [text, negative] of [['9223372036854775808', false], ['9223372036854775809', true], ['18446744073709551616', false], ['99999999999999999999999', true]] as const) {
    const digits = Buffer.from(text, 'latin1');
    assert.equal(h.fromDecimal(digits, 0, digits.length, negative), false, `${negative ? '-' : ''}${text}`);
  }
  // a part of a buffer: only bytes [from, end) count
  const line = Buffer.from('SET "x" = 00012345678901234567890', 'latin1');
  assert.equal(h.fromDecimal(line, 13, 30, false), true);
  assert.equal(h.value(), 12345678901234567n);
});

test('fromBigInt gives the two\'s-complement halves, and value() turns them back', () => {
  const h = new Int64Halves();
  for (const v of [...EDGES, ...randomInt64s(5000)]) {
    h.fromBigInt(v);
    const u = BigInt.asUintN(64, v);
    assert.equal(h.hi, Number(u >> 32n), String(v));
    assert.equal(h.lo, Number(u & 0xffffffffn), String(v));
    assert.equal(h.value(), expected(v), String(v));
  }
});
