import { alertVariables, runningAlertVariables, type ListedVariables } from '../../health/evaluate/list-variables';
import type { RunningAlert } from '../../health/host-health';
import type { ChartView } from '../../model/chart-view';
import type { HostProjection } from '../../projection/host-projection';

/** printf("%0.5Lf"), null for no number, as Netdata's rrdvar JSON writes values. */
export function fixed5(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  // toFixed() switches to exponents from 1e21 and drops the sign of -0, printf does neither
  if (Math.abs(v) >= 1e21) return `${BigInt(v)}.00000`;
  return Object.is(v, -0) ? '-0.00000' : v.toFixed(5);
}

/**
 * One section of variables. Netdata prints the names as they are; here they are JSON-escaped, which is the same text
 * for every name without quotes, backslashes or control characters, and valid JSON for the others.
 */
function section(vars: ListedVariables): string {
  return `{${vars.map(([name, value], i) => `${i ? ',' : ''}\n\t\t${JSON.stringify(name)}: ${fixed5(value)}`).join('')}\n\t}`;
}

/**
 * /api/v1/alarm_variables?chart= as Netdata 1.37's health_api_v1_chart_variables2json writes it: the variables an
 * alert of `chart` can use, in its chart's, its family's and its host's scope. `alerts` null: health does not run on
 * the host, where Netdata lists its custom host variables only.
 */
export function renderAlarmVariables(opts: { hostname: string; projection: HostProjection; chart: ChartView; alerts: readonly RunningAlert[] | null }): string {
  const { chart } = opts;
  const vars = alertVariables(opts.projection, chart, opts.alerts && runningAlertVariables(opts.alerts));
  const str = JSON.stringify;
  return (
    `{\n\t"chart": ${str(chart.id)},\n\t"chart_name": ${str(chart.name)},\n\t"chart_context": ${str(chart.context)},\n\t"chart_variables": ${section(vars.chart)},` +
    `\n\t"family": ${str(chart.family)},\n\t"family_variables": ${section(vars.family)},` +
    `\n\t"host": ${str(opts.hostname)},\n\t"host_variables": ${section(vars.host)}\n}\n`
  );
}
