import type Database from 'better-sqlite3';
import type { AlarmStatus } from '../evaluate/alarm-status';
import type { AlarmEntry, NotificationAttempt } from './alarm-entry';

interface EntryRow {
  unique_id: number;
  alarm_id: number;
  alarm_event_id: number;
  when_s: number;
  duration: number;
  non_clear_duration: number;
  name: string;
  chart_id: string;
  chart_name: string;
  context: string;
  family: string;
  class: string;
  component: string;
  type: string;
  exec: string;
  recipient: string;
  source: string;
  units: string;
  info: string;
  old_status: string;
  new_status: string;
  old_value: number | null;
  new_value: number | null;
  delay: number;
  delay_up_to: number;
  no_clear_notification: number;
  expression_source: string;
  expression_error: string;
}

interface AttemptRow {
  unique_id: number;
  channel: string;
  attempt: number;
  at_s: number;
  code: number;
  ok: number;
  detail: string;
  repeat: number;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

function toRow(e: AlarmEntry): EntryRow {
  return {
    unique_id: e.uniqueId, alarm_id: e.alarmId, alarm_event_id: e.alarmEventId, when_s: e.when, duration: e.duration,
    non_clear_duration: e.nonClearDuration, name: e.name, chart_id: e.chartId, chart_name: e.chartName, context: e.context,
    family: e.family, class: e.classification, component: e.component, type: e.type, exec: e.exec, recipient: e.recipient,
    source: e.source, units: e.units, info: e.info, old_status: e.oldStatus, new_status: e.newStatus,
    old_value: finiteOrNull(e.oldValue), new_value: finiteOrNull(e.newValue), delay: e.delay, delay_up_to: e.delayUpToTimestamp,
    no_clear_notification: e.noClearNotification ? 1 : 0, expression_source: e.expressionSource, expression_error: e.expressionError,
  };
}

function fromRow(r: EntryRow): AlarmEntry {
  return {
    uniqueId: r.unique_id, alarmId: r.alarm_id, alarmEventId: r.alarm_event_id, when: r.when_s, duration: r.duration,
    nonClearDuration: r.non_clear_duration, name: r.name, chartId: r.chart_id, chartName: r.chart_name, context: r.context,
    family: r.family, classification: r.class, component: r.component, type: r.type, exec: r.exec, recipient: r.recipient,
    source: r.source, units: r.units, info: r.info, oldStatus: r.old_status as AlarmStatus, newStatus: r.new_status as AlarmStatus,
    oldValue: r.old_value ?? NaN, newValue: r.new_value ?? NaN, delay: r.delay, delayUpToTimestamp: r.delay_up_to,
    noClearNotification: r.no_clear_notification !== 0, expressionSource: r.expression_source, expressionError: r.expression_error,
  };
}

function attemptFromRow(r: AttemptRow): NotificationAttempt {
  return { uniqueId: r.unique_id, channel: r.channel, attempt: r.attempt, at: r.at_s, code: r.code, ok: r.ok !== 0, detail: r.detail, repeat: r.repeat !== 0 };
}

const ENTRY_COLUMNS = Object.keys(toRow({} as AlarmEntry));
const ATTEMPT_COLUMNS = ['unique_id', 'channel', 'attempt', 'at_s', 'code', 'ok', 'detail', 'repeat'];
const insertSql = (table: string, cols: string[]) => `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;

/** The alarm log's two tables in a host's event log file (migrations/0004_alarm_log.sql). */
export class AlarmLogStore {
  private readonly stmt: {
    insertEntry: Database.Statement;
    insertAttempt: Database.Statement;
    newest: Database.Statement;
    between: Database.Statement;
    attemptsBetween: Database.Statement;
    attemptsFrom: Database.Statement;
    maxIds: Database.Statement;
    alarmOf: Database.Statement;
    deleteEntriesBefore: Database.Statement;
    deleteAttemptsBefore: Database.Statement;
  };

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      insertEntry: db.prepare(insertSql('alarm_log', ENTRY_COLUMNS)),
      insertAttempt: db.prepare(insertSql('alarm_notifications', ATTEMPT_COLUMNS)),
      newest: db.prepare('SELECT * FROM alarm_log ORDER BY unique_id DESC LIMIT ?'),
      between: db.prepare('SELECT * FROM alarm_log WHERE when_s >= ? AND when_s < ? ORDER BY unique_id LIMIT ?'),
      attemptsBetween: db.prepare('SELECT * FROM alarm_notifications WHERE unique_id >= ? AND unique_id <= ? ORDER BY rowid'),
      attemptsFrom: db.prepare('SELECT * FROM alarm_notifications WHERE unique_id >= ? ORDER BY rowid'),
      maxIds: db.prepare('SELECT max(unique_id) AS u, max(alarm_id) AS a FROM alarm_log'),
      alarmOf: db.prepare('SELECT alarm_id AS a, max(alarm_event_id) AS e FROM alarm_log WHERE chart_id = ? AND name = ? GROUP BY alarm_id ORDER BY e DESC LIMIT 1'),
      deleteEntriesBefore: db.prepare('DELETE FROM alarm_log WHERE when_s < ?'),
      deleteAttemptsBefore: db.prepare('DELETE FROM alarm_notifications WHERE unique_id NOT IN (SELECT unique_id FROM alarm_log)'),
    };
  }

  append(e: AlarmEntry): void {
    this.stmt.insertEntry.run(toRow(e));
  }

  appendAttempt(a: NotificationAttempt): void {
    this.stmt.insertAttempt.run({
      unique_id: a.uniqueId, channel: a.channel, attempt: a.attempt, at_s: a.at, code: a.code, ok: a.ok ? 1 : 0,
      detail: a.detail, repeat: a.repeat ? 1 : 0,
    });
  }

  /** The newest `limit` entries, newest first, and the notification attempts recorded for them. */
  loadNewest(limit: number): { entries: AlarmEntry[]; attempts: NotificationAttempt[] } {
    const entries = (this.stmt.newest.all(limit) as EntryRow[]).map(fromRow);
    const oldest = entries.at(-1)?.uniqueId ?? Number.MAX_SAFE_INTEGER;
    return { entries, attempts: (this.stmt.attemptsFrom.all(oldest) as AttemptRow[]).map(attemptFromRow) };
  }

  /** Entries of changes in [afterS, beforeS), oldest first (at most `limit`), and the attempts recorded for them. */
  between(afterS: number, beforeS: number, limit: number): { entries: AlarmEntry[]; attempts: NotificationAttempt[] } {
    const entries = (this.stmt.between.all(afterS, beforeS, limit) as EntryRow[]).map(fromRow);
    if (!entries.length) return { entries, attempts: [] };
    const ids = new Set(entries.map((e) => e.uniqueId));
    const attempts = (this.stmt.attemptsBetween.all(entries[0].uniqueId, entries.at(-1)!.uniqueId) as AttemptRow[]).map(attemptFromRow);
    return { entries, attempts: attempts.filter((a) => ids.has(a.uniqueId)) };
  }

  /** The highest unique_id and alarm_id stored (0 when none). */
  maxIds(): { uniqueId: number; alarmId: number } {
    const r = this.stmt.maxIds.get() as { u: number | null; a: number | null };
    return { uniqueId: r.u ?? 0, alarmId: r.a ?? 0 };
  }

  /** The alarm_id an alert (chart, name) had, and its last event id; null for an alert never logged. */
  alarmOf(chartId: string, name: string): { alarmId: number; lastEventId: number } | null {
    const r = this.stmt.alarmOf.get(chartId, name) as { a: number; e: number } | undefined;
    return r ? { alarmId: r.a, lastEventId: r.e } : null;
  }

  /** Deletes entries older than `when` (seconds) and their attempts; returns how many entries went. */
  deleteBefore(when: number): number {
    return this.db.transaction(() => {
      const n = this.stmt.deleteEntriesBefore.run(when).changes;
      if (n > 0) this.stmt.deleteAttemptsBefore.run();
      return n;
    })();
  }
}
