/**
 * What a gap-filling test reports: for one chart of one host over [after, before], the seconds the parent has no value
 * for, the points with a time of their own (replicated, or GAPS blocks) it stored twice (from its event log on disk), and the values that differ from a reference
 * (the child's own API, or a model), with the largest difference.
 */
import { expectedStored, type LoadChart } from '../../scripts/lib/loadgen-model';
import { findHostLog } from '../../src/audit/find-host-log';
import { dataRows, type Rows } from './mirror';

export interface GapReport {
  seconds: number;
  missing: number[];
  duplicates: number;
  replayedPoints: number;
  mismatches: Array<{ t: number; dim: string; got: number | null; want: number | null }>;
  maxDifference: number;
}

/** A value of the parent equals the reference within this (7-decimal stored values repacked as storage numbers). */
const TOLERANCE = 1e-6;

const byTime = (r: Rows): Map<number, Map<string, number | null>> => {
  const m = new Map<number, Map<string, number | null>>();
  for (const row of r.data) m.set(row[0], new Map(r.labels.slice(1).map((l, i) => [l, row[i + 1] ?? null])));
  return m;
};

export async function gapReport(opts: {
  parentHostUrl: string;
  /** The parent's cache dir and the host's hostname or GUID, to count points stored twice. */
  cacheDir: string;
  host: string;
  chart: string;
  after: number;
  before: number;
  /** Reference values per second and dimension name: the child's API rows, or a model. */
  reference: (t: number, dim: string) => number | null;
}): Promise<GapReport> {
  const { after, before } = opts;
  const q = `chart=${encodeURIComponent(opts.chart)}&after=${after}&before=${before}&points=${before - after + 1}&gtime=0&group=average`;
  const ours = byTime(await dataRows(opts.parentHostUrl, q));
  const report: GapReport = { seconds: before - after + 1, missing: [], duplicates: 0, replayedPoints: 0, mismatches: [], maxDifference: 0 };
  for (let t = after; t <= before; t++) {
    const row = ours.get(t);
    if (!row || [...row.values()].every((v) => v === null)) {
      report.missing.push(t);
      continue;
    }
    for (const [dim, got] of row) {
      const want = opts.reference(t, dim);
      if (got === null && want === null) continue;
      const diff = got === null || want === null ? Infinity : Math.abs(got - want) / Math.max(1, Math.abs(want));
      if (Number.isFinite(diff)) report.maxDifference = Math.max(report.maxDifference, diff);
      if (diff > TOLERANCE) report.mismatches.push({ t, dim, got, want });
    }
  }
  const found = findHostLog(opts.cacheDir, opts.host);
  if (found) {
    try {
      const seen = new Set<number>();
      // a replicated point (1.37 replication) is stored at its end; a GAPS block at its collection time
      for (const ev of found.log.readEvents({})) {
        if (ev.kind === 'line' || ev.chartId !== opts.chart) continue;
        const t = ev.kind === 'replay' ? ev.endT : ev.t;
        if (!t) continue;
        if (ev.kind === 'replay') report.replayedPoints++;
        if (seen.has(t)) report.duplicates++;
        seen.add(t);
      }
    } finally {
      found.log.close();
    }
  }
  return report;
}

/** Reference values from a Netdata child's own /api/v1/data for the same window. */
export async function childReference(childUrl: string, chart: string, after: number, before: number): Promise<(t: number, dim: string) => number | null> {
  const rows = byTime(await dataRows(childUrl, `chart=${encodeURIComponent(chart)}&after=${after}&before=${before}&points=${before - after + 1}&gtime=0&group=average`));
  return (t, dim) => rows.get(t)?.get(dim) ?? null;
}

/** Reference values from the load model: what a parent stores for load generator child `childIndex`'s chart. */
export function modelReference(childIndex: number, chart: LoadChart): (t: number, dim: string) => number | null {
  const dimIndex = new Map(chart.dims.map((d, i) => [d.def.name, i]));
  return (t, dim) => {
    const i = dimIndex.get(dim);
    return i === undefined ? null : expectedStored(childIndex, chart, i, t);
  };
}

export function summarize(r: GapReport): string {
  return `${r.seconds} s compared: ${r.missing.length} missing${r.missing.length ? ` (${r.missing.slice(0, 10).join(', ')}${r.missing.length > 10 ? ', ...' : ''})` : ''}, ` +
     `${r.duplicates} duplicates, ${r.replayedPoints} replicated points, ${r.mismatches.length} mismatches` +
    `${r.mismatches.length ? ` (first: ${JSON.stringify(r.mismatches[0])})` : ''}, largest relative difference ${r.maxDifference.toExponential(2)}`;
}
