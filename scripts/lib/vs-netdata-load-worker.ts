/**
 * The load generator in a worker thread, for scripts/bench-vs-netdata.ts: the main thread stays free to probe the
 * parent's API on time while this thread writes the seconds. The main thread ends the load by setting
 * `stop[0] = 1` (a SharedArrayBuffer); the worker posts {started} once every child's clock runs (the first time the
 * last batch's runLoad asks whether to stop) and {stats} or {error} at the end.
 *
 * With `connectPerSecond`, the children connect in batches of that many, one batch a second (each batch is one runLoad
 * with its own start index; every batch ticks on the same whole seconds), instead of all in the same millisecond.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runLoad, type LoadOptions, type LoadStats, type SecondStats } from '../loadgen';

export interface LoadWorkerData {
  load: Omit<LoadOptions, 'shouldStop' | 'startIndex' | 'mirrors'>;
  /** 0: all children at once. */
  connectPerSecond: number;
  /** Int32Array over a SharedArrayBuffer: [0] != 0 ends the load. */
  stop: SharedArrayBuffer;
}

/** `errors`: batches whose runLoad failed (a refused or unanswered handshake); `stats` holds the other batches. */
export type LoadWorkerMessage = { kind: 'started'; atMs: number } | { kind: 'stats'; stats: LoadStats; errors: string[] } | { kind: 'error'; message: string };

/** One LoadStats of several batches: per-second figures summed by second (lag: the worst batch's). */
export function mergeStats(all: LoadStats[]): LoadStats {
  const bySec = new Map<number, SecondStats>();
  for (const s of all) {
    for (const x of s.seconds) {
      const m = bySec.get(x.t);
      if (!m) bySec.set(x.t, { ...x });
      else {
        m.streamingChildren += x.streamingChildren;
        m.values += x.values;
        m.bytes += x.bytes;
        m.connectFailures += x.connectFailures;
        m.lagMs = Math.max(m.lagMs, x.lagMs);
      }
    }
  }
  const sum = (f: (s: LoadStats) => number) => all.reduce((a, s) => a + f(s), 0);
  return {
    seconds: [...bySec.values()].sort((a, b) => a.t - b.t),
    values: sum((s) => s.values), bytes: sum((s) => s.bytes), connectFailures: sum((s) => s.connectFailures),
    disconnects: sum((s) => s.disconnects), skippedSeconds: sum((s) => s.skippedSeconds),
    replayedSeconds: sum((s) => s.replayedSeconds), replicateRequests: sum((s) => s.replicateRequests),
    children: all.flatMap((s) => s.children), mirrors: [],
  };
}

if (parentPort && workerData) {
  const port = parentPort;
  const data = workerData as LoadWorkerData;
  const flag = new Int32Array(data.stop);
  const post = (m: LoadWorkerMessage) => port.postMessage(m);
  const total = data.load.children;
  const per = data.connectPerSecond > 0 ? data.connectPerSecond : total;
  const batches = Math.ceil(total / per);
  let started = 0;
  const runs: Array<Promise<LoadStats>> = [];
  const t0 = Date.now();
  (async () => {
    for (let b = 0; b < batches; b++) {
      if (Atomics.load(flag, 0) !== 0) break;
      const wait = t0 + b * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      let first = true;
      runs.push(runLoad({
        ...data.load, children: Math.min(per, total - b * per), startIndex: b * per,
        shouldStop: () => {
          if (first) {
            first = false;
            if (++started === batches) post({ kind: 'started', atMs: Date.now() });
          }
          if (Date.now() - t0 > 10_000 + batches * 1000 + 15_000 && started < batches) {
            // a batch never started (its handshakes failed): measure the others rather than wait forever
            started = batches;
            post({ kind: 'started', atMs: Date.now() });
          }
          return Atomics.load(flag, 0) !== 0;
        },
      }));
    }
    const settled = await Promise.allSettled(runs);
    const ok = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const errors = settled.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    return { stats: mergeStats(ok), errors };
  })().then(
    ({ stats, errors }) => post({ kind: 'stats', stats, errors }),
    (e: Error) => post({ kind: 'error', message: e.message }),
  );
}
