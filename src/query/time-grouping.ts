/**
 * How the values of a group of points become one row value: Netdata 1.37's groupings (web/api/queries/<name>/).
 * Every grouper returns NaN from flush() for an empty row.
 */
export type GroupingKind =
  | 'average'
  | 'min'
  | 'max'
  | 'sum'
  | 'incremental_sum'
  | 'median'
  | 'trimmed-median'
  | 'stddev'
  | 'cv'
  | 'ses'
  | 'des'
  | 'trimmed-mean'
  | 'percentile'
  | 'countif';

export interface Grouping {
  kind: GroupingKind;
  /** The percent of trimmed-*, percentile, median; the comparison of countif (Netdata's group_options). */
  option: string;
  /** How Netdata names it in jsonwrap's "group" and in the query id. */
  label: string;
  idLabel: string;
}

export interface Grouper {
  add(value: number): void;
  flush(): number;
}

/**
 * What a grouper may depend on: database points per row and rows wanted (ses sizes its window from them), and
 * gtime's resampling (average divides the row's sum by row seconds / gtime).
 */
export interface GroupShape {
  group: number;
  points: number;
  resamplingGroup: number;
  resamplingDivisor: number;
}

class TotalGrouper implements Grouper {
  private sum = 0;
  private count = 0;
  /** The sum is divided by it: the count for average, gtime's divisor when resampling, none for sum. */
  private readonly divisor: number | null;
  constructor(average: boolean, shape: GroupShape) {
    this.divisor = !average ? 1 : shape.resamplingGroup !== 1 ? shape.resamplingDivisor : null;
  }
  add(value: number): void {
    this.sum += value;
    this.count++;
  }
  flush(): number {
    const v = this.count ? this.sum / (this.divisor ?? this.count) : NaN;
    this.sum = 0;
    this.count = 0;
    return v;
  }
}

/** Netdata's min and max compare absolute values (web/api/queries/min/min.c, max/max.c). */
class ExtremeGrouper implements Grouper {
  private value = NaN;
  constructor(private readonly wantBigger: boolean) {}
  add(value: number): void {
    if (Number.isNaN(this.value)) this.value = value;
    else if (this.wantBigger ? Math.abs(value) > Math.abs(this.value) : Math.abs(value) < Math.abs(this.value)) this.value = value;
  }
  flush(): number {
    const v = this.value;
    this.value = NaN;
    return v;
  }
}

/** The last value minus the first of the row; 0 for a single value. */
class IncrementalSumGrouper implements Grouper {
  private first = 0;
  private last = 0;
  private count = 0;
  add(value: number): void {
    if (this.count === 0) this.first = value;
    else this.last = value;
    this.count++;
  }
  flush(): number {
    const v = this.count === 0 ? NaN : this.count === 1 ? 0 : this.last - this.first;
    this.first = this.last = this.count = 0;
    return v;
  }
}

/** Welford's running variance: stddev, or cv = 100 * stddev / |mean|. */
class DeviationGrouper implements Grouper {
  private count = 0;
  private mean = 0;
  private s = 0;
  constructor(private readonly coefficient: boolean) {}
  add(value: number): void {
    this.count++;
    if (this.count === 1) {
      this.mean = value;
      this.s = 0;
      return;
    }
    const newMean = this.mean + (value - this.mean) / this.count;
    this.s += (value - this.mean) * (value - newMean);
    this.mean = newMean;
  }
  flush(): number {
    let v: number;
    if (this.count === 0) v = NaN;
    else if (this.count === 1) v = 0;
    else {
      const sd = Math.sqrt(this.s / (this.count - 1));
      v = this.coefficient ? (100 * sd) / Math.abs(this.mean) : sd;
      if (!Number.isFinite(v)) v = NaN;
    }
    this.count = 0;
    return v;
  }
}

/** Groupers that need every value of the row, sorted. */
abstract class SeriesGrouper implements Grouper {
  protected series: number[] = [];
  add(value: number): void {
    this.series.push(value);
  }
  flush(): number {
    const s = this.series.sort((a, b) => a - b);
    const v = s.length === 0 ? NaN : s.length === 1 ? s[0] : this.reduce(s);
    this.series = [];
    return Number.isFinite(v) ? v : NaN;
  }
  protected abstract reduce(sorted: number[]): number;
}

