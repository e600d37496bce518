import type { AlarmEntry } from '../../health/log/alarm-entry';
import type { HostAlarmLog } from '../../health/log/host-alarm-log';
import { formatValueAndUnits } from '../../health/notify/format-value';
import { htmlString, jsonString, netdataDouble } from '../render/health-json';

export interface AlarmLogContext {
  hostname: string;
  timezone: string;
  utcOffset: number;
  defaultExec: string;
  defaultRecipient: string;
  /** The command that edits an alert's definition (the JSON's `command`). */
  editCommand: (e: AlarmEntry) => string;
}

/** One entry as Netdata 1.37's health_alarm_entry2json_nolock writes it. */
function entryJson(e: AlarmEntry, log: HostAlarmLog, ctx: AlarmLogContext): string {
  const attempts = log.attemptsOf(e.uniqueId);
  const exec = attempts.find((a) => a.channel === 'exec');
  const repeats = attempts.filter((a) => a.repeat);
  const s = jsonString;
  const lines = [
    `\t\t"hostname": ${s(ctx.hostname)},`,
    `\t\t"utc_offset": ${ctx.utcOffset},`,
    `\t\t"timezone": ${s(ctx.timezone)},`,
    `\t\t"unique_id": ${e.uniqueId},`,
    `\t\t"alarm_id": ${e.alarmId},`,
    `\t\t"alarm_event_id": ${e.alarmEventId},`,
    `\t\t"config_hash_id": "00000000-0000-0000-0000-000000000000",`,
    `\t\t"name": ${s(e.name)},`,
    `\t\t"chart": ${s(e.chartId)},`,
    `\t\t"context": ${s(e.context)},`,
    `\t\t"family": ${s(e.family)},`,
    `\t\t"class": ${s(e.classification || 'Unknown')},`,
    `\t\t"component": ${s(e.component || 'Unknown')},`,
    `\t\t"type": ${s(e.type || 'Unknown')},`,
    `\t\t"processed": ${log.processed(e.uniqueId)},`,
    `\t\t"updated": ${log.updatedById(e.uniqueId) !== 0},`,
    `\t\t"exec_run": ${exec?.at ?? 0},`,
    `\t\t"exec_failed": ${exec !== undefined && !exec.ok},`,
    `\t\t"exec": ${s(e.exec || ctx.defaultExec)},`,
    `\t\t"recipient": ${s(e.recipient || ctx.defaultRecipient)},`,
    `\t\t"exec_code": ${exec?.code ?? 0},`,
    `\t\t"source": ${s(e.source)},`,
    `\t\t"command": ${s(ctx.editCommand(e))},`,
    `\t\t"units": ${s(e.units)},`,
    `\t\t"when": ${e.when},`,
    `\t\t"duration": ${e.duration},`,
    `\t\t"non_clear_duration": ${e.nonClearDuration},`,
    `\t\t"status": ${s(e.newStatus)},`,
    `\t\t"old_status": ${s(e.oldStatus)},`,
    `\t\t"delay": ${e.delay},`,
    `\t\t"delay_up_to_timestamp": ${e.delayUpToTimestamp},`,
    `\t\t"updated_by_id": ${log.updatedById(e.uniqueId)},`,
    `\t\t"updates_id": ${log.updatesId(e.uniqueId)},`,
    `\t\t"value_string": ${s(formatValueAndUnits(e.newValue, e.units))},`,
    `\t\t"old_value_string": ${s(formatValueAndUnits(e.oldValue, e.units))},`,
    `\t\t"last_repeat": "${repeats.at(-1)?.at ?? 0}",`,
    `\t\t"silenced": "false",`,
    `\t\t"info":${htmlString(e.info)},`,
  ];
  if (e.noClearNotification) lines.push('\t\t"no_clear_notification": true,');
  lines.push(`\t\t"value":${netdataDouble(e.newValue)},`, `\t\t"old_value":${netdataDouble(e.oldValue)}`);
  return `\n\t{\n${lines.join('\n')}\n\t}`;
}

/** /api/v1/alarm_log?after=UNIQUE_ID: the entries newer than `after`, newest first (health_alarm_log2json). */
export function renderAlarmLog(log: HostAlarmLog | null, after: number, ctx: AlarmLogContext): string {
  const entries = log?.list(after) ?? [];
  return `[${entries.map((e) => entryJson(e, log!, ctx)).join(',')}\n]\n`;
}
