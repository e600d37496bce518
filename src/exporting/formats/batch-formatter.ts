/** What the exporting formats see of a host: the identity and labels they print with every metric. */
export interface ExportHost {
  /** The instance's `hostname` for the parent itself, the child's own hostname for every streamed host. */
  hostname: string;
  /** Netdata's free-form host tags (`host tags`), '' for none. */
  tags: string;
  /** Host labels chosen by `send configured labels` / `send automatic labels`, in the host's order. */
  labels: ReadonlyArray<readonly [name: string, value: string]>;
  programName: string;
  programVersion: string;
}

/** One dimension's value for one round, with every name a format may print. */
export interface ExportMetric {
  chartId: string;
  chartName: string;
  family: string;
  context: string;
  /** The part of the chart id before the first dot (json's chart_type). */
  chartType: string;
  units: string;
  dimId: string;
  dimName: string;
  /** The chart and dimension as `send names instead of ids` picks them (name, else id). */
  chart: string;
  dim: string;
  /** The collector module (`prometheus` charts get no `_total` suffix in remote write). */
  module: string;
  /** incremental or percentage-of-incremental-row: a counter when sent as collected. */
  counter: boolean;
  /** As collected: the raw 64-bit integer the child sent. Average or sum: the calculated value (finite). */
  value: number | bigint;
  /** True when `value` is the raw collected integer (data source `as collected`). */
  collected: boolean;
  /** Milliseconds: the last collection time (as collected) or the end of the round's window x 1000. */
  timestampMs: number;
}

export type { DataSource } from '../data-source';

/** Builds the body of one batch (one round of one instance) in one wire format. */
export interface BatchFormatter {
  /** A host's metrics follow; `nowMs` is the round's wall clock (netdata_info's timestamp). */
  startHost(host: ExportHost, nowMs: number): void;
  metric(host: ExportHost, m: ExportMetric): void;
  /** The batch: its body, and how many metrics it holds (for the monitoring charts). */
  finish(): { body: Buffer; metrics: number };
}
