import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  packStorageNumber,
  unpackStorageNumber,
  storedValue,
  SN_EMPTY_SLOT,
  SN_DEFAULT_FLAGS,
  SN_FLAG_NOT_EXISTS_MUL100,
} from '../../../src/projection/collection/storage-number';

// the bit fields, spelled out here to check the packed patterns independently of the module
const NEGATIVE = 0x80000000;
const MULTIPLY = 0x40000000;
const power = (m: number): number => m * 0x08000000;
const pattern = (...parts: number[]): number => parts.reduce((a, b) => a + b, 0) >>> 0;

/** %0.7f with trailing zeros dropped: how Netdata's JSON prints a stored value */
const printed = (v: number): string => v.toFixed(7).replace(/\.?0+$/, '');

test('small values are scaled up by powers of 10 until the mantissa is 7-8 digits', () => {
  // 49.751243781 * 10^5 = 4975124.378 -> mantissa 4975124, divide by 10^5
  assert.equal(packStorageNumber(49.751243781), pattern(SN_DEFAULT_FLAGS, power(5), 4975124));
  assert.equal(printed(storedValue(49.751243781)), '49.75124');
  // 0.497512437 * 10^7 = 4975124.37
  assert.equal(packStorageNumber(0.497512437), pattern(SN_DEFAULT_FLAGS, power(7), 4975124));
  assert.equal(printed(storedValue(0.497512437)), '0.4975124');
  // 1.00502512 * 10^6 is still below 0x19999e, so one more power: 10050251.2
  assert.equal(packStorageNumber(1.00502512), pattern(SN_DEFAULT_FLAGS, power(7), 10050251));
  assert.equal(printed(storedValue(1.00502512)), '1.0050251');
  // 0.9 must not become 0.89: the mantissa is rounded, not truncated
  assert.equal(storedValue(0.9), 9000000 * (1 / 1e7));
  assert.equal(printed(storedValue(0.9)), '0.9');
});

test('the scaling stops at 10^7: tiny values lose their digits', () => {
  assert.equal(packStorageNumber(0.00000012345), pattern(SN_DEFAULT_FLAGS, power(7), 1));
  assert.equal(storedValue(0.00000004), 0);
});

test('large values are divided by 10 (or by 100 beyond 10^7 * 2^24) and keep 7-8 significant digits', () => {
  assert.equal(packStorageNumber(1e12), pattern(SN_DEFAULT_FLAGS, MULTIPLY, power(5), 10000000));
  assert.equal(storedValue(1e12), 1e12);
  assert.equal(storedValue(123456789), 123456790);
  // 2^55 = 36028797018963968: above 1.6e14, so powers of 100: / 100^5 = 3602879.70... -> 3602880
  const v = 2 ** 55;
  assert.equal(packStorageNumber(v), pattern(SN_DEFAULT_FLAGS, MULTIPLY, power(5), SN_FLAG_NOT_EXISTS_MUL100, 3602880));
  assert.equal(storedValue(v), 36028800000000000);
  // beyond 100^7 * 2^24 the mantissa saturates
  assert.equal(packStorageNumber(1e30), pattern(SN_DEFAULT_FLAGS, MULTIPLY, power(7), SN_FLAG_NOT_EXISTS_MUL100, 0xffffff));
  assert.equal(storedValue(1e30), 0xffffff * 1e14);
});

test('negative values carry the sign bit and mirror the positive ones', () => {
  assert.equal(packStorageNumber(-49.751243781), pattern(NEGATIVE, SN_DEFAULT_FLAGS, power(5), 4975124));
  assert.equal(storedValue(-49.751243781), -storedValue(49.751243781));
  assert.equal(storedValue(-1e12), -1e12);
});

test('the mantissa is rounded half to even, like lrint()', () => {
  assert.equal(packStorageNumber(2000000.5) & 0xffffff, 2000000);
  assert.equal(packStorageNumber(2000001.5) & 0xffffff, 2000002);
  assert.equal(packStorageNumber(2000001.4999) & 0xffffff, 2000001);
});

test('zero is a value (its flags only), NaN and infinities are the empty slot', () => {
  assert.equal(packStorageNumber(0), SN_DEFAULT_FLAGS);
  assert.equal(unpackStorageNumber(packStorageNumber(0)), 0);
  assert.equal(packStorageNumber(5e-324), SN_DEFAULT_FLAGS); // subnormal: stored as zero
  assert.equal(SN_EMPTY_SLOT, 0x04000000);
  for (const v of [NaN, Infinity, -Infinity]) assert.equal(packStorageNumber(v), SN_EMPTY_SLOT);
  assert.ok(Number.isNaN(unpackStorageNumber(SN_EMPTY_SLOT)));
  // with no flags, zero packs to 0, which is not the empty slot
  assert.equal(unpackStorageNumber(packStorageNumber(0, 0)), 0);
});

test('flags do not change the value read back', () => {
  for (const v of [0, 1, -3.25, 49.751243781, 1e12]) {
    assert.equal(unpackStorageNumber(packStorageNumber(v, 0)), storedValue(v));
    assert.equal(unpackStorageNumber(packStorageNumber(v, 0x02000000 | SN_DEFAULT_FLAGS)), storedValue(v));
  }
});

test('round trip keeps 7 significant digits between 0.2 and 1.6e14', () => {
  // outside that range the power is capped at 7 (small values) or counts in 100s (large ones): fewer digits
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 5000; i++) {
    const v = (rand() - 0.5) * 10 ** Math.floor(rand() * 15);
    if (Math.abs(v) < 0.2 || Math.abs(v) >= 1.6e14) continue;
    const back = storedValue(v);
    assert.ok(Math.abs(back - v) <= Math.abs(v) * 6e-7, `${v} -> ${back}`);
    // packing what was read back is stable
    assert.equal(storedValue(back), back);
  }
});
