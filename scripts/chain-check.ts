/**
 * No gaps through a chain of proxies: load generator children -> streamledger proxy A -> streamledger proxy B ->
 * streamledger parent P, with B restarted while the children stream.
 *
 *   npm run chain-check -- [--seconds 300] [--restarts 2] [--down 20] [--kill no|yes] [--children 2] [--charts 12]
 *        [--dims 4]
 *
 * B is stopped (SIGTERM, or kill -9 with --kill yes) `restarts` times at random moments, each time for `down` s, and
 * started again: A reconnects to B and B asks it for what it lacks (REPLICATE), while B's sender reconnects to P and
 * P asks B.
 * Afterwards, for a few charts of each child, every second of the run on P is compared with the load model; it prints
 * the seconds compared, missing, stored twice (P's event log) or sent twice (refused by B or P), mismatched, and the
 * end-to-end delay (from a second's send to its visibility in P's /api/v1/data, sampled every few seconds during the
 * run: p50/p95/max). Between streamledger nodes gaps are filled with GAPS (TIMESTAMP, REPLICATE answered from the
 * event log). The CI test (test/e2e/proxy-chain-restart.test.ts) runs it shorter.
 */
import { runLoad, type LoadOptions } from './loadgen';
import { loadCharts } from './lib/loadgen-model';
import { gapReport, modelReference, summarize, type GapReport } from '../test/helpers/gap-report';
import { dataRows } from '../test/helpers/mirror';
import { DEFAULT_API_KEY } from '../test/helpers/netdata';
import { startParent, waitFor, type ParentProcess } from '../test/helpers/parent';
import { proxyStreamConf } from '../test/helpers/proxy';

export interface ChainCheckOptions {
  seconds: number;
  restarts: number;
  down: number;
  kill: boolean;
  children: number;
  charts: number;
  dims: number;
  /** Seconds between two delay samples. */
  sampleEvery?: number;
  log?: (line: string) => void;
}

export interface ChainCheckResult {
  reports: Array<{ host: string; chart: string; report: GapReport }>;
  seconds: number;
  missing: number;
  duplicates: number;
  mismatches: number;
  /** End-to-end delays sampled, in seconds. */
  delays: number[];
  restarts: Array<{ at: number; down: number }>;
}

const PREFIX = 'chain';
/** Streaming before the first restart may happen, and after the last one ends. */
const MARGIN_S = 15;
/** The first seconds sent are not compared: a chart's first stored points come from a partial interval. */
const SKIP_FIRST = 5;
/** A delay sample gives up after this (the value never became visible). */
const SAMPLE_TIMEOUT_MS = 120_000;
/** Which charts are compared (distinct kinds of the default mix), those the load has. */
const COMPARED_CHARTS = [0, 1, 2, 3, 4, 5, 7, 9];
/** A receiver's log line for a GAPS block whose second it already stored. */
const SENT_TWICE = /collected at \d+, which is already stored or older/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

/** Restart moments (seconds from the start), one at random in each of `n` equal slots of the run's middle. */
function restartMoments(o: ChainCheckOptions): number[] {
  const span = o.seconds - 2 * MARGIN_S;
  const slot = span / Math.max(1, o.restarts);
  if (o.restarts && slot < o.down + 1) throw new Error(`${o.seconds} s leave no room for ${o.restarts} restarts of ${o.down} s`);
  return Array.from({ length: o.restarts }, (_, i) => MARGIN_S + i * slot + Math.random() * (slot - o.down));
}

/** Seconds from the send of second T (at its boundary) to its value being served by P, sampled until `done()`. */
async function sampleDelays(p: ParentProcess, hostname: string, chartId: string, every: number, done: () => boolean): Promise<number[]> {
  const delays: number[] = [];
  const url = `${p.baseUrl}/host/${hostname}`;
  while (!done()) {
    const t = Math.ceil(Date.now() / 1000);
    const until = Date.now() + SAMPLE_TIMEOUT_MS;
    while (Date.now() < until && !done()) {
      try {
        // T or a later second: T itself may precede the chain's first stored second
        const now = Math.floor(Date.now() / 1000);
        const r = await dataRows(url, `chart=${encodeURIComponent(chartId)}&after=${t - 1}&before=${now}&points=${now - t + 1}&gtime=0&group=average`);
        if (r.data.some((row) => row[0] >= t && row.slice(1).some((v) => v !== null))) {
          delays.push(Date.now() / 1000 - t);
          break;
        }
      } catch {
        // the host is not there yet
      }
      await sleep(100);
    }
    await sleep(every * 1000);
  }
  return delays;
}

