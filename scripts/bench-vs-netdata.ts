/**
 * streamledger against a real Netdata 1.37.1 parent, on this machine, fed the same load (issue 4).
 *
 *   npm run bench:vs-netdata -- [--levels 10,50,200] [--charts 200] [--dims 8] [--seconds 30] [--warmup 10] [--quiet 20]
 *        [--rounds 2] [--sample 4] [--search no|yes] [--search-start 50] [--search-max 800] [--search-steps 2]
 *        [--max-rss-mib N] [--connect-per-second 20] [--parents streamledger,netdata]
 *
 * Per load level (N simulated children of C charts x D dimensions at 1 s, the load generator's default mix) it runs
 * A = streamledger (memory mode dbengine, its durable event log on) and B = Netdata (memory mode dbengine, health off,
 * every plugin off: the main `netdata` process is all that works), one at a time, A B A B... for `rounds` rounds, each
 * in a fresh directory. One run: start the parent, start the load (in a worker thread of this process, so neither the
 * load nor the probes are counted as the parent's CPU; children connect `connect-per-second` at a time, one batch a
 * second, 0 = all at once), wait `warmup` s after the last child's clock started, measure the ingest alone for `quiet`/2 s
 * (no request to the parent), then `seconds` s with the delay probe running, then the ingest alone again for `quiet`/2 s
 * once the probe has stopped (3 s after its window):
 *   - CPU: utime + stime of the parent's own process (/proc/<pid>/stat; all its threads, no other process), over the
 *     quiet windows (ingest only) and over the probe's window (ingest and the probe's requests);
 *   - delay: scripts/lib/vs-netdata-probe.ts polls five children's gauge chart every 250 ms (20 requests a second, a
 *     new connection each) and decodes from the newest value which second has become visible (independent of the
 *     timestamps a parent assigns);
 *   - after the second quiet half, `sample` charts of every child are read back over the probe's window: stored =
 *     non-null cells;
 *   - RSS: VmHWM (peak, the whole run so far) and VmRSS before the load (idle); per dimension = (peak - idle) / dims;
 * then the load stops, the parent gets SIGTERM and its files are measured once it has exited: disk bytes per value
 * sent (ours: event log and dbengine apart; Netdata: its dbengine datafiles and journals, all tiers).
 * A run is sustained when the parent stored >= 99.9 % of the sampled cells, no child-second was skipped for
 * backpressure, no stream was dropped, the median probed second was visible within 2 s, and the delay did not grow by
 * 1 s or more over the window (the window's last 5 s against its first 5). Not p95: a chart's clock on the parent is
 * set once, by when the parent processed its second block (as Netdata does), and a chart whose second block waited
 * behind a busy parent at connection time keeps its values hidden (timestamped ahead of now) a second or two longer for
 * as long as it streams, whatever the parent's load afterwards; the table shows p95 and max as measured.
 *
 * --search yes then looks, per parent, for the most children it sustains: children x2 from --search-start until a run
 * is not sustained (the last doubling capped at --search-max, where the search ends when that is sustained too), then
 * --search-steps bisections; A and B trials alternate.
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_API_KEY, netdataAvailability, startNetdataParent, type NetdataInstance } from '../test/helpers/netdata';
import { HEALTH_OFF, startParent, type ParentProcess } from '../test/helpers/parent';
import { freePort } from '../test/helpers/ports';
import { netdataDbengineBytes, ourBytes } from './lib/bench-modes-disk';
import { childIdentity, loadCharts } from './lib/loadgen-model';
import { cpuSeconds, processAlive, statusKb } from './lib/proc-stats';
import { DelayProbe, countStored, gaugeCharts, type DelayFigures, type ProbeTarget } from './lib/vs-netdata-probe';
import type { LoadWorkerData, LoadWorkerMessage } from './lib/vs-netdata-load-worker';
import type { LoadStats } from './loadgen';

type Kind = 'streamledger' | 'netdata';
const KINDS: Kind[] = ['streamledger', 'netdata'];
const LABEL: Record<Kind, string> = { streamledger: 'streamledger (dbengine)', netdata: 'netdata 1.37.1 (dbengine)' };

interface Options {
  levels: number[];
  charts: number;
  dims: number;
  seconds: number;
  warmup: number;
  quiet: number;
  rounds: number;
  sample: number;
  search: boolean;
  searchStart: number;
  searchMax: number;
  searchSteps: number;
  maxRssMib: number;
  connectPerSecond: number;
  parents: Kind[];
}

const USAGE = 'usage: bench-vs-netdata [--levels 10,50,200|none] [--charts 200] [--dims 8] [--seconds 30] [--warmup 10] [--quiet 20] [--rounds 2] ' +
  '[--sample 4] [--search no|yes] [--search-start 50] [--search-max 800] [--search-steps 2] [--max-rss-mib N] ' +
  '[--connect-per-second 20] ' +
  '[--parents streamledger,netdata]';

function parseArgs(argv: string[]): Options {
  const a = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    a.set(argv[i].slice(2), argv[i + 1]);
  }
  const known = ['levels', 'charts', 'dims', 'seconds', 'warmup', 'quiet', 'rounds', 'sample', 'search', 'search-start', 'search-max',
    'search-steps', 'max-rss-mib', 'connect-per-second', 'parents'];
  for (const k of a.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k}`);
  const num = (k: string, d: number, min = 1): number => {
    const v = a.has(k) ? Number(a.get(k)) : d;
    if (!Number.isInteger(v) || v < min) throw new Error(`--${k} needs an integer >= ${min}`);
    return v;
  };
  const levels = a.get('levels') === 'none' ? [] : (a.get('levels') ?? '10,50,200').split(',').filter(Boolean).map(Number);
  if (levels.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--levels needs children counts, e.g. 10,50,200');
  const search = a.get('search') ?? 'no';
  if (search !== 'yes' && search !== 'no') throw new Error('--search is yes or no');
  const parents = (a.get('parents') ?? KINDS.join(',')).split(',') as Kind[];
  for (const p of parents) if (!KINDS.includes(p)) throw new Error(`--parents: '${p}' is not one of ${KINDS.join(', ')}`);
  const o: Options = {
    levels, charts: num('charts', 200), dims: num('dims', 8), seconds: num('seconds', 30, 5), warmup: num('warmup', 10, 0), quiet: num('quiet', 20, 0),
    rounds: num('rounds', 2), sample: num('sample', 4), search: search === 'yes', searchStart: num('search-start', 50),
    searchMax: num('search-max', 800), searchSteps: num('search-steps', 2, 0),
    // a runaway parent must not take the machine down: half of what is available now
    maxRssMib: num('max-rss-mib', Math.floor(os.freemem() / 1048576 / 2)), connectPerSecond: num('connect-per-second', 20, 0), parents,
  };
  if (gaugeCharts(o.charts).length === 0) throw new Error('--charts must be at least 8 (the delay probe reads a gauge chart, index 7)');
  return o;
}

interface RunResult {
  kind: Kind;
  children: number;
  dimensions: number;
  offeredPerSec: number;
  /** Values the load generator wrote in the window's ticks, per second. */
  sentPerSec: number;
  storedFraction: number;
  storedPerSec: number;
  storedFailedQueries: number;
  /** Missing sampled cells per second of the window. */
  missingBySec: number[];
  cpuSeconds: number;
  windowSec: number;
  cpuPerMillion: number;
  cores: number;
  /** Over the quiet windows before and after the probe's (no HTTP requests); null with --quiet 0. */
  ingestCpuPerMillion: number | null;
  ingestCores: number | null;
  idleRssKb: number;
  peakRssKb: number;
  rssPerDimBytes: number;
  logBytesPerPoint: number | null;
  dbBytesPerPoint: number;
  dbTier0BytesPerPoint: number;
  stopSeconds: number;
  delay: DelayFigures;
  loadgen: { skippedSeconds: number; disconnects: number; connectFailures: number; ticksInWindow: number; lagP95Ms: number };
  aborted: string | null;
  /** The load generator itself did not write every tick of the window (not the parent's doing). */
  loadgenLimited: boolean;
  sustained: boolean;
  why: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const log = (s: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
/** Phase marks and per-probe figures, to line a run up with a profile or a per-thread CPU trace of the parent. */
const debug = (s: string): void => {
  if (process.env.VS_DEBUG) log(s);
};

/** The parent under test, started fresh: its pid, where it answers, how to stop it cleanly and measure its files. */
interface Subject {
  pid: number;
  baseUrl: string;
  /** SIGTERM, wait (up to 5 min) for the process to exit; seconds it took. */
  stop(): Promise<number>;
  disk(): { log: number | null; db: number; tier0: number };
  /** The end of its error log. */
  errorTail(): string;
  dispose(): Promise<void>;
}

async function waitExit(pid: number, limitMs: number): Promise<number> {
  const t0 = Date.now();
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 0;
  }
  while (processAlive(pid) && Date.now() - t0 < limitMs) await sleep(50);
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  return (Date.now() - t0) / 1000;
}

