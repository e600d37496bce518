/**
 * Cross-checks the value engine (src/projection/collection) against a real Netdata 1.37.1 parent.
 *
 * Starts a parent (memory mode ram) with scripts/netdata-peer.sh, streams it a synthetic
 * child (plain-text protocol, ver=1) with known values for every algorithm, jittered timings, a collection gap,
 * counter wraps and resets, and records when each BEGIN was written. Then it replays the same iterations through
 * ChartCollector and compares, slot by slot, what the parent's /api/v1/data answers with what the engine
 * stored (both printed the way Netdata prints a value: 7 decimals).
 *
 * The parent reads its own clock on the second BEGIN of a chart (SYNC_CLOCK) and on every BEGIN without usec;
 * those arrival times are only known to about a millisecond here, so for each chart the script searches the
 * parent's reading delay of that second BEGIN (a single offset) before comparing. The chart streamed without
 * usec at all depends on every arrival time: its delays are fitted one BEGIN after the other, and as they are
 * only known to the microsecond its incremental values may differ from Netdata's in the 7th digit (tolerated: 1e-5).
 *
 *   node dist/scripts/crosscheck-values.js [--port 29980] [--dir /tmp/crosscheck-parent] [--iterations 45] [--keep]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Algorithm, DimDef, Int64 } from '../src/model/types';
import { ChartCollector } from '../src/projection/collection/chart-collector';
import { storedValue } from '../src/projection/collection/storage-number';

const PEER = path.join(__dirname, '..', '..', 'scripts', 'netdata-peer.sh'); // from dist/scripts/
const KEY = '11111111-2222-3333-4444-555555555555';
const HOSTNAME = 'xc-child';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
}
const PORT = Number(arg('port', '29980'));
const DIR = arg('dir', '/tmp/crosscheck-parent');
const ITERATIONS = Number(arg('iterations', '45'));
const KEEP = process.argv.includes('--keep');

// ---------------------------------------------------------------------------------------------------------------
// the synthetic child

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20221205);
const randInt = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

interface SynthDim {
  def: DimDef;
  /** value of iteration i (null: not SET) */
  next(i: number): Int64 | null;
}

interface SynthChart {
  id: string;
  updateEvery: number;
  /** false: every BEGIN carries usec 0, so the parent uses its own clock each time */
  sendsUsec: boolean;
  /** iterations in which the child does not collect this chart (a gap) */
  skip: (i: number) => boolean;
  dims: SynthDim[];
}

function dim(id: string, algorithm: Algorithm, multiplier: number, divisor: number, next: (i: number) => Int64 | null, options = ''): SynthDim {
  return { def: { id, name: id, algorithm, multiplier, divisor, options }, next };
}

function counter(start: Int64, step: (i: number) => Int64, transform: (v: bigint, i: number) => bigint = (v) => v): (i: number) => Int64 {
  let v = BigInt(start);
  return (i) => {
    v = transform(v + BigInt(step(i)), i);
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  };
}

