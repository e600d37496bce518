import type { Int64 } from '../model/types';
import { PayloadArena } from './sample-codec';

export const KIND_LINE = 0;
export const KIND_SAMPLE = 1;
/** One replicated point (RBEGIN '' start end + its RSETs): chart, usec = end - start in µs, t = end, payload replay-codec.ts. */
export const KIND_REPLAY = 2;
/** Several consecutive samples of one session in one row: seq and arrival of the last, payload sample-run-codec.ts. */
export const KIND_RUN = 3;
/** Several consecutive lines of one session in one row: seq and arrival of the last, payload line-run-codec.ts. */
export const KIND_LINE_RUN = 4;

/**
 * Events appended but not yet committed, stored column by column in typed arrays (plus one arena for all sample
 * payloads), so appending allocates nothing per event on the hot path. Row i has seq `firstSeq + i`.
 */
export class PendingBatch {
  count = 0;
  firstSeq: number;
  readonly arena = new PayloadArena();
  kind = new Uint8Array(1024);
  session = new Float64Array(1024);
  arrival = new Float64Array(1024);
  chart = new Float64Array(1024);
  usec = new Float64Array(1024);
  t = new Float64Array(1024);
  payloadStart = new Uint32Array(1024);
  payloadEnd = new Uint32Array(1024);
  lines: (string | undefined)[] = [];

  constructor(firstSeq: number) {
    this.firstSeq = firstSeq;
  }

  /** Seq of the last event in the batch (firstSeq - 1 when empty). */
  lastSeq(): number {
    return this.firstSeq + this.count - 1;
  }

  addLine(session: number, arrivalUs: number, line: string): void {
    const i = this.next(session, arrivalUs, KIND_LINE);
    this.lines[i] = line;
  }

  addSample(session: number, arrivalUs: number, chartRef: number, usec: number, t: number, ordinals: ArrayLike<number>, values: ArrayLike<Int64 | null>, count: number): void {
    // Encode first: a bad value throws before the row exists.
    const start = this.arena.appendSample(ordinals, values, count);
    const i = this.next(session, arrivalUs, KIND_SAMPLE);
    this.chart[i] = chartRef;
    this.usec[i] = usec;
    this.t[i] = t;
    this.payloadStart[i] = start;
    this.payloadEnd[i] = this.arena.length;
  }

  addReplayPoint(session: number, arrivalUs: number, chartRef: number, startT: number, endT: number, ordinals: ArrayLike<number>, values: ArrayLike<number>, resets: ArrayLike<boolean>, count: number): void {
    const start = this.arena.appendReplayPoint(ordinals, values, resets, count);
    const i = this.next(session, arrivalUs, KIND_REPLAY);
    this.chart[i] = chartRef;
    this.usec[i] = (endT - startT) * 1_000_000;
    this.t[i] = endT;
    this.payloadStart[i] = start;
    this.payloadEnd[i] = this.arena.length;
  }

  /** Everything up to lastSeq() was committed. */
  clear(): void {
    this.firstSeq += this.count;
    this.count = 0;
    this.lines = [];
    this.arena.reset();
  }

  private next(session: number, arrivalUs: number, kind: number): number {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.session[i] = session;
    this.arrival[i] = arrivalUs;
    return i;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const grown = <T extends Uint8Array | Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.kind = grown(this.kind, (n) => new Uint8Array(n));
    this.session = grown(this.session, (n) => new Float64Array(n));
    this.arrival = grown(this.arrival, (n) => new Float64Array(n));
    this.chart = grown(this.chart, (n) => new Float64Array(n));
    this.usec = grown(this.usec, (n) => new Float64Array(n));
    this.t = grown(this.t, (n) => new Float64Array(n));
    this.payloadStart = grown(this.payloadStart, (n) => new Uint32Array(n));
    this.payloadEnd = grown(this.payloadEnd, (n) => new Uint32Array(n));
  }
}
