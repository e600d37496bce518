/**
 * No gaps, checked end to end against a real Netdata 1.37.1 child (issue 5).
 *
 *   npm run gap-check -- [--outage 60] [--kills 5] [--cut 30] [--settle 15] [--memory-mode ram|dbengine]
 *        [--child-memory-mode dbengine|ram] [--chart system.cpu]
 *
 * A real Netdata child (its web API on a loopback port) streams to a streamledger parent through a TCP relay standing
 * for the network. In order: `settle` s of streaming; the parent stopped (SIGTERM) for `outage` s and started again;
 * `kills` times kill -9 of the parent at a random moment (2-8 s apart) and an immediate restart; the network cut for
 * `cut` s. After each, the parent's replication must finish (/api/v1/info). Then, for `chart` over the whole window
 * since the parent's first stored second, it prints the seconds missing, the replicated points stored twice (read
 * from the event log file), the values that differ from the child's own /api/v1/data, and the time each catch-up took.
 * The CI test (test/e2e/replication-real-child.test.ts) runs it with shorter pauses.
 */
import { childReference, gapReport, summarize, type GapReport } from '../test/helpers/gap-report';
import { netdataAvailability, startNetdataChild } from '../test/helpers/netdata';
import { startParent, type ParentProcess } from '../test/helpers/parent';
import { freePort } from '../test/helpers/ports';
import { startTcpRelay } from '../test/helpers/tcp-relay';

export interface GapCheckOptions {
  outage: number;
  kills: number;
  cut: number;
  settle: number;
  memoryMode: string;
  childMemoryMode: 'ram' | 'dbengine';
  chart: string;
  log?: (line: string) => void;
}

export interface GapCheckResult {
  report: GapReport;
  /** Seconds from each restart or reconnection to the child's new session, and to the end of its replication. */
  catchUp: Array<{ event: string; reconnect: number; seconds: number }>;
  pointsReceived: number;
}

const HOSTNAME = 'gapcheck-child';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The child's replication progress as /api/v1/info shows it, once the child is connected; null before. */
async function progress(p: ParentProcess): Promise<any | null> {
  try {
    const info = await p.getJson('/api/v1/info');
    return info.mirrored_hosts_status.find((h: any) => h.hostname === HOSTNAME)?.replication ?? null;
  } catch {
    return null;
  }
}

/** Waits for a new session of the child to finish replicating every chart it defined; returns the seconds it took. */
async function waitReplicated(p: ParentProcess, sinceMs: number, timeoutS = 180): Promise<{ seconds: number; reconnect: number; points: number }> {
  const until = Date.now() + timeoutS * 1000;
  while (Date.now() < until) {
    const r = await progress(p);
    // a session's charts are defined over a few seconds: finished = none pending and no new chart for 2 s
    if (r && !r.in_progress && r.charts_total > 0) {
      await sleep(2000);
      const again = await progress(p);
      if (again && !again.in_progress && again.charts_total === r.charts_total && again.session_started * 1000 >= sinceMs - 1000) {
        return { seconds: (Date.now() - 2000 - sinceMs) / 1000, reconnect: Math.max(0, again.session_started - Math.floor(sinceMs / 1000)), points: again.points_received };
      }
      continue;
    }
    await sleep(250);
  }
  throw new Error(`replication did not finish within ${timeoutS} s: ${JSON.stringify(await progress(p))}`);
}

/** The first second of `chart` with a value on the parent. */
async function firstStoredSecond(p: ParentProcess, chart: string): Promise<number> {
  for (let i = 0; i < 60; i++) {
    try {
      const r = await p.getJson(`/host/${HOSTNAME}/api/v1/data?chart=${chart}&after=-600&format=json`);
      const withValues = r.data.filter((row: (number | null)[]) => row.slice(1).some((v) => v !== null));
      if (withValues.length >= 3) return withValues[withValues.length - 1][0];
    } catch {
      // not there yet
    }
    await sleep(1000);
  }
  throw new Error(`${chart} of ${HOSTNAME} got no values within 60 s`);
}

