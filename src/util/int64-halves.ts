import type { Int64 } from '../model/types';

const TWO_32 = 4294967296;

/**
 * A signed 64-bit integer as two 32-bit halves, converted to and from bigint through one 8-byte DataView. Collected
 * values beyond 2^53 go through here once per value: bigint arithmetic (a shift, a mask, a sign fix, a string parse)
 * allocated a bigint per operation, this allocates at most the resulting bigint.
 */
export class Int64Halves {
  /** The high 32 bits, as an unsigned number. */
  hi = 0;
  /** The low 32 bits, as an unsigned number. */
  lo = 0;
  private readonly view = new DataView(new ArrayBuffer(8));

  /** Takes v, which must be within int64 (checked by the caller). */
  fromBigInt(v: bigint): this {
    this.view.setBigInt64(0, v);
    this.hi = this.view.getUint32(0);
    this.lo = this.view.getUint32(4);
    return this;
  }

  /**
   * Takes the decimal digits bytes[from, end) (ASCII '0'-'9' only, checked by the caller), negated when `negative`;
   * false when the number is outside int64, which the caller then handles as strtoll's overflow.
   */
  fromDecimal(bytes: Uint8Array, from: number, end: number, negative: boolean): boolean {
    // the magnitude, digit by digit, in two limbs: lo * 10 + 9 < 2^36 stays exact as a double
    let hi = 0;
    let lo = 0;
    for (let j = from; j < end; j++) {
      const x = lo * 10 + (bytes[j] - 0x30);
      const carry = Math.floor(x / TWO_32);
      lo = x - carry * TWO_32;
      hi = hi * 10 + carry;
      if (hi >= TWO_32) return false;
    }
    // int64 holds magnitudes up to 2^63 - 1, and 2^63 when negative
    if (hi > 0x7fffffff && !(negative && hi === 0x80000000 && lo === 0)) return false;
    if (negative) {
      // two's complement: ~m + 1
      lo = (~lo + 1) >>> 0;
      hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return true;
  }

  /** The value: a number when it is a safe integer, else a bigint. */
  value(): Int64 {
    const signedHi = this.hi | 0;
    // exact whenever the result is safe: a rounded product is beyond 2^53 and fails the test
    const n = signedHi * TWO_32 + this.lo;
    if (Number.isSafeInteger(n)) return n;
    this.view.setUint32(0, this.hi);
    this.view.setUint32(4, this.lo);
    return this.view.getBigInt64(0);
  }
}
