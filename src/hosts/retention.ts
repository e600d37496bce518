import type { ParentConfig } from '../config';
import type { HostRegistry } from './host-registry';
import type { Logger } from '../log';
import { nowUs } from '../util/clock';

/** Enforces `[event log] retention seconds` and `max size MB` (per host) in the background, one host at a time. */
export function startRetention(registry: HostRegistry, cfg: ParentConfig['eventLog'], logger: Logger): NodeJS.Timeout {
  const timer = setInterval(() => {
    for (const host of registry.all()) {
      if (!host.log) continue;
      try {
        const r = host.log.enforceRetention({ nowUs: nowUs(), maxAgeUs: cfg.retentionSeconds * 1e6, maxBytes: cfg.maxBytes });
        if (r.deletedEvents) logger.info(`event log retention for host '${host.hostname}': removed ${r.deletedEvents} events, ${r.fileBytes} bytes on disk`);
      } catch (err) {
        logger.error({ err }, `event log retention for host '${host.hostname}' failed`);
      }
    }
  }, cfg.retentionCheckSeconds * 1000);
  timer.unref();
  return timer;
}
