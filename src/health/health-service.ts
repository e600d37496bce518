import type { ParentConfig } from '../config';
import type { HostRegistry } from '../hosts/host-registry';
import type { Host } from '../hosts/host';
import type { Logger } from '../log';
import type { AlertDefinition } from './config/alert-definition';
import type { Transition } from './evaluate/alarm-status';
import { HostHealth, type RunningAlert } from './host-health';
import { HostNotifications } from './host-notifications';
import { AlarmLogStore } from './log/alarm-log-store';
import { HostAlarmLog } from './log/host-alarm-log';
import type { AlarmEntry } from './log/alarm-entry';
import { editCommandFromSource } from './notify/alarm-notify-args';

/** How often the alerts are re-attached to the charts of each host (charts come and go). */
const SYNC_EVERY_S = 10;
/** How often alarm log entries older than `health log history` are deleted from the files. */
const LOG_CLEANUP_EVERY_S = 3600;

/** The alarm log of a host and what sends its notifications; they outlive the host's running alerts. */
interface HostAlarms {
  log: HostAlarmLog;
  notifications: HostNotifications;
}

/**
 * Runs the health of every child host: once a second each host whose settings enable health (`yes`, or `auto` while
 * its child is connected, and after it vanished without closing its connection) gets its due alerts evaluated, its
 * status changes written to its alarm log, and the notifications that are due sent.
 */
export class HealthService {
  private readonly hosts = new Map<string, HostHealth>();
  private readonly alarms = new Map<string, HostAlarms>();

  constructor(
    private readonly definitions: readonly AlertDefinition[],
    private readonly registry: HostRegistry,
    private readonly settings: ParentConfig['health'],
    private readonly logger: Logger,
  ) {}

  runsOn(host: Host): boolean {
    if (host === this.registry.localhost) return false;
    const mode = host.settings?.healthEnabled ?? 'no';
    // auto: a child that closed its connection is gone on purpose; one that vanished still needs its alarms
    return mode === 'yes' || (mode === 'auto' && (host.reachable || host.vanished));
  }

  /** `postpone alarms on connect seconds`: a host's health waits this long after its child connects, as Netdata's. */
  private postponed(host: Host, now: number): boolean {
    const r = host.receiver;
    return r !== null && now < r.connectedUs / 1e6 + (host.settings?.postponeAlarmsSeconds ?? 0);
  }

  tick(now: number): void {
    for (const host of this.registry.all()) {
      if (!this.runsOn(host)) continue;
      if (this.postponed(host, now)) continue;
      let h = this.hosts.get(host.machineGuid);
      const fresh = !h;
      if (!h) {
        const alarms = this.alarmsOf(host, now);
        h = new HostHealth(
          this.definitions,
          host.projection,
          () => ({ hostname: host.hostname, os: host.projection.identity.os, labels: host.projection.hostLabels() }),
          (a, t) => this.record(host, alarms, a, t),
        );
        this.hosts.set(host.machineGuid, h);
      }
      try {
        if (fresh || now % SYNC_EVERY_S === 0) h.sync(now);
        h.evaluate(now);
        this.alarmsOf(host, now).notifications.process(h.list(), now);
      } catch (err) {
        this.logger.error({ err }, `HEALTH [${host.hostname}]: evaluation failed: ${(err as Error).message}`);
      }
    }
    // a host whose health paused (auto, and its child closed the connection) keeps its alerts and their statuses for
    // when it comes back, as Netdata keeps a host's alarms; a host that left memory loses them
    this.forgetGoneHosts(now);
  }

  /** The alerts running on a host (null when health does not run there). */
  alerts(host: Host): RunningAlert[] | null {
    return this.runsOn(host) ? this.hosts.get(host.machineGuid)?.list() ?? [] : null;
  }

  /** The host's alarm log: kept in its event log file, so it is there for hosts not running health now too. */
  alarmLog(host: Host): HostAlarmLog | null {
    return host === this.registry.localhost ? null : this.alarmsOf(host, Math.floor(Date.now() / 1000)).log;
  }

  get defaultExec(): string {
    return this.settings.script;
  }

  get defaultRecipient(): string {
    return this.settings.defaultRecipient;
  }

