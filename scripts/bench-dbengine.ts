/**
 * Memory mode dbengine: bytes per point on disk, write and read throughput, and query latency.
 *
 *   node dist/scripts/bench-dbengine.js [--netdata URL] [--seconds N]
 *
 * (a) real Netdata data: with --netdata, the stored values a real Netdata serves at URL/api/v1/data for every chart
 *     (the last N seconds, default 3600); without it, the captured streams of a real 1.37.1 child
 *     (test/fixtures/netdata-captures, plain-text ones, about 15 s each) run through the projection.
 * (b) loadgen-model data: 50 charts x 10 dimensions, 1 h, through the value engine (ChartCollector).
 * (c) a 10-dimension chart holding 24 h of random walks (harder to compress and decode than real data: a worst case):
 *     write and read throughput, and 1 h / 24 h query latency, cold (page cache empty, pages read from the datafiles)
 *     and warm.
 * Bytes per point count whole datafiles (file and page headers included); a storage number alone is 4 bytes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src/log';
import { ChartCollector } from '../src/projection/collection/chart-collector';
import { storedValue } from '../src/projection/collection/storage-number';
import { DbengineHostStorage, DbengineShared } from '../src/projection/dbengine';
import type { ChartStore } from '../src/projection/storage/chart-store';
import { CAPTURES, CAPTURE_FILES, feedCapture } from '../test/projection/dbengine/capture-feed';
import { collectedValue, loadCharts } from './lib/loadgen-model';

const T0 = 1_700_000_000;
const MIB = 1024 * 1024;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A dbengine host of `dir` with its own quota and an empty page cache (the default 32 MiB). */
function openHost(dir: string): DbengineHostStorage {
  const shared = new DbengineShared({ diskSpaceBytes: 1024 * MIB, pageCacheBytes: 32 * MIB, logger: silentLogger });
  return new DbengineHostStorage(shared, dir, silentLogger);
}

function freshHost(): { host: DbengineHostStorage; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dbengine-'));
  return { host: openHost(dir), dir };
}

function dirBytes(dir: string): number {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.sldb')).reduce((sum, n) => sum + fs.statSync(path.join(dir, n)).size, 0);
}

