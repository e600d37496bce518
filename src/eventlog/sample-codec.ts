import type { Int64 } from '../model/types';
import { MAX_BYTES_PER_RSET, encodeReplayPoint } from './replay-codec';
import { readUvarint } from './varint';
import { Int64Halves } from '../util/int64-halves';
import { ByteArena } from './byte-arena';

/**
 * The payload of a sample event (one BEGIN..END block): for every SET, in stream order,
 *   key   = unsigned LEB128 varint of (dimension ordinal << 1 | empty flag)
 *   value = unsigned LEB128 varint of zigzag(int64), only when the empty flag is 0
 * Byte-level description with examples: docs/event-log.md, "Sample payload".
 */

const EMPTY_FLAG = 1;
/** Worst case per SET: 5-byte key (ordinal < 2^31) + 10-byte value. */
const MAX_BYTES_PER_SET = 15;
/** Below this magnitude zigzag(v) < 2^53, so double arithmetic is exact. */
const EXACT_ZIGZAG_LIMIT = 2 ** 52;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Seven varint bytes hold 49 bits: still exact as a double, so only longer varints need bigint. */
const NUMBER_VARINT_BYTES = 7;

/**
 * An append-only byte arena that sample payloads are encoded into, one after the other, without allocating per value.
 * The batch that owns it resets it once its events are committed.
 */
export class PayloadArena extends ByteArena {
  /** Appends the payload of `count` SETs; returns its start offset (its length is `this.length - start`). */
  appendSample(ordinals: ArrayLike<number>, values: ArrayLike<Int64 | null>, count: number): number {
    const start = this.length;
    this.reserve(count * MAX_BYTES_PER_SET);
    const buf = this.buf;
    let p = start;
    for (let i = 0; i < count; i++) {
      const v = values[i];
      const ordinal = ordinals[i];
      if (!(ordinal >= 0 && ordinal < 2 ** 31 && Number.isInteger(ordinal))) throw new RangeError(`bad dimension ordinal ${ordinal}`);
      // the varint loops are written out here, not calls to writeUvarint32: this runs per value, and the calls cost
      // a quarter of the log's CPU in bench:eventlog
      let key = ((ordinal << 1) | (v === null ? EMPTY_FLAG : 0)) >>> 0;
      while (key > 0x7f) {
        buf[p++] = (key & 0x7f) | 0x80;
        key >>>= 7;
      }
      buf[p++] = key;
      if (v === null) continue;
      if (typeof v === 'number' && (v | 0) === v) {
        // int32: zigzag fits an unsigned 32-bit integer, so plain bit operations do.
        let z = ((v << 1) ^ (v >> 31)) >>> 0;
        while (z > 0x7f) {
          buf[p++] = (z & 0x7f) | 0x80;
          z >>>= 7;
        }
        buf[p++] = z;
      } else if (typeof v === 'number' && v > -EXACT_ZIGZAG_LIMIT && v < EXACT_ZIGZAG_LIMIT && Number.isInteger(v)) {
        // exact below 2^53; `>>> 0` takes the low 32 bits of any integer-valued double (ToUint32 is modulo 2^32),
        // so the loop runs on int32 halves instead of a floating-point % and division per byte
        const z = v >= 0 ? v * 2 : -v * 2 - 1;
        const lo = z >>> 0;
        p = writeHalves(buf, p, lo, (z - lo) / 4294967296);
      } else {
        p = writeBigZigzag(buf, p, typeof v === 'bigint' ? v : BigInt(v)); // BigInt() rejects non-integers
      }
    }
    this.length = p;
    return start;
  }

  /** Appends a replay point's payload (replay-codec.ts); returns its start offset. */
  appendReplayPoint(ordinals: ArrayLike<number>, values: ArrayLike<number>, resets: ArrayLike<boolean>, count: number): number {
    const start = this.length;
    this.reserve(count * MAX_BYTES_PER_RSET);
    this.length = encodeReplayPoint(this.buf, start, ordinals, values, resets, count);
    return start;
  }
}

const wide = new Int64Halves();

function writeBigZigzag(buf: Buffer, p: number, v: bigint): number {
  if (v < INT64_MIN || v > INT64_MAX) throw new RangeError(`value ${v} is outside the signed 64-bit range`);
  // zigzag on the two halves, (v << 1) ^ (v >> 63): bigint shifts and masks allocated a bigint each
  const { hi, lo } = wide.fromBigInt(v);
  const sign = (hi | 0) >> 31;
  return writeHalves(buf, p, ((lo << 1) ^ sign) >>> 0, (((hi << 1) | (lo >>> 31)) ^ sign) >>> 0);
}

/** The unsigned LEB128 varint of hi * 2^32 + lo (both uint32). */
function writeHalves(buf: Buffer, p: number, lo: number, hi: number): number {
  while (hi > 0 || lo > 0x7f) {
    buf[p++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | ((hi & 0x7f) << 25)) >>> 0;
    hi >>>= 7;
  }
  buf[p++] = lo;
  return p;
}

/** A decoded payload: dimension ordinals and their values (null = empty), in stream order. */
export interface DecodedSample {
  ordinals: number[];
  values: (Int64 | null)[];
}

export function decodeSample(payload: Uint8Array): DecodedSample {
  const ordinals: number[] = [];
  const values: (Int64 | null)[] = [];
  const end = payload.length;
  const cursor = { p: 0 };
  while (cursor.p < end) {
    const key = readUvarint(payload, cursor, 'sample payload');
    let p = cursor.p;
    let b: number;
    let mul = 1;
    ordinals.push(Math.floor(key / 2));
    if (key % 2 === EMPTY_FLAG) {
      values.push(null);
      continue;
    }
    let z = 0;
    let n = 0;
    do {
      if (p >= end) throw new RangeError('truncated sample payload');
      b = payload[p++];
      z += (b & 0x7f) * mul;
      mul *= 128;
      n++;
    } while (b & 0x80 && n < NUMBER_VARINT_BYTES);
    if (b & 0x80) {
      const r = readBigRest(payload, p, BigInt(z));
      p = r.p;
      values.push(r.value);
    } else {
      values.push(z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    }
    cursor.p = p;
  }
  return { ordinals, values };
}

/** Continues a varint longer than 7 bytes (zigzag >= 2^49) with bigint, then unzigzags it. */
function readBigRest(payload: Uint8Array, p: number, low49: bigint): { p: number; value: Int64 } {
  let z = low49;
  let shift = 49n;
  let b: number;
  do {
    if (p >= payload.length || shift > 63n) throw new RangeError('bad varint in sample payload');
    b = payload[p++];
    z |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  } while (b & 0x80);
  const v = z & 1n ? -((z + 1n) >> 1n) : z >> 1n;
  const asNumber = Number(v);
  return { p, value: Number.isSafeInteger(asNumber) && BigInt(asNumber) === v ? asNumber : v };
}
