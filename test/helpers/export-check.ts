import { dataRows } from './mirror';

/** A chart's stored per-second values on our parent: second -> dimension name -> value. */
export type StoredSeconds = Map<number, Map<string, number>>;

export async function storedSeconds(hostUrl: string, chart: string, after: number, before: number): Promise<StoredSeconds> {
  const r = await dataRows(hostUrl, `chart=${encodeURIComponent(chart)}&after=${after}&before=${before}&points=${before - after + 1}`);
  const out: StoredSeconds = new Map();
  for (const row of r.data) {
    const m = new Map<string, number>();
    r.labels.slice(1).forEach((name, i) => row[i + 1] !== null && m.set(name, row[i + 1]));
    out.set(row[0], m);
  }
  return out;
}

/** What an exporting round ending at `t` must carry for a dimension: the average (or sum) of its points in (prevT, t]. */
export function windowValue(stored: StoredSeconds, dim: string, prevT: number, t: number, sum = false): number | null {
  let total = 0;
  let count = 0;
  for (let s = prevT + 1; s <= t; s++) {
    const v = stored.get(s)?.get(dim);
    if (v === undefined) continue;
    total += v;
    count++;
  }
  return count ? (sum ? total : total / count) : null;
}

export interface ExportComparison {
  compared: number;
  mismatches: string[];
  /** Consecutive exported points further apart than the instance's interval (a round skipped) or not apart at all
   *  (a round sent twice); a shorter step is a round clamped to the newest stored second, once data stopped. */
  irregular: string[];
}

/**
 * Compares an exported series (its points in time order, seconds) with our stored data: every point after the
 * first must be the value of its window (the seconds since the previous point), to 7 decimals as sent.
 */
export function compareExported(points: ReadonlyArray<readonly [t: number, v: number]>, stored: StoredSeconds, dim: string, every: number, label: string): ExportComparison {
  const r: ExportComparison = { compared: 0, mismatches: [], irregular: [] };
  for (let i = 1; i < points.length; i++) {
    const [prevT] = points[i - 1];
    const [t, v] = points[i];
    if (t - prevT > every || t <= prevT) r.irregular.push(`${label} ${prevT} -> ${t}`);
    const want = windowValue(stored, dim, prevT, t);
    if (want === null) continue;
    r.compared++;
    if (Math.abs(want - v) > 1e-6 * Math.max(1, Math.abs(want))) r.mismatches.push(`${label} at ${t}: exported ${v}, stored average ${want}`);
  }
  return r;
}

/** The comparisons of several series added up. */
export class ExportTally {
  compared = 0;
  /** The fewest rounds compared in one series. */
  minCompared = Infinity;
  readonly mismatches: string[] = [];
  readonly irregular: string[] = [];

  add(c: ExportComparison): void {
    this.compared += c.compared;
    this.minCompared = Math.min(this.minCompared, c.compared);
    this.mismatches.push(...c.mismatches);
    this.irregular.push(...c.irregular);
  }

  summary(series: number): string {
    return `${this.compared} rounds compared over ${series} series (at least ${this.minCompared} each), ${this.mismatches.length} mismatches, ${this.irregular.length} irregular`;
  }
}
