/**
 * Load generator: N simulated Netdata children streaming C charts x D dimensions each over real sockets,
 * paced by the wall clock (one block per chart per update_every, aligned to second boundaries).
 * Values come from scripts/lib/loadgen-model.ts, so tests can predict what a parent stores.
 *
 * With mirrors, every child also streams to each mirror parent over its own connection: the same bytes, written
 * in the same tick, so two parents can be compared value for value (scripts/parity.ts).
 *
 *   node dist/scripts/loadgen.js --host 127.0.0.1 --port P --key K --children N --charts C --dims D
 *        --seconds S [--update-every 1] [--ver 1016|16376|1|none] [--hostname-prefix loadgen] [--start-index 0]
 *        [--mix default|parity] [--anchor-clock yes|no] [--mirror HOST:PORT[,HOST:PORT...]] [--wave SECONDS]
 */
import { SimulatedChild } from './lib/loadgen-child';
import { loadCharts, waveChart, type ChartMix } from './lib/loadgen-model';
import { CAP, DEFAULT_VER } from './lib/loadgen-protocol';
import { setTimeoutAt } from '../src/util/wall-timer';

export interface Destination {
  host: string;
  port: number;
  /** Default: the load's key. */
  key?: string;
}

export interface LoadOptions {
  host: string;
  port: number;
  key: string;
  children: number;
  charts: number;
  dims: number;
  seconds: number;
  updateEvery?: number;
  /** The handshake's `ver=`; null leaves it out. Default: DEFAULT_VER (no LZ4, no replication). */
  ver?: number | null;
  hostnamePrefix?: string;
  startIndex?: number;
  /** Bytes queued per socket above which a second is skipped (default 16 MiB). */
  maxQueuedBytes?: number;
  /** Checked once per second: true ends the run early (a benchmark that has measured enough). */
  shouldStop?: () => boolean;
  /** Which charts the children send (default: 'default'). */
  mix?: ChartMix;
  /** Reset each chart's clock on the parent with its third block (default: true for the parity mix); see ANCHOR_USEC. */
  anchorClock?: boolean;
  /** More parents that receive the same streams at the same time. */
  mirrors?: Destination[];
  /** Offer GAPS (streamledger's gap filling): collection times in BEGIN, TIMESTAMP, and REPLICATE answered. */
  gaps?: boolean;
  /** Add the chart lg_wave.triangle, a 0-100 triangle wave of this period in seconds (for alarms); 0 = none. */
  wave?: number;
}

/** What one mirror received (the per-second figures of LoadStats are the primary destination's). */
export interface MirrorStats extends Destination {
  values: number;
  bytes: number;
  connectFailures: number;
  disconnects: number;
  skippedSeconds: number;
}

export interface SecondStats {
  t: number;
  streamingChildren: number;
  values: number;
  bytes: number;
  /** Connection attempts that failed during this second (refused, reset before the handshake ended). */
  connectFailures: number;
  /** Milliseconds after the second boundary when all of the second's writes were issued. */
  lagMs: number;
}

export interface LoadStats {
  seconds: SecondStats[];
  values: number;
  bytes: number;
  connectFailures: number;
  disconnects: number;
  skippedSeconds: number;
  /** GAPS: child-seconds sent again on REPLICATE, and the requests answered. */
  replayedSeconds: number;
  replicateRequests: number;
  children: Array<{ index: number; hostname: string; guid: string; caps: number }>;
  mirrors: MirrorStats[];
}

/** The handshake's ver with the GAPS bit added (a capability mask then, VCAPS included). */
function withGaps(ver: number | null, gaps: boolean): number | null {
  if (!gaps) return ver;
  return ((ver ?? 0) | CAP.VCAPS | CAP.GAPS) >>> 0;
}