  /** Netdata's `command` of an alarm entry: how to edit the definition that raised it. */
  editCommand(e: AlarmEntry): string {
    return editCommandFromSource(e.source, this.settings.configDir, this.registry.localhost.hostname);
  }

  latestLogId(host: Host): number {
    return this.alarms.get(host.machineGuid)?.log.latestUniqueId() ?? 0;
  }

  /** Resolves when no notification is running or waiting for a retry. */
  async idle(): Promise<void> {
    await Promise.all([...this.alarms.values()].map((a) => a.notifications.idle()));
  }

  close(): void {
    for (const a of this.alarms.values()) a.notifications.close();
  }

  private alarmsOf(host: Host, now: number): HostAlarms {
    let a = this.alarms.get(host.machineGuid);
    if (a) return a;
    const store = this.openStore(host, now);
    const log = new HostAlarmLog(store, this.settings.maxLogEntries, now, this.logger, host.hostname);
    a = { log, notifications: new HostNotifications(host, log, this.settings, this.logger, (e) => this.editCommand(e)) };
    this.alarms.set(host.machineGuid, a);
    return a;
  }

  private openStore(host: Host, now: number): AlarmLogStore | null {
    if (!host.log) return null;
    try {
      const store = new AlarmLogStore(host.log.database());
      const deleted = store.deleteBefore(now - this.settings.logHistorySeconds);
      if (deleted) this.logger.info(`HEALTH [${host.hostname}]: deleted ${deleted} alarm log entries older than ${this.settings.logHistorySeconds} seconds`);
      return store;
    } catch (err) {
      this.logger.error({ err }, `HEALTH [${host.hostname}]: cannot open the alarm log in ${host.log.file}; it is kept in memory only`);
      return null;
    }
  }

  /** Hosts that left memory drop their alerts and alarm log (its file stays); old entries are deleted now and then. */
  private forgetGoneHosts(now: number): void {
    const present = new Set(this.registry.all().map((h) => h.machineGuid));
    for (const guid of this.hosts.keys()) if (!present.has(guid)) this.hosts.delete(guid);
    for (const [guid, a] of this.alarms) {
      if (present.has(guid)) continue;
      a.notifications.close();
      this.alarms.delete(guid);
    }
    if (now % LOG_CLEANUP_EVERY_S === 0) {
      for (const host of this.registry.all()) {
        if (this.alarms.has(host.machineGuid)) this.openStore(host, now);
      }
    }
  }

  private record(host: Host, alarms: HostAlarms, alert: RunningAlert, t: Transition): void {
    const e = alarms.log.add(alarmEntryFields(host, alert, t));
    this.logger.debug(`HEALTH [${host.hostname}]: ${e.chartId}.${e.name} ${e.oldStatus} -> ${e.newStatus}, value ${e.newValue} (alarm log id ${e.uniqueId})`);
  }
}

/** What a status change puts in the alarm log, from the alert and its chart at that moment. */
function alarmEntryFields(host: Host, a: RunningAlert, t: Transition) {
  const d = a.attached.definition;
  const chart = host.projection.chart(a.attached.chartId);
  // Netdata quotes the crit expression for a CRITICAL alert and the warn expression otherwise, with the values of the
  // variables its last evaluation used
  const expr = t.to === 'CRITICAL' ? d.crit : d.warn;
  const result = t.to === 'CRITICAL' ? a.critResult : a.warnResult;
  return {
    when: t.when, duration: t.duration, name: a.attached.name, chartId: a.attached.chartId,
    chartName: chart?.name ?? a.attached.chartId, context: chart?.context ?? '', family: chart?.family ?? '',
    classification: d.classification, component: d.component, type: d.type, exec: d.exec, recipient: d.to, source: d.source,
    units: d.units, info: d.info, oldStatus: t.from, newStatus: t.to, oldValue: a.oldValue, newValue: a.value,
    delay: t.delay, delayUpToTimestamp: t.notifyAt, noClearNotification: d.noClearNotification,
    expressionSource: expr?.source ?? 'NOSOURCE', expressionError: expr && result ? result.trace : 'NOERRMSG',
  };
}
