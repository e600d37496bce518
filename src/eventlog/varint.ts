/**
 * Unsigned LEB128 varints as the event log's payloads use them (docs/event-log.md, sections 4, 4a and 4b): 7 bits per
 * byte, least significant group first, the high bit set on every byte but the last.
 */

/** Writes `v` (an unsigned 32-bit integer) at buf[p]; returns the position after it. */
export function writeUvarint32(buf: Uint8Array, p: number, v: number): number {
  while (v > 0x7f) {
    buf[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[p++] = v;
  return p;
}

/** Writes `v` (a non-negative integer below 2^53) at buf[p]; returns the position after it. */
export function writeUvarint53(buf: Uint8Array, p: number, v: number): number {
  while (v > 0x7fffffff) {
    buf[p++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  return writeUvarint32(buf, p, v);
}

/** Where a reader is in a payload; readUvarint advances it. */
export interface Cursor {
  p: number;
}

/** Reads a varint of up to 53 bits at cursor.p (exact as a double); `what` names the payload in the error. */
export function readUvarint(payload: Uint8Array, cursor: Cursor, what: string): number {
  let v = 0;
  let mul = 1;
  let b: number;
  do {
    if (cursor.p >= payload.length) throw new RangeError(`truncated ${what}`);
    b = payload[cursor.p++];
    v += (b & 0x7f) * mul;
    mul *= 128;
  } while (b & 0x80);
  return v;
}
