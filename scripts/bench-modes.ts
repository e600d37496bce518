/**
 * Memory modes compared (issue 3, "Benchmarks"): three tables.
 *
 *   node dist/scripts/bench-modes.js [--modes ram,save,map,dbengine] [--children 5] [--load-charts 50] [--load-dims 8]
 *        [--load-seconds 60] [--hosts 10] [--charts 10] [--dims 10] [--hours 24] [--points 720] [--skip-load yes]
 *
 * 1. Disk bytes per point: one load-generator run streams the same children to one of our parents per mode and to a
 *    real Netdata 1.37.1 parent in memory mode dbengine; after a clean stop, the bytes on disk divided by the values
 *    sent. Ours: the event log and the mode's own folder apart; Netdata: its dbengine datafiles (and journals) per tier.
 * 2. Start-up time after a long history: event logs for hosts x charts x dims over `hours` are written directly
 *    (no network), then per mode a first start (builds the mode's files from the log), SIGTERM, a second start. Ready =
 *    spawn until the port accepts connections; replayed = spawn until the last `replayed host` log line.
 * 3. Query latency after the second start: /host/<h>/api/v1/data of one `dims`-dimension chart over the last hour and
 *    over the whole history (absolute after/before: the history ends when it was written), median of 10.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpGet } from '../test/helpers/http';
import { DEFAULT_API_KEY, netdataAvailability, startNetdataParent, type NetdataInstance } from '../test/helpers/netdata';
import { HEALTH_OFF, startParent, type ParentProcess } from '../test/helpers/parent';
import { freePort } from '../test/helpers/ports';
import { netdataDbengineBytes, ourBytes, treeBytes } from './lib/bench-modes-disk';
import { writeHistory, type History } from './lib/bench-modes-history';
import { timedStart, writeConfig, type StoppedRun } from './lib/bench-modes-launch';
import { runLoad } from './loadgen';

const MODES = ['ram', 'save', 'map', 'dbengine'] as const;
type Mode = (typeof MODES)[number];
const QUERY_REPEATS = 10;
/** `history` of table 1's parents. */
const LOAD_HISTORY = 3600;

interface Options {
  modes: Mode[];
  load: { children: number; charts: number; dims: number; seconds: number } | null;
  history: { hosts: number; charts: number; dims: number; hours: number };
  points: number;
}