export async function runGapCheck(o: GapCheckOptions): Promise<GapCheckResult> {
  const say = o.log ?? ((l: string) => console.log(l));
  const parent = await startParent({ parentConfExtra: `[db]\n    mode = ${o.memoryMode}\n` });
  const relay = await startTcpRelay(parent.port);
  const webPort = await freePort();
  const child = await startNetdataChild({ dest: `127.0.0.1:${relay.port}`, webPort, memoryMode: o.childMemoryMode, hostname: HOSTNAME });
  const catchUp: GapCheckResult['catchUp'] = [];
  let pointsReceived = 0;
  const record = async (event: string, sinceMs: number) => {
    const r = await waitReplicated(parent, sinceMs);
    catchUp.push({ event, reconnect: r.reconnect, seconds: r.seconds });
    pointsReceived += r.points;
    say(`${event}: the child reconnected after ${r.reconnect.toFixed(0)} s; replication finished ${r.seconds.toFixed(1)} s after, ${r.points} points received`);
  };
  try {
    const first = await firstStoredSecond(parent, o.chart);
    say(`child streaming; first second stored ${first}`);
    await sleep(o.settle * 1000);

    // While the parent is down the relay refuses connections too, as a parent's own address would (a connection the
    // relay accepted and then closed would look like a failed handshake, which a Netdata child retries only after 30 s).
    const down = async (signal: 'SIGTERM' | 'SIGKILL') => {
      await relay.cut();
      await parent.stop(signal);
    };
    const up = async () => {
      await parent.start();
      await relay.restore();
    };
    if (o.outage > 0) {
      await down('SIGTERM');
      say(`parent stopped for ${o.outage} s`);
      await sleep(o.outage * 1000);
      const t = Date.now();
      await up();
      await record(`restart after a ${o.outage} s outage`, t);
    }
    for (let k = 1; k <= o.kills; k++) {
      await sleep(2000 + Math.random() * 6000);
      await down('SIGKILL');
      const t = Date.now();
      await up();
      await record(`kill -9 #${k}`, t);
    }
    if (o.cut > 0) {
      await relay.cut();
      say(`network cut for ${o.cut} s`);
      await sleep(o.cut * 1000);
      const t = Date.now();
      await relay.restore();
      await record(`reconnection after a ${o.cut} s cut`, t);
    }
    await sleep(3000);
    const before = Math.floor(Date.now() / 1000) - 3;
    const reference = await childReference(`http://127.0.0.1:${webPort}`, o.chart, first, before);
    const report = await gapReport({
      parentHostUrl: `${parent.baseUrl}/host/${HOSTNAME}`,
      cacheDir: `${parent.dir}/data`,
      host: HOSTNAME,
      chart: o.chart,
      after: first,
      before,
      reference,
    });
    say(`${o.chart}: ${summarize(report)}`);
    say(`time to catch up: ${catchUp.map((c) => `${c.event} ${c.seconds.toFixed(1)} s`).join('; ')}`);
    return { report, catchUp, pointsReceived };
  } finally {
    await child.stop();
    await relay.close();
    await parent.dispose();
  }
}

function parseArgs(argv: string[]): GapCheckOptions {
  const o: GapCheckOptions = { outage: 60, kills: 5, cut: 30, settle: 15, memoryMode: 'ram', childMemoryMode: 'dbengine', chart: 'system.cpu' };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (v === undefined) throw new Error(`${k} needs a value`);
    if (k === '--outage') o.outage = Number(v);
    else if (k === '--kills') o.kills = Number(v);
    else if (k === '--cut') o.cut = Number(v);
    else if (k === '--settle') o.settle = Number(v);
    else if (k === '--memory-mode') o.memoryMode = v;
    else if (k === '--child-memory-mode') o.childMemoryMode = v === 'ram' ? 'ram' : 'dbengine';
    else if (k === '--chart') o.chart = v;
    else throw new Error(`unknown option ${k}`);
  }
  return o;
}

if (require.main === module) {
  const a = netdataAvailability();
  if (!a.ok) {
    console.error(a.reason);
    process.exit(2);
  }
  runGapCheck(parseArgs(process.argv.slice(2))).then(
    (r) => process.exit(r.report.missing.length || r.report.duplicates || r.report.mismatches.length ? 1 : 0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
