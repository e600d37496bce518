import { createHash } from 'node:crypto';
import type { AlertDefinition } from '../../health/config/alert-definition';
import { formatExpression } from '../../health/expression';
import type { RunningAlert } from '../../health/host-health';
import type { ChartView } from '../../model/chart-view';
import { htmlString, jsonString, netdataDouble } from '../render/health-json';

const num = netdataDouble;
const str = jsonString;
const html = htmlString;

/** A stable UUID of an alert's configuration (Netdata hashes its config text into `config_hash_id`). */
function configHashId(d: AlertDefinition): string {
  const h = createHash('sha256').update(JSON.stringify([d.kind, d.name, d.on, d.source, d.calc?.source, d.warn?.source, d.crit?.source])).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** format_value_and_unit(): the value with units, `-` for none. */
function valueString(v: number, units: string): string {
  if (!Number.isFinite(v)) return '-';
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${v.toFixed(digits)}${units.trim()}`;
}

const LOOKUP_OPTIONS: Array<[keyof NonNullable<AlertDefinition['lookup']>['options'], string]> = [
  ['absolute', 'absolute'], ['min2max', 'min2max'], ['null2zero', 'null2zero'], ['percentage', 'percentage'],
  ['unaligned', 'unaligned'], ['matchIds', 'match_ids'], ['matchNames', 'match_names'],
];

/** One alert as Netdata 1.37's health_rrdcalc2json_nolock writes it. */
function alertJson(a: RunningAlert, chart: ChartView | undefined): string {
  const d = a.attached.definition;
  const name = a.attached.name;
  const s = a.state;
  const t = a.lastTransition;
  const lines = [
    `\t\t${str(`${a.attached.chartId}.${name}`)}: {`,
    `\t\t\t"id": ${a.id},`,
    `\t\t\t"config_hash_id": ${str(configHashId(d))},`,
    `\t\t\t"name": ${str(name)},`,
    `\t\t\t"chart": ${str(a.attached.chartId)},`,
    `\t\t\t"family": ${str(chart?.family ?? '')},`,
    `\t\t\t"class": ${str(d.classification.trim() || 'Unknown')},`,
    `\t\t\t"component": ${str(d.component.trim() || 'Unknown')},`,
    `\t\t\t"type": ${str(d.type.trim() || 'Unknown')},`,
    `\t\t\t"active": ${chart ? 'true' : 'false'},`,
    `\t\t\t"disabled": false,`,
    `\t\t\t"silenced": false,`,
    `\t\t\t"exec": ${str(d.exec)},`,
    `\t\t\t"recipient": ${str(d.to || 'root')},`,
    `\t\t\t"source": ${str(d.source)},`,
    `\t\t\t"units": ${str(d.units)},`,
    `\t\t\t"info": ${str(d.info)},`,
    `\t\t\t"status": ${str(s.status)},`,
    `\t\t\t"last_status_change": ${s.lastStatusChange},`,
    `\t\t\t"last_updated": ${a.lastUpdated},`,
    `\t\t\t"next_update": ${a.nextUpdate},`,
    `\t\t\t"update_every": ${d.every},`,
    `\t\t\t"delay_up_duration": ${d.delay.up},`,
    `\t\t\t"delay_down_duration": ${d.delay.down},`,
    `\t\t\t"delay_max_duration": ${d.delay.max},`,
    `\t\t\t"delay_multiplier": ${d.delay.multiplier.toFixed(6)},`,
    `\t\t\t"delay": ${t?.delay ?? 0},`,
    `\t\t\t"delay_up_to_timestamp": ${t?.notifyAt ?? 0},`,
    `\t\t\t"warn_repeat_every": "${d.repeat.warning}",`,
    `\t\t\t"crit_repeat_every": "${d.repeat.critical}",`,
    `\t\t\t"value_string": ${str(valueString(a.value, d.units))},`,
    `\t\t\t"last_repeat": "0",`,
    `\t\t\t"times_repeat": 0,`,
  ];
  if (d.noClearNotification) lines.push('\t\t\t"no_clear_notification": true,');
  if (d.lookup) {
    if (d.lookup.dimensions) lines.push(`\t\t\t"lookup_dimensions": ${html(d.lookup.dimensions)},`);
    lines.push(
      `\t\t\t"db_after": ${a.dbAfter},`,
      `\t\t\t"db_before": ${a.dbBefore},`,
      `\t\t\t"lookup_method": ${str(d.lookup.grouping.label)},`,
      `\t\t\t"lookup_after": ${d.lookup.after},`,
      `\t\t\t"lookup_before": ${d.lookup.before},`,
      `\t\t\t"lookup_options": ${str(LOOKUP_OPTIONS.filter(([k]) => d.lookup!.options[k]).map(([, n]) => n).join(' '))},`,
    );
  }
  for (const key of ['calc', 'warn', 'crit'] as const) {
    const e = d[key];
    if (e) lines.push(`\t\t\t"${key}": ${html(e.source)},`, `\t\t\t"${key}_parsed": ${html(formatExpression(e.expression))},`);
  }
  lines.push(`\t\t\t"green":${num(d.green)},`, `\t\t\t"red":${num(d.red)},`, `\t\t\t"value":${num(a.value)}`, '\t\t}');
  return lines.join('\n');
}

/**
 * /api/v1/alarms as Netdata 1.37's health_alarms2json writes it: only WARNING and CRITICAL alerts unless `all`, and
 * only those whose chart has been collected.
 */
export function renderAlarms(opts: {
  hostname: string;
  enabled: boolean;
  latestLogId: number;
  now: number;
  alerts: readonly RunningAlert[];
  chart: (id: string) => ChartView | undefined;
  all: boolean;
}): string {
  const shown = opts.alerts.filter((a) => {
    const chart = opts.chart(a.attached.chartId);
    if (!chart || !chart.lastEntryT()) return false;
    return opts.all || a.state.status === 'WARNING' || a.state.status === 'CRITICAL';
  });
  return (
    `{\n\t"hostname": ${str(opts.hostname)},\n\t"latest_alarm_log_unique_id": ${opts.latestLogId},\n\t"status": ${opts.enabled},\n\t"now": ${opts.now},\n\t"alarms": {\n` +
    shown.map((a) => alertJson(a, opts.chart(a.attached.chartId))).join(',\n') +
    '\n\t}\n}\n'
  );
}
