import type { HostRegistry } from '../hosts/host-registry';
import type { Host } from '../hosts/host';
import type { Logger } from '../log';
import type { AlertDefinition } from './config/alert-definition';
import type { Transition } from './evaluate/alarm-status';
import { HostHealth, type RunningAlert } from './host-health';

/** How often the alerts are re-attached to the charts of each host (charts come and go). */
const SYNC_EVERY_S = 10;
/** Transitions kept per host for /api/v1/alarm_log until the event log keeps them. */
const ALARM_LOG_ENTRIES = 1000;

export interface AlarmLogEntry {
  uniqueId: number;
  alert: RunningAlert;
  transition: Transition;
  value: number;
}

/**
 * Runs the health of every child host: once a second each host whose settings enable health (`yes`, or `auto`
 * while its child is connected) gets its due alerts evaluated; alerts are attached again every SYNC_EVERY_S.
 */
export class HealthService {
  private readonly hosts = new Map<string, HostHealth>();
  private readonly logs = new Map<string, AlarmLogEntry[]>();
  private nextLogId = 1;

  constructor(
    private readonly definitions: readonly AlertDefinition[],
    private readonly registry: HostRegistry,
    private readonly logger: Logger,
  ) {}

  runsOn(host: Host): boolean {
    if (host === this.registry.localhost) return false;
    const mode = host.settings?.healthEnabled ?? 'no';
    return mode === 'yes' || (mode === 'auto' && host.reachable);
  }

  tick(now: number): void {
    for (const host of this.registry.all()) {
      if (!this.runsOn(host)) continue;
      let h = this.hosts.get(host.machineGuid);
      const fresh = !h;
      if (!h) {
        h = new HostHealth(
          this.definitions,
          host.projection,
          () => ({ hostname: host.hostname, os: host.projection.identity.os, labels: host.projection.hostLabels() }),
          (a, t) => this.record(host, a, t),
        );
        this.hosts.set(host.machineGuid, h);
      }
      try {
        if (fresh || now % SYNC_EVERY_S === 0) h.sync(now);
        h.evaluate(now);
      } catch (err) {
        this.logger.error({ err }, `HEALTH [${host.hostname}]: evaluation failed: ${(err as Error).message}`);
      }
    }
  }

  /** The alerts running on a host (null when health does not run there). */
  alerts(host: Host): RunningAlert[] | null {
    return this.runsOn(host) ? this.hosts.get(host.machineGuid)?.list() ?? [] : null;
  }

  alarmLog(host: Host): readonly AlarmLogEntry[] {
    return this.logs.get(host.machineGuid) ?? [];
  }

  latestLogId(host: Host): number {
    return this.alarmLog(host).at(-1)?.uniqueId ?? 0;
  }

  private record(host: Host, alert: RunningAlert, transition: Transition): void {
    let log = this.logs.get(host.machineGuid);
    if (!log) this.logs.set(host.machineGuid, (log = []));
    log.push({ uniqueId: this.nextLogId++, alert, transition, value: alert.value });
    if (log.length > ALARM_LOG_ENTRIES) log.shift();
    this.logger.debug(`HEALTH [${host.hostname}]: ${alert.attached.chartId}.${alert.attached.name} ${transition.from} -> ${transition.to}, value ${alert.value}`);
  }
}
