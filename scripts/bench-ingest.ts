/**
 * Ingestion benchmark: one streamledger parent process (memory mode ram, durable event log) fed by the load generator's
 * simulated children over real sockets. Prints values/s offered and stored, the parent's CPU seconds per million values
 * (from /proc/<pid>/stat, so the load generator's own CPU is not counted), peak RSS, and event-log bytes per value.
 *
 *   npm run bench:ingest -- [--children 25] [--charts 200] [--dims 8] [--seconds 30] [--warmup 5]
 */
import fs from 'node:fs';
import path from 'node:path';
import { HostEventLog } from '../src/eventlog';
import { silentLogger } from '../src/log';
import { startParent } from '../test/helpers/parent';
import { DEFAULT_API_KEY } from '../test/helpers/netdata';
import { runLoad } from './loadgen';

interface Args {
  children: number;
  charts: number;
  dims: number;
  seconds: number;
  warmup: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { children: 25, charts: 200, dims: 8, seconds: 30, warmup: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof Args;
    const value = Number(argv[i + 1]);
    if (!(key in a) || !Number.isFinite(value) || value <= 0) throw new Error(`bad option ${argv[i]} ${argv[i + 1] ?? ''}`);
    a[key] = value;
  }
  return a;
}

const CLK_TCK = 100; // Linux USER_HZ

function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
}

function statusKb(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return n;
}

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

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const parent = await startParent({ parentConfExtra: '[event log]\n    flush every milliseconds = 100\n' });
  const pid = parent.pid;
  const offered = a.children * a.charts * a.dims;
  console.log(`streamledger ingest benchmark: ${a.children} children x ${a.charts} charts x ${a.dims} dims = ${offered} values/s offered, ${a.seconds} s measured after ${a.warmup} s warm-up`);
  let cpuStart = 0;
  let windowStartUs = 0;
  const sampler = setInterval(() => {
    // measure from the first second after warm-up: handshakes and definitions are not ingestion
    if (!cpuStart && windowStartUs && Date.now() * 1000 >= windowStartUs) cpuStart = cpuSeconds(pid);
  }, 20);
  const loadStart = Date.now();
  windowStartUs = (Math.ceil(loadStart / 1000) + a.warmup) * 1e6;
  const stats = await runLoad({ host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: a.children, charts: a.charts, dims: a.dims, seconds: a.seconds + a.warmup });
  clearInterval(sampler);
  const windowEndUs = (stats.seconds.at(-1)?.t ?? 0) * 1e6 + 1e6;
  await new Promise((r) => setTimeout(r, 1500)); // let the last batch commit
  const cpu = cpuSeconds(pid) - cpuStart;
  const peakRssKb = statusKb(pid, 'VmHWM');
  const rssKb = statusKb(pid, 'VmRSS');
  const charts = await parent.getJson(`/host/${stats.children[0].hostname}/api/v1/charts`);
  await parent.stop('SIGTERM');

  const cacheDir = path.join(parent.dir, 'data');
  const { inWindow, total } = storedValues(cacheDir, windowStartUs, windowEndUs);
  const logBytes = dirBytes(cacheDir);
  const measuredSeconds = (windowEndUs - windowStartUs) / 1e6;
  const sentInWindow = stats.seconds.filter((s) => s.t * 1e6 >= windowStartUs).reduce((n, s) => n + s.values, 0);
  const dims = a.children * a.charts * a.dims;
  const rows: Array<[string, string]> = [
    ['values/s offered', (sentInWindow / measuredSeconds).toFixed(0)],
    ['values/s stored (event log)', (inWindow / measuredSeconds).toFixed(0)],
    ['values lost in window', String(sentInWindow - inWindow)],
    ['parent CPU seconds in window', cpu.toFixed(2)],
    ['CPU seconds per million values', ((cpu * 1e6) / Math.max(inWindow, 1)).toFixed(3)],
    ['parent peak RSS (MiB)', (peakRssKb / 1024).toFixed(1)],
    ['parent RSS at end (MiB)', (rssKb / 1024).toFixed(1)],
    ['RSS per dimension (bytes)', ((rssKb * 1024) / dims).toFixed(0)],
    ['event log bytes per value', (logBytes / Math.max(total, 1)).toFixed(2)],
    ['charts of one child in /api/v1/charts', String(Object.keys(charts.charts).length)],
    ['loadgen skipped child-seconds', String(stats.skippedSeconds)],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(40)} ${v}`);
  await parent.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
