import { readUvarint, writeUvarint32 } from './varint';

/**
 * The payload of a replay-point event (one `RBEGIN '' start end` and its RSET lines, Netdata 1.37 replication):
 * for every RSET, in stream order,
 *   key   = unsigned LEB128 varint of (dimension ordinal << 2 | reset << 1 | empty)
 *   value = the stored value as a little-endian IEEE 754 double (8 bytes), only when empty is 0
 * RSET values are already stored values (doubles printed with 7 decimals), not collected integers, hence a double.
 * Byte-level description: docs/event-log.md, "Replay-point payload".
 */

const EMPTY_FLAG = 1;
const RESET_FLAG = 2;
/** Worst case per RSET: 5-byte key (ordinal < 2^30) + 8-byte value. */
export const MAX_BYTES_PER_RSET = 13;

export interface DecodedReplayPoint {
  ordinals: number[];
  /** NaN where the child sent the slot as empty. */
  values: number[];
  resets: boolean[];
}

/** Writes the payload into buf at p (the caller reserved count * MAX_BYTES_PER_RSET bytes); returns the new end. */
export function encodeReplayPoint(buf: Buffer, p: number, ordinals: ArrayLike<number>, values: ArrayLike<number>, resets: ArrayLike<boolean>, count: number): number {
  for (let i = 0; i < count; i++) {
    const ordinal = ordinals[i];
    if (!(ordinal >= 0 && ordinal < 2 ** 30 && Number.isInteger(ordinal))) throw new RangeError(`bad dimension ordinal ${ordinal}`);
    const v = values[i];
    const empty = Number.isNaN(v);
    p = writeUvarint32(buf, p, ((ordinal << 2) | (resets[i] ? RESET_FLAG : 0) | (empty ? EMPTY_FLAG : 0)) >>> 0);
    if (!empty) p = buf.writeDoubleLE(v, p);
  }
  return p;
}

export function decodeReplayPoint(payload: Uint8Array): DecodedReplayPoint {
  const out: DecodedReplayPoint = { ordinals: [], values: [], resets: [] };
  const view = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const cursor = { p: 0 };
  while (cursor.p < view.length) {
    const key = readUvarint(view, cursor, 'replay-point payload');
    out.ordinals.push(Math.floor(key / 4));
    out.resets.push((key & RESET_FLAG) !== 0);
    if (key & EMPTY_FLAG) {
      out.values.push(NaN);
      continue;
    }
    if (cursor.p + 8 > view.length) throw new RangeError('truncated replay-point payload');
    out.values.push(view.readDoubleLE(cursor.p));
    cursor.p += 8;
  }
  return out;
}
