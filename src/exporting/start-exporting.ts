import type { HostRegistry } from '../hosts/host-registry';
import type { Logger } from '../log';
import { nowSec } from '../util/clock';
import { startHeartbeat } from '../util/heartbeat';
import type { ExportingSettings } from './exporting-settings';
import { ExportingInstance } from './exporting-instance';

export interface Exporting {
  instances: ExportingInstance[];
  /** Stops the rounds, lets a batch being sent finish (at most `waitMs`), and closes the connections. */
  stop(waitMs: number): Promise<void>;
}

/** Starts every enabled instance, ticked once a second; null when none is configured. */
export function startExporting(settings: ExportingSettings[], registry: HostRegistry, logger: Logger): Exporting | null {
  if (!settings.length) return null;
  const now = nowSec();
  const instances = settings.map((s) => new ExportingInstance(s, registry, logger, now));
  const heartbeat = startHeartbeat(1, (t) => {
    for (const i of instances) i.tick(t);
  });
  return {
    instances,
    async stop(waitMs) {
      heartbeat.stop();
      await Promise.race([Promise.all(instances.map((i) => i.idle())), new Promise((r) => setTimeout(r, waitMs).unref())]);
      for (const i of instances) i.close();
    },
  };
}