async function startSubject(kind: Kind): Promise<Subject> {
  if (kind === 'streamledger') {
    const p: ParentProcess = await startParent({ parentConfExtra: '[db]\n    mode = dbengine\n' + HEALTH_OFF });
    const pid = p.pid;
    return {
      pid, baseUrl: p.baseUrl,
      stop: async () => {
        const s = await waitExit(pid, 300_000);
        await p.stop();
        return s;
      },
      disk: () => {
        const b = ourBytes(path.join(p.dir, 'data'), 'dbengine');
        return { log: b.eventLog, db: b.mode, tier0: b.mode };
      },
      dispose: () => p.dispose(),
      errorTail: () => p.logLines().slice(-5).map((l) => JSON.stringify(l)).join('\n'),
    };
  }
  const port = await freePort();
  const nd: NetdataInstance = await startNetdataParent({ port, memoryMode: 'dbengine', health: false });
  return {
    pid: nd.pid, baseUrl: `http://127.0.0.1:${port}`,
    stop: () => waitExit(nd.pid, 300_000),
    disk: () => {
      const tiers = netdataDbengineBytes(path.join(nd.dir, 'cache'));
      const tier0 = tiers.find((t) => t.tier === 'dbengine');
      return { log: null, db: tiers.reduce((s, t) => s + t.datafiles + t.journals, 0), tier0: tier0?.datafiles ?? 0 };
    },
    dispose: () => nd.stop(),
    errorTail: () => nd.errorLog().split('\n').slice(-15).join('\n'),
  };
}

