/**
 * The body of Netdata 1.37's `prometheus_remote_write` connector (exporting/prometheus/remote_write/remote_write.c
 * and remote_write_request.cc): one WriteRequest per batch, snappy raw compressed (see remote-write-proto.ts).
 *
 * Per host, in this order:
 * 1. `netdata_info` (the literal name, the prefix is not used): labels `__name__`, `instance`, `application`,
 *    `version`, then the host labels; one sample 1 at the round's wall clock (ms).
 * 2. One series per dimension, labels in insertion order `__name__`, `chart`, `family`, `dimension`, `instance`
 *    (not sorted; `dimension` left out for a heterogeneous as-collected chart); one sample.
 * 3. With `send variables`: one series per custom host/chart variable, `__name__=<prefix>_<var>` and `instance`.
 *
 * Label values go through prometheus_label_copy() just as in the text format: Netdata escapes `"`, `\` and newline
 * with a backslash even though protobuf needs no escaping, so a receiver stores e.g. `a\"b`. The exceptions, copied
 * as they are, are the `instance` label of dimension and variable series (the raw hostname; only netdata_info's
 * `instance` is escaped), `application` and `version`. Host label keys go through prometheus_name_copy().
 */
import { ELEMENT_MAX, promLabel, promName, promUnits } from '../../api/routes/prometheus-text';
import type { BatchFormatter, DataSource, ExportHost, ExportMetric } from './batch-formatter';
import { encodeWriteRequest, type RemoteWriteLabel, type RemoteWriteSeries } from './remote-write-proto';

/** The headers the connector sends after `POST <path> HTTP/1.1`, in its order, besides `Host` (first, the destination
 *  that connected), the optional `Authorization: Basic` (after Accept) and `Content-Length` (last). */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  Accept: '*/*',
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
});

/** snprintf(name, PROMETHEUS_LABELS_MAX, ...): metric names are cut at 1023 bytes. */
const NAME_MAX = 1024 - 1;

/**
 * What remote write can use beyond ExportHost: the custom host and chart variables (RRDVAR_FLAG_CUSTOM_HOST_VAR |
 * CUSTOM_CHART_VAR) that `send variables` exports, in the host's order. Sent as they are, NaN and infinities too.
 */
export type RemoteWriteHost = ExportHost & { variables?: ReadonlyArray<readonly [name: string, value: number]> };

/**
 * What remote write can use beyond ExportMetric: `homogeneous: false` for a chart with RRDSET_FLAG_HETEROGENEOUS
 * (its dimensions differ in algorithm, multiplier or divisor). It matters only as collected: the dimension then goes
 * into the metric name instead of a label. Absent means homogeneous, which is what 1.37.1 reports for every
 * streamed chart (it never raises RRDSET_FLAG_HOMOGENEOUS_CHECK for them).
 */
export type RemoteWriteMetric = ExportMetric & { homogeneous?: boolean };

export interface RemoteWriteOptions {
  /** The instance's `prefix` (default `netdata`); used as it is, not sanitized. */
  prefix: string;
  source: DataSource;
  /** `send variables`: append the host's custom variables (RemoteWriteHost.variables) after its dimensions. */
  sendVariables?: boolean;
}

function cutBytes(s: string, max: number): string {
  const b = Buffer.from(s, 'utf8');
  return b.length <= max ? s : b.subarray(0, max).toString('utf8');
}

export class RemoteWriteFormatter implements BatchFormatter {
  private readonly prefix: string;
  private readonly source: DataSource;
  private readonly sendVariables: boolean;
  private series: RemoteWriteSeries[] = [];
  private metrics = 0;
  /** The variables of the host being formatted, appended when the host ends (next startHost or finish). */
  private pendingVariables: { hostname: string; variables: ReadonlyArray<readonly [string, number]>; nowMs: number } | null =
    null;

  constructor(options: RemoteWriteOptions) {
    this.prefix = options.prefix;
    this.source = options.source;
    this.sendVariables = options.sendVariables ?? false;
  }

  startHost(host: RemoteWriteHost, nowMs: number): void {
    this.endHost();
    const labels: RemoteWriteLabel[] = [
      { name: '__name__', value: 'netdata_info' },
      { name: 'instance', value: promLabel(host.hostname) },
      { name: 'application', value: host.programName },
      { name: 'version', value: host.programVersion },
    ];
    for (const [name, value] of host.labels) labels.push({ name: promName(name), value: promLabel(value) });
    this.series.push({ labels, samples: [{ value: 1, timestampMs: nowMs }] });
    if (this.sendVariables) this.pendingVariables = { hostname: host.hostname, variables: host.variables ?? [], nowMs };
  }

  metric(host: ExportHost, m: RemoteWriteMetric): void {
    // metric_formatting() counts every dimension it hands to the connector, sent or not
    this.metrics++;
    const value = Number(m.value);
    if (!m.collected && !Number.isFinite(value)) return;

    const context = promName(m.context);
    const labels: RemoteWriteLabel[] = [
      { name: '__name__', value: '' },
      { name: 'chart', value: promLabel(m.chart) },
      { name: 'family', value: promLabel(m.family) },
    ];
    let name: string;
    if (this.source === 'as collected') {
      const suffix = m.counter && m.module !== 'prometheus' ? '_total' : '';
      if (m.homogeneous === false) {
        name = `${this.prefix}_${context}_${promName(m.dim)}${suffix}`;
      } else {
        name = `${this.prefix}_${context}${suffix}`;
        labels.push({ name: 'dimension', value: promLabel(m.dim) });
      }
    } else {
      const units = this.source === 'average' ? promUnits(m.units, false) : '';
      name = `${this.prefix}_${context}${units}${this.source === 'average' ? '_average' : '_sum'}`;
      labels.push({ name: 'dimension', value: promLabel(m.dim) });
    }
    labels[0].value = cutBytes(name, NAME_MAX);
    labels.push({ name: 'instance', value: host.hostname });
    // as collected: the int64 becomes a double (round to nearest, as the C conversion does)
    this.series.push({ labels, samples: [{ value, timestampMs: m.timestampMs }] });
  }

  finish(): { body: Buffer; metrics: number } {
    this.endHost();
    const body = encodeWriteRequest(this.series);
    const metrics = this.metrics;
    this.series = [];
    this.metrics = 0;
    return { body, metrics };
  }

  /** variables_formatting(): after the host's charts; all of a host's variables count as one metric. */
  private endHost(): void {
    const p = this.pendingVariables;
    if (!p) return;
    this.pendingVariables = null;
    for (const [name, value] of p.variables) {
      this.series.push({
        labels: [
          { name: '__name__', value: cutBytes(`${this.prefix}_${promName(name, ELEMENT_MAX)}`, NAME_MAX) },
          { name: 'instance', value: p.hostname },
        ],
        samples: [{ value, timestampMs: p.nowMs }],
      });
    }
    this.metrics++;
  }
}
