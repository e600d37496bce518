/**
 * Parity check against a real Netdata parent: the load generator streams its parity mix (every algorithm,
 * multipliers and divisors, 32/64-bit wraps, resets, noreset, missed seconds; scripts/lib/loadgen-parity.ts)
 * to a streamledger parent and, byte for byte in the same ticks, to a real Netdata 1.37 parent; then every
 * chart of every child is read back from both with /api/v1/data over the same window and compared value by
 * value (scripts/lib/loadgen-parity-compare.ts). Netdata is the reference: each difference is listed with
 * host, chart, dimension, second, our value and Netdata's.
 *
 * The window of a chart starts the second after its clock anchor (its third block; see ANCHOR_USEC in
 * loadgen-protocol.ts), which gives both parents the same collection times, and ends at its last block.
 *
 *   node dist/scripts/parity.js [--children 2] [--charts 16] [--seconds 40] [--memory-mode ram|dbengine]
 *        [--ours-memory-mode MODE] [--anchor-clock yes|no] [--show 10] [--out mismatches.json]
 */
import fs from 'node:fs';
import { httpGetJson } from '../test/helpers/http';
import { DEFAULT_API_KEY, netdataAvailability, startNetdataParent, type NetdataInstance } from '../test/helpers/netdata';
import { defaultStreamConf, freePort, startParent, waitFor, type ParentProcess } from '../test/helpers/parent';
import { chartSkips, loadCharts, type LoadChart } from './lib/loadgen-model';
import { PARITY_KINDS, PARITY_PERIOD } from './lib/loadgen-parity';
import {
  addTally, compareChart, dataAnswer, emptyTally, formatMismatch, mismatchClasses, type DataAnswer, type Tally,
} from './lib/loadgen-parity-compare';
import { runLoad, type LoadOptions, type LoadStats } from './loadgen';

