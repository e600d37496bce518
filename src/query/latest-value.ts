import type { ChartView } from '../model/chart-view';

/** A chart view that knows each dimension's last stored value before it was packed (Netdata's last_stored_value). */
export interface LastStoredValues {
  lastStoredValue(dimIndex: number): number;
}

function hasLastStored(chart: ChartView): chart is ChartView & LastStoredValues {
  return typeof (chart as Partial<LastStoredValues>).lastStoredValue === 'function';
}

/**
 * The latest value of a dimension as jsonwrap's latest_values and allmetrics print it: the value before packing
 * when the view offers it, else the stored (unpacked) value of the last slot, which can differ in the 7th digit.
 */
export function latestValue(chart: ChartView, dimIndex: number): number {
  if (hasLastStored(chart)) return chart.lastStoredValue(dimIndex);
  const last = chart.lastEntryT();
  return last ? chart.valueAt(dimIndex, last) : NaN;
}
