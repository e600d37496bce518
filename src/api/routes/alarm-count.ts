import { STATUS_CODE, type AlarmStatus } from '../../health/evaluate/alarm-status';
import type { RunningAlert } from '../../health/host-health';
import type { ChartView } from '../../model/chart-view';

/** Netdata's default: WARNING or CRITICAL (RRDCALC_STATUS_RAISED). */
type CountedStatus = AlarmStatus | 'RAISED';

const isStatus = (s: string): s is AlarmStatus => Object.hasOwn(STATUS_CODE, s);

/**
 * /api/v1/alarm_count as Netdata 1.37's web_client_api_request_v1_alarm_count and health_aggregate_alarms answer it:
 * `[N]`, N the alerts whose chart has been collected and whose status is `status` (any of the RRDCALC_STATUS names,
 * in any case; another value leaves the one before), by default WARNING or CRITICAL. With `context` (or `ctx`) params,
 * split at `,`, ` ` and `|`, N adds up the matching alerts of each context named, so one named twice counts twice.
 * A host without health has no alerts: `[0]`.
 */
export function renderAlarmCount(alerts: readonly RunningAlert[] | null, params: URLSearchParams, chart: (id: string) => ChartView | undefined): string {
  let status: CountedStatus = 'RAISED';
  let contexts: string[] | null = null;
  for (const [name, value] of params) {
    if (!value) continue;
    if (name === 'status') {
      // Netdata upper-cases with toupper(): ASCII letters only
      const upper = value.replace(/[a-z]/g, (c) => c.toUpperCase());
      if (isStatus(upper)) status = upper;
    } else if (name === 'context' || name === 'ctx') {
      contexts = [...(contexts ?? []), ...value.split(/[, |]/).filter(Boolean)];
    }
  }
  const counted = (alerts ?? []).flatMap((a) => {
    const c = chart(a.attached.chartId);
    if (!c || !c.lastEntryT()) return [];
    const matches = status === 'RAISED' ? STATUS_CODE[a.state.status] >= STATUS_CODE.WARNING : a.state.status === status;
    return matches ? [c.context] : [];
  });
  const n = contexts === null ? counted.length : contexts.reduce((sum, ctx) => sum + counted.filter((c) => c === ctx).length, 0);
  return `[${n}]\n`;
}