interface LoadHandle {
  started: Promise<number>;
  done: Promise<{ stats: LoadStats; errors: string[] }>;
  stop(): void;
}

function startLoad(port: number, children: number, o: Options): LoadHandle {
  const stop = new SharedArrayBuffer(4);
  const data: LoadWorkerData = {
    load: { host: '127.0.0.1', port, key: DEFAULT_API_KEY, children, charts: o.charts, dims: o.dims, seconds: 24 * 3600, hostnamePrefix: 'vsnd' },
    connectPerSecond: o.connectPerSecond,
    stop,
  };
  const w = new Worker(path.join(__dirname, 'lib', 'vs-netdata-load-worker.js'), { workerData: data });
  let onStarted: (ms: number) => void = () => {};
  let onFailedStart: (e: Error) => void = () => {};
  const started = new Promise<number>((resolve, reject) => { onStarted = resolve; onFailedStart = reject; });
  const done = new Promise<{ stats: LoadStats; errors: string[] }>((resolve, reject) => {
    w.on('message', (m: LoadWorkerMessage) => {
      if (m.kind === 'started') onStarted(m.atMs);
      else if (m.kind === 'stats') {
        // a batch that failed before its clock started: the others started, or nothing did
        if (m.errors.length && !m.stats.seconds.length) onFailedStart(new Error(m.errors.join('; ')));
        resolve(m);
      }
      else {
        const e = new Error(m.message);
        onFailedStart(e);
        reject(e);
      }
    });
    w.on('error', (e) => { onFailedStart(e); reject(e); });
    w.on('exit', (code) => { const e = new Error(`load worker exited (${code})`); onFailedStart(e); reject(e); });
  });
  done.catch(() => {});
  started.catch(() => {});
  return { started, done, stop: () => Atomics.store(new Int32Array(stop), 0, 1) };
}

const STORED_OK = 0.999;
const DELAY_LIMIT_MS = 2000;
/** Delay growth over the window (last 5 s against first 5 s) above which a parent is falling behind. */
const GROWTH_LIMIT_MS = 1000;
/** Children whose gauge chart the delay probe polls (spread from the first to the last). */
const PROBES = 5;
const PROBE_EVERY_MS = 250;
const AFTER_WINDOW_MS = 3000;

