/**
 * Netdata 1.37's 32-bit storage number: how every tier-0 point is kept, so the only values a query can ever read
 * back. Reproduces libnetdata/storage_number/storage_number.{c,h} of v1.37.1
 * (https://github.com/netdata/netdata/blob/v1.37.1/libnetdata/storage_number/storage_number.c), built as Debian
 * builds it: NETDATA_DOUBLE = double and STORAGE_WITH_MATH (the mantissa is rounded with lrint, ties to even).
 *
 * Layout: bit 31 sign, bit 30 multiply (else divide), bits 29..27 the power m (0-7), bit 26 "power of 100
 * instead of 10" (and, alone, the empty slot), bit 25 reset, bit 24 not-anomalous, bits 23..0 the mantissa.
 */

export const SN_FLAG_NOT_ANOMALOUS = 0x01000000;
export const SN_FLAG_RESET = 0x02000000;
export const SN_FLAG_NOT_EXISTS_MUL100 = 0x04000000;
const SN_FLAG_MULTIPLY = 0x40000000;
const SN_FLAG_NEGATIVE = 0x80000000;
const SN_USER_FLAGS = SN_FLAG_NOT_ANOMALOUS | SN_FLAG_RESET;

/** What Netdata stores for a point without ML: "not anomalous" is the default (the bit is inverted). */
export const SN_DEFAULT_FLAGS = SN_FLAG_NOT_ANOMALOUS;

/** A gap. In 1.37 this is the MUL100 bit alone (0x04000000), not 0: a zero value packs to its flags. */
export const SN_EMPTY_SLOT: number = SN_FLAG_NOT_EXISTS_MUL100;

const MANTISSA_MAX = 0x00ffffff;
// the largest mantissa that can still be multiplied by 10 without passing MANTISSA_MAX
const MANTISSA_GROW_LIMIT = 0x0019999e;
const MIN_NORMAL_DOUBLE = 2.2250738585072014e-308;

// 1 / 10^i, 10^i, 1 / 100^i, 100^i: Netdata's unpack lookup table, indexed [factor*16 + multiply*8 + m]
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7];
const POW100 = [1, 100, 1e4, 1e6, 1e8, 1e10, 1e12, 1e14];
const UNPACK_LUT = new Float64Array([
  ...POW10.map((p) => 1 / p),
  ...POW10,
  ...POW100.map((p) => 1 / p),
  ...POW100,
]);

/** lrint() in the default rounding mode: nearest, ties to even. `n` is never negative here. */
function roundHalfEven(n: number): number {
  const floor = Math.floor(n);
  const diff = n - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The uint32 Netdata 1.37 stores for `value` (NaN and infinities become the empty slot). */
export function packStorageNumber(value: number, flags: number = SN_DEFAULT_FLAGS): number {
  if (!Number.isFinite(value)) return SN_EMPTY_SLOT;

  let r = flags & SN_USER_FLAGS;
  if (value === 0 || Math.abs(value) < MIN_NORMAL_DOUBLE) return r >>> 0;

  let m = 0;
  let n = value;
  let factor = 10;
  if (n < 0) {
    r += SN_FLAG_NEGATIVE;
    n = -n;
  }
  if (n / 10000000.0 > MANTISSA_MAX) {
    factor = 100;
    r |= SN_FLAG_NOT_EXISTS_MUL100;
    r >>>= 0;
  }

  while (m < 7 && n > MANTISSA_MAX) {
    n /= factor;
    m++;
  }

  if (m) {
    r += SN_FLAG_MULTIPLY + m * 0x08000000;
    // still too big after the largest multiplier: Netdata saturates the mantissa
    if (n > MANTISSA_MAX) return (r + MANTISSA_MAX) >>> 0;
  } else {
    while (m < 7 && n < MANTISSA_GROW_LIMIT) {
      n *= 10;
      m++;
    }
    if (n > MANTISSA_MAX) {
      n /= 10;
      m--;
    }
    r += m * 0x08000000;
  }

  return (r + roundHalfEven(n)) >>> 0;
}

/** The double Netdata 1.37 reads back from a stored number; NaN for the empty slot. */
export function unpackStorageNumber(sn: number): number {
  sn >>>= 0;
  if (sn === SN_EMPTY_SLOT) return NaN;

  const sign = sn & SN_FLAG_NEGATIVE ? -1 : 1;
  const multiply = sn & SN_FLAG_MULTIPLY ? 1 : 0;
  const factor = sn & SN_FLAG_NOT_EXISTS_MUL100 ? 1 : 0;
  const m = (sn >>> 27) & 0x7;
  const mantissa = sn & MANTISSA_MAX;

  // same evaluation order as Netdata (sign * lut * n) so the rounding of the product matches
  return sign * UNPACK_LUT[factor * 16 + multiply * 8 + m] * mantissa;
}

/** The value a Netdata query returns for a point stored as `value`. */
export function storedValue(value: number): number {
  return unpackStorageNumber(packStorageNumber(value));
}

/*
 * In-memory stores (ram rings, dbengine pages being filled) keep slot words: the storage number XOR SN_EMPTY_SLOT, so
 * zeroed memory reads as empty slots and a new block needs no filling. The XOR is its own inverse.
 */

/** The slot word of `value` (0 for NaN and infinities: the empty slot). */
export function packSlotWord(value: number): number {
  return (packStorageNumber(value) ^ SN_EMPTY_SLOT) >>> 0;
}

/** The value a slot word holds; NaN for an empty slot. */
export function unpackSlotWord(word: number): number {
  return unpackStorageNumber(word ^ SN_EMPTY_SLOT);
}

/** The storage number a slot word holds (SN_EMPTY_SLOT for an empty slot). */
export function slotWordToStorageNumber(word: number): number {
  return (word ^ SN_EMPTY_SLOT) >>> 0;
}
