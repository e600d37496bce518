import type { AlarmStatus } from '../evaluate/alarm-status';

/**
 * One status change of one alert on one host: a row of the host's alarm log (Netdata's ALARM_ENTRY). Written once,
 * when the change happens; what notifications did with it is recorded beside it (NotificationAttempt).
 */
export interface AlarmEntry {
  /** Per host, increasing (Netdata's unique_id). */
  uniqueId: number;
  /** The alert (host, chart, name): the same across restarts (Netdata's alarm_id). */
  alarmId: number;
  /** 1, 2, ... per alarmId. */
  alarmEventId: number;
  /** Seconds since the epoch. */
  when: number;
  /** Seconds the previous status lasted. */
  duration: number;
  /** Seconds the alert has been WARNING or CRITICAL without a break, up to this change. */
  nonClearDuration: number;
  name: string;
  chartId: string;
  chartName: string;
  context: string;
  family: string;
  classification: string;
  component: string;
  type: string;
  /** The program to run; '' = the configured default. */
  exec: string;
  /** The roles to notify; '' = the configured default. */
  recipient: string;
  /** `<line>@<file>` of the alert's definition. */
  source: string;
  units: string;
  info: string;
  oldStatus: AlarmStatus;
  newStatus: AlarmStatus;
  /** NaN when there was none. */
  oldValue: number;
  newValue: number;
  /** Seconds the notification waits (delay rules) and the time it is due. */
  delay: number;
  delayUpToTimestamp: number;
  noClearNotification: boolean;
  /** The warn or crit expression as written, for notifications (`NOSOURCE` when none applied). */
  expressionSource: string;
  /** Why that expression failed, if it did (`NOERRMSG` when it did not). */
  expressionError: string;
}

/** One run of a notification for an alarm log entry: the exec program or a webhook, first try or retry. */
export interface NotificationAttempt {
  uniqueId: number;
  /** 'exec' or `webhook:<role>`. */
  channel: string;
  /** 1 for the first try. */
  attempt: number;
  /** Seconds since the epoch when it ran. */
  at: number;
  /** Exit code (exec), HTTP status (webhook); -1 when it could not run or timed out. */
  code: number;
  ok: boolean;
  /** Why it failed, or what the program printed; bounded. */
  detail: string;
  /** true when this run repeats a WARNING/CRITICAL notification (`repeat`). */
  repeat: boolean;
}