export interface ParityOptions {
  children: number;
  charts: number;
  seconds: number;
  /** The real Netdata parent's memory mode. */
  memoryMode: string;
  /** Ours (default: the same). */
  oursMemoryMode?: string;
  /**
   * Anchor every chart's clock (default true). Without it each parent times a chart by when it read its second
   * BEGIN, and every value that interpolates across a change of rate differs: for showing why it is there.
   */
  anchorClock?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface ParityReport {
  stats: LoadStats;
  /** Per chart kind. */
  byKind: Map<string, Tally>;
  total: Tally;
  /** `history` of each child host as /api/v1/charts reports it. */
  history: Array<{ host: string; ours: unknown; theirs: unknown }>;
  /** The compared window of each chart kind (first child), for the record. */
  windows: Map<string, [number, number]>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The seconds compared for `chart`: `values` from the second after its anchor block up to its last block (the
 * same on both parents, value for value); `presence` from its first block up to the anchor (values there depend
 * on when each parent read the blocks, but where each has a gap does not).
 */
export function comparedWindows(chart: LoadChart, sentSeconds: number[]): { presence: [number, number]; values: [number, number] } | null {
  const own = sentSeconds.filter((t) => !chartSkips(chart, t));
  if (own.length < 4) return null;
  return { presence: [own[0], own[2]], values: [own[2] + 1, own[own.length - 1]] };
}

async function fetchAnswer(baseUrl: string, host: string, chart: string, from: number, to: number): Promise<DataAnswer> {
  const q = `chart=${encodeURIComponent(chart)}&after=${from}&before=${to}&points=${to - from + 1}&group=average&gtime=0&format=json`;
  return dataAnswer(await httpGetJson(`${baseUrl}/host/${host}/api/v1/data?${q}`));
}

export async function runParity(o: ParityOptions): Promise<ParityReport> {
  const log = o.log ?? (() => {});
  const a = netdataAvailability();
  if (!a.ok) throw new Error(`real Netdata unavailable: ${a.reason}`);
  const ndPort = await freePort();
  let ourPort = await freePort();
  while (ourPort === ndPort) ourPort = await freePort();
  const oursMode = o.oursMemoryMode ?? o.memoryMode;
  let netdata: NetdataInstance | null = null;
  let ours: ParentProcess | null = null;
  try {
    netdata = await startNetdataParent({ port: ndPort, memoryMode: o.memoryMode });
    ours = await startParent({ port: ourPort, streamConf: `${defaultStreamConf()}    default memory mode = ${oursMode}\n` });
    const theirsUrl = `http://127.0.0.1:${ndPort}`;
    log(`netdata parent (memory mode ${o.memoryMode}) on ${ndPort}, streamledger (memory mode ${oursMode}) on ${ourPort}`);

    const load: LoadOptions = {
      host: '127.0.0.1', port: ourPort, key: DEFAULT_API_KEY, children: o.children, charts: o.charts, dims: 0,
      seconds: o.seconds, mix: 'parity', anchorClock: o.anchorClock ?? true, hostnamePrefix: `parity${process.pid}`,
      mirrors: [{ host: '127.0.0.1', port: ndPort }],
    };
    const stats = await runLoad(load);
    const m = stats.mirrors[0];
    log(`streamed ${stats.values} values (${stats.bytes} bytes) to each parent over ${stats.seconds.length} s`);
    if (stats.disconnects || m.disconnects || stats.skippedSeconds || m.skippedSeconds || m.bytes !== stats.bytes || m.values !== stats.values) {
      throw new Error(`the two streams differ (a disconnect or a skipped second): ours ${JSON.stringify({ ...stats, seconds: undefined })}, ` +
        `netdata ${JSON.stringify(m)}`);
    }

    const charts = loadCharts(o.charts, 0, 1, 'parity');
    const sent = stats.seconds.filter((s) => s.values > 0).map((s) => s.t);
    const byKind = new Map<string, Tally>(PARITY_KINDS.map((k) => [k, emptyTally()]));
    const windows = new Map<string, [number, number]>();
    const total = emptyTally();
    const history: ParityReport['history'] = [];
    // the last block was written just before the children disconnected: give both parents a moment to store it
    await sleep(300);
    for (const child of stats.children) {
      for (const chart of charts) {
        const w = comparedWindows(chart, sent);
        if (!w) throw new Error(`${chart.def.id}: too few seconds sent (${sent.length}) to compare anything`);
        if (!windows.has(chart.kind)) windows.set(chart.kind, w.values);
        const from = w.presence[0];
        const to = w.values[1];
        // both must hold the window's last slot before they are compared
        const answers = await waitFor(async () => {
          const [th, ou] = await Promise.all([
            fetchAnswer(theirsUrl, child.hostname, chart.def.id, from, to), fetchAnswer(ours!.baseUrl, child.hostname, chart.def.id, from, to),
          ]);
          return th.rows.has(to) && ou.rows.has(to) ? { th, ou } : null;
        }, 10_000, 250).catch(async () => ({
          th: await fetchAnswer(theirsUrl, child.hostname, chart.def.id, from, to),
          ou: await fetchAnswer(ours!.baseUrl, child.hostname, chart.def.id, from, to),
        }));
        const where = { host: child.hostname, chart: chart.def.id, kind: chart.kind };
        const dims = chart.dims.map((d) => d.def.name);
        for (const tally of [
          compareChart(where, dims, answers.th, answers.ou, w.presence[0], w.presence[1], true),
          compareChart(where, dims, answers.th, answers.ou, w.values[0], w.values[1]),
        ]) {
          addTally(byKind.get(chart.kind)!, tally);
          addTally(total, tally);
        }
      }
      const [th, ou] = await Promise.all([
        httpGetJson(`${theirsUrl}/host/${child.hostname}/api/v1/charts`), httpGetJson(`${ours.baseUrl}/host/${child.hostname}/api/v1/charts`),
      ]);
      history.push({ host: child.hostname, ours: ou.history, theirs: th.history });
    }
    return { stats, byKind, total, history, windows };
  } finally {
    await ours?.dispose();
    await netdata?.stop();
  }
}

export function formatReport(r: ParityReport, show: number): string {
  const lines = ['kind             compared  identical  within-tol  both-null  both-there  mismatches  values compared in'];
  const row = (name: string, t: Tally, w?: [number, number]): string =>
    `${name.padEnd(15)} ${String(t.compared).padStart(9)}  ${String(t.identical).padStart(9)}  ${String(t.withinTolerance).padStart(10)}  ` +
    `${String(t.bothNull).padStart(9)}  ${String(t.bothPresent).padStart(10)}  ${String(t.mismatches.length).padStart(10)}  ` +
    `${w ? `${w[0]}..${w[1]} (${w[1] - w[0] + 1} s)` : ''}`;
  for (const [kind, t] of r.byKind) if (t.compared) lines.push(row(kind, t, r.windows.get(kind)));
  lines.push(row('total', r.total));
  for (const h of r.history) {
    lines.push(`history of ${h.host} (/api/v1/charts): netdata ${h.theirs}, streamledger ${h.ours}${h.theirs === h.ours ? '' : '  MISMATCH'}`);
  }
  const classes = mismatchClasses(r.total.mismatches);
  if (classes.size) lines.push(`${classes.size} mismatch classes (Netdata is the reference):`);
  for (const [key, c] of classes) {
    lines.push(`  ${key}: ${c.list.length} in ${[...c.where].map(([w, n]) => `${w} ${n}`).join(', ')}`);
    for (const mm of c.list.slice(0, show)) lines.push(`    ${formatMismatch(mm)}`);
  }
  const agrees = !r.total.mismatches.length && r.history.every((h) => h.theirs === h.ours);
  lines.push(agrees ? 'RESULT: every value agrees with Netdata' : 'RESULT: mismatches found');
  return lines.join('\n');
}

function parseArgs(argv: string[]): ParityOptions & { show: number; out?: string } {
  const a = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    a.set(argv[i].slice(2), argv[i + 1]);
  }
  const known = ['children', 'charts', 'seconds', 'memory-mode', 'ours-memory-mode', 'anchor-clock', 'show', 'out'];
  for (const k of a.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k}`);
  const num = (k: string, d: number, min: number): number => {
    const v = a.has(k) ? Number(a.get(k)) : d;
    if (!Number.isInteger(v) || v < min) throw new Error(`--${k} needs an integer >= ${min}`);
    return v;
  };
  const mode = a.get('memory-mode') ?? 'ram';
  if (!['ram', 'dbengine'].includes(mode)) throw new Error('--memory-mode is ram or dbengine');
  return {
    children: num('children', 2, 1), charts: num('charts', 2 * PARITY_KINDS.length, 1),
    seconds: num('seconds', 40, PARITY_PERIOD + 6), memoryMode: mode, oursMemoryMode: a.get('ours-memory-mode'),
    anchorClock: a.get('anchor-clock') !== 'no', show: num('show', 10, 0), out: a.get('out'),
  };
}

if (require.main === module) {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\nusage: parity [--children 2] [--charts 16] [--seconds 40] [--memory-mode ram|dbengine] ` +
      '[--ours-memory-mode MODE] [--anchor-clock yes|no] [--show 10] [--out mismatches.json]');
    process.exit(2);
  }
  runParity({ ...opts, log: (l) => console.log(l) }).then(
    (r) => {
      console.log(formatReport(r, opts.show));
      if (opts.out) fs.writeFileSync(opts.out, JSON.stringify(r.total.mismatches, null, 1));
      process.exitCode = r.total.mismatches.length || r.history.some((h) => h.theirs !== h.ours) ? 1 : 0;
    },
    (e) => { console.error((e as Error).message); process.exitCode = 2; },
  );
}
