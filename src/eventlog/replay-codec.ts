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
    let key = ((ordinal << 2) | (resets[i] ? RESET_FLAG : 0) | (empty ? EMPTY_FLAG : 0)) >>> 0;
    while (key > 0x7f) {
      buf[p++] = (key & 0x7f) | 0x80;
      key >>>= 7;
    }
    buf[p++] = key;
    if (!empty) p = buf.writeDoubleLE(v, p);
  }
  return p;
}

export function decodeReplayPoint(payload: Uint8Array): DecodedReplayPoint {
  const out: DecodedReplayPoint = { ordinals: [], values: [], resets: [] };
  const view = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  let p = 0;
  while (p < view.length) {
    let key = 0;
    let mul = 1;
    let b: number;
    do {
      if (p >= view.length) throw new RangeError('truncated replay-point payload');
      b = view[p++];
      key += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    out.ordinals.push(Math.floor(key / 4));
    out.resets.push((key & RESET_FLAG) !== 0);
    if (key & EMPTY_FLAG) {
      out.values.push(NaN);
      continue;
    }
    if (p + 8 > view.length) throw new RangeError('truncated replay-point payload');
    out.values.push(view.readDoubleLE(p));
    p += 8;
  }
  return out;
}