export async function runChainCheck(o: ChainCheckOptions): Promise<ChainCheckResult> {
  const say = o.log ?? ((l: string) => console.log(l));
  const nodes: ParentProcess[] = [];
  try {
    const p = await startParent();
    nodes.push(p);
    const b = await startParent({ streamConf: proxyStreamConf(p.port) });
    nodes.push(b);
    const a = await startParent({ streamConf: proxyStreamConf(b.port) });
    nodes.push(a);
    say(`chain: children -> A :${a.port} -> B :${b.port} -> P :${p.port}`);

    const load: LoadOptions = {
      host: '127.0.0.1', port: a.port, key: DEFAULT_API_KEY, children: o.children, charts: o.charts, dims: o.dims,
      seconds: o.seconds, hostnamePrefix: PREFIX, anchorClock: true,
    };
    const charts = loadCharts(o.charts, o.dims);
    const compared = COMPARED_CHARTS.filter((i) => i < charts.length).map((i) => charts[i]);
    const startedMs = Date.now();
    let loadDone = false;
    const running = runLoad(load).finally(() => void (loadDone = true));
    const delays = sampleDelays(p, `${PREFIX}-0`, compared[0].def.id, o.sampleEvery ?? 5, () => loadDone);

    const restarts: ChainCheckResult['restarts'] = [];
    for (const at of restartMoments(o)) {
      await sleep(Math.max(0, startedMs + at * 1000 - Date.now()));
      say(`B ${o.kill ? 'killed (kill -9)' : 'stopped'} at ${at.toFixed(1)} s for ${o.down} s`);
      await b.stop(o.kill ? 'SIGKILL' : 'SIGTERM');
      await sleep(o.down * 1000);
      await b.start();
      restarts.push({ at, down: o.down });
    }
    const stats = await running;
    const sampled = await delays;

    const sent = stats.seconds.filter((s) => s.values > 0).map((s) => s.t);
    // the last second sent is stored when the next one comes, which it does not
    const from = sent[SKIP_FIRST];
    const to = sent[sent.length - 2];
    const reports: ChainCheckResult['reports'] = [];
    for (const child of stats.children) {
      for (const chart of compared) {
        const hostUrl = `${p.baseUrl}/host/${child.hostname}`;
        await waitFor(async () => (await p.getJson(`/host/${child.hostname}/api/v1/chart?chart=${encodeURIComponent(chart.def.id)}`)).last_entry >= to, 60_000, 250);
        const report = await gapReport({
          parentHostUrl: hostUrl, cacheDir: `${p.dir}/data`, host: child.hostname, chart: chart.def.id, after: from, before: to,
          reference: modelReference(child.index, chart),
        });
        reports.push({ host: child.hostname, chart: chart.def.id, report });
        say(`${child.hostname} ${chart.def.id}: ${summarize(report)}`);
        // where a wrong value came from: the same seconds on each node of the chain
        for (const t of [...new Set(report.mismatches.map((m) => m.t))].slice(0, 3)) {
          for (const [name, node] of [['A', a], ['B', b], ['P', p]] as const) {
            const q = `/host/${child.hostname}/api/v1/data?chart=${encodeURIComponent(chart.def.id)}&after=${t - 2}&before=${t + 1}&format=json`;
            const rows = await node.getJson(q).then((r: { data: unknown[] }) => JSON.stringify(r.data)).catch((e: Error) => e.message);
            say(`  mismatch at ${t} on ${name}: ${rows}`);
          }
        }
      }
    }
    const sum = (f: (r: GapReport) => number) => reports.reduce((n, r) => n + f(r.report), 0);
    // with GAPS a second sent twice is refused by the node above (logged), never stored twice: count the refusals
    const refusedTwice = [b, p].reduce((n, node) => n + node.logLines().filter((l) => SENT_TWICE.test(String(l.msg))).length, 0);
    const result: ChainCheckResult = {
      reports,
      seconds: sum((r) => r.seconds),
      missing: sum((r) => r.missing.length),
      duplicates: sum((r) => r.duplicates) + refusedTwice,
      mismatches: sum((r) => r.mismatches.length),
      delays: sampled,
      restarts,
    };
    const sorted = [...sampled].sort((x, y) => x - y);
    const fmt = (q: number) => percentile(sorted, q).toFixed(2);
    say(`${o.seconds} s run, B restarted ${restarts.length} times (${o.down} s down${o.kill ? ', kill -9' : ''}); ` +
      `${reports.length} charts over [${from}, ${to}]`);
    say(`seconds compared ${result.seconds}, seconds missing ${result.missing}, duplicates ${result.duplicates}, mismatches ${result.mismatches}`);
    say(`end-to-end delay (${sorted.length} samples): p50 ${fmt(0.5)} s, p95 ${fmt(0.95)} s, max ${sorted.length ? sorted[sorted.length - 1].toFixed(2) : 'NaN'} s`);
    return result;
  } finally {
    for (const n of nodes.reverse()) await n.dispose();
  }
}

function parseArgs(argv: string[]): ChainCheckOptions {
  const o: ChainCheckOptions = { seconds: 300, restarts: 2, down: 20, kill: false, children: 2, charts: 12, dims: 4 };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (v === undefined) throw new Error(`${k} needs a value`);
    if (k === '--seconds') o.seconds = Number(v);
    else if (k === '--restarts') o.restarts = Number(v);
    else if (k === '--down') o.down = Number(v);
    else if (k === '--kill') o.kill = v === 'yes';
    else if (k === '--children') o.children = Number(v);
    else if (k === '--charts') o.charts = Number(v);
    else if (k === '--dims') o.dims = Number(v);
    else throw new Error(`unknown option ${k}`);
  }
  return o;
}

if (require.main === module) {
  runChainCheck(parseArgs(process.argv.slice(2))).then(
    (r) => process.exit(r.missing || r.duplicates || r.mismatches ? 1 : 0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
