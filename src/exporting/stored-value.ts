import type { ChartView } from '../model/chart-view';

export interface StoredValueOptions {
  /** The sum of the points, else their average. */
  sum: boolean;
  /**
   * A window with no slot of its own (rounds closer together than the chart's interval) gives the slot the previous
   * window ended with, as Netdata does: a Prometheus scrape must not miss a series. Exporting rounds leave it out,
   * so that no slot is sent twice.
   */
  repeat: boolean;
}

/**
 * exporting_calculate_value_from_stored_data() (backends.c and the 1.37 exporting engine alike): the window
 * [after, before] moved two intervals back (so that collection of its last slot is over), aligned down to the chart's
 * interval, its newest slot left for the next round, clamped to what is stored; then the sum or the average of the
 * points in it, both ends included. A round whose `after` is the previous round's `before` starts one slot after the
 * previous window ended: nothing is skipped. Null when nothing is stored there.
 */
export function storedValue(chart: ChartView, dim: number, afterSec: number, beforeSec: number, o: StoredValueOptions): { value: number; lastT: number } | null {
  const every = chart.updateEvery;
  let after = afterSec - 2 * every;
  let before = beforeSec - 2 * every;
  after -= after % every;
  before -= (before % every) + every;
  if (after > before) {
    if (!o.repeat) return null;
    after = before;
  }
  const first = chart.firstEntryT();
  const last = chart.lastEntryT();
  if (!last) return null;
  after = Math.max(after, first);
  before = Math.min(before, last);
  if (before < first || after > last) return null;
  let total = 0;
  let count = 0;
  for (const v of chart.readRange(dim, after, before)) {
    if (Number.isNaN(v)) continue;
    total += v;
    count++;
  }
  if (!count) return null;
  const value = o.sum ? total : total / count;
  return Number.isFinite(value) ? { value, lastT: before } : null;
}