/** Runs the load; rejects with the parent's words if a handshake is refused (by any destination). */
export async function runLoad(opts: LoadOptions): Promise<LoadStats> {
  const updateEvery = opts.updateEvery ?? 1;
  const chartMix = opts.mix ?? 'default';
  const charts = loadCharts(opts.charts, opts.dims, updateEvery, chartMix);
  if (opts.wave) charts.push(waveChart(charts.length, opts.wave, updateEvery));
  const startIndex = opts.startIndex ?? 0;
  let fatal: string | null = null;
  let wake: (() => void) | null = null;
  const destinations: Destination[] = [{ host: opts.host, port: opts.port, key: opts.key }, ...(opts.mirrors ?? [])];
  // byDest[d][i]: child i's connection to destination d
  const byDest: SimulatedChild[][] = destinations.map((dest) => {
    const list: SimulatedChild[] = [];
    for (let i = 0; i < opts.children; i++) {
      list.push(new SimulatedChild({
        host: dest.host, port: dest.port, key: dest.key ?? opts.key, index: startIndex + i,
        hostnamePrefix: opts.hostnamePrefix ?? 'loadgen', charts, updateEvery,
        ver: withGaps(opts.ver === undefined ? DEFAULT_VER : opts.ver, opts.gaps ?? false), maxQueuedBytes: opts.maxQueuedBytes ?? 16 << 20,
        anchorClock: opts.anchorClock ?? chartMix === 'parity',
      }, (c) => { fatal ??= c.fatal; wake?.(); }));
    }
    return list;
  });
  const all = byDest.flat();
  const children = byDest[0];
  all.forEach((c) => c.start());
  // Start the clock once every child streams every chart (or 10 s passed), so every child, on every destination,
  // sends the same seconds of each chart.
  for (const until = Date.now() + 10_000; Date.now() < until && !fatal && !all.every((c) => c.ready);) {
    await new Promise((r) => setTimeout(r, 20));
  }

  const seconds: SecondStats[] = [];
  const mirrorTotals = byDest.slice(1).map(() => ({ values: 0, bytes: 0 }));
  const failures = () => children.reduce((a, c) => a + c.connectFailures, 0);
  let failuresBefore = 0;
  try {
    let t = Math.floor(Date.now() / 1000 / updateEvery) * updateEvery;
    for (let n = 0; n < opts.seconds && !fatal && !opts.shouldStop?.(); n += updateEvery) {
      t += updateEvery;
      // wait for the boundary, unless a child's refusal ends the run first
      await new Promise<void>((resolve) => {
        // not a millisecond early: a proxy times a block by its arrival, and the second before is another one
        const timer = setTimeoutAt(t * 1000, resolve);
        wake = () => { timer.cancel(); resolve(); };
      });
      if (fatal) break;
      const s: SecondStats = { t, streamingChildren: 0, values: 0, bytes: 0, connectFailures: failures() - failuresBefore, lagMs: 0 };
      failuresBefore += s.connectFailures;
      for (let i = 0; i < children.length; i++) {
        // child i's second goes to every destination back to back
        for (let d = 0; d < byDest.length; d++) {
          const c = byDest[d][i];
          const w = c.tick(t);
          if (d > 0) {
            mirrorTotals[d - 1].values += w.values;
            mirrorTotals[d - 1].bytes += w.bytes;
            continue;
          }
          if (c.streaming) s.streamingChildren++;
          s.values += w.values;
          s.bytes += w.bytes;
        }
      }
      s.lagMs = Date.now() - t * 1000;
      seconds.push(s);
      if (Date.now() > (t + updateEvery) * 1000) t = Math.floor(Date.now() / 1000 / updateEvery) * updateEvery; // fell behind: skip, do not burst
    }
  } finally {
    await Promise.all(all.map((c) => c.stop()));
  }
  if (fatal) throw new Error(`loadgen: ${fatal}`);
  const sum = (list: SimulatedChild[], f: (c: SimulatedChild) => number): number => list.reduce((a, c) => a + f(c), 0);
  return {
    seconds,
    values: seconds.reduce((a, s) => a + s.values, 0),
    bytes: seconds.reduce((a, s) => a + s.bytes, 0),
    connectFailures: failures(),
    disconnects: sum(children, (c) => c.disconnects),
    skippedSeconds: sum(children, (c) => c.skippedSeconds),
    replayedSeconds: sum(children, (c) => c.replayedSeconds),
    replicateRequests: sum(children, (c) => c.replicateRequests),
    children: children.map((c, i) => ({ index: startIndex + i, hostname: c.hostname, guid: c.guid, caps: c.caps })),
    mirrors: byDest.slice(1).map((list, d) => ({
      ...destinations[d + 1], ...mirrorTotals[d],
      connectFailures: sum(list, (c) => c.connectFailures),
      disconnects: sum(list, (c) => c.disconnects),
      skippedSeconds: sum(list, (c) => c.skippedSeconds),
    })),
  };
}

