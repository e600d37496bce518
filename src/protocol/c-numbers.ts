import type { Int64 } from '../model/types';

/**
 * The C number conversions Netdata 1.37 applies to protocol words, reproduced so that a word means here
 * what it means to Netdata: strtoll/strtol with base 0 (SET values, DIMENSION multiplier and divisor),
 * Netdata's own str2i/str2l/str2ull (priorities, label sources, timestamps) and str2ndd (VARIABLE values).
 */

export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);

/** A safe integer stays a number; anything else is a bigint. */
export function toInt64(v: bigint): Int64 {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

export interface StrtollResult {
  value: Int64;
  /** The whole word was a number (strtoll's end pointer reached the end, after at least one digit). */
  complete: boolean;
  /** The number did not fit in int64: value is saturated at INT64_MAX/INT64_MIN, as strtoll does (ERANGE). */
  overflow: boolean;
}

function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return 99;
}

/**
 * strtoll(text, &end, 0): leading C white space, an optional sign, then `0x`/`0X` + hex digits, `0` + octal
 * digits, or decimal digits; conversion stops at the first other character; no digit at all gives 0;
 * out of range saturates.
 */
export function strtoll(text: string): StrtollResult {
  const n = text.length;
  let i = 0;
  while (i < n && isCSpace(text.charCodeAt(i))) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';

  let base = 10;
  if (text[i] === '0') {
    if ((text[i + 1] === 'x' || text[i + 1] === 'X') && digitValue(text.charCodeAt(i + 2)) < 16) {
      base = 16;
      i += 2;
    } else {
      base = 8;
    }
  }
  const digitsStart = i;
  while (i < n && digitValue(text.charCodeAt(i)) < base) i++;
  if (i === digitsStart) return { value: 0, complete: false, overflow: false };

  const digits = text.slice(digitsStart, i);
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : '';
  let v = BigInt(prefix + digits);
  if (negative) v = -v;
  let overflow = false;
  if (v > INT64_MAX) {
    v = INT64_MAX;
    overflow = true;
  } else if (v < INT64_MIN) {
    v = INT64_MIN;
    overflow = true;
  }
  return { value: toInt64(v), complete: i === n, overflow };
}

/** strtol(text, NULL, 0) on a 64-bit long, as a number (DIMENSION multiplier and divisor). */
export function strtolNumber(text: string): number {
  return Number(strtoll(text).value);
}

/** Netdata's str2i(): an optional '-', then decimal digits, in a wrapping 32-bit int. */
export function str2i(text: string): number {
  const negative = text.charCodeAt(0) === 0x2d;
  let n = 0;
  for (let i = negative ? 1 : 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) break;
    n = (Math.imul(n, 10) + d) | 0;
  }
  return negative ? -n | 0 : n;
}

/** Netdata's str2l(): an optional '-', then decimal digits (label sources). */
export function str2l(text: string): number {
  const negative = text.charCodeAt(0) === 0x2d;
  const n = str2ull(negative ? text.slice(1) : text);
  return negative && n !== 0 ? -n : n;
}

/** Netdata's str2ull()/str2ul(): decimal digits only, stopping at anything else (timestamps, durations). */
export function str2ull(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return n;
}

const DECIMAL_PREFIX = /^[+-]?\d*(?:\.\d*)?/;
const WITH_EXPONENT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/**
 * Netdata's str2ndd() (VARIABLE values): `nan` and `inf` (unsigned only), else sign, digits, fraction and,
 * through strtod, an exponent; the longest numeric prefix counts and no number at all is 0.
 */
export function str2ndd(text: string): number {
  if (text.startsWith('nan')) return NaN;
  if (text.startsWith('inf')) return Infinity;
  const decimal = DECIMAL_PREFIX.exec(text)![0];
  const next = text[decimal.length];
  const matched = next === 'e' || next === 'E' ? WITH_EXPONENT.exec(text)?.[0] ?? decimal : decimal;
  const v = parseFloat(matched);
  return Number.isNaN(v) || v === 0 ? 0 : v;
}