/**
 * The median of the values left after trimming a percent of the span (max - min) from each end, as Netdata 1.37's
 * median.c: from the first value at or above min + delta to the last one at or below max - delta (or that first
 * one alone). Its median of an even count of 4 or more averages the two values above the middle, and so do we.
 */
class MedianGrouper extends SeriesGrouper {
  private readonly share: number;
  constructor(percent: number) {
    super();
    this.share = percent / 100;
  }
  protected reduce(s: number[]): number {
    const n = s.length;
    let start = 0;
    let end = n - 1;
    if (this.share > 0) {
      const delta = (s[n - 1] - s[0]) * this.share;
      const wantedMin = s[0] + delta;
      const wantedMax = s[n - 1] - delta;
      while (start < n && !(s[start] >= wantedMin)) start++;
      while (end > start && !(s[end] <= wantedMax)) end--;
    }
    const count = end - start + 1;
    if (count <= 0) return NaN;
    if (count === 1) return s[start];
    if (count === 2) return (s[start] + s[end]) / 2;
    const middle = start + Math.trunc(count / 2);
    return count % 2 ? s[middle] : (s[middle] + s[middle + 1]) / 2;
  }
}

/**
 * The mean of part of the sorted values, the edge slot interpolated: the middle part for trimmed-mean (percent cut
 * from each end), the lowest part for percentile (the values up to the percentile; the highest when negative).
 */
class PartialMeanGrouper extends SeriesGrouper {
  private readonly keep: number;
  constructor(
    percent: number,
    private readonly fromLowEnd: boolean,
  ) {
    super();
    this.keep = fromLowEnd ? percent / 100 : 1 - (percent / 100) * 2;
  }
  protected reduce(s: number[]): number {
    const n = s.length;
    const min = s[0];
    const max = s[n - 1];
    if (min === max) return min;
    let use = Math.trunc(n * this.keep);
    if (!use) use = 1;
    const delta = this.keep - use / n;
    let interpolation = 0;
    let lastShare = 0;
    if (delta > 0) {
      interpolation = delta / ((use + 1) / n - use / n);
      lastShare = 1 - interpolation;
    }
    const ascending = min >= 0 && max >= 0;
    const skipped = this.fromLowEnd ? 0 : Math.trunc((n - use) / 2);
    const start = ascending ? skipped : n - 1 - skipped;
    const step = ascending ? 1 : -1;
    const stop = start + step * use;
    let sum = 0;
    for (let i = start; i !== stop; i += step) sum += s[i];
    let counted = use;
    if (interpolation > 0 && stop >= 0 && stop < n) {
      sum += s[stop] * interpolation + s[stop - step] * lastShare;
      counted++;
    }
    return sum / counted;
  }
}

/** ses and des: alpha = 2 / (window + 1), the window being the row's points (at most 15). */
function smoothingAlpha(shape: GroupShape): number {
  const points = shape.group === 1 ? shape.points : shape.group;
  return 2 / (Math.min(points, 15) + 1);
}

/** Single exponential smoothing. */
class SesGrouper implements Grouper {
  private level = 0;
  private count = 0;
  private readonly alpha: number;
  constructor(shape: GroupShape) {
    this.alpha = smoothingAlpha(shape);
  }
  add(value: number): void {
    if (this.count === 0) this.level = value;
    this.level = this.alpha * value + (1 - this.alpha) * this.level;
    this.count++;
  }
  flush(): number {
    // the level carries over to the next row, as Netdata's ses does not reset on flush
    return this.count && Number.isFinite(this.level) ? this.level : NaN;
  }
}

/** Double exponential smoothing (Holt), alpha = beta = 2 / (window + 1), window as for ses. */
class DesGrouper implements Grouper {
  private level = 0;
  private trend = 0;
  private count = 0;
  private readonly alpha: number;
  constructor(shape: GroupShape) {
    this.alpha = smoothingAlpha(shape);
  }
  add(value: number): void {
    if (!Number.isFinite(value)) return;
    if (this.count === 0) this.level = this.trend = value;
    else {
      if (this.count === 1) {
        this.trend = value - this.trend;
        this.level = value;
      }
      const last = this.level;
      this.level = this.alpha * value + (1 - this.alpha) * (this.level + this.trend);
      this.trend = this.alpha * (this.level - last) + (1 - this.alpha) * this.trend;
    }
    this.count++;
  }
  flush(): number {
    return this.count && Number.isFinite(this.level) ? this.level : NaN;
  }
}

