import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { HostEventLog } from '../../src/eventlog';
import { formatBegin } from '../../src/protocol/encoder';
import { catchUp, type CatchUpPort } from '../../src/sender/gaps-catch-up';
import { GapsClock } from '../../src/sender/gaps-clock';
import { openLog, sessionStart, tempDir } from '../eventlog/fixtures';

const T0 = 1_800_000_000; // seconds

/** A log with one session; `block(chart, arrivalSec, usec, t, v)` appends a one-dimension sample. */
function setup() {
  const log = openLog(path.join(tempDir(), 'events.db'));
  const session = log.startSession(sessionStart(T0 * 1e6));
  const block = (chart: string, arrivalUs: number, usec: number, t: number, v: number) => {
    const ref = log.chartRef(chart);
    log.appendSample(session, arrivalUs, ref, usec, t, [log.dimRef(ref, 'd')], [v], 1);
  };
  return { log, block };
}

/** A port that records what is queued; `queued` stands for the bytes still waiting for the socket. */
function recorder(o: { busy?: () => boolean } = {}) {
  const sent: string[] = [];
  const port: CatchUpPort & { queued: number } = {
    queued: 0,
    block: (chartId, usec, t, _dims, values) => (chartId === 'skip.me' ? null : `${formatBegin(chartId, usec, t)} ${values[0]}\n`),
    enqueue: (text) => void sent.push(...text.trimEnd().split('\n')),
    queuedBytes: () => port.queued,
    active: () => true,
    busy: o.busy ?? (() => false),
  };
  return { port, sent };
}

const run = (log: HostEventLog, from: number, port: CatchUpPort, onCaughtUp = () => {}) => catchUp(log, new GapsClock(), from, port, 1 << 20, onCaughtUp);

describe('the answer to REPLICATE from the event log (GAPS catch-up)', () => {
  it('sends the blocks collected after `from`, with their collection seconds, in log order, once', async () => {
    const { log, block } = setup();
    // a child without collection times: the clock follows usec from the first block read (60 s lookback)
    for (let i = 0; i < 10; i++) block('a.x', (T0 + i) * 1e6 + 300_000 + (i % 2) * 150_000, i ? 1_000_000 : 0, 0, i);
    // a GAPS child below: its own seconds are kept
    for (let i = 0; i < 10; i++) block('b.y', (T0 + i) * 1e6 + 900_000, 1_000_000, T0 + i - 1, 100 + i);
    block('skip.me', (T0 + 9) * 1e6 + 950_000, 0, 0, 7);
    const { port, sent } = recorder();
    let caughtUp = 0;
    const r = await run(log, T0 + 5, port, () => caughtUp++);
    assert.deepEqual(sent, [
      ...[6, 7, 8, 9].map((i) => `BEGIN "a.x" 1000000 ${T0 + i} ${i}`),
      ...[7, 8, 9].map((i) => `BEGIN "b.y" 1000000 ${T0 + i - 1} ${100 + i}`),
    ]);
    assert.deepEqual([r.blocks, r.firstT, r.lastT, r.completed, caughtUp], [7, T0 + 6, T0 + 9, true, 1]);
    log.close();
  });

  it('reads the blocks that arrive while it runs, then goes live in the turn of its last read: none lost, none twice', async () => {
    const { log, block } = setup();
    const total = 1_800; // more than three pages
    for (let i = 0; i < total / 2; i++) block(`c${i % 9}.z`, (T0 + 1) * 1e6 + i, 0, T0 + 1 + Math.floor(i / 9), i);
    const { port, sent } = recorder();
    let live = false;
    const liveBlocks: number[] = [];
    // the receiver keeps storing blocks between pages; those after the catch-up went live go live
    let next = total / 2;
    const feeder = setInterval(() => {
      for (let k = 0; k < 50 && next < total; k++, next++) {
        const i = next;
        block(`c${i % 9}.z`, (T0 + 1) * 1e6 + i, 0, T0 + 1 + Math.floor(i / 9), i);
        if (live) liveBlocks.push(i);
      }
    }, 1);
    // the socket is slow at first: the catch-up waits for it
    port.queued = 2 << 20;
    setTimeout(() => (port.queued = 0), 100);
    await run(log, T0, port, () => (live = true));
    await new Promise((r) => setTimeout(r, 100));
    clearInterval(feeder);
    const replayed = sent.map((l) => Number(l.split(' ').at(-1)));
    assert.ok(replayed.length > total / 2, `only ${replayed.length} replayed`);
    assert.deepEqual([...replayed, ...liveBlocks].sort((a, b) => a - b), Array.from({ length: next }, (_, i) => i));
    log.close();
  });

  it('never sends between the lines of a chart definition being forwarded', async () => {
    const { log, block } = setup();
    block('a.x', (T0 + 1) * 1e6, 0, T0 + 1, 1);
    let busy = true;
    const { port, sent } = recorder({ busy: () => busy });
    const done = run(log, T0, port);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(sent, []);
    busy = false;
    await done;
    assert.deepEqual(sent, [`BEGIN "a.x" 0 ${T0 + 1} 1`]);
    log.close();
  });
});
