/**
 * What a parent shows through /api/v1/data while the load runs, for scripts/bench-vs-netdata.ts.
 *
 * Delay: a gauge of the default mix (scripts/lib/loadgen-model.ts) is a saw-tooth of the second it was collected
 * for, and a Netdata parent (and ours) stores an absolute dimension's newest value as collected, without
 * interpolation. So the newest value of a gauge chart names the newest second whose block the parent has made visible,
 * whatever timestamp the parent gave it. The probe polls a few such charts and notes when each second first became
 * visible; a second's delay is that moment minus the second itself (when the load generator starts writing it).
 *
 * Stored values: a sample of charts of every child, read back over the measured window; null cells are values the
 * parent did not store (or had not made visible yet).
 */
import { httpGet } from '../../test/helpers/http';
import { chartKind, collectedValue } from './loadgen-model';

export interface ProbeTarget {
  child: number;
  hostname: string;
  chartIndex: number;
  chartId: string;
  /** The first dimension's name as the API labels it. */
  dimName: string;
}

/** Gauge charts of the default mix among the first `charts` (see chartKind). */
export function gaugeCharts(charts: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < charts; i++) if (chartKind(i) === 'gauge') out.push(i);
  return out;
}

/** The second t (within maxBack s before nearSec, or up to 5 s after) whose value of dimension 0 is `value`; null if none. */
export function gaugeSecond(child: number, chartIndex: number, value: number, nearSec: number, maxBack = 900): number | null {
  const v = Math.round(value);
  for (let t = nearSec + 5; t >= nearSec - maxBack; t--) if (collectedValue(child, chartIndex, 0, t) === v) return t;
  return null;
}

interface DataJson {
  labels: string[];
  data: Array<Array<number | null>>;
}

async function getData(baseUrl: string, host: string, query: string, timeoutMs: number): Promise<DataJson | null> {
  try {
    const a = await httpGet(`${baseUrl}/host/${host}/api/v1/data?${query}`, timeoutMs);
    if (a.status !== 200) return null;
    return JSON.parse(a.body) as DataJson;
  } catch {
    return null;
  }
}

export interface DelayFigures {
  /** Per probe and second of the window, ms from the second to its first visibility (censored ones: to the end). */
  samples: number[];
  censored: number;
  p50: number;
  p95: number;
  max: number;
  /** Mean delay of the window's last 5 seconds minus its first 5 (all targets): > 0 is a parent falling behind. */
  growth: number;
  /** Polls that got no answer or no decodable value. */
  failedPolls: number;
  polls: number;
}

const quantile = (sorted: number[], q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;

export class DelayProbe {
  /** Per target: [second, first seen at ms] in the order seen (the second only grows). */
  private readonly seen: Array<Array<[number, number]>>;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private polls = 0;
  private failedPolls = 0;

  constructor(private readonly baseUrl: string, private readonly targets: ProbeTarget[], private readonly everyMs = 250) {
    this.seen = targets.map(() => []);
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const t0 = Date.now();
        await Promise.all(this.targets.map((t, i) => this.pollOne(t, i)));
        const wait = this.everyMs - (Date.now() - t0);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    })();
  }

  async stop(): Promise<number> {
    this.running = false;
    await this.loop;
    return Date.now();
  }

  private async pollOne(t: ProbeTarget, i: number): Promise<void> {
    this.polls++;
    const j = await getData(this.baseUrl, t.hostname,
      `chart=${encodeURIComponent(t.chartId)}&after=-30&before=0&points=30&group=average&gtime=0&format=json`, 5000);
    const at = Date.now();
    const col = j ? j.labels.indexOf(t.dimName) : -1;
    // rows come newest first; the newest non-null value names the newest visible second
    const row = col > 0 ? j!.data.find((r) => r[col] !== null && r[col] !== undefined) : undefined;
    const sec = row ? gaugeSecond(t.child, t.chartIndex, row[col] as number, Math.floor(at / 1000)) : null;
    if (sec === null) {
      this.failedPolls++;
      return;
    }
    const list = this.seen[i];
    if (!list.length || sec > list[list.length - 1][0]) list.push([sec, at]);
  }

  /** Delays of the seconds fromSec..toSec (inclusive) of every target; a second never seen counts until endMs. */
  figures(fromSec: number, toSec: number, endMs: number): DelayFigures {
    const samples: number[] = [];
    let censored = 0;
    const edge = Math.min(5, Math.floor((toSec - fromSec + 1) / 2));
    const first: number[] = [];
    const last: number[] = [];
    for (const list of this.seen) {
      for (let s = fromSec; s <= toSec; s++) {
        // visible from the first observation of this second or a later one (a parent stores seconds in order)
        const hit = list.find(([sec]) => sec >= s);
        const d = hit ? hit[1] - s * 1000 : endMs - s * 1000;
        if (!hit) censored++;
        samples.push(d);
        if (s < fromSec + edge) first.push(d);
        if (s > toSec - edge) last.push(d);
      }
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return { samples, censored, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] ?? NaN,
      growth: avg(last) - avg(first), failedPolls: this.failedPolls, polls: this.polls };
  }
}

export interface StoredCount {
  /** Non-null cells with timestamps in the window. */
  cells: number;
  /** Window seconds x dimensions, summed over the sampled charts. */
  expected: number;
  charts: number;
  /** Queries that failed (every cell of them counts as missing). */
  failed: number;
  /** Missing cells per second of the window (index 0 = fromSec), answered queries only. */
  missingBySec: number[];
}

/**
 * Reads `perChild` charts of every child over fromSec..toSec (spread over the chart list, shifted per child so that
 * every kind is covered) and counts the non-null cells.
 */
export async function countStored(
  baseUrl: string, hostnames: string[], chartIds: string[], dims: number, fromSec: number, toSec: number, perChild: number,
  concurrency = 6,
): Promise<StoredCount> {
  const jobs: Array<{ host: string; chart: string }> = [];
  const k = Math.min(perChild, chartIds.length);
  const stride = Math.max(1, Math.floor(chartIds.length / k));
  hostnames.forEach((host, i) => {
    const picked = new Set<number>();
    for (let j = 0; j < k; j++) picked.add((j * stride + i) % chartIds.length);
    for (const c of picked) jobs.push({ host, chart: chartIds[c] });
  });
  const seconds = toSec - fromSec + 1;
  const r: StoredCount = { cells: 0, expected: 0, charts: jobs.length, failed: 0, missingBySec: new Array<number>(seconds).fill(0) };
  // one second of margin on each side: which rows a parent returns at the edges of after/before is its business
  const q = (chart: string) => `chart=${encodeURIComponent(chart)}&after=${fromSec - 1}&before=${toSec + 1}&points=${seconds + 2}` +
    '&group=average&gtime=0&format=json';
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      r.expected += seconds * dims;
      const j = await getData(baseUrl, job.host, q(job.chart), 30_000);
      if (!j) {
        r.failed++;
        continue;
      }
      const present = new Array<number>(seconds).fill(0);
      for (const row of j.data) {
        const t = row[0] as number;
        if (t < fromSec || t > toSec || present[t - fromSec]) continue;
        for (let c = 1; c < row.length; c++) if (row[c] !== null) present[t - fromSec]++;
      }
      for (let i = 0; i < seconds; i++) {
        r.cells += Math.min(present[i], dims);
        r.missingBySec[i] += dims - Math.min(present[i], dims);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return r;
}
