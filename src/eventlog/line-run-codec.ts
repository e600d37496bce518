import { ByteArena } from './byte-arena';
import { readUvarint, writeUvarint53, type Cursor } from './varint';

/**
 * The payload of a line-run row (kind 4): several consecutive line events of one session in one row. A child's
 * definitions arrive as a burst of ~2,000 lines (CHART, DIMENSION, CLABEL...) when it connects, and SQLite's cost is
 * per row: one row per line made a storm of new children wait on the log. The row carries the seq and arrival of its
 * LAST event; for every event, in seq order:
 *   uvarint(row arrival_us - event arrival_us)
 *   uvarint(byte length of the line in UTF-8)
 *   the line's UTF-8 bytes (no terminator)
 * Byte-level description with an example: docs/event-log.md, "Line-run payload". Runs are bounded as sample runs are
 * (MAX_RUN_EVENTS, MAX_RUN_SPAN_US in sample-run-codec.ts).
 */

/** Header bytes per line at most: two varints of up to 8 bytes. */
const MAX_HEADER_BYTES = 16;

/** Encodes line runs one after another into one arena, reset once the commit that binds them is done. */
export class LineRunWriter extends ByteArena {
  private start = 0;
  private lastArrival = 0;

  /** Starts a run whose last event arrived at lastArrivalUs. */
  begin(lastArrivalUs: number): void {
    this.start = this.length;
    this.lastArrival = lastArrivalUs;
  }

  add(arrivalUs: number, line: string): void {
    const max = Buffer.byteLength(line, 'utf8');
    this.reserve(MAX_HEADER_BYTES + max);
    let p = writeUvarint53(this.buf, this.length, this.lastArrival - arrivalUs);
    p = writeUvarint53(this.buf, p, max);
    this.length = p + this.buf.write(line, p, max, 'utf8');
  }

  /** The payload of the run begun last. */
  payload(): Buffer {
    return this.buf.subarray(this.start, this.length);
  }
}

export interface LineRunEvent {
  seq: number;
  arrivalUs: number;
  line: string;
}

/** The lines of a line-run row (seq and arrival_us of its last event, n events), in seq order. */
export function decodeLineRun(payload: Uint8Array, lastSeq: number, lastArrivalUs: number, n: number): LineRunEvent[] {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const events: LineRunEvent[] = [];
  const c: Cursor = { p: 0 };
  for (let k = 0; k < n; k++) {
    const arrivalUs = lastArrivalUs - readUvarint(bytes, c, 'line run');
    const size = readUvarint(bytes, c, 'line run');
    if (c.p + size > bytes.length) throw new RangeError('truncated line run');
    events.push({ seq: lastSeq - n + 1 + k, arrivalUs, line: bytes.toString('utf8', c.p, c.p + size) });
    c.p += size;
  }
  if (c.p !== bytes.length) throw new RangeError(`line run holds more than its ${n} events`);
  return events;
}
