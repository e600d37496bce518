import type { ParentConfig } from '../config';
import type { Host } from '../hosts/host';
import type { Logger } from '../log';
import type { AlarmEntry } from './log/alarm-entry';
import type { HostAlarmLog } from './log/host-alarm-log';
import { Notifier } from './notify/notifier';
import { repeatDue, shouldNotify } from './notify/should-notify';
import type { RunningAlert } from './host-health';

const isRepeating = (a: RunningAlert | undefined): boolean =>
  a !== undefined && (a.attached.definition.repeat.warning > 0 || a.attached.definition.repeat.critical > 0);

/**
 * Sends one host's alarm notifications, as Netdata 1.37's health loop does: each alarm log entry whose delay is over
 * and that no later change superseded is decided once (sent, or recorded as not needed and why); alerts with `repeat`
 * are notified on their own schedule instead, every `repeat` seconds while WARNING or CRITICAL and once when they clear.
 */
export class HostNotifications {
  private readonly notifier: Notifier;
  /** Per repeating alert (`chart/name`): when it was last notified, and whether its clearing was. */
  private readonly repeats = new Map<string, { last: number; clearSent: boolean }>();

  constructor(
    private readonly host: Host,
    private readonly log: HostAlarmLog,
    settings: ParentConfig['health'],
    logger: Logger,
    private readonly editCommand: (e: AlarmEntry) => string,
  ) {
    this.notifier = new Notifier({
      defaultExec: settings.script,
      defaultRecipient: settings.defaultRecipient,
      timeoutMs: settings.notificationTimeoutMs,
      retries: settings.notificationRetries,
      retryDelayMs: settings.notificationRetryDelayMs,
      webhooks: settings.webhooks,
      logger,
      record: (a) => log.recordAttempt(a),
    });
  }

  process(alerts: readonly RunningAlert[], now: number): void {
    const byKey = new Map(alerts.map((a) => [`${a.attached.chartId}/${a.attached.name}`, a]));
    for (const e of this.log.due(now)) {
      this.log.markProcessed(e.uniqueId);
      if (isRepeating(byKey.get(`${e.chartId}/${e.name}`))) {
        this.recordSkip(e, 'the alert repeats: its notifications follow its repeat schedule', now);
        continue;
      }
      const last = this.log.lastExecuted(e.alarmId, e.uniqueId);
      const decision = shouldNotify(e, last ? [last] : []);
      if (decision.notify) this.notifier.notify(e, this.context(alerts, e), false);
      else this.recordSkip(e, decision.reason, now);
    }
    for (const a of alerts) if (isRepeating(a)) this.repeat(a, alerts, now);
  }

  idle(): Promise<void> {
    return this.notifier.idle();
  }

  close(): void {
    this.notifier.close();
  }

  /** Netdata's repeating alarms: notified while raised every `repeat` seconds once the delay is over, and once on clearing. */
  private repeat(a: RunningAlert, alerts: readonly RunningAlert[], now: number): void {
    const t = a.lastTransition;
    if (!t || t.notifyAt > now) return;
    const key = `${a.attached.chartId}/${a.attached.name}`;
    const r = this.repeats.get(key) ?? { last: 0, clearSent: true };
    const status = a.state.status;
    let send = false;
    if (status === 'WARNING' || status === 'CRITICAL') {
      send = repeatDue(status, r.last, now, a.attached.definition.repeat);
      r.clearSent = false;
    } else if (status === 'CLEAR' && !r.clearSent) {
      send = true;
      r.clearSent = true;
    }
    this.repeats.set(key, r);
    if (!send) return;
    const entry = this.log.list().find((e) => e.chartId === a.attached.chartId && e.name === a.attached.name);
    if (!entry) return;
    const repeated = r.last !== 0 && status !== 'CLEAR';
    r.last = now;
    this.notifier.notify(entry, this.context(alerts, entry), repeated);
  }

  private recordSkip(e: AlarmEntry, reason: string, now: number): void {
    this.log.recordAttempt({ uniqueId: e.uniqueId, channel: 'none', attempt: 1, at: now, code: 0, ok: true, detail: reason, repeat: false });
  }

  /** The host and its other raised alerts, as the notification program is told of them. */
  private context(alerts: readonly RunningAlert[], e: AlarmEntry) {
    const raised = (status: string) =>
      alerts
        .filter((a) => a.state.status === status && !(a.attached.chartId === e.chartId && a.attached.name === e.name))
        .map((a) => ({ name: a.attached.name, since: a.state.lastStatusChange }));
    return {
      hostname: this.host.hostname, machineGuid: this.host.machineGuid, warnAlarms: raised('WARNING'), critAlarms: raised('CRITICAL'),
      editCommand: this.editCommand(e),
    };
  }
}
