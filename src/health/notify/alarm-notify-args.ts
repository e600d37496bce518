import type { AlarmEntry } from '../log/alarm-entry';
import { cFixed } from '../../util/c-fixed';
import { formatValueAndUnits } from './format-value';

/** An alert of the host in WARNING or CRITICAL, and since when (its last status change, seconds). */
export interface ActiveAlarm {
  name: string;
  since: number;
}

export interface NotifyArgsContext {
  /** The host's registry hostname (argument 2). */
  hostname: string;
  /** The child's machine GUID; '' for the parent's own alerts (argument 29). */
  machineGuid: string;
  defaultRecipient: string;
  /** The host's other alerts in WARNING / CRITICAL: the alert being notified is left out by the caller. */
  warnAlarms: readonly ActiveAlarm[];
  critAlarms: readonly ActiveAlarm[];
  /** Argument 28 as is; by default editCommandFromSource(e.source, '/etc/netdata', hostname). */
  editCommand?: string;
}

/** Netdata lists at most 15 active alerts, the most recent changes first (ACTIVE_ALARMS_LIST). */
const MAX_LISTED_ALARMS = 15;

/**
 * health_edit_command_from_source(): `sudo <config dir>/edit-config health.d/<file>=<line>=<hostname>` from a
 * `<line>@<path>` source, '' when the source has no `@` or `/`, `UNKNOWN=0=UNKNOWN` when there is no source. Netdata
 * puts its own (the parent's) registry hostname last.
 */
export function editCommandFromSource(source: string, userConfigDir: string, hostname: string): string {
  if (!source) return 'UNKNOWN=0=UNKNOWN';
  const at = source.indexOf('@');
  const slash = source.lastIndexOf('/');
  if (at < 0 || slash < 0) return '';
  // C cuts the string at '@' after finding the last '/', so a '/' before the '@' yields what lies between them
  const file = slash < at ? source.slice(slash + 1, at) : source.slice(slash + 1);
  return `sudo ${userConfigDir}/edit-config health.d/${file}=${source.slice(0, at)}=${hostname}`;
}

/**
 * Netdata 1.37.1's sanitize_command_argument_string(): leading dashes are dropped from every text argument, so none
 * reads as an option (a negative value_string loses its sign, as there). Its quote escaping is for the shell, which is
 * not involved here.
 */
const text = (s: string): string => s.replace(/^-+/, '');
/** `%u` of a uint32_t. */
const u32 = (n: number): string => String(Math.trunc(n) >>> 0);

/** `name=since` of the most recently changed active alerts, split into the warning and the critical list. */
function activeLists(warn: readonly ActiveAlarm[], crit: readonly ActiveAlarm[]): [string, string] {
  const all = [...warn.map((a) => ({ ...a, critical: false })), ...crit.map((a) => ({ ...a, critical: true }))];
  const listed = all.sort((a, b) => b.since - a.since).slice(0, MAX_LISTED_ALARMS);
  const list = (critical: boolean) => listed.filter((a) => a.critical === critical).map((a) => `${a.name}=${Math.trunc(a.since)}`).join(',');
  return [list(false), list(true)];
}

/**
 * The 29 arguments after the program path that Netdata 1.37.1's health_alarm_execute() passes to the notification
 * program, in the order alarm-notify.sh reads them: roles host unique_id alarm_id event_id when name chart family
 * status old_status value old_value src duration non_clear_duration units info value_string old_value_string
 * calc_expression calc_param_values total_warnings total_critical total_warn_alarms total_crit_alarms classification
 * edit_command_line child_machine_guid. Each is one argv element: there is no shell, so nothing is quoted.
 */
export function alarmNotifyArgs(e: AlarmEntry, ctx: NotifyArgsContext): string[] {
  const [warnList, critList] = activeLists(ctx.warnAlarms, ctx.critAlarms);
  const edit = ctx.editCommand ?? editCommandFromSource(e.source, '/etc/netdata', ctx.hostname);
  return [
    text(e.recipient || ctx.defaultRecipient),
    text(ctx.hostname),
    u32(e.uniqueId),
    u32(e.alarmId),
    u32(e.alarmEventId),
    String(Math.trunc(e.when)),
    text(e.name),
    // ae->chart, which Netdata 1.37 fills with the chart's id (type.id)
    text(e.chartId || 'NOCHART'),
    text(e.family || 'NOFAMILY'),
    text(e.newStatus),
    text(e.oldStatus),
    // NETDATA_DOUBLE_FORMAT_ZERO: "%0.0f", so NaN is "nan"
    cFixed(e.newValue, 0),
    cFixed(e.oldValue, 0),
    text(e.source || 'UNKNOWN'),
    u32(e.duration),
    u32(e.nonClearDuration),
    text(e.units),
    text(e.info),
    text(formatValueAndUnits(e.newValue, e.units)),
    text(formatValueAndUnits(e.oldValue, e.units)),
    text(e.expressionSource),
    text(e.expressionError),
    String(ctx.warnAlarms.length),
    String(ctx.critAlarms.length),
    text(warnList),
    text(critList),
    text(e.classification || 'Unknown'),
    text(edit),
    text(ctx.machineGuid),
  ];
}
