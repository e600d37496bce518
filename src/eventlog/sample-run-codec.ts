import { ByteArena } from './byte-arena';
import { readUvarint, writeUvarint53, type Cursor } from './varint';

/**
 * The payload of a sample-run row (kind 3): several consecutive sample events of one session in one row, because
 * SQLite's cost is per row, not per byte (bench:log-layout). The row carries the seq and arrival of its LAST event;
 * for every event, in seq order:
 *   uvarint(row arrival_us - event arrival_us)
 *   uvarint(zigzag(chart - previous chart))    previous = 0 before the first event
 *   uvarint(zigzag(usec - previous usec))
 *   uvarint(zigzag(t - previous t))
 *   uvarint(length of the sample payload)
 *   the sample payload (sample-codec.ts)
 * Byte-level description with an example: docs/event-log.md, "Sample-run payload".
 */

/** At most this many events in one row: a reader looking for one seq decodes at most this many. */
export const MAX_RUN_EVENTS = 1_024;
/** A run's first and last event arrived at most this far apart: time-range reads widen their row bounds by it. */
export const MAX_RUN_SPAN_US = 1_000_000;
/** chart, usec and t must be integers in [0, 2^48) to go in a run: their deltas then zigzag below 2^50, exact. */
const FIELD_LIMIT = 2 ** 48;
/** Header bytes per event at most: five varints of up to 8 bytes. */
const MAX_HEADER_BYTES = 40;

/** Whether a sample's fields can be stored in a run (anything else is stored as a row of its own). */
export function fitsRun(chart: number, usec: number, t: number): boolean {
  return inRange(chart) && inRange(usec) && inRange(t);
}

function inRange(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v < FIELD_LIMIT;
}

/** Encodes runs one after another into one arena, reset once the commit that binds them is done (views stay valid). */
export class RunWriter extends ByteArena {
  private start = 0;
  private lastArrival = 0;
  private chart = 0;
  private usec = 0;
  private t = 0;

  /** Starts a run whose last event arrived at lastArrivalUs. */
  begin(lastArrivalUs: number): void {
    this.start = this.length;
    this.lastArrival = lastArrivalUs;
    this.chart = 0;
    this.usec = 0;
    this.t = 0;
  }

  /** Appends one event whose sample payload is src[from, to). */
  add(arrivalUs: number, chart: number, usec: number, t: number, src: Buffer, from: number, to: number): void {
    const size = to - from;
    this.reserve(MAX_HEADER_BYTES + size);
    const buf = this.buf;
    let p = writeUvarint53(buf, this.length, this.lastArrival - arrivalUs);
    p = writeUvarint53(buf, p, zigzag(chart - this.chart));
    p = writeUvarint53(buf, p, zigzag(usec - this.usec));
    p = writeUvarint53(buf, p, zigzag(t - this.t));
    p = writeUvarint53(buf, p, size);
    // payloads are a few dozen bytes: a loop is cheaper than Buffer.copy's native call
    for (let i = from; i < to; i++) buf[p++] = src[i];
    this.length = p;
    this.chart = chart;
    this.usec = usec;
    this.t = t;
  }

  /** The payload of the run begun last. */
  payload(): Buffer {
    return this.buf.subarray(this.start, this.length);
  }
}

/** One event of a run, its sample payload still encoded. */
export interface RunEvent {
  seq: number;
  arrivalUs: number;
  chart: number;
  usec: number;
  t: number;
  payload: Uint8Array;
}

/** The events of a run row (seq and arrival_us of its last event, n events), in seq order. */
export function decodeRun(payload: Uint8Array, lastSeq: number, lastArrivalUs: number, n: number): RunEvent[] {
  const events: RunEvent[] = [];
  const c: Cursor = { p: 0 };
  let chart = 0;
  let usec = 0;
  let t = 0;
  for (let k = 0; k < n; k++) {
    const arrivalUs = lastArrivalUs - readUvarint(payload, c, 'sample run');
    chart += unzigzag(readUvarint(payload, c, 'sample run'));
    usec += unzigzag(readUvarint(payload, c, 'sample run'));
    t += unzigzag(readUvarint(payload, c, 'sample run'));
    const size = readUvarint(payload, c, 'sample run');
    if (c.p + size > payload.length) throw new RangeError('truncated sample run');
    events.push({ seq: lastSeq - n + 1 + k, arrivalUs, chart, usec, t, payload: payload.subarray(c.p, c.p + size) });
    c.p += size;
  }
  if (c.p !== payload.length) throw new RangeError(`sample run holds more than its ${n} events`);
  return events;
}

function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}
