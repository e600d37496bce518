import type { HostRegistry } from '../hosts/host-registry';
import type { Host } from '../hosts/host';
import type { Logger } from '../log';
import type { AlertDefinition } from './config/alert-definition';
import type { Transition } from './evaluate/alarm-status';
import { HostHealth, type RunningAlert } from './host-health';

/** How often the alerts are re-attached to the charts of each host (charts come and go). */
const SYNC_EVERY_S = 10;

/**
 * Runs the health of every child host: once a second each host whose settings enable health (`yes`, or `auto`
 * while its child is connected) gets its due alerts evaluated; alerts are attached again every SYNC_EVERY_S.
 */
export class HealthService {
  private readonly hosts = new Map<string, HostHealth>();
  /** Per host, the unique id of its latest status change (Netdata's latest_alarm_log_unique_id). */
  private readonly latestIds = new Map<string, number>();
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

  /** `postpone alarms on connect seconds`: a host's health waits this long after its child connects, as Netdata's. */
  private postponed(host: Host, now: number): boolean {
    const r = host.receiver;
    return r !== null && now < r.connectedUs / 1e6 + (host.settings?.postponeAlarmsSeconds ?? 0);
  }

  tick(now: number): void {
    const running = new Set<string>();
    for (const host of this.registry.all()) {
      if (!this.runsOn(host)) continue;
      running.add(host.machineGuid);
      if (this.postponed(host, now)) continue;
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
    // a host that left memory, or stopped running health (auto and disconnected), starts afresh when it comes back
    for (const guid of this.hosts.keys()) if (!running.has(guid)) this.hosts.delete(guid);
  }

  /** The alerts running on a host (null when health does not run there). */
  alerts(host: Host): RunningAlert[] | null {
    return this.runsOn(host) ? this.hosts.get(host.machineGuid)?.list() ?? [] : null;
  }

  latestLogId(host: Host): number {
    return this.latestIds.get(host.machineGuid) ?? 0;
  }

  private record(host: Host, alert: RunningAlert, transition: Transition): void {
    this.latestIds.set(host.machineGuid, this.nextLogId++);
    this.logger.debug(`HEALTH [${host.hostname}]: ${alert.attached.chartId}.${alert.attached.name} ${transition.from} -> ${transition.to}, value ${alert.value}`);
  }
}
