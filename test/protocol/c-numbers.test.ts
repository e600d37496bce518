import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { str2i, str2l, str2ndd, str2ull, strtoll, toInt64 } from '../../src/protocol/c-numbers';

describe('strtoll(text, NULL, 0)', () => {
  const cases: Array<[string, number | bigint, boolean, boolean]> = [
    // text, value, complete, overflow
    ['0', 0, true, false],
    ['123', 123, true, false],
    ['-123', -123, true, false],
    ['+5', 5, true, false],
    ['-0', 0, true, false],
    ['9007199254740991', 9007199254740991, true, false],
    ['9007199254740993', 9007199254740993n, true, false],
    ['-9223372036854775808', -9223372036854775808n, true, false],
    ['9223372036854775807', 9223372036854775807n, true, false],
    ['9223372036854775808', 9223372036854775807n, true, true],
    ['-9223372036854775809', -9223372036854775808n, true, true],
    ['123456789012345678901234567890', 9223372036854775807n, true, true],
    ['0x10', 16, true, false],
    ['0XfF', 255, true, false],
    ['-0x10', -16, true, false],
    ['0x7fffffffffffffff', 9223372036854775807n, true, false],
    ['0x8000000000000000', 9223372036854775807n, true, true],
    ['010', 8, true, false],
    ['08', 0, false, false],
    ['0x', 0, false, false],
    ['12abc', 12, false, false],
    ['12.9', 12, false, false],
    ['abc', 0, false, false],
    ['', 0, false, false],
    ['-', 0, false, false],
    ['\v\f 42', 42, true, false],
  ];
  for (const [text, value, complete, overflow] of cases) {
    it(JSON.stringify(text), () => {
      const r = strtoll(text);
      assert.equal(r.value, value);
      assert.equal(typeof r.value, typeof value);
      assert.equal(r.complete, complete);
      assert.equal(r.overflow, overflow);
    });
  }
  it('never gives -0', () => {
    assert.ok(Object.is(strtoll('-0').value, 0));
    assert.ok(Object.is(strtoll('-0x0').value, 0));
  });
});

describe('Netdata number helpers', () => {
  it('toInt64 keeps safe integers as numbers', () => {
    assert.equal(toInt64(2n ** 53n - 1n), 2 ** 53 - 1);
    assert.equal(toInt64(2n ** 53n), 2n ** 53n);
    assert.equal(toInt64(-(2n ** 53n) + 1n), -(2 ** 53) + 1);
  });
  it('str2i: sign, digits, stop at garbage, 32-bit wrap', () => {
    assert.equal(str2i('1000'), 1000);
    assert.equal(str2i('-5x'), -5);
    assert.equal(str2i('abc'), 0);
    assert.equal(str2i('+5'), 0);
    assert.equal(str2i('4294967297'), 1);
  });
  it('str2l and str2ull', () => {
    assert.equal(str2l('536870913'), 536870913);
    assert.equal(str2l('-2'), -2);
    assert.equal(str2ull('1795359436331199'), 1795359436331199);
    assert.equal(str2ull('-1'), 0);
    assert.equal(str2ull('12 3'), 12);
  });
  it('str2ndd: decimals, exponents, nan/inf, leftovers', () => {
    assert.equal(str2ndd('2.0000000'), 2);
    assert.equal(str2ndd('-1.5'), -1.5);
    assert.equal(str2ndd('1e3'), 1000);
    assert.equal(str2ndd('12abc'), 12);
    assert.equal(str2ndd('abc'), 0);
    assert.ok(Number.isNaN(str2ndd('nan')));
    assert.equal(str2ndd('inf'), Infinity);
  });
});