function parseArgs(argv: string[]): Options {
  const a = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    a.set(argv[i].slice(2), argv[i + 1]);
  }
  const known = ['modes', 'children', 'load-charts', 'load-dims', 'load-seconds', 'hosts', 'charts', 'dims', 'hours', 'points', 'skip-load'];
  for (const k of a.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k}`);
  const num = (k: string, d: number): number => {
    const v = a.has(k) ? Number(a.get(k)) : d;
    if (!(v > 0)) throw new Error(`--${k} needs a positive number`);
    return v;
  };
  const modes = (a.get('modes') ?? MODES.join(',')).split(',') as Mode[];
  for (const m of modes) if (!MODES.includes(m)) throw new Error(`--modes: '${m}' is not one of ${MODES.join(', ')}`);
  return {
    modes,
    load: a.get('skip-load') === 'yes' ? null : {
      children: num('children', 5), charts: num('load-charts', 50), dims: num('load-dims', 8), seconds: num('load-seconds', 60),
    },
    history: { hosts: num('hosts', 10), charts: num('charts', 10), dims: num('dims', 10), hours: num('hours', 24) },
    points: num('points', 720),
  };
}

const mib = (b: number): string => (b / 1048576).toFixed(1);
const ms = (x: number | null): string => (x === null ? '-' : (x / 1000).toFixed(2));
const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

/** Netdata's stop() removes its dir; keep it for the measurement, then remove it here. */
async function stopNetdataKeepingDir(nd: NetdataInstance): Promise<void> {
  const before = process.env.STREAMLEDGER_KEEP_TMP;
  process.env.STREAMLEDGER_KEEP_TMP = '1';
  try {
    await nd.stop();
  } finally {
    if (before === undefined) delete process.env.STREAMLEDGER_KEEP_TMP;
    else process.env.STREAMLEDGER_KEEP_TMP = before;
  }
}

async function diskBytesPerPoint(opts: Options): Promise<void> {
  const load = opts.load!;
  const avail = netdataAvailability();
  const ours: Array<{ mode: Mode; p: ParentProcess }> = [];
  let nd: NetdataInstance | null = null;
  try {
    for (const mode of opts.modes) ours.push({ mode, p: await startParent({ parentConfExtra: `[db]\n    mode = ${mode}\n    retention = ${LOAD_HISTORY}\n${HEALTH_OFF}` }) });
    if (avail.ok) nd = await startNetdataParent({ port: await freePort(), memoryMode: 'dbengine' });
    else console.log(`(no real Netdata: ${avail.reason})`);
    const [first, ...rest] = ours;
    const mirrors = rest.map(({ p }) => ({ host: '127.0.0.1', port: p.port }));
    if (nd) mirrors.push({ host: '127.0.0.1', port: nd.webPort! });
    const stats = await runLoad({
      host: '127.0.0.1', port: first.p.port, key: DEFAULT_API_KEY, children: load.children, charts: load.charts, dims: load.dims,
      seconds: load.seconds, hostnamePrefix: `benchmodes-load-${process.pid}`, mirrors,
    });
    const valuesOf = (i: number) => (i === 0 ? stats.values : stats.mirrors[i - 1].values);
    const rows: string[][] = [];
    const dimensions = load.children * load.charts * load.dims;
    for (let i = 0; i < ours.length; i++) {
      const { mode, p } = ours[i];
      await p.stop();
      const b = ourBytes(path.join(p.dir, 'data'), mode);
      const v = valuesOf(i);
      rows.push([`streamledger ${mode}`, String(v), String(b.eventLog), (b.eventLog / v).toFixed(2), String(b.mode), (b.mode / v).toFixed(2),
        mode === 'save' || mode === 'map' ? (b.mode / (dimensions * LOAD_HISTORY)).toFixed(2) : '-', String(b.hosts)]);
    }
    if (nd) {
      const v = valuesOf(ours.length);
      await stopNetdataKeepingDir(nd);
      for (const t of netdataDbengineBytes(path.join(nd.dir, 'cache'))) {
        rows.push([`netdata 1.37.1 ${t.tier}`, String(v), '-', '-', `${t.datafiles} (+${t.journals} journal)`,
          `${(t.datafiles / v).toFixed(2)} (${((t.datafiles + t.journals) / v).toFixed(2)})`, '-', '-']);
      }
    }
    console.log(`\n1. Disk bytes per point: ${load.children} children x ${load.charts} charts x ${load.dims} dims for ${load.seconds} s ` +
      `(load-generator default mix), the same streams to every parent; bytes after a clean stop / values sent`);
    console.log(`save and map files hold every slot of \`history\` (${LOAD_HISTORY}), filled or not: their B/slot is the figure that scales`);
    console.log(table(['parent', 'values', 'event log B', 'B/point', 'mode files B', 'B/point', 'B/slot', 'hosts'], rows));
    if (stats.skippedSeconds || stats.mirrors.some((m) => m.skippedSeconds || m.disconnects)) {
      console.log(`(note: skipped child-seconds ${stats.skippedSeconds}; mirrors ${stats.mirrors.map((m) => `${m.port}: ${m.skippedSeconds} skipped, ${m.disconnects} disconnects`).join('; ')})`);
    }
  } finally {
    for (const { p } of ours) await p.dispose();
    if (nd) {
      await stopNetdataKeepingDir(nd);
      if (process.env.STREAMLEDGER_KEEP_TMP !== '1') fs.rmSync(nd.dir, { recursive: true, force: true });
    }
  }
}

interface ModeRun {
  mode: Mode;
  first: { readyMs: number } & StoppedRun;
  second: { readyMs: number } & StoppedRun;
  eventLogBytes: number;
  modeBytes: number;
  query: Array<{ label: string; medianMs: number; rows: number }>;
}

