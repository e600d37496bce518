import type { HostEventLog } from '../eventlog';
import type { AlarmEntry, NotificationAttempt } from '../health/log/alarm-entry';
import { AlarmLogStore } from '../health/log/alarm-log-store';
import { formatValueAndUnits } from '../health/notify/format-value';
import type { AuditRange } from './audit-query';

export interface AlarmHistory {
  machine_guid: string;
  hostname: string;
  after: number;
  before: number;
  entries: Array<AlarmEntry & { notifications: NotificationAttempt[] }>;
  truncated: boolean;
}

/** "What did the alerts of this host do between after and before": its alarm log entries and their notifications. */
export function alarmHistory(log: HostEventLog, machineGuid: string, hostname: string, range: AuditRange): AlarmHistory {
  const { entries, attempts } = new AlarmLogStore(log.database()).between(range.afterSec, range.beforeSec, range.limit + 1);
  const truncated = entries.length > range.limit;
  const shown = entries.slice(0, range.limit).map((e) => ({ ...e, notifications: attempts.filter((a) => a.uniqueId === e.uniqueId) }));
  return { machine_guid: machineGuid, hostname, after: range.afterSec, before: range.beforeSec, entries: shown, truncated };
}

const iso = (s: number): string => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

/** One line per status change, its notifications indented below it. */
export function alarmHistoryToText(h: AlarmHistory): string {
  const out = [`alarm log of host '${h.hostname}' (${h.machine_guid}) from ${iso(h.after)} to ${iso(h.before)}: ${h.entries.length} changes${h.truncated ? ' (more not shown; raise --limit)' : ''}`];
  for (const e of h.entries) {
    out.push(
      `${iso(e.when)} #${e.uniqueId} ${e.chartId}.${e.name} ${e.oldStatus} -> ${e.newStatus} ` +
        `value ${formatValueAndUnits(e.newValue, e.units)} (was ${formatValueAndUnits(e.oldValue, e.units)}) after ${e.duration} s; ` +
        `notification due ${iso(e.delayUpToTimestamp)} (delay ${e.delay} s)`,
    );
    for (const a of e.notifications) {
      const what = a.channel === 'none' ? 'not sent' : `${a.channel}${a.repeat ? ' (repeat)' : ''} try ${a.attempt}: ${a.ok ? 'ok' : 'FAILED'} code ${a.code}`;
      out.push(`    ${iso(a.at)} ${what}${a.detail ? `: ${a.detail.replace(/\s+/g, ' ').trim()}` : ''}`);
    }
  }
  return out.join('\n') + '\n';
}
