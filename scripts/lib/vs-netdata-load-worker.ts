/**
 * The load generator in a worker thread, for scripts/bench-vs-netdata.ts: the main thread stays free to probe the
 * parent's API on time while this thread writes the seconds. The main thread ends the load by setting
 * `stop[0] = 1` (a SharedArrayBuffer); the worker posts {started} when its clock starts (the first time runLoad asks
 * whether to stop) and {stats} or {error} at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runLoad, type LoadOptions, type LoadStats } from '../loadgen';

export interface LoadWorkerData {
  load: Omit<LoadOptions, 'shouldStop'>;
  /** Int32Array over a SharedArrayBuffer: [0] != 0 ends the load. */
  stop: SharedArrayBuffer;
}

export type LoadWorkerMessage = { kind: 'started'; atMs: number } | { kind: 'stats'; stats: LoadStats } | { kind: 'error'; message: string };

if (parentPort && workerData) {
  const port = parentPort;
  const data = workerData as LoadWorkerData;
  const flag = new Int32Array(data.stop);
  let started = false;
  const post = (m: LoadWorkerMessage) => port.postMessage(m);
  runLoad({
    ...data.load,
    shouldStop: () => {
      if (!started) {
        started = true;
        post({ kind: 'started', atMs: Date.now() });
      }
      return Atomics.load(flag, 0) !== 0;
    },
  }).then(
    (stats) => post({ kind: 'stats', stats }),
    (e: Error) => post({ kind: 'error', message: e.message }),
  );
}
