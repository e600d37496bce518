import type { ChartView, DimensionView } from '../model/chart-view';
import { StorageCursor, type StoragePoint } from './storage-cursor';
import { createGrouper, type Grouping } from './time-grouping';
import type { QueryWindow } from './time-window';

/** Points the memory-mode database reads past the end of the window, as Netdata's query planner does. */
const POINTS_TO_EXPAND_QUERY = 5;

export interface DimensionResult {
  dim: DimensionView;
  /** Row values, oldest row first; NaN where the row is empty. */
  values: Float64Array;
  /** Some point of some row was a number other than zero. */
  nonZero: boolean;
  /** Database points read for it (jsonwrap's db_points_per_tier sums those of the dimensions queried). */
  pointsRead: number;
}

export interface QueryTable {
  /** Row times, oldest first. */
  times: number[];
  dims: DimensionResult[];
}

const EMPTY: StoragePoint = { startT: 0, endT: 0, value: NaN };

/** A newer point ending after `now` is cut at `now`, its value interpolated from the previous adjacent point. */
function interpolate(point: StoragePoint, last: StoragePoint, now: number): StoragePoint {
  if (point.endT - point.startT > 1 && last.endT === point.startT && !Number.isNaN(point.value) && !Number.isNaN(last.value)) {
    const value = last.value + (point.value - last.value) * (1 - (point.endT - now) / (point.endT - point.startT));
    return { startT: point.startT, endT: now, value };
  }
  return point;
}

/**
 * Runs one dimension through the window as Netdata 1.37's rrd2rrdr_query_execute() does (single tier): database
 * points are read in time order and grouped into rows ending at after + view - granularity, ..., before.
 * Returns the row times and values, or null when the dimension has no data in the window.
 */
function queryDimension(chart: ChartView, dim: DimensionView, w: QueryWindow, grouping: Grouping): { times: number[]; result: DimensionResult } | null {
  const firstT = chart.firstEntryT();
  const lastT = chart.lastEntryT();
  if (firstT === 0 || firstT > w.before || lastT < w.after) return null;
  const planAfter = Math.max(w.after, firstT);
  const planBefore = Math.min(w.before, lastT);
  const cursor = new StorageCursor(chart, dim.index, planAfter, planBefore + chart.updateEvery * POINTS_TO_EXPAND_QUERY);

  const view = w.group * w.granularity;
  const grouper = createGrouper(grouping, w);
  const times: number[] = [];
  const values = new Float64Array(w.points);
  let nonZero = false;
  let groupNonZero = 0;

  const addToGroup = (p: StoragePoint): void => {
    if (Number.isNaN(p.value)) return;
    if (p.value !== 0) groupNonZero++;
    grouper.add(p.value);
  };

  let last2 = EMPTY;
  let last1 = EMPTY;
  let point = EMPTY;
  let pointsRead = 0;
  let storedRead = 0;
  let nowStart = w.after - w.granularity;
  let nowEnd = w.after + view - w.granularity;

  for (; times.length < w.points; nowStart = nowEnd, nowEnd += view) {
    // read the database points that end before this row ends
    let sameEnd = 0;
    while (sameEnd < 100) {
      if (sameEnd === 0) {
        last2 = last1;
        last1 = point;
      }
      if (cursor.finished()) {
        if (sameEnd !== 0) {
          last2 = last1;
          last1 = point;
        }
        point = { startT: last1.endT, endT: nowEnd, value: NaN };
        break;
      }
      point = cursor.next();
      pointsRead++;
      if (point.endT >= firstT && point.endT <= lastT) storedRead++;
      if (pointsRead > 1 && point.startT === point.endT) point = { ...point, startT: point.endT - chart.updateEvery };
      if (pointsRead > 1 && point.endT <= last1.endT) {
        sameEnd++;
        continue;
      }
      sameEnd = 0;
      if (point.endT < nowEnd) {
        if (point.endT >= nowStart) addToGroup(point);
      } else break; // it ends in a later row: used below
    }
    if (sameEnd && point.endT <= last1.endT) point = { ...point, endT: nowEnd };

    const stopT = point.endT;
    let iterations = 0;
    for (; nowEnd <= stopT && times.length < w.points; nowEnd += view, iterations++) {
      let current: StoragePoint;
      if (nowEnd > point.startT) current = interpolate(point, last1, nowEnd);
      else if (nowEnd <= last1.endT) current = interpolate(last1, last2, nowEnd);
      else current = EMPTY;
      addToGroup(current);
      if (groupNonZero) nonZero = true;
      values[times.length] = grouper.flush();
      times.push(nowEnd);
      groupNonZero = 0;
    }
    if (iterations) nowEnd -= view;
  }
  return { times, result: { dim, values: values.subarray(0, times.length), nonZero, pointsRead: storedRead } };
}

/** Queries every dimension of the chart (percentages need them all); null when none has data in the window. */
export function queryChart(chart: ChartView, w: QueryWindow, grouping: Grouping): QueryTable | null {
  let times: number[] | null = null;
  const dims: DimensionResult[] = [];
  for (const dim of chart.dimensions) {
    const r = queryDimension(chart, dim, w, grouping);
    if (!r) continue;
    times ??= r.times;
    dims.push(r.result);
  }
  return times ? { times, dims } : null;
}