/** Stores points, closes, and reports bytes on disk per point (a point = one dimension at one slot, NaN included). */
async function measureBytes(label: string, fill: (host: DbengineHostStorage) => number | Promise<number>): Promise<void> {
  const { host, dir } = freshHost();
  const points = await fill(host);
  host.close();
  const bytes = dirBytes(dir);
  console.log(`${label.padEnd(52)} ${String(points).padStart(9)} points  ${String(bytes).padStart(9)} bytes  ${(bytes / points).toFixed(3)} bytes/point`);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Stored values of every chart of a real Netdata (its /api/v1/data with one point per slot). */
async function fillFromNetdata(host: DbengineHostStorage, url: string, seconds: number): Promise<number> {
  const get = async <T>(p: string): Promise<T> => (await fetch(url + p)).json() as Promise<T>;
  const { charts } = await get<{ charts: Record<string, { update_every: number }> }>('/api/v1/charts');
  let points = 0;
  for (const [id, c] of Object.entries(charts)) {
    const ue = c.update_every;
    const d = await get<{ data: Array<Array<number | null>> }>(`/api/v1/data?chart=${encodeURIComponent(id)}&after=-${seconds}&before=0&points=${Math.floor(seconds / ue)}&group=average&format=json&options=seconds,flip`);
    const store = host.chartStore(id, ue, 0);
    for (const row of d.data) {
      const values = row.slice(1).map((v) => (v === null ? NaN : storedValue(v)));
      if (store.store(row[0] as number, values)) points += values.length;
    }
  }
  return points;
}

/** A capture of a real child's stream, through the projection (value engine included) into `host`; points stored. */
function fillFromCapture(host: DbengineHostStorage, file: string): number {
  const projection = feedCapture(file, host, T0);
  let points = 0;
  for (const c of projection.charts()) if (c.lastEntryT()) points += ((c.lastEntryT() - c.firstEntryT()) / c.updateEvery + 1) * c.dimensions.length;
  return points;
}

/** Stored values of loadgen-model charts, slot by slot: [chart][slot] -> values. */
function loadgenSlots(charts: number, dims: number, seconds: number): Float64Array[][] {
  return loadCharts(charts, dims).map((ch) => {
    const collector = new ChartCollector(1, { entries: seconds + 10 });
    ch.dims.forEach((d, i) => collector.setDimension(i, d.def));
    const slots: Float64Array[] = [];
    for (let s = 0; s <= seconds + 1; s++) {
      const t = T0 + s;
      const collected = ch.dims.map((_, j) => collectedValue(0, ch.index, j, t));
      collector.collect(s ? 1_000_000 : 0, t * 1e6 + 1000, collected, (_t, stored) => void slots.push(stored.map(storedValue)));
    }
    return slots;
  });
}

/** `dims` random walks of small steps around different levels, as stored values: [slot] -> values. */
function randomWalks(dims: number, seconds: number): Float64Array[] {
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const level = Array.from({ length: dims }, (_, d) => 10 ** (d % 6) * (1 + d));
  return Array.from({ length: seconds }, () =>
    Float64Array.from(level, (v, d) => storedValue((level[d] = Math.max(0, v + (random() - 0.5) * v * 0.01)))));
}

function storeSlots(store: ChartStore, slots: Float64Array[]): number {
  let points = 0;
  slots.forEach((values, i) => {
    if (store.store(T0 + i, values)) points += values.length;
  });
  return points;
}

function ms(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const url = arg('--netdata');
  const seconds = Number(arg('--seconds') ?? 3600);

  console.log('# bytes per point on disk');
  if (url) await measureBytes(`real Netdata stored values, ${seconds} s`, (host) => fillFromNetdata(host, url, seconds));
  for (const name of CAPTURE_FILES.filter((n) => fs.existsSync(path.join(CAPTURES, n))))
    await measureBytes(`capture ${name} (~15 s pages)`, (host) => fillFromCapture(host, path.join(CAPTURES, name)));
  const model = loadgenSlots(50, 10, 3600);
  await measureBytes('loadgen-model, 50 charts x 10 dims, 1 h', (host) => model.reduce((sum, slots, c) => sum + storeSlots(host.chartStore(`lg.${c}`, 1, 0), slots), 0));

  console.log('\n# write and read throughput, query latency: one 10-dimension chart, 24 h of random walks');
  const day = randomWalks(10, 86400);
  const { host, dir } = freshHost();
  const store = host.chartStore('bench.walk', 1, 0);
  let written = 0;
  const writeMs = ms(() => {
    written = storeSlots(store, day);
    host.close();
  });
  console.log(`write: ${written} points in ${writeMs.toFixed(0)} ms = ${Math.round(written / (writeMs / 1000)).toLocaleString('en')} points/s (encode + append + close); ${(dirBytes(dir) / written).toFixed(3)} bytes/point`);

  const opens: number[] = [];
  for (let run = 0; run < 5; run++) opens.push(ms(() => openHost(dir).close()));
  console.log(`open (index rebuilt by scanning ${dirBytes(dir)} bytes of datafiles, checksums verified): ${median(opens).toFixed(2)} ms`);

  const end = T0 + day.length - 1;
  for (const [label, span] of [['1 h', 3600], ['24 h', 86400]] as const) {
    const cold: number[] = [];
    const warm: number[] = [];
    const bySlot: number[] = [];
    for (let run = 0; run < 5; run++) {
      const reopened = openHost(dir);
      const chart = reopened.chartStore('bench.walk', 1, 0);
      const query = () => {
        for (let d = 0; d < 10; d++) chart.readRange(d, end - span + 1, end);
      };
      // the query engine's StorageCursor reads slot by slot
      const slotBySlot = () => {
        for (let d = 0; d < 10; d++) for (let t = end - span + 1; t <= end; t++) chart.valueAt(d, t);
      };
      cold.push(ms(query));
      warm.push(ms(query));
      bySlot.push(ms(slotBySlot));
      reopened.close();
    }
    const pts = span * 10;
    console.log(`query ${label.padEnd(4)} x 10 dims: cold ${median(cold).toFixed(2)} ms (${Math.round(pts / (median(cold) / 1000)).toLocaleString('en')} points/s), warm ${median(warm).toFixed(2)} ms (${Math.round(pts / (median(warm) / 1000)).toLocaleString('en')} points/s); warm slot by slot (valueAt) ${median(bySlot).toFixed(2)} ms`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