async function queryLatency(port: number, h: History, points: number): Promise<ModeRun['query']> {
  const host = h.children[0].hostname;
  const chart = h.chartIds[0];
  const windows = [{ label: '1 h', seconds: 3600 }];
  if (h.hours * 3600 > 3600) windows.push({ label: `${h.hours} h`, seconds: Math.round(h.hours * 3600) });
  const out: ModeRun['query'] = [];
  for (const w of windows) {
    const url = `http://127.0.0.1:${port}/host/${host}/api/v1/data?chart=${encodeURIComponent(chart)}` +
      `&after=${h.lastSec - w.seconds + 1}&before=${h.lastSec}&points=${points}&format=json`;
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < QUERY_REPEATS; i++) {
      const t0 = process.hrtime.bigint();
      const a = await httpGet(url, 120_000);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (a.status !== 200) throw new Error(`GET ${url}: HTTP ${a.status}: ${a.body.slice(0, 200)}`);
      rows = (JSON.parse(a.body) as { data: unknown[][] }).data.filter((r) => r.slice(1).some((x) => x !== null)).length;
    }
    out.push({ label: w.label, medianMs: median(times), rows });
  }
  return out;
}

async function startupAndQueries(opts: Options): Promise<void> {
  const size = opts.history;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-modes-'));
  try {
    const template = path.join(root, 'template');
    const g0 = Date.now();
    const h = writeHistory(template, size, Math.floor(Date.now() / 1000) - 1);
    const genS = (Date.now() - g0) / 1000;
    const logBytes = treeBytes(template);
    const runs: ModeRun[] = [];
    for (const mode of opts.modes) {
      const dir = path.join(root, mode);
      fs.cpSync(template, path.join(dir, 'data'), { recursive: true });
      const port = await freePort();
      writeConfig(dir, port, {
        mode, retention: Math.round(size.hours * 3600), 'dbengine multihost disk space MB': 8192,
        'cleanup orphan hosts after secs': 0, 'cleanup obsolete charts after secs': 0,
      });
      const firstStart = await timedStart(dir, port);
      const first = { readyMs: firstStart.readyMs, ...(await firstStart.stop()) };
      const secondStart = await timedStart(dir, port);
      let query: ModeRun['query'];
      let secondStop: StoppedRun;
      try {
        query = await queryLatency(port, h, opts.points);
      } finally {
        secondStop = await secondStart.stop();
      }
      const second = { readyMs: secondStart.readyMs, ...secondStop };
      const b = ourBytes(path.join(dir, 'data'), mode);
      runs.push({ mode, first, second, eventLogBytes: b.eventLog, modeBytes: b.mode, query });
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const points = size.hosts * size.charts * size.dims * Math.round(size.hours * 3600);
    console.log(`\n2. Start-up time: ${size.hosts} hosts x ${size.charts} charts x ${size.dims} dims x ${size.hours} h of history ` +
      `(${h.samples} sample events, ${points} points, event logs ${mib(logBytes)} MiB, written in ${genS.toFixed(1)} s); ` +
      `history = ${Math.round(size.hours * 3600)} s; seconds from spawn`);
    console.log(table(
      ['mode', '1st ready', '1st replayed', 'SIGTERM stop', '2nd ready', '2nd replayed', '2nd stop', 'mode files MiB', 'B/point'],
      runs.map((r) => [r.mode, ms(r.first.readyMs), ms(r.first.replayedMs), ms(r.first.stopMs), ms(r.second.readyMs), ms(r.second.replayedMs),
        ms(r.second.stopMs), mib(r.modeBytes), (r.modeBytes / points).toFixed(2)]),
    ));
    const slowest = runs.map((r) => `${r.mode}: ${r.second.replayLines.slice(-1)[0] ?? '-'}`);
    console.log(`last replay line of the 2nd start: ${slowest.join(' | ')}`);
    console.log(`\n3. Query latency: /host/${h.children[0].hostname}/api/v1/data?chart=${h.chartIds[0]} (${size.dims} dims), ` +
      `points=${opts.points}, after the 2nd start; median of ${QUERY_REPEATS} requests, ms (non-null rows returned)`);
    const labels = runs[0]?.query.map((q) => q.label) ?? [];
    console.log(table(['mode', ...labels], runs.map((r) => [r.mode, ...r.query.map((q) => `${q.medianMs.toFixed(1)} (${q.rows})`)])));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.load) await diskBytesPerPoint(opts);
  await startupAndQueries(opts);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