async function runOnce(kind: Kind, children: number, o: Options): Promise<RunResult> {
  const dimensions = children * o.charts * o.dims;
  const subject = await startSubject(kind);
  const pid = subject.pid;
  try {
    const idleRssKb = statusKb(pid, 'VmRSS');
    const load = startLoad(Number(new URL(subject.baseUrl).port), children, o);
    let aborted: string | null = null;
    const rssWatch = setInterval(() => {
      const rss = statusKb(pid, 'VmRSS') / 1024;
      if (rss > o.maxRssMib && !aborted) {
        aborted = `RSS ${rss.toFixed(0)} MiB over --max-rss-mib ${o.maxRssMib}`;
        load.stop();
      }
    }, 1000);
    try {
      await load.started;
      await sleep(o.warmup * 1000);
      const chartDefs = loadCharts(o.charts, o.dims);
      const gauge = gaugeCharts(o.charts)[0];
      const probeChildren = [...new Set(Array.from({ length: PROBES }, (_, i) => Math.round((i * (children - 1)) / (PROBES - 1))))];
      const targets: ProbeTarget[] = probeChildren.map((c) => ({
        child: c, hostname: childIdentity('vsnd', c).hostname, chartIndex: gauge, chartId: chartDefs[gauge].def.id,
        dimName: chartDefs[gauge].dims[0].def.name,
      }));
      const probe = new DelayProbe(subject.baseUrl, targets, PROBE_EVERY_MS);
      // Ingest alone, half before and half after the probe's window: the probe's HTTP requests cost each parent CPU
      // of their own (Node's per-request floor is far above Netdata's), which at low rates hides the ingest figure;
      // the two halves bracket the window, so work that grows with the run's age (pages filling, flushes) weighs
      // on both figures alike.
      const quiet = { cpu: 0, sec: 0 };
      const measureQuiet = async (): Promise<void> => {
        const q0 = Date.now();
        const c0 = cpuSeconds(pid);
        debug('ingest alone: start');
        await sleep((o.quiet / 2) * 1000);
        debug('ingest alone: end');
        quiet.cpu += cpuSeconds(pid) - c0;
        quiet.sec += (Date.now() - q0) / 1000;
      };
      await measureQuiet();
      const w0 = Date.now();
      const cpu0 = cpuSeconds(pid);
      probe.start();
      debug('probe window: start');
      await sleep(o.seconds * 1000 - (Date.now() - w0));
      debug('probe window: end');
      const cpu1 = cpuSeconds(pid);
      const w1 = Date.now();
      const peakRssKb = statusKb(pid, 'VmHWM');
      await sleep(AFTER_WINDOW_MS);
      const probeEnd = await probe.stop();
      await measureQuiet();
      const fromSec = Math.ceil(w0 / 1000);
      const toSec = Math.floor(w1 / 1000) - 1;
      const delay = probe.figures(fromSec, toSec, probeEnd);
      debug(`delays ms per probe (${targets.map((t) => t.hostname).join(', ')}), seconds ${fromSec}..${toSec}: ${delay.samples.join(' ')}`);
      const hostnames = Array.from({ length: children }, (_, i) => childIdentity('vsnd', i).hostname);
      const stored = await countStored(subject.baseUrl, hostnames, chartDefs.map((c) => c.def.id), o.dims, fromSec, toSec, o.sample);
      load.stop();
      const { stats, errors: loadErrors } = await load.done;
      clearInterval(rssWatch);
      const died = !processAlive(pid);
      if (died) log(`${kind}: the parent process ${pid} is gone before its stop; its log ends:\n${subject.errorTail()}`);
      const stopSeconds = await subject.stop();
      const disk = subject.disk();
      const windowSec = (w1 - w0) / 1000;
      const inWindow = stats.seconds.filter((s) => s.t >= fromSec && s.t <= toSec);
      const sentPerSec = inWindow.reduce((s, x) => s + x.values, 0) / Math.max(1, toSec - fromSec + 1);
      const offeredPerSec = dimensions;
      const storedFraction = stored.expected ? stored.cells / stored.expected : 0;
      const storedPerSec = offeredPerSec * storedFraction;
      const cpu = cpu1 - cpu0;
      const lags = inWindow.map((s) => s.lagMs).sort((x, y) => x - y);
      const r: RunResult = {
        kind, children, dimensions, offeredPerSec, sentPerSec, storedFraction, storedPerSec, storedFailedQueries: stored.failed,
        missingBySec: stored.missingBySec,
        cpuSeconds: cpu, windowSec, cpuPerMillion: (cpu * 1e6) / Math.max(1, storedPerSec * windowSec), cores: cpu / windowSec,
        ingestCpuPerMillion: o.quiet ? (quiet.cpu * 1e6) / Math.max(1, storedPerSec * quiet.sec) : null,
        ingestCores: o.quiet ? quiet.cpu / quiet.sec : null,
        idleRssKb, peakRssKb, rssPerDimBytes: ((peakRssKb - idleRssKb) * 1024) / dimensions,
        logBytesPerPoint: disk.log === null ? null : disk.log / Math.max(1, stats.values),
        dbBytesPerPoint: disk.db / Math.max(1, stats.values), dbTier0BytesPerPoint: disk.tier0 / Math.max(1, stats.values),
        stopSeconds, delay,
        loadgen: { skippedSeconds: stats.skippedSeconds, disconnects: stats.disconnects, connectFailures: stats.connectFailures,
          ticksInWindow: inWindow.length, lagP95Ms: lags[Math.floor(lags.length * 0.95)] ?? 0 },
        aborted, loadgenLimited: false, sustained: false, why: [],
      };
      if (aborted) r.why.push(aborted);
      if (died) r.why.push('the parent process died');
      if (loadErrors.length) {
        // runLoad ends a whole batch when one child's handshake fails: say how many, and the first reason
        r.why.push(`${loadErrors.length} of ${Math.ceil(children / (o.connectPerSecond || children))} connection batches ended by a ` +
          `failed handshake (${loadErrors[0].replace(/^loadgen: /, '')})`);
      }
      if (storedFraction < STORED_OK) r.why.push(`stored ${(storedFraction * 100).toFixed(2)} % of sampled cells`);
      if (stats.skippedSeconds) r.why.push(`${stats.skippedSeconds} child-seconds skipped (backpressure)`);
      if (stats.disconnects) r.why.push(`${stats.disconnects} streams dropped`);
      if (!(delay.p50 < DELAY_LIMIT_MS)) r.why.push(`delay p50 ${(delay.p50 / 1000).toFixed(1)} s`);
      if (!(delay.growth < GROWTH_LIMIT_MS)) r.why.push(`delay grew ${(delay.growth / 1000).toFixed(1)} s over the window`);
      r.sustained = r.why.length === 0;
      // ticks missing from the window, without backpressure skips: the generator (sharing this machine) fell behind
      r.loadgenLimited = !stats.skippedSeconds && inWindow.length < toSec - fromSec + 1;
      if (r.loadgenLimited) r.why.push(`the load generator wrote only ${inWindow.length} of the window's ${toSec - fromSec + 1} ticks`);
      return r;
    } finally {
      clearInterval(rssWatch);
      load.stop();
      await load.done.catch(() => undefined);
    }
  } finally {
    await subject.dispose();
  }
}

