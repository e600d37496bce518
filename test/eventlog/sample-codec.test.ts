import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Int64 } from '../../src/model/types';
import { PayloadArena, decodeSample } from '../../src/eventlog/sample-codec';

function encode(ordinals: number[], values: (Int64 | null)[]): Buffer {
  const arena = new PayloadArena(16);
  const start = arena.appendSample(ordinals, values, ordinals.length);
  return Buffer.from(arena.buf.subarray(start, arena.length));
}

test('the example of docs/event-log.md encodes to the documented bytes', () => {
  const bytes = encode([0, 1, 2, 3, 70], [0, -1, 300, null, 1]);
  assert.equal(bytes.toString('hex'), '0000' + '0201' + '04d804' + '07' + '8c0102');
});

test('extreme values use ten bytes and come back exactly', () => {
  assert.equal(encode([0], [2n ** 63n - 1n]).toString('hex'), '00' + 'feffffffffffffffff01');
  assert.equal(encode([0], [-(2n ** 63n)]).toString('hex'), '00' + 'ffffffffffffffffff01');
});

test('every range of values round-trips, as number when safe and bigint otherwise', () => {
  const values: (Int64 | null)[] = [
    0, -1, 1, 63, -64, 64, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 48, -(2 ** 49), 2 ** 52 - 1, -(2 ** 52) + 1, 2 ** 52,
    -(2 ** 52), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n,
    2n ** 63n - 1n, -(2n ** 63n), null, 12_345_678_901_234n,
  ];
  const ordinals = values.map((_, i) => i * 37); // some need two-byte keys
  const decoded = decodeSample(encode(ordinals, values));
  assert.deepEqual(decoded.ordinals, ordinals);
  const expected = values.map((v) => (typeof v === 'bigint' && Number.isSafeInteger(Number(v)) ? Number(v) : v));
  assert.deepEqual(decoded.values, expected);
  for (const v of decoded.values) if (typeof v === 'number') assert.ok(Number.isSafeInteger(v));
});

test('values of every bit length, both signs, as bigints and as numbers, encode as the plain bigint zigzag varint would and round-trip', () => {
  const reference = (v: bigint): string => {
    let z = v >= 0n ? v << 1n : ((-v) << 1n) - 1n;
    const out: number[] = [];
    while (z > 0x7fn) {
      out.push(Number(z & 0x7fn) | 0x80);
      z >>= 7n;
    }
    out.push(Number(z));
    return Buffer.from(out).toString('hex');
  };
  let seed = 12345;
  const random = (): bigint => BigInt((seed = (seed * 1103515245 + 12345) % 2 ** 31));
  for (let bits = 1; bits <= 63; bits++) {
    for (let k = 0; k < 20; k++) {
      // a random value of exactly `bits` bits (top bit set), then its negation
      const r = (random() << 32n) | random();
      const magnitude = (1n << BigInt(bits - 1)) | (r & ((1n << BigInt(bits - 1)) - 1n));
      for (const v of [magnitude, -magnitude, ...(bits === 63 ? [-(1n << 63n)] : [])]) {
        assert.equal(encode([0], [v]).toString('hex'), '00' + reference(v), `value ${v}`);
        // the same value as a number (exact below 2^53) takes the number paths: the same bytes
        if (bits <= 53) assert.equal(encode([0], [Number(v)]).toString('hex'), '00' + reference(v), `value ${v} as a number`);
        const back = decodeSample(encode([0], [v])).values[0];
        assert.equal(BigInt(back as number | bigint), v);
      }
    }
  }
});

test('an arena holds many payloads back to back and grows without corrupting earlier ones', () => {
  const arena = new PayloadArena(8);
  const spans: [number, number][] = [];
  for (let i = 0; i < 500; i++) {
    const start = arena.appendSample([0, 1], [i, -i * 1_000_003], 2);
    spans.push([start, arena.length]);
  }
  spans.forEach(([s, e], i) => assert.deepEqual(decodeSample(arena.buf.subarray(s, e)).values, [i, -i * 1_000_003 || 0]));
});

test('values that are not signed 64-bit integers are refused and leave the arena unchanged', () => {
  const arena = new PayloadArena(16);
  arena.appendSample([0], [5], 1);
  const before = arena.length;
  assert.throws(() => arena.appendSample([0, 1], [1, 2n ** 63n], 2), RangeError);
  assert.throws(() => arena.appendSample([0], [-(2n ** 63n) - 1n], 1), RangeError);
  assert.throws(() => arena.appendSample([0], [1.5], 1), RangeError);
  assert.throws(() => arena.appendSample([0], [Number.NaN], 1), RangeError);
  assert.throws(() => arena.appendSample([-1], [1], 1), RangeError);
  assert.equal(arena.length, before);
});

test('a truncated payload is reported, not misread', () => {
  const bytes = encode([0], [2n ** 62n]);
  assert.throws(() => decodeSample(bytes.subarray(0, bytes.length - 1)), /truncated|bad varint/);
  assert.throws(() => decodeSample(Uint8Array.of(0x80)), /truncated/);
});