function charts(): SynthChart[] {
  const never = (): boolean => false;
  return [
    {
      id: 'xc.abs', updateEvery: 1, sendsUsec: true, skip: never,
      dims: [
        dim('a1', 'absolute', 1, 1, () => randInt(0, 1000)),
        dim('a2', 'absolute', 1, 3, () => randInt(-5000, 5000)),
        dim('a3', 'absolute', -7, 1000, () => randInt(0, 1e9)),
        dim('a4', 'absolute', 1, 1, () => (1n << 55n) + BigInt(randInt(0, 1e6))),
        dim('a5', 'absolute', 3, 1, (i) => (i % 7 === 3 ? null : randInt(0, 100))),
        dim('a6', 'absolute', 1, 10, () => randInt(0, 20)),
      ],
    },
    {
      id: 'xc.inc', updateEvery: 1, sendsUsec: true, skip: (i) => i >= 20 && i < 24,
      dims: [
        dim('i1', 'incremental', 1, 1, counter(1000, () => randInt(0, 1000))),
        dim('i2', 'incremental', 8, 1024, counter(0, () => randInt(0, 1e6))),
        dim('wrap32', 'incremental', 1, 1, counter(3_500_000_000, () => randInt(1e8, 3e8), (v) => v % (1n << 32n))),
        dim('cross0', 'incremental', 1, 1, counter(-6_000_000_000, () => randInt(5e8, 9e8))),
        dim('reset', 'incremental', 1, 1, counter(5e6, () => randInt(1e6, 2e6), (v, i) => (i === 15 ? 12n : v))),
        dim('big', 'incremental', -1, 1000, counter(1n << 60n, () => 12345 + randInt(0, 7))),
        dim('noreset', 'incremental', 1, 1, counter(10_000, () => randInt(1, 50), (v, i) => (i === 27 ? 3n : v)), 'noreset'),
        dim('gapabs', 'absolute', 1, 3, () => randInt(0, 3000)),
        dim('sometimes', 'incremental', 1, 1, (() => { const c = counter(0, () => randInt(10, 90)); return (i: number) => { const v = c(i); return i % 5 === 2 ? null : v; }; })()),
      ],
    },
    {
      id: 'xc.pabs', updateEvery: 1, sendsUsec: true, skip: never,
      dims: [
        dim('p1', 'percentage-of-absolute-row', 1, 1, (i) => (i % 11 === 5 ? 0 : randInt(0, 500))),
        dim('p2', 'percentage-of-absolute-row', 1, 1, (i) => (i % 11 === 5 ? 0 : randInt(0, 500))),
        dim('p3', 'percentage-of-absolute-row', 2, 3, (i) => (i % 11 === 5 ? 0 : randInt(1, 500))),
      ],
    },
    {
      id: 'xc.pinc', updateEvery: 1, sendsUsec: true, skip: never,
      dims: [
        dim('user', 'percentage-of-incremental-row', 1, 1, counter(100000, () => randInt(0, 150))),
        dim('system', 'percentage-of-incremental-row', 1, 1, counter(5000, () => randInt(0, 40), (v, i) => (i === 18 ? 7n : v))),
        dim('idle', 'percentage-of-incremental-row', 1, 1, counter(900000, () => randInt(0, 200))),
        dim('flaky', 'percentage-of-incremental-row', 1, 1, (() => { const c = counter(0, () => randInt(0, 30)); return (i: number) => { const v = c(i); return i % 9 === 4 ? null : v; }; })()),
      ],
    },
    {
      id: 'xc.ue2', updateEvery: 2, sendsUsec: true, skip: (i) => i % 2 === 1,
      dims: [
        dim('abs', 'absolute', 1, 7, () => randInt(0, 10000)),
        dim('inc', 'incremental', 1, 1, counter(0, () => randInt(0, 10000))),
      ],
    },
    {
      id: 'xc.nousec', updateEvery: 1, sendsUsec: false, skip: never,
      dims: [
        dim('abs', 'absolute', 1, 1, () => randInt(0, 1000)),
        dim('inc', 'incremental', 1, 1, counter(0, () => randInt(0, 100000))),
      ],
    },
  ];
}

/** One BEGIN..END as the parent saw it (arrival time as written by us). */
interface Iteration {
  usec: number;
  sentUs: number;
  values: (Int64 | null)[];
}

const q = (s: string): string => `"${s}"`;

function chartLines(c: SynthChart): string {
  let s = `CHART ${q(c.id)} "" "crosscheck ${c.id}" "units" "xc" ${q(c.id)} "line" 1000 ${c.updateEvery} "" "xc.plugin" "xc"\n`;
  for (const d of c.dims)
    s += `DIMENSION ${q(d.def.id)} ${q(d.def.name)} ${q(d.def.algorithm)} ${d.def.multiplier} ${d.def.divisor} ${q(d.def.options)}\n`;
  return s;
}

function iterationLines(c: SynthChart, it: Iteration): string {
  let s = `BEGIN ${q(c.id)} ${it.usec}\n`;
  c.dims.forEach((d, i) => {
    if (it.values[i] !== null) s += `SET ${q(d.def.id)} = ${String(it.values[i])}\n`;
  });
  return s + 'END\n';
}

// wall-clock microseconds: the monotonic clock, put on Date.now()'s epoch once (the parent reads gettimeofday)
const wallOffsetMs = Date.now() - (performance.timeOrigin + performance.now());
const nowUs = (): number => Math.round((performance.timeOrigin + performance.now() + wallOffsetMs) * 1000);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function connect(): Promise<net.Socket> {
  const sock = net.connect(PORT, '127.0.0.1');
  await new Promise<void>((res, rej) => { sock.once('connect', res); sock.once('error', rej); });
  sock.write(
    `STREAM key=${KEY}&hostname=${HOSTNAME}&registry_hostname=${HOSTNAME}&machine_guid=33333333-4444-5555-6666-777777777777` +
      `&update_every=1&os=linux&timezone=Etc/UTC&abbrev_timezone=UTC&utc_offset=0&hops=1&ml_capable=0&ml_enabled=0` +
      `&mc_version=1&tags=&ver=1&NETDATA_PROTOCOL_VERSION=1.1 HTTP/1.1\r\nUser-Agent: netdata/v1.37.1\r\nAccept: */*\r\n\r\n`,
  );
  const reply = await new Promise<string>((res, rej) => {
    sock.once('data', (b: Buffer) => res(b.toString()));
    sock.once('error', rej);
    setTimeout(() => rej(new Error('no handshake reply')), 10_000);
  });
  if (!reply.startsWith('Hit me baby')) throw new Error(`unexpected handshake reply: ${reply}`);
  sock.on('data', () => undefined);
  return sock;
}