// ---- figures ----

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
function fig(xs: Array<number | null>, digits: number): string {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  if (!v.length) return '-';
  const f = (x: number) => x.toFixed(digits);
  if (v.length === 1) return f(v[0]);
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return `${f(mean(v))} [${f(lo)}..${f(hi)}]`;
}

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

function levelTable(children: number, o: Options, runs: RunResult[]): string {
  const by = o.parents.map((k) => runs.filter((r) => r.kind === k));
  const ratio = (f: (r: RunResult) => number | null, digits = 2): string => {
    if (by.length !== 2) return '';
    const [a, b] = by.map((rs) => rs.map(f).filter((x): x is number => x !== null && Number.isFinite(x)));
    return a.length && b.length && mean(b) !== 0 ? (mean(a) / mean(b)).toFixed(digits) : '-';
  };
  const row = (name: string, f: (r: RunResult) => number | null, digits: number, withRatio = false): string[] =>
    [name, ...by.map((rs) => fig(rs.map(f), digits)), ...(by.length === 2 ? [withRatio ? ratio(f) : ''] : [])];
  const text = (name: string, f: (rs: RunResult[]) => string): string[] =>
    [name, ...by.map(f), ...(by.length === 2 ? [''] : [])];
  const rows: string[][] = [
    row('values/s offered', (r) => r.offeredPerSec, 0),
    row('values/s sent by the load generator', (r) => r.sentPerSec, 0),
    row('values/s stored (sampled read-back)', (r) => r.storedPerSec, 0, true),
    row('stored / offered %', (r) => r.storedFraction * 100, 3),
    row('parent CPU s per million values, ingest only', (r) => r.ingestCpuPerMillion, 3, true),
    row('parent CPU cores, ingest only', (r) => r.ingestCores, 3, true),
    row(`parent CPU s per million values, with the probe's ${PROBES * (1000 / PROBE_EVERY_MS)} requests/s`, (r) => r.cpuPerMillion, 3, true),
    row("parent CPU cores, with the probe's requests", (r) => r.cores, 3, true),
    row('peak RSS MiB (VmHWM)', (r) => r.peakRssKb / 1024, 0, true),
    row('RSS per dimension B ((peak-idle)/dims)', (r) => r.rssPerDimBytes, 0, true),
    row('disk B/point: event log', (r) => r.logBytesPerPoint, 2),
    row('disk B/point: dbengine tier 0 datafiles', (r) => r.dbTier0BytesPerPoint, 2, true),
    row('disk B/point: dbengine all (tiers, journals)', (r) => r.dbBytesPerPoint, 2, true),
    row('delay p50 s', (r) => r.delay.p50 / 1000, 2, true),
    row('delay p95 s', (r) => r.delay.p95 / 1000, 2, true),
    row('delay max s', (r) => r.delay.max / 1000, 2),
    row('delay growth over the window s', (r) => r.delay.growth / 1000, 2),
    row('SIGTERM to exit s', (r) => r.stopSeconds, 1),
    row('load generator write lag p95 ms', (r) => r.loadgen.lagP95Ms, 0),
    text('sustained (runs)', (rs) => `${rs.filter((r) => r.sustained).length}/${rs.length}`),
  ];
  const notes: string[] = [];
  for (const r of runs) {
    const extra: string[] = [...r.why];
    if (r.delay.censored) extra.push(`${r.delay.censored} probed seconds never seen (counted to the probe's end)`);
    if (r.storedFailedQueries) extra.push(`${r.storedFailedQueries} read-back queries failed`);
    const missing = r.missingBySec.map((m, i) => [i, m]).filter(([, m]) => m > 0);
    if (missing.length) {
      extra.push(`missing cells in ${missing.length} of the window's ${r.missingBySec.length} seconds (second: cells) ` +
        missing.slice(0, 8).map(([i, m]) => `${i}: ${m}`).join(', ') + (missing.length > 8 ? ', ...' : ''));
    }
    if (r.loadgen.connectFailures) extra.push(`${r.loadgen.connectFailures} connect failures`);
    if (extra.length) notes.push(`  ${r.kind} run: ${extra.join('; ')}`);
  }
  const head = ['figure', ...o.parents.map((k) => LABEL[k]), ...(by.length === 2 ? ['ours / netdata'] : [])];
  return `\n== ${children} children x ${o.charts} charts x ${o.dims} dims = ${children * o.charts * o.dims} values/s offered ` +
    `(${children * o.charts * o.dims} dimensions); ${by[0]?.length ?? 0} run(s) each, mean [min..max] ==\n` +
    table(head, rows) + (notes.length ? `\n${notes.join('\n')}` : '');
}

