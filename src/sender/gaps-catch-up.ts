import type { HostEventLog } from '../eventlog';
import type { Int64 } from '../model/types';
import type { GapsClock } from './gaps-clock';

/** Events read from the log per page: one page is formatted and queued per turn of the event loop. */
const PAGE = 500;
/** Blocks that arrived this long before `from` are read too, only to set each chart's clock. */
const LOOKBACK_S = 60;
/** How often a waiting catch-up looks again at the socket's queue or at a definition being forwarded. */
const POLL_MS = 20;

/** What the catch-up needs of its sender. */
export interface CatchUpPort {
  /** The block as it goes upstream (`BEGIN "id" usec t` ... `END`), or null when the chart is not sent. */
  block(chartId: string, usec: number, t: number, dimIds: ArrayLike<string>, values: ArrayLike<Int64 | null>, count: number): string | null;
  enqueue(text: string): void;
  /** Bytes queued and not yet written to the socket. */
  queuedBytes(): number;
  /** False once the connection it serves is gone: the catch-up stops. */
  active(): boolean;
  /** True while blocks may not go (a chart definition is being forwarded): the catch-up waits. */
  busy(): boolean;
}

export interface CatchUpResult {
  /** Blocks sent, and the range of their collection seconds (0 0 when none). */
  blocks: number;
  firstT: number;
  lastT: number;
  /** False when the connection went away first. */
  completed: boolean;
}

/**
 * The answer to a GAPS parent's `REPLICATE <from> <to>`: every block of the host's event log collected after `from`
 * goes upstream with its collection second, in log order, then the caller goes live. It reads the log to its end,
 * including the blocks that arrive while it runs (they are stored before the sender sees them), and `onCaughtUp` runs
 * in the same turn as the last, empty, read: every block is sent once, either here or live after. Pages are queued
 * one per turn, only while less than `maxQueuedBytes` waits for the socket and no chart definition is being forwarded,
 * so the receiver is never held up, the send buffer never overflows, and no block lands inside a definition.
 */
export async function catchUp(
  log: HostEventLog,
  clock: GapsClock,
  from: number,
  port: CatchUpPort,
  maxQueuedBytes: number,
  onCaughtUp: () => void,
): Promise<CatchUpResult> {
  const result: CatchUpResult = { blocks: 0, firstT: 0, lastT: 0, completed: false };
  let nextSeq = 0;
  let first = true;
  for (;;) {
    if (!port.active()) return result;
    if (port.busy()) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      continue;
    }
    // blocks still pending in the batch are committed, so the read reaches what the sender has already seen
    log.flush();
    const events = first ? log.readEvents({ afterUs: (from - LOOKBACK_S) * 1_000_000, limit: PAGE }) : log.readEvents({ fromSeq: nextSeq, limit: PAGE });
    first = false;
    let read = 0;
    const text: string[] = [];
    for (const e of events) {
      read++;
      nextSeq = e.seq + 1;
      if (e.kind !== 'sample') continue;
      const t = clock.second(e.chartId, e.usec, e.arrivalUs, e.t);
      if (t <= from) continue;
      const block = port.block(e.chartId, e.usec, t, e.dimIds, e.values, e.dimIds.length);
      if (block === null) continue;
      text.push(block);
      result.blocks++;
      result.firstT ||= t;
      result.lastT = Math.max(result.lastT, t);
    }
    if (text.length) port.enqueue(text.join(''));
    if (read < PAGE) {
      result.completed = true;
      onCaughtUp();
      return result;
    }
    do await new Promise((r) => setTimeout(r, port.queuedBytes() > maxQueuedBytes ? POLL_MS : 0));
    while (port.active() && port.queuedBytes() > maxQueuedBytes);
  }
}