/** Streams every chart for ITERATIONS seconds; returns what was sent per chart. */
async function stream(sock: net.Socket, list: SynthChart[]): Promise<Map<string, Iteration[]>> {
  for (const c of list) sock.write(chartLines(c));
  const sent = new Map<string, Iteration[]>(list.map((c) => [c.id, []]));
  const lastSent = new Map<string, number>();
  // start 300 ms into a second, so the first collection of a chart is nowhere near a second boundary
  const t0 = (Math.floor(Date.now() / 1000) + 1) * 1000 + 300;
  for (let i = 0; i < ITERATIONS; i++) {
    await sleep(t0 + i * 1000 + randInt(-150, 150) - Date.now());
    for (const c of list) {
      const values = c.dims.map((d) => d.next(i));
      if (c.skip(i)) continue;
      const sentUs = nowUs();
      const prev = lastSent.get(c.id);
      // the child's own durations: its clock disagrees with the parent's by up to +-20 ms per iteration
      const usec = !c.sendsUsec || prev === undefined || sent.get(c.id)!.length < 2 ? 0 : sentUs - prev + randInt(-20000, 20000);
      const it: Iteration = { usec, sentUs, values };
      sock.write(iterationLines(c, it));
      sent.get(c.id)!.push(it);
      lastSent.set(c.id, sentUs);
    }
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------------------------
// comparison

/** A value printed as Netdata 1.37's print_netdata_double() prints it (7 decimals, trailing zeros dropped). */
function printNetdata(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'null';
  const neg = v < 0;
  const a = Math.abs(v);
  let integral = Math.trunc(a);
  let frac = Math.round((a - integral) * 1e7);
  if (frac >= 1e7) { integral += 1; frac -= 1e7; }
  const fs = frac ? '.' + String(frac).padStart(7, '0').replace(/0+$/, '') : '';
  return `${neg ? '-' : ''}${BigInt(integral)}${fs}`;
}

function replay(c: SynthChart, its: Iteration[], delayUs: (k: number) => number): Map<number, Float64Array> {
  const cc = new ChartCollector(c.updateEvery);
  c.dims.forEach((d, i) => cc.setDimension(i, d.def));
  const out = new Map<number, Float64Array>();
  its.forEach((it, k) => cc.collect(it.usec, it.sentUs + delayUs(k), it.values, (t, v) => out.set(t, v.map(storedValue))));
  return out;
}

interface ParentData { labels: string[]; rows: Map<number, (number | null)[]> }

async function query(c: SynthChart, after: number, before: number): Promise<ParentData> {
  const url = `http://127.0.0.1:${PORT}/host/${HOSTNAME}/api/v1/data?chart=${c.id}&after=${after}&before=${before}&format=json&options=flip`;
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${await r.text()}`);
  const j = (await r.json()) as { labels: string[]; data: (number | null)[][] };
  return { labels: j.labels.slice(1), rows: new Map(j.data.map((row) => [row[0] as number, row.slice(1)])) };
}

interface Score { compared: number; mismatches: string[]; withinTolerance: number; maxRelErr: number }

function score(c: SynthChart, parent: ParentData, mine: Map<number, Float64Array>, tolerance: number, onlyMine = false): Score {
  const s: Score = { compared: 0, mismatches: [], withinTolerance: 0, maxRelErr: 0 };
  for (const [t, row] of parent.rows) {
    const m = mine.get(t);
    if (onlyMine && !m) continue;
    parent.labels.forEach((label, li) => {
      const di = c.dims.findIndex((d) => d.def.name === label);
      const theirs = row[li];
      const ours = m ? m[di] : NaN;
      s.compared++;
      const a = printNetdata(theirs);
      const b = printNetdata(Number.isNaN(ours) ? null : ours);
      if (a === b) return;
      const rel = theirs !== null && !Number.isNaN(ours) ? Math.abs(theirs - ours) / Math.max(1e-9, Math.abs(theirs)) : Infinity;
      s.maxRelErr = Math.max(s.maxRelErr, rel);
      if (rel <= tolerance) s.withinTolerance++;
      else s.mismatches.push(`t=${t} ${label}: netdata ${a} engine ${b}`);
    });
  }
  return s;
}

// Netdata reads its clock in whole microseconds; a fitted delay is only that exact, which moves the 7th digit of
// an incremental value of the chart timed on every BEGIN
const NOUSEC_TOLERANCE = 1e-5;

const better = (a: Score, b: Score): boolean =>
  a.mismatches.length < b.mismatches.length || (a.mismatches.length === b.mismatches.length && a.maxRelErr < b.maxRelErr);

/** The delay in [lo, hi] (us) that scores best: a 10 us sweep, then 1 us around the best. */
function bestDelay(lo: number, hi: number, trial: (d: number) => Score): { delay: number; s: Score } {
  let best = { delay: lo, s: trial(lo) };
  const consider = (d: number): void => {
    const s = trial(d);
    if (better(s, best.s)) best = { delay: d, s };
  };
  for (let d = lo; d <= hi; d += 10) consider(d);
  const center = best.delay;
  for (let d = center - 10; d <= center + 10; d++) consider(d);
  return best;
}

/**
 * The parent's reading delays of the BEGINs it timed with its own clock. With usec, only the second BEGIN
 * (SYNC_CLOCK) is timed, and one offset is fitted on the whole series. Without usec every BEGIN is timed: the
 * delays are fitted one after the other, each on the slots its iteration completes.
 */
function fitDelays(c: SynthChart, its: Iteration[], parent: ParentData): { delays: number[]; s: Score; timingMatters: boolean } {
  const delays = its.map(() => 0);
  const withDelays = (n: number) => (k: number): number => (k < n ? delays[k] : 0);
  let timingMatters = true;
  if (c.sendsUsec) {
    const trial = (d: number): Score => { delays[1] = d; return score(c, parent, replay(c, its, withDelays(its.length)), 0); };
    const best = bestDelay(-1000, 10000, trial);
    timingMatters = better(best.s, trial(best.delay + 5000));
    delays[1] = best.delay;
  } else {
    for (let k = 1; k < its.length; k++) {
      const prefix = its.slice(0, k + 1);
      delays[k] = bestDelay(0, 10000, (d) => { delays[k] = d; return score(c, parent, replay(c, prefix, withDelays(k + 1)), 0, true); }).delay;
    }
    // an iteration's reading also moves the remainder its incremental values carry into the next slot:
    // refine each delay against the whole series, twice
    for (let pass = 0; pass < 2; pass++)
      for (let k = 1; k < its.length; k++) {
        const around = delays[k];
        delays[k] = bestDelay(around - 200, around + 200, (d) => { delays[k] = d; return score(c, parent, replay(c, its, withDelays(its.length)), 0); }).delay;
      }
  }
  return { delays, timingMatters, s: score(c, parent, replay(c, its, withDelays(its.length)), c.sendsUsec ? 0 : NOUSEC_TOLERANCE) };
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

async function main(): Promise<void> {
  // a parent left by --keep would share the port (Netdata listens with SO_REUSEPORT): stop it first
  execFileSync(PEER, ['stop', DIR]);
  if (await portInUse(PORT)) throw new Error(`port ${PORT} is in use: pick another with --port`);
  fs.rmSync(DIR, { recursive: true, force: true });
  execFileSync(PEER, ['parent', DIR, '--port', String(PORT), '--memory-mode', 'ram'], { stdio: 'inherit' });
  let failed = false;
  try {
    const list = charts();
    const sock = await connect();
    const sent = await stream(sock, list);
    await sleep(2500);
    fs.writeFileSync(path.join(DIR, 'recording.json'), JSON.stringify([...sent], (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));

    for (const c of list) {
      const its = sent.get(c.id)!;
      const after = Math.floor(its[0].sentUs / 1e6) - 2;
      const before = Math.floor(its[its.length - 1].sentUs / 1e6) + 2;
      const parent = await query(c, after, before);
      const fit = fitDelays(c, its, parent);
      const s = fit.s;
      const timed = c.sendsUsec ? fit.delays.slice(1, 2) : fit.delays.slice(1);
      const exact = s.compared - s.mismatches.length - s.withinTolerance;
      const line =
        `${c.id}: ${exact}/${s.compared} values identical` +
        (s.withinTolerance ? `, ${s.withinTolerance} within ${NOUSEC_TOLERANCE} (max relative difference ${s.maxRelErr.toExponential(1)})` : '') +
        (fit.timingMatters
          ? ` (${timed.length} BEGIN(s) timed by the parent, fitted reading delay ${Math.min(...timed)}..${Math.max(...timed)} us)`
          : ' (no value depends on when the parent read the BEGINs)');
      console.log(line);
      for (const m of s.mismatches.slice(0, 15)) console.log(`   MISMATCH ${m}`);
      if (s.mismatches.length) failed = true;
    }
    sock.destroy();
  } finally {
    if (!KEEP) execFileSync(PEER, ['stop', DIR]);
  }
  console.log(failed ? 'RESULT: mismatches found' : 'RESULT: all values match');
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
