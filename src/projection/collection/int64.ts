/**
 * Signed 64-bit arithmetic as Netdata's C code does it on collected_number (long long) and total_number, with
 * two's-complement wrap. Safe integers stay on the double fast path; bigint is used only when a value or a
 * result can leave the safe range.
 */
import type { Int64 } from '../../model/types';

const TWO_64 = 1n << 64n;
const UINT32_MAX = 0xffffffff;
const UINT64_MAX = TWO_64 - 1n;

function big(v: Int64): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** Normalizes a bigint result back to Int64 (number when safe). */
function fromBig(v: bigint): Int64 {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

function wrapSigned(v: bigint): Int64 {
  return fromBig(BigInt.asIntN(64, v));
}

/** (double)v */
export function toDouble(v: Int64): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** a - b in int64 (wrapping), as a double. */
export function subToDouble(a: Int64, b: Int64): number {
  // both safe: the exact difference fits in 55 bits and JS rounds it once, like the C int64 -> double cast
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Number(BigInt.asIntN(64, big(a) - big(b)));
}

/** a + b in int64 (wrapping). */
export function add(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (Number.isSafeInteger(s)) return s;
  }
  return wrapSigned(big(a) + big(b));
}

// JavaScript compares a bigint with a number exactly, so the comparisons below need no conversion (which allocated a
// bigint per call for every value beyond 2^53).

/** a == b for int64 */
export function equal(a: Int64, b: Int64): boolean {
  return a == b; // loose equality compares a bigint with a number exactly
}

/** a > b, signed */
export function greater(a: Int64, b: Int64): boolean {
  return a > b;
}

/** (uint64_t)a > (uint64_t)b */
export function greaterUnsigned(a: Int64, b: Int64): boolean {
  // as uint64 every negative is above every non-negative; within one sign the order is the signed one
  return a < 0 !== b < 0 ? a < 0 : a > b;
}

/** |v| in int64: the negation of INT64_MIN wraps to itself, as in C. */
export function abs(v: Int64): Int64 {
  if (typeof v === 'number') return v < 0 ? -v : v;
  return v < 0n ? wrapSigned(-v) : v;
}

/**
 * The rrdset_done() counter-wrap rule for an incremental value that went down: take the counter width from the
 * largest value ever collected (32-bit unless it exceeded UINT32_MAX), compute the wrapped delta
 * cap - last + new, and accept it only if it is below 10% of the width (MAX_INCREMENTAL_PERCENT_RATE);
 * otherwise it is a reset and the delta is 0.
 */
export function wrappedDelta(last: Int64, now: Int64, maxCollected: Int64): number {
  const cap = greater(maxCollected, UINT32_MAX) ? UINT64_MAX : BigInt(UINT32_MAX);
  const delta = BigInt.asUintN(64, cap - BigInt.asUintN(64, big(last)) + BigInt.asUintN(64, big(now)));
  const maxAcceptable = (cap / 100n) * 10n;
  return delta < maxAcceptable ? Number(delta) : 0;
}
