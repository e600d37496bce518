import type { Logger } from '../../log';
import type { AlarmStatus } from '../evaluate/alarm-status';
import type { AlarmEntry, NotificationAttempt } from '../log/alarm-entry';
import { alarmNotifyArgs, type NotifyArgsContext } from './alarm-notify-args';
import { formatValueAndUnits } from './format-value';
import { postWebhook } from './post-webhook';
import { runExec, type ChannelResult } from './run-exec';

export interface NotifierOptions {
  /** The program for alerts without `exec`; '' runs none (webhooks only). */
  defaultExec: string;
  /** The roles of alerts without `to`. */
  defaultRecipient: string;
  /** For one run of the program or one POST. */
  timeoutMs: number;
  /** Further tries after a failure, `retryDelayMs` apart, doubling. */
  retries: number;
  retryDelayMs: number;
  /** Role -> URL: a role of the recipient with a URL also gets the notification as a JSON POST. */
  webhooks: ReadonlyMap<string, string>;
  logger: Logger;
  /** Every try, whether it worked or not. */
  record: (a: NotificationAttempt) => void;
}

/** The host an alert belongs to, as the notification names it. */
export type NotifyHost = Omit<NotifyArgsContext, 'defaultRecipient'>;

/** What a webhook receives: the alarm log entry with the field names of Netdata's alarm log JSON. */
export interface WebhookBody {
  host: string;
  /** '' for the parent's own alerts. */
  machine_guid: string;
  unique_id: number;
  alarm_id: number;
  event_id: number;
  /** Seconds since the epoch. */
  when: number;
  name: string;
  /** The chart's id (type.id). */
  chart: string;
  family: string;
  context: string;
  status: AlarmStatus;
  old_status: AlarmStatus;
  /** null when not a number. */
  value: number | null;
  old_value: number | null;
  /** As the alarm log shows it: formatValueAndUnits(value, units). */
  value_string: string;
  units: string;
  info: string;
  /** Seconds the previous status lasted. */
  duration: number;
  non_clear_duration: number;
  /** `<line>@<file>` of the alert's definition. */
  source: string;
  class: string;
  component: string;
  type: string;
  /** true for a repeated WARNING / CRITICAL notification. */
  repeat: boolean;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function webhookBody(e: AlarmEntry, host: NotifyHost, repeat: boolean): WebhookBody {
  return {
    host: host.hostname,
    machine_guid: host.machineGuid,
    unique_id: e.uniqueId,
    alarm_id: e.alarmId,
    event_id: e.alarmEventId,
    when: e.when,
    name: e.name,
    chart: e.chartId,
    family: e.family,
    context: e.context,
    status: e.newStatus,
    old_status: e.oldStatus,
    value: finite(e.newValue),
    old_value: finite(e.oldValue),
    value_string: formatValueAndUnits(e.newValue, e.units),
    units: e.units,
    info: e.info,
    duration: e.duration,
    non_clear_duration: e.nonClearDuration,
    source: e.source,
    class: e.classification || 'Unknown',
    component: e.component || 'Unknown',
    type: e.type || 'Unknown',
    repeat,
  };
}

function describe(channel: string, r: ChannelResult): string {
  if (channel !== 'exec' || r.code === -1) return r.detail;
  return r.detail ? `exit code ${r.code}: ${r.detail}` : `exit code ${r.code}`;
}

/**
 * Sends the notifications of alarm log entries: runs the notification program (the entry's `exec` or the default)
 * with Netdata's arguments, and POSTs to the webhook of each role of the recipient that has one. Each channel is tried
 * again after a failure, and every try is recorded. Nothing blocks the caller: the work is tracked, so that `idle()`
 * can wait for it.
 */
export class Notifier {
  private readonly running = new Set<Promise<void>>();
  /** Cancels the retries waiting for their turn. */
  private readonly waiting = new Set<() => void>();
  private closed = false;

  constructor(private readonly opts: NotifierOptions) {}

  notify(e: AlarmEntry, host: NotifyHost, repeat: boolean): void {
    if (this.closed) return;
    const { logger, defaultRecipient, timeoutMs, webhooks } = this.opts;
    logger.info(`HEALTH [${host.hostname}]: sending notification for alarm '${e.chartId}.${e.name}' status ${e.newStatus}${repeat ? ' (repeat)' : ''}`);
    const program = e.exec || this.opts.defaultExec;
    if (program) {
      const args = alarmNotifyArgs(e, { ...host, defaultRecipient });
      this.track(e, host.hostname, 'exec', repeat, () => runExec(program, args, { timeoutMs }));
    }
    const roles = new Set((e.recipient || defaultRecipient).split(/\s+/).filter(Boolean));
    for (const role of roles) {
      const url = webhooks.get(role);
      if (!url) continue;
      const body = webhookBody(e, host, repeat);
      this.track(e, host.hostname, `webhook:${role}`, repeat, () => postWebhook(url, body, timeoutMs));
    }
  }

  /** Resolves once nothing is running or waiting to be retried. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  /** Takes no more notifications and drops the retries not started yet; runs under way finish (see idle()). */
  close(): void {
    this.closed = true;
    for (const cancel of this.waiting) cancel();
  }

  private track(e: AlarmEntry, hostname: string, channel: string, repeat: boolean, run: () => Promise<ChannelResult>): void {
    const p: Promise<void> = this.deliver(e, hostname, channel, repeat, run)
      .catch((err: unknown) => this.opts.logger.error({ err }, `HEALTH [${hostname}]: alarm notification for ${e.chartId}.${e.name} (${e.newStatus}) failed: ${channel}: ${(err as Error).message}`))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  private async deliver(e: AlarmEntry, hostname: string, channel: string, repeat: boolean, run: () => Promise<ChannelResult>): Promise<void> {
    const { logger, retries, record } = this.opts;
    let delay = this.opts.retryDelayMs;
    for (let attempt = 1; ; attempt++) {
      const at = Math.floor(Date.now() / 1000);
      const r = await run();
      record({ uniqueId: e.uniqueId, channel, attempt, at, code: r.code, ok: r.ok, detail: r.detail, repeat });
      if (r.ok) return;
      const failed = `HEALTH [${hostname}]: alarm notification for ${e.chartId}.${e.name} (${e.newStatus}) failed: ${channel} attempt ${attempt}: ${describe(channel, r)}`;
      if (attempt > retries || this.closed) {
        logger.error(`${failed}; giving up`);
        return;
      }
      logger.warn(`${failed}; retrying in ${delay} ms`);
      if (!(await this.wait(delay))) return;
      delay *= 2;
    }
  }

  /** true after `ms`, false when close() came first. */
  private wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        this.waiting.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.waiting.delete(cancel);
        resolve(true);
      }, ms);
      this.waiting.add(cancel);
    });
  }
}