function runLine(r: RunResult): string {
  return `${r.kind} ${r.children} children: stored ${(r.storedFraction * 100).toFixed(2)} %, ${r.cpuPerMillion.toFixed(3)} CPU s/M values ` +
    `(${r.cores.toFixed(2)} cores), peak RSS ${(r.peakRssKb / 1024).toFixed(0)} MiB, delay p50/p95/max ` +
    `${(r.delay.p50 / 1000).toFixed(2)}/${(r.delay.p95 / 1000).toFixed(2)}/${(r.delay.max / 1000).toFixed(2)} s, ` +
    `${r.sustained ? 'sustained' : `NOT sustained (${r.why.join('; ')})`}`;
}

async function levels(o: Options): Promise<void> {
  for (const children of o.levels) {
    const runs: RunResult[] = [];
    for (let round = 1; round <= o.rounds; round++) {
      for (const kind of o.parents) {
        log(`level ${children}, round ${round}/${o.rounds}: ${kind}`);
        const r = await runOnce(kind, children, o);
        log(runLine(r));
        runs.push(r);
      }
    }
    console.log(levelTable(children, o, runs));
  }
}

/** What the search keeps of a trial: a run, or a load that never started (every connection batch failed). */
type Trial = Pick<RunResult, 'children' | 'sustained' | 'why' | 'cores' | 'loadgenLimited'>;

