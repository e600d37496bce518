import type { Logger } from '../../log';
import type { AlarmEntry, NotificationAttempt } from './alarm-entry';
import type { AlarmLogStore } from './alarm-log-store';

/** An entry before the log numbers it: everything but the ids and the durations carried over from earlier entries. */
export type NewAlarmEntry = Omit<AlarmEntry, 'uniqueId' | 'alarmId' | 'alarmEventId' | 'nonClearDuration'>;

const raised = (s: string): boolean => s === 'WARNING' || s === 'CRITICAL';

/**
 * One host's alarm log: the newest `maxEntries` entries in memory (newest first, as Netdata keeps and lists them),
 * each written to the host's event log file as it is added, with the notification attempts made for it. Ids follow
 * Netdata: unique ids and alarm ids start at the current time and go on from the highest stored; an alert keeps its
 * alarm id (and its event count) across restarts.
 */
export class HostAlarmLog {
  /** Newest first. */
  private entries: AlarmEntry[] = [];
  private readonly byId = new Map<number, AlarmEntry>();
  private readonly attempts = new Map<number, NotificationAttempt[]>();
  /** Entries whose notification is still to be decided (neither processed nor superseded). */
  private readonly pending = new Set<number>();
  /** Entries whose notification was decided: sent, being sent, failed, or not needed. */
  private readonly processedIds = new Set<number>();
  /** unique id -> the unique id of the next entry of the same alarm (Netdata's updated_by_id). */
  private readonly updatedBy = new Map<number, number>();
  /** unique id -> the unique id of the previous entry of the same alarm (Netdata's updates_id). */
  private readonly updates = new Map<number, number>();
  /** `chart/name` -> alarm id and the last event id given. */
  private readonly alarms = new Map<string, { alarmId: number; lastEventId: number }>();
  private nextUniqueId: number;
  private nextAlarmId: number;
  private storeFailing = false;

  constructor(
    private readonly store: AlarmLogStore | null,
    private readonly maxEntries: number,
    now: number,
    private readonly logger: Logger,
    private readonly hostname: string,
  ) {
    this.nextUniqueId = now;
    this.nextAlarmId = now;
    if (!store) return;
    const max = store.maxIds();
    this.nextUniqueId = Math.max(now, max.uniqueId + 1);
    this.nextAlarmId = Math.max(now, max.alarmId + 1);
    const { entries, attempts } = store.loadNewest(maxEntries);
    for (const a of attempts) {
      this.pushAttempt(a);
      this.processedIds.add(a.uniqueId);
    }
    // entries read back already hold their accumulated non-clear duration
    for (const e of [...entries].reverse()) this.link(e, false);
  }

  /** Numbers the entry, links it to the previous entry of its alarm, keeps it and writes it; returns it. */
  add(fields: NewAlarmEntry): AlarmEntry {
    const key = `${fields.chartId}/${fields.name}`;
    let alarm = this.alarms.get(key) ?? this.stored(fields.chartId, fields.name);
    if (!alarm) alarm = { alarmId: this.nextAlarmId++, lastEventId: 0 };
    alarm.lastEventId++;
    this.alarms.set(key, alarm);
    const e: AlarmEntry = {
      ...fields,
      uniqueId: this.nextUniqueId++,
      alarmId: alarm.alarmId,
      alarmEventId: alarm.lastEventId,
      nonClearDuration: raised(fields.oldStatus) ? fields.duration : 0,
    };
    this.link(e, true);
    this.persist(() => this.store?.append(e));
    return e;
  }

  recordAttempt(a: NotificationAttempt): void {
    this.pushAttempt(a);
    this.persist(() => this.store?.appendAttempt(a));
  }

  /** Entries newer than `after` (a unique id), newest first. */
  list(after = 0): AlarmEntry[] {
    const i = this.entries.findIndex((e) => e.uniqueId <= after);
    return i < 0 ? this.entries.slice() : this.entries.slice(0, i);
  }

