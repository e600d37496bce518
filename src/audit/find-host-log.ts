import fs from 'node:fs';
import path from 'node:path';
import { HostEventLog } from '../eventlog';
import { silentLogger } from '../log';
import { EVENT_LOG_FILE } from '../hosts/host-registry';

export interface FoundHostLog {
  machineGuid: string;
  hostname: string;
  log: HostEventLog;
}

/** Finds a host's event log on disk by machine GUID or by the hostname of its latest session (for the offline CLI). */
export function findHostLog(cacheDir: string, which: string): FoundHostLog | null {
  if (!fs.existsSync(cacheDir)) return null;
  let best: (FoundHostLog & { lastStart: number }) | null = null;
  for (const name of fs.readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name, EVENT_LOG_FILE);
    if (!fs.existsSync(file)) continue;
    const log = HostEventLog.open(file, { flushMs: 1000, flushEvents: 1000, logger: silentLogger });
    const last = log.sessions().at(-1);
    const hostname = last?.hostname ?? name;
    const matches = name.toLowerCase() === which.toLowerCase() || hostname === which;
    if (matches && (!best || (last?.startedUs ?? 0) > best.lastStart)) {
      best?.log.close();
      best = { machineGuid: name, hostname, log, lastStart: last?.startedUs ?? 0 };
    } else log.close();
  }
  if (!best) return null;
  return { machineGuid: best.machineGuid, hostname: best.hostname, log: best.log };
}
