import fs from 'node:fs';
import path from 'node:path';
import type { LoadedConfig } from '../config';
import { HostEventLog } from '../eventlog';
import type { Logger } from '../log';
import { HostProjection, type HostIdentity } from '../projection/host-projection';
import { parseStreamRequest } from '../net/stream-request';
import { isGuid } from '../net/stream-auth';
import { Host } from './host';
import { identityFromRequest } from './host-identity';
import { rebuildProjection } from './rebuild-projection';

export const EVENT_LOG_FILE = 'events.sqlite';

/** All hosts this parent knows: itself first, then every child that ever streamed to it (found on disk at start-up). */
export class HostRegistry {
  readonly localhost: Host;
  private readonly byGuid = new Map<string, Host>();

  constructor(
    private readonly config: LoadedConfig,
    private readonly logger: Logger,
    localGuid: string,
  ) {
    const p = config.parent;
    const identity: HostIdentity = {
      hostname: p.hostname,
      machineGuid: localGuid,
      os: process.platform,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      abbrevTimezone: '',
      utcOffset: -new Date().getTimezoneOffset() * 60,
      tags: '',
      programName: 'streamledger',
      programVersion: '',
      updateEvery: p.updateEvery,
    };
    this.localhost = new Host(localGuid, p.hostname, null, new HostProjection({ identity, history: p.history, memoryMode: 'ram' }), null);
    this.localhost.hops = 0;
    this.byGuid.set(localGuid, this.localhost);
  }

  /** Opens every host directory under the cache dir and rebuilds its projection from its event log. */
  loadFromDisk(): void {
    const dir = this.config.parent.cacheDir;
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name, EVENT_LOG_FILE);
      if (!isGuid(name) || !fs.existsSync(file)) continue;
      try {
        this.open(name.toLowerCase(), null);
      } catch (err) {
        this.logger.error({ err, file }, `cannot load the event log of host ${name}; skipping it`);
      }
    }
  }

  /** The host for this GUID, opening (and replaying) its event log when it is not in memory yet. */
  open(guid: string, fallbackIdentity: HostIdentity | null): Host {
    const known = this.byGuid.get(guid);
    if (known) return known;
    const p = this.config.parent;
    const log = HostEventLog.open(path.join(p.cacheDir, guid, EVENT_LOG_FILE), {
      flushMs: p.eventLog.flushMs,
      flushEvents: p.eventLog.flushEvents,
      logger: this.logger,
    });
    const last = log.sessions().at(-1);
    let identity = fallbackIdentity;
    let apiKey = '';
    if (last) {
      apiKey = last.apiKey;
      const head = `STREAM ${Object.entries(last.requestParams).map(([k, v]) => `${k}=${v}`).join('&')} HTTP/1.1\r\nUser-Agent: ${last.program ?? ''}/${last.programVersion ?? ''}\r\n`;
      identity = identityFromRequest(parseStreamRequest(head), guid);
    }
    identity ??= { hostname: guid, machineGuid: guid, os: '', timezone: '', abbrevTimezone: '', utcOffset: 0, tags: '', programName: '', programVersion: '', updateEvery: p.updateEvery };
    const settings = apiKey ? this.config.stream.host(apiKey, guid) : null;
    const projection = new HostProjection({
      identity,
      history: settings?.history ?? p.history,
      memoryMode: (settings?.memoryMode ?? p.memoryMode) === 'none' ? 'none' : 'ram',
    });
    const host = new Host(guid, identity.hostname, log, projection, settings);
    // Keep a margin of a few slots so the value algorithms are primed before the oldest point the rings can hold.
    const windowUs = ((settings?.history ?? p.history) + 5) * Math.max(1, identity.updateEvery) * 1e6;
    if (last) rebuildProjection(log, projection, identity.hostname, windowUs, this.logger);
    this.byGuid.set(guid, host);
    return host;
  }

  /** By machine GUID (any case) or by hostname; the most recently connected wins when two hosts share a name. */
  find(nameOrGuid: string): Host | undefined {
    const byGuid = this.byGuid.get(nameOrGuid.toLowerCase());
    if (byGuid) return byGuid;
    let found: Host | undefined;
    for (const h of this.byGuid.values()) if (h.hostname === nameOrGuid && (!found || h.reachable)) found = h;
    return found;
  }

  all(): Host[] {
    return [...this.byGuid.values()];
  }

  closeAll(reason: string): void {
    for (const h of this.byGuid.values()) {
      h.receiver?.shutdown(reason);
      h.log?.close();
    }
  }
}
