/**
 * Ingestion benchmark: one streamledger parent process (memory mode ram, durable event log) fed by the load generator's
 * simulated children over real sockets. Once the parent has absorbed the connection storm (its newest points are less
 * than 3 s old), it measures a window: values/s stored, the parent's CPU seconds per million values (from
 * /proc/<pid>/stat, so the load generator's own CPU is not counted), how far behind the parent is at the window's start
 * and end, peak RSS, and event-log bytes per value. Exits 3 when the load was not sustained.
 *
 *   npm run bench:ingest -- [--children 25] [--charts 200] [--dims 8] [--seconds 30] [--warmup 5]
 */
import fs from 'node:fs';
import path from 'node:path';
import { HostEventLog } from '../src/eventlog';
import { silentLogger } from '../src/log';
import { HEALTH_OFF, startParent, type ParentProcess } from '../test/helpers/parent';
import { DEFAULT_API_KEY } from '../test/helpers/netdata';
import { treeBytes } from './lib/bench-modes-disk';
import { childIdentity, loadCharts } from './lib/loadgen-model';
import { parseNumericArgs } from './lib/numeric-args';
import { cpuSeconds, statusKb } from './lib/proc-stats';
import { runLoad } from './loadgen';

type Args = {
  children: number;
  charts: number;
  dims: number;
  seconds: number;
  warmup: number;
};

const parseArgs = (argv: string[]): Args => parseNumericArgs<Args>(argv, { children: 25, charts: 200, dims: 8, seconds: 30, warmup: 5 });

/** Values the parent committed to its event logs for arrival times in [fromUs, toUs), and all values in total. */
function storedValues(cacheDir: string, fromUs: number, toUs: number): { inWindow: number; total: number } {
  let inWindow = 0;
  let total = 0;
  for (const name of fs.readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name, 'events.sqlite');
    if (!fs.existsSync(file)) continue;
    const log = HostEventLog.open(file, { flushMs: 1000, flushEvents: 1000, logger: silentLogger });
    for (const ev of log.readEvents({})) {
      if (ev.kind !== 'sample') continue;
      total += ev.values.length;
      if (ev.arrivalUs >= fromUs && ev.arrivalUs < toUs) inWindow += ev.values.length;
    }
    log.close();
  }
  return { inWindow, total };
}

/** Seconds between now and the newest point of a few children's first chart: how far behind the parent is. */
async function lagSeconds(parent: ParentProcess, hostnames: string[], chartId: string): Promise<number> {
  let worst = 0;
  for (const h of hostnames) {
    const r = await parent.get(`/host/${h}/api/v1/chart?chart=${chartId}`);
    const last = r.status === 200 ? (JSON.parse(r.body) as { last_entry: number }).last_entry : 0;
    worst = Math.max(worst, Date.now() / 1000 - last);
  }
  return worst;
}

const CAUGHT_UP_SECONDS = 3;
const MAX_CATCH_UP_SECONDS = 90;

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const parent = await startParent({ parentConfExtra: '[event log]\n    flush every milliseconds = 100\n' + HEALTH_OFF });
  try {
    await measure(a, parent);
  } finally {
    await parent.dispose(); // also when the run failed: a parent left running would load the next benchmark
  }
}

async function measure(a: Args, parent: ParentProcess): Promise<void> {
  const pid = parent.pid;
  const offered = a.children * a.charts * a.dims;
  console.log(`streamledger ingest benchmark: ${a.children} children x ${a.charts} charts x ${a.dims} dims = ${offered} values/s offered; ` +
    `measuring ${a.seconds} s once the parent is less than ${CAUGHT_UP_SECONDS} s behind (after at least ${a.warmup} s)`);
  const probes = [0, Math.floor(a.children / 2), a.children - 1].map((i) => childIdentity('loadgen', i).hostname);
  const chartId = loadCharts(a.charts, a.dims)[0].def.id;
  const window = { startUs: 0, endUs: 0, cpuStart: 0, lagStart: 0, lagEnd: 0, caughtUp: false };
  const started = Date.now();
  let done = false;
  // The measurement runs beside the load: wait for warm-up and catch-up, then measure a window of a.seconds.
  const measurement = (async () => {
    await new Promise((r) => setTimeout(r, a.warmup * 1000));
    for (;;) {
      window.lagStart = await lagSeconds(parent, probes, chartId);
      if (window.lagStart < CAUGHT_UP_SECONDS) {
        window.caughtUp = true;
        break;
      }
      if (Date.now() - started > (a.warmup + MAX_CATCH_UP_SECONDS) * 1000) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    window.cpuStart = cpuSeconds(pid);
    window.startUs = Date.now() * 1000;
    await new Promise((r) => setTimeout(r, a.seconds * 1000));
    window.endUs = Date.now() * 1000;
    window.lagEnd = await lagSeconds(parent, probes, chartId);
    done = true;
  })().catch((err: unknown) => {
    // a failed probe stops the load, then fails the run (a rejection left alone would end the process at once)
    done = true;
    return err;
  });
  const stats = await runLoad({
    host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: a.children, charts: a.charts, dims: a.dims,
    seconds: a.warmup + MAX_CATCH_UP_SECONDS + a.seconds + 5, shouldStop: () => done,
  });
  const failure = await measurement;
  if (failure) throw failure;
  const cpu = cpuSeconds(pid) - window.cpuStart;
  const peakRssKb = statusKb(pid, 'VmHWM');
  const rssKb = statusKb(pid, 'VmRSS');
  await new Promise((r) => setTimeout(r, 1500)); // let the last batch commit
  await parent.stop('SIGTERM');

  const cacheDir = path.join(parent.dir, 'data');
  const { inWindow, total } = storedValues(cacheDir, window.startUs, window.endUs);
  const logBytes = treeBytes(cacheDir);
  const measuredSeconds = (window.endUs - window.startUs) / 1e6;
  const dims = a.children * a.charts * a.dims;
  const rows: Array<[string, string]> = [
    ['caught up before measuring', window.caughtUp ? 'yes' : `NO (still ${window.lagStart.toFixed(1)} s behind)`],
    ['values/s offered', String(offered)],
    ['values/s stored (event log, in window)', (inWindow / measuredSeconds).toFixed(0)],
    ['behind at window start / end (s)', `${window.lagStart.toFixed(1)} / ${window.lagEnd.toFixed(1)}`],
    ['parent CPU seconds in window', cpu.toFixed(2)],
    ['parent CPU cores used', (cpu / measuredSeconds).toFixed(2)],
    ['CPU seconds per million values', ((cpu * 1e6) / Math.max(inWindow, 1)).toFixed(3)],
    ['parent peak RSS (MiB)', (peakRssKb / 1024).toFixed(1)],
    ['parent RSS at end (MiB)', (rssKb / 1024).toFixed(1)],
    ['RSS per dimension (bytes)', ((rssKb * 1024) / dims).toFixed(0)],
    ['event log bytes per value', (logBytes / Math.max(total, 1)).toFixed(2)],
    ['loadgen skipped child-seconds', String(stats.skippedSeconds)],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(40)} ${v}`);
  if (!window.caughtUp || window.lagEnd >= CAUGHT_UP_SECONDS) process.exitCode = 3; // not sustained
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