const COMPARISONS: [string, (a: number, b: number) => boolean][] = [
  ['>=', (a, b) => a >= b],
  ['<=', (a, b) => a <= b],
  ['!=', (a, b) => a !== b],
  ['<>', (a, b) => a !== b],
  ['==', (a, b) => a === b],
  ['>', (a, b) => a > b],
  ['<', (a, b) => a < b],
  ['=', (a, b) => a === b],
  [':', (a, b) => a === b],
  ['!', (a, b) => a !== b],
];

/** The percentage of the row's points that satisfy a comparison (group_options, e.g. ">0"; default "=0"). */
class CountIfGrouper implements Grouper {
  private count = 0;
  private matched = 0;
  private readonly test: (v: number) => boolean;
  constructor(option: string) {
    const text = option.trim();
    const found = COMPARISONS.find(([op]) => text.startsWith(op));
    const compare = found ? found[1] : (a: number, b: number) => a === b;
    const operand = Number.parseFloat(found ? text.slice(found[0].length) : text) || 0;
    this.test = (v) => compare(v, operand);
  }
  add(value: number): void {
    this.count++;
    if (this.test(value)) this.matched++;
  }
  flush(): number {
    const v = this.count ? (this.matched * 100) / this.count : NaN;
    this.count = this.matched = 0;
    return v;
  }
}

function percentOption(option: string, fallback: number, max: number): number {
  if (!option) return fallback;
  const v = Number.parseFloat(option);
  if (!Number.isFinite(v) || v < 0) return 0;
  return Math.min(v, max);
}

export function createGrouper(g: Grouping, shape: GroupShape): Grouper {
  switch (g.kind) {
    case 'average':
      return new TotalGrouper(true, shape);
    case 'sum':
      return new TotalGrouper(false, shape);
    case 'min':
      return new ExtremeGrouper(false);
    case 'max':
      return new ExtremeGrouper(true);
    case 'incremental_sum':
      return new IncrementalSumGrouper();
    case 'stddev':
      return new DeviationGrouper(false);
    case 'cv':
      return new DeviationGrouper(true);
    case 'median':
      return new MedianGrouper(percentOption(g.option, 0, 50));
    case 'trimmed-median':
      return new MedianGrouper(percentOption(g.option, 5, 50));
    case 'trimmed-mean':
      return new PartialMeanGrouper(percentOption(g.option, 5, 50), false);
    case 'percentile':
      return new PartialMeanGrouper(percentOption(g.option, 95, 100), true);
    case 'ses':
      return new SesGrouper(shape);
    case 'des':
      return new DesGrouper(shape);
    case 'countif':
      return new CountIfGrouper(g.option);
  }
}

/** Netdata's `group` names (aliases and the ones with a percent suffix); null when unknown. */
export function parseGrouping(name: string, groupOptions: string): Grouping | null {
  const simple: Record<string, GroupingKind> = {
    average: 'average',
    mean: 'average',
    min: 'min',
    max: 'max',
    sum: 'sum',
    'incremental-sum': 'incremental_sum',
    incremental_sum: 'incremental_sum',
    stddev: 'stddev',
    cv: 'cv',
    rsd: 'cv',
    ses: 'ses',
    ema: 'ses',
    ewma: 'ses',
    des: 'des',
    countif: 'countif',
  };
  if (simple[name]) {
    const kind = simple[name];
    const label = kind;
    return { kind, option: groupOptions, label, idLabel: kind === 'countif' ? `countif${groupOptions}` : label };
  }
  const m = /^(median|trimmed-median|trimmed-mean|percentile)(\d*)$/.exec(name);
  if (!m) return null;
  const kind = m[1] as GroupingKind;
  const defaults: Record<string, string> = { median: '', 'trimmed-median': '5', 'trimmed-mean': '5', percentile: '95' };
  const option = groupOptions || m[2] || defaults[kind];
  const label = kind === 'median' ? 'median' : `${kind}${m[2] || defaults[kind]}`;
  return { kind, option, label, idLabel: kind === 'median' ? `median${groupOptions}` : label };
}
