import type { ParentConfig } from '../config';
import type { Logger } from '../log';
import { nowUs } from '../util/clock';
import type { HostRegistry } from './host-registry';

const MAX_EVERY_MS = 10_000;

/**
 * Periodic upkeep of the hosts in memory: persisted storages are told what the event log has committed (so a restart
 * replays only what came after), stale charts are forgotten, and hosts orphaned too long leave memory, as Netdata's
 * `cleanup obsolete charts after secs` and `cleanup orphan hosts after secs` do. Their files stay on disk.
 */
export function startHousekeeping(registry: HostRegistry, p: ParentConfig, logger: Logger): NodeJS.Timeout {
  // Often enough that a short cleanup setting is honoured within half its length.
  const shortest = Math.min(...[p.cleanupOrphanHostsSeconds, p.cleanupObsoleteChartsSeconds].filter((s) => s > 0).map((s) => s * 500), MAX_EVERY_MS);
  const timer = setInterval(() => runHousekeeping(registry, p, logger), Math.max(500, shortest));
  timer.unref();
  return timer;
}

export function runHousekeeping(registry: HostRegistry, p: ParentConfig, logger: Logger): void {
  const now = nowUs();
  for (const host of registry.all()) {
    if (host === registry.localhost) continue;
    try {
      if (host.log && host.projection.storage) host.projection.storage.checkpoint(Math.min(host.projection.lastAppliedSeq, host.log.committedSeq()));
      if (p.cleanupObsoleteChartsSeconds > 0) {
        const n = host.projection.removeStaleCharts(now / 1e6, p.cleanupObsoleteChartsSeconds);
        if (n) logger.info(`host '${host.hostname}': removed ${n} charts that were obsolete or not collected for ${p.cleanupObsoleteChartsSeconds} seconds`);
      }
      const orphanUs = p.cleanupOrphanHostsSeconds * 1e6;
      if (orphanUs > 0 && !host.receiver && host.lastDisconnectUs && now - host.lastDisconnectUs > orphanUs) {
        registry.remove(host);
        logger.info(`host '${host.hostname}' (${host.machineGuid}) was disconnected for more than ${p.cleanupOrphanHostsSeconds} seconds: removed from memory; its event log stays on disk`);
      }
    } catch (err) {
      logger.error({ err }, `housekeeping of host '${host.hostname}' failed`);
    }
  }
}