export function formatStats(s: LoadStats): string {
  const lines = ['second      children  values/s    bytes/s  conn_fail  lag_ms'];
  for (const x of s.seconds) {
    lines.push(`${x.t}  ${String(x.streamingChildren).padStart(8)}  ${String(x.values).padStart(8)}  ` +
      `${String(x.bytes).padStart(9)}  ${String(x.connectFailures).padStart(9)}  ${String(x.lagMs).padStart(6)}`);
  }
  lines.push(`total: ${s.values} values, ${s.bytes} bytes, ${s.connectFailures} connect failures, ` +
    `${s.disconnects} disconnects, ${s.skippedSeconds} child-seconds skipped (backpressure), ` +
    `${s.replayedSeconds} child-seconds replayed on ${s.replicateRequests} REPLICATE requests`);
  for (const m of s.mirrors) {
    lines.push(`mirror ${m.host}:${m.port}: ${m.values} values, ${m.bytes} bytes, ${m.connectFailures} connect failures, ` +
      `${m.disconnects} disconnects, ${m.skippedSeconds} child-seconds skipped`);
  }
  return lines.join('\n');
}

function parseArgs(argv: string[]): LoadOptions {
  const a = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    a.set(argv[i].slice(2), argv[i + 1]);
  }
  const num = (k: string, d?: number): number => {
    const v = a.has(k) ? Number(a.get(k)) : d;
    if (v === undefined || !Number.isInteger(v) || v < 0) throw new Error(`--${k} needs a non-negative integer`);
    return v;
  };
  const known = ['host', 'port', 'key', 'children', 'charts', 'dims', 'seconds', 'update-every', 'ver', 'hostname-prefix', 'start-index',
    'mix', 'anchor-clock', 'mirror', 'gaps', 'wave'];
  for (const k of a.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k}`);
  const ver = a.get('ver');
  const chartMix = a.get('mix') ?? 'default';
  if (chartMix !== 'default' && chartMix !== 'parity') throw new Error('--mix is default or parity');
  const anchor = a.get('anchor-clock');
  if (anchor !== undefined && anchor !== 'yes' && anchor !== 'no') throw new Error('--anchor-clock is yes or no');
  const mirrors = (a.get('mirror') ?? '').split(',').filter(Boolean).map((hp): Destination => {
    const m = /^(.+):(\d+)$/.exec(hp);
    if (!m) throw new Error(`--mirror needs HOST:PORT, got ${hp}`);
    return { host: m[1], port: Number(m[2]) };
  });
  return {
    host: a.get('host') ?? '127.0.0.1', port: num('port'), key: a.get('key') ?? '11111111-2222-3333-4444-555555555555',
    children: num('children', 1), charts: num('charts', 10), dims: num('dims', 8), seconds: num('seconds', 10),
    updateEvery: Math.max(1, num('update-every', 1)),
    ver: ver === undefined ? DEFAULT_VER : ver === 'none' ? null : num('ver'),
    hostnamePrefix: a.get('hostname-prefix') ?? 'loadgen', startIndex: num('start-index', 0),
    mix: chartMix, anchorClock: anchor === undefined ? undefined : anchor === 'yes', mirrors, gaps: a.get('gaps') === 'yes',
    wave: num('wave', 0),
  };
}

if (require.main === module) {
  let opts: LoadOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\nusage: loadgen --host H --port P --key K --children N --charts C --dims D ` +
      '--seconds S [--update-every 1] [--ver 1016|16376|1|none] [--hostname-prefix loadgen] [--start-index 0] ' +
      '[--mix default|parity] [--anchor-clock yes|no] [--mirror HOST:PORT[,HOST:PORT...]] [--gaps yes|no] [--wave SECONDS]');
    process.exit(2);
  }
  runLoad(opts).then(
    (s) => console.log(formatStats(s)),
    (e) => { console.error((e as Error).message); process.exit(1); },
  );
}