interface SearchState {
  kind: Kind;
  lo: number;
  hi: number;
  bisections: number;
  done: string | null;
  trials: Trial[];
}

function nextTrial(s: SearchState, o: Options): number | null {
  if (s.done) return null;
  if (s.hi === Infinity) {
    // the doubling stops at --search-max, which is tried itself before the search ends there
    if (s.lo >= o.searchMax) {
      s.done = `sustained up to --search-max (${o.searchMax} children)`;
      return null;
    }
    return Math.min(s.lo ? s.lo * 2 : o.searchStart, o.searchMax);
  }
  if (s.lo === 0) {
    const n = Math.floor(s.hi / 2);
    if (n < 1) {
      s.done = 'not even 1 child';
      return null;
    }
    return n;
  }
  const mid = Math.round((s.lo + s.hi) / 2);
  if (s.bisections >= o.searchSteps || mid === s.lo || mid === s.hi) {
    s.done = `between ${s.lo} (sustained) and ${s.hi} (not)`;
    return null;
  }
  s.bisections++;
  return mid;
}

async function search(o: Options): Promise<void> {
  const states: SearchState[] = o.parents.map((kind) => ({ kind, lo: 0, hi: Infinity, bisections: 0, done: null, trials: [] }));
  for (;;) {
    let ran = false;
    for (const s of states) {
      const n = nextTrial(s, o);
      if (n === null) continue;
      ran = true;
      log(`search ${s.kind}: ${n} children`);
      let r: Trial;
      try {
        const run = await runOnce(s.kind, n, o);
        log(runLine(run));
        r = run;
      } catch (e) {
        // e.g. no handshake answered in time: a level the parent does not sustain, not the end of the search
        r = { children: n, sustained: false, why: [`the load never started (${(e as Error).message})`], cores: NaN, loadgenLimited: false };
        log(`${s.kind} ${n} children: NOT sustained (${r.why[0]})`);
      }
      s.trials.push(r);
      if (r.sustained) s.lo = Math.max(s.lo, n);
      else if (r.loadgenLimited) s.done = `at ${n} children the load generator could not keep its own pace on this machine: ` +
        `the parent's limit is above ${s.lo || 'the last sustained level'} and not measured`;
      else s.hi = Math.min(s.hi, n);
    }
    if (!ran) break;
  }
  console.log(`\n== search: the most children (x ${o.charts} charts x ${o.dims} dims at 1 s) each parent sustains: ` +
    `stored >= ${STORED_OK * 100} %, no skipped second, no dropped stream, delay p50 < ${DELAY_LIMIT_MS / 1000} s and ` +
    `growing < ${GROWTH_LIMIT_MS / 1000} s over the window; one run per trial ==`);
  console.log(table(['parent', 'highest sustained', 'values/s', 'CPU cores there', 'trials (children: result)'], states.map((s) => {
    const best = s.trials.find((t) => t.children === s.lo && t.sustained);
    return [LABEL[s.kind], String(s.lo), String(s.lo * o.charts * o.dims), best ? best.cores.toFixed(2) : '-',
      s.trials.map((t) => `${t.children}: ${t.sustained ? 'ok' : t.why.join(', ')}`).join(' | ')];
  })));
  for (const s of states) console.log(`  ${s.kind}: ${s.done}`);
}

async function main(): Promise<void> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (o.parents.includes('netdata')) {
    const a = netdataAvailability();
    if (!a.ok) throw new Error(`real Netdata unavailable: ${a.reason}`);
  }
  console.log(`streamledger vs Netdata 1.37.1: both memory mode dbengine (page cache 32 MiB, disk quota 256 MiB: both defaults); ` +
    `ours with its event log (flushed every 100 ms), Netdata with health, ML and every plugin off. ` +
    `Load: the load generator's default mix at 1 s, ${o.charts} charts x ${o.dims} dims per child, in a worker thread of this ` +
    `process, children connecting ${o.connectPerSecond || 'all'} per second. Per run: ${o.warmup} s warm-up after the last child's clock started, ${o.seconds} s with the delay probe ` +
    `between two halves of ${o.quiet} s of ingest alone. CPU and RSS are the ` +
    `parent's own process only (all its threads). ${os.cpus().length} CPUs, Node ${process.version}, ${new Date().toISOString()}.`);
  await levels(o);
  if (o.search) await search(o);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