  latestUniqueId(): number {
    return this.entries[0]?.uniqueId ?? 0;
  }

  attemptsOf(uniqueId: number): readonly NotificationAttempt[] {
    return this.attempts.get(uniqueId) ?? [];
  }

  /** Netdata's PROCESSED: its notification was decided (sent, being sent, failed, or not needed). */
  processed(uniqueId: number): boolean {
    return this.processedIds.has(uniqueId);
  }

  markProcessed(uniqueId: number): void {
    this.pending.delete(uniqueId);
    this.processedIds.add(uniqueId);
  }

  updatedById(uniqueId: number): number {
    return this.updatedBy.get(uniqueId) ?? 0;
  }

  updatesId(uniqueId: number): number {
    return this.updates.get(uniqueId) ?? 0;
  }

  /** Entries whose notification is due at `now`: not decided yet, not superseded, their delay over; oldest first. */
  due(now: number): AlarmEntry[] {
    const due: AlarmEntry[] = [];
    for (const id of this.pending) {
      const e = this.byId.get(id)!;
      if (now >= e.delayUpToTimestamp) due.push(e);
    }
    return due.sort((a, b) => a.uniqueId - b.uniqueId);
  }

  /** The newest entry of `alarmId` older than `before` whose notification program ran (Netdata's EXEC_RUN). */
  lastExecuted(alarmId: number, before: number): AlarmEntry | undefined {
    return this.entries.find((e) => e.alarmId === alarmId && e.uniqueId < before && this.attemptsOf(e.uniqueId).some((a) => a.channel === 'exec'));
  }

  private stored(chartId: string, name: string): { alarmId: number; lastEventId: number } | null {
    try {
      return this.store?.alarmOf(chartId, name) ?? null;
    } catch {
      return null;
    }
  }

  /** Netdata's health_alarm_log_add_entry: the previous entry of the alarm is updated by this one. */
  private link(e: AlarmEntry, accumulate: boolean): void {
    const prev = this.entries.find((x) => x.alarmId === e.alarmId);
    if (prev && !this.updatedBy.has(prev.uniqueId)) {
      this.pending.delete(prev.uniqueId);
      this.updatedBy.set(prev.uniqueId, e.uniqueId);
      this.updates.set(e.uniqueId, prev.uniqueId);
      if (accumulate && raised(prev.newStatus) && raised(prev.oldStatus)) e.nonClearDuration += prev.nonClearDuration;
    }
    const key = `${e.chartId}/${e.name}`;
    const known = this.alarms.get(key);
    if (!known || known.lastEventId < e.alarmEventId) this.alarms.set(key, { alarmId: e.alarmId, lastEventId: e.alarmEventId });
    this.entries.unshift(e);
    this.byId.set(e.uniqueId, e);
    if (!this.processedIds.has(e.uniqueId)) this.pending.add(e.uniqueId);
    if (this.entries.length > this.maxEntries) {
      for (const old of this.entries.splice(this.maxEntries)) {
        this.byId.delete(old.uniqueId);
        this.pending.delete(old.uniqueId);
        this.processedIds.delete(old.uniqueId);
        this.attempts.delete(old.uniqueId);
        this.updatedBy.delete(old.uniqueId);
        this.updates.delete(old.uniqueId);
      }
    }
  }

  private pushAttempt(a: NotificationAttempt): void {
    const list = this.attempts.get(a.uniqueId);
    if (list) list.push(a);
    else this.attempts.set(a.uniqueId, [a]);
  }

  /** A write that fails (disk full, file gone) is logged once; the entry stays in memory and health goes on. */
  private persist(write: () => void): void {
    try {
      write();
      if (this.storeFailing) this.logger.info(`HEALTH [${this.hostname}]: alarm log writes work again`);
      this.storeFailing = false;
    } catch (err) {
      if (!this.storeFailing) this.logger.error({ err }, `HEALTH [${this.hostname}]: cannot save the alarm log: ${(err as Error).message}`);
      this.storeFailing = true;
    }
  }
}
