/**
 * Compares two parents' /api/v1/data answers for the same chart and window, value by value: the reference
 * (a real Netdata) and ours. Two numbers agree when they differ by no more than Netdata's own precision: 1e-6
 * relative, or one step of the 32-bit storage number holding that value, or the 7th decimal the JSON answer
 * prints, whichever is largest. A null (gap) agrees only with a null.
 */
import { packStorageNumber, unpackStorageNumber } from '../../src/projection/collection/storage-number';

export const RELATIVE_TOLERANCE = 1e-6;
/** Netdata 1.37 prints at most 7 decimals: half of the last printed digit. */
const PRINT_TOLERANCE = 0.5e-7;

/** One chart's answer: column labels (without "time") and, per second, one value or null per label. */
export interface DataAnswer {
  labels: string[];
  rows: Map<number, Array<number | null>>;
}

export type MismatchClass = 'value' | 'null-in-ours' | 'null-in-theirs' | 'row-missing-in-ours' | 'row-missing-in-theirs' | 'column-missing';

export interface Mismatch {
  host: string;
  chart: string;
  kind: string;
  dim: string;
  t: number;
  ours: number | null | undefined;
  theirs: number | null | undefined;
  class: MismatchClass;
  /** 'presence': compared for gaps only (before the clock anchor); 'values': value for value. */
  stage: 'presence' | 'values';
}

export interface Tally {
  /** (second, dimension) pairs looked at. */
  compared: number;
  identical: number;
  /** Different in the last digits, within the tolerance. */
  withinTolerance: number;
  /** Both null, or the row absent from both. */
  bothNull: number;
  /** Both numbers where only presence is compared (seconds whose values depend on when each parent read them). */
  bothPresent: number;
  mismatches: Mismatch[];
}

export const emptyTally = (): Tally => ({ compared: 0, identical: 0, withinTolerance: 0, bothNull: 0, bothPresent: 0, mismatches: [] });

export function addTally(into: Tally, t: Tally): void {
  into.compared += t.compared;
  into.identical += t.identical;
  into.withinTolerance += t.withinTolerance;
  into.bothNull += t.bothNull;
  into.bothPresent += t.bothPresent;
  into.mismatches.push(...t.mismatches);
}

/** The distance between `v` and the next value a storage number can hold. */
function storageStep(v: number): number {
  const sn = packStorageNumber(v);
  if ((sn & 0x00ffffff) === 0x00ffffff) return Math.abs(unpackStorageNumber(sn) - unpackStorageNumber(sn - 1));
  return Math.abs(unpackStorageNumber(sn + 1) - unpackStorageNumber(sn));
}

export function tolerance(theirs: number, ours: number): number {
  const magnitude = Math.max(Math.abs(theirs), Math.abs(ours));
  return Math.max(RELATIVE_TOLERANCE * magnitude, storageStep(theirs), PRINT_TOLERANCE);
}

/** Parses a format=json answer of /api/v1/data into a DataAnswer. */
export function dataAnswer(json: { labels?: unknown; data?: unknown }): DataAnswer {
  if (!Array.isArray(json.labels) || !Array.isArray(json.data)) {
    throw new Error(`not a json data answer: ${JSON.stringify(json).slice(0, 300)}`);
  }
  const rows = new Map<number, Array<number | null>>();
  for (const row of json.data as Array<Array<number | null>>) rows.set(row[0] as number, row.slice(1));
  return { labels: (json.labels as string[]).slice(1), rows };
}

/**
 * Compares seconds from..to (inclusive) of one chart, every dimension `dims` names. With `presenceOnly`, two
 * numbers agree whatever they are: only where each parent has a gap is compared.
 */
export function compareChart(
  where: { host: string; chart: string; kind: string },
  dims: string[],
  theirs: DataAnswer,
  ours: DataAnswer,
  from: number,
  to: number,
  presenceOnly = false,
): Tally {
  const tally = emptyTally();
  const miss = (dim: string, t: number, o: number | null | undefined, th: number | null | undefined, cls: MismatchClass): void => {
    tally.mismatches.push({ ...where, dim, t, ours: o, theirs: th, class: cls, stage: presenceOnly ? 'presence' : 'values' });
  };
  for (const dim of dims) {
    const ti = theirs.labels.indexOf(dim);
    const oi = ours.labels.indexOf(dim);
    for (let t = from; t <= to; t++) {
      tally.compared++;
      const tr = theirs.rows.get(t);
      const or = ours.rows.get(t);
      if (ti < 0 || oi < 0) {
        miss(dim, t, oi < 0 ? undefined : or?.[oi], ti < 0 ? undefined : tr?.[ti], 'column-missing');
        continue;
      }
      if (!tr && !or) tally.bothNull++;
      else if (!tr || !or) {
        miss(dim, t, or?.[oi], tr?.[ti], !or ? 'row-missing-in-ours' : 'row-missing-in-theirs');
      }
      if (!tr || !or) continue;
      const a = tr[ti];
      const b = or[oi];
      if (a === null && b === null) tally.bothNull++;
      else if (a === null) miss(dim, t, b, a, 'null-in-theirs');
      else if (b === null) miss(dim, t, b, a, 'null-in-ours');
      else if (presenceOnly) tally.bothPresent++;
      else if (a === b) tally.identical++;
      else if (Math.abs(a - b) <= tolerance(a, b)) tally.withinTolerance++;
      else miss(dim, t, b, a, 'value');
    }
  }
  return tally;
}

/**
 * Mismatches grouped by class and stage, e.g. "value (values)": one line per way the parents differ, with
 * the chart kinds and dimensions where it happened.
 */
export function mismatchClasses(list: Mismatch[]): Map<string, { where: Map<string, number>; list: Mismatch[] }> {
  const out = new Map<string, { where: Map<string, number>; list: Mismatch[] }>();
  for (const m of list) {
    const key = `${m.class} (${m.stage})`;
    let c = out.get(key);
    if (!c) out.set(key, (c = { where: new Map(), list: [] }));
    const w = `${m.kind}/${m.dim}`;
    c.where.set(w, (c.where.get(w) ?? 0) + 1);
    c.list.push(m);
  }
  return out;
}

export const formatMismatch = (m: Mismatch): string =>
  `${m.host} ${m.chart} ${m.dim} t=${m.t}: ours ${m.ours === undefined ? '(absent)' : m.ours} theirs ${m.theirs === undefined ? '(absent)' : m.theirs}`;
