import { STATUS_CODE, type AlarmStatus } from '../evaluate/alarm-status';
import type { AlarmEntry } from '../log/alarm-entry';

/** An earlier entry whose notification program ran (Netdata's EXEC_RUN: it ran, whatever its exit code). */
export type ExecutedEntry = Pick<AlarmEntry, 'uniqueId' | 'alarmId' | 'newStatus'>;

export interface NotifyDecision {
  notify: boolean;
  /** Why, in the words of Netdata's health log. */
  reason: string;
}

/**
 * Netdata 1.37's health_alarm_execute() decision for one alarm log entry: no notification for the internal statuses
 * (REMOVED, UNDEFINED, UNINITIALIZED), nor for CLEAR with `options: no-clear-notification`; otherwise the newest
 * earlier entry of the same alarm that was notified decides: the same status is not sent again, and when there is
 * none a CLEAR is not sent (an alert that starts clear has nothing to clear). With no-clear-notification the earlier
 * entries are not looked at, so a WARNING that cleared silently is sent again.
 */
export function shouldNotify(e: AlarmEntry, executed: readonly ExecutedEntry[]): NotifyDecision {
  const alarm = `'${e.chartId}.${e.name}' status ${e.newStatus}`;
  if (STATUS_CODE[e.newStatus] < STATUS_CODE.CLEAR) return { notify: false, reason: `not sending notification for alarm ${alarm} (internal statuses)` };
  if (e.noClearNotification) {
    if (e.newStatus === 'CLEAR') return { notify: false, reason: `not sending notification for alarm ${alarm} (it has no-clear-notification enabled)` };
    return { notify: true, reason: `sending notification for alarm ${alarm}` };
  }
  let last: ExecutedEntry | undefined;
  for (const x of executed) {
    if (x.alarmId === e.alarmId && x.uniqueId < e.uniqueId && (!last || x.uniqueId > last.uniqueId)) last = x;
  }
  if (last && last.newStatus === e.newStatus) return { notify: false, reason: `not sending again notification for alarm ${alarm}` };
  if (!last && e.newStatus === 'CLEAR') return { notify: false, reason: `not sending notification for first initialization of alarm ${alarm}` };
  return { notify: true, reason: `sending notification for alarm ${alarm}` };
}

/**
 * Netdata's `repeat: warning Xs critical Ys`: whether a WARNING / CRITICAL alert notified last at `lastNotifiedAt`
 * (seconds; 0 when never, as Netdata's last_repeat starts) is due again at `now`. Other statuses never repeat. Netdata
 * also sends one CLEAR when a repeating alert clears, and only after its delay has run out: both are the caller's.
 */
export function repeatDue(status: AlarmStatus, lastNotifiedAt: number, now: number, repeat: { warning: number; critical: number }): boolean {
  const every = status === 'WARNING' ? repeat.warning : status === 'CRITICAL' ? repeat.critical : 0;
  return every > 0 && lastNotifiedAt + every <= now;
}
