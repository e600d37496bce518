import fs from 'node:fs';
import path from 'node:path';
import type { LoadedConfig } from '../config';
import { HostEventLog } from '../eventlog';
import { silentLogger, type Logger } from '../log';
import { HostProjection, type HostIdentity } from '../projection/host-projection';
import { RamHostStorage } from '../projection/ram/ram-storage';
import { parseStreamRequest } from '../net/stream-request';
import { isGuid } from '../net/stream-auth';
import { Host } from './host';
import { identityFromRequest } from './host-identity';
import { rebuildProjection } from './rebuild-projection';
import { openHostStorage, type StorageFactories } from './host-storage';
import { nowUs } from '../util/clock';
import { VERSION } from '../version';

export const EVENT_LOG_FILE = 'events.sqlite';

/** All hosts this parent knows: itself first, then every child that ever streamed to it (found on disk at start-up). */
export class HostRegistry {
  readonly localhost: Host;
  private readonly byGuid = new Map<string, Host>();

  constructor(
    private readonly config: LoadedConfig,
    private readonly logger: Logger,
    localGuid: string,
    private readonly storages: StorageFactories,
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
      programVersion: VERSION,
      updateEvery: p.updateEvery,
    };
    this.localhost = new Host(localGuid, p.hostname, null, new HostProjection({ identity, history: p.history, storage: new RamHostStorage() }), null);
    this.localhost.hops = 0;
    this.byGuid.set(localGuid, this.localhost);
  }

  /**
   * Opens every host directory under the cache dir and rebuilds its projection from its event log, except hosts
   * orphaned longer than `cleanup orphan hosts after secs`: they stay on disk until they connect again.
   */
  loadFromDisk(): void {
    const dir = this.config.parent.cacheDir;
    if (!fs.existsSync(dir)) return;
    const cleanupUs = this.config.parent.cleanupOrphanHostsSeconds * 1e6;
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name, EVENT_LOG_FILE);
      if (!isGuid(name) || !fs.existsSync(file)) continue;
      try {
        if (cleanupUs > 0 && lastSeenUs(file) < nowUs() - cleanupUs) continue;
        this.open(name.toLowerCase(), null);
      } catch (err) {
        this.logger.error({ err, file }, `cannot load the event log of host ${name}; skipping it`);
      }
    }
  }

  /**
   * The host for this GUID, opening (and replaying) its event log when it is not in memory yet. A host opened for a
   * connection (`connectingKey`) takes its memory mode and history from that key's settings, as Netdata creates a
   * host; one loaded from disk from the key of its last session.
   */
  open(guid: string, fallbackIdentity: HostIdentity | null, connectingKey: string | null = null): Host {
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
    let apiKey = connectingKey ?? '';
    if (last) {
      apiKey ||= last.apiKey;
      const head = `STREAM ${Object.entries(last.requestParams).map(([k, v]) => `${k}=${v}`).join('&')} HTTP/1.1\r\nUser-Agent: ${last.program ?? ''}/${last.programVersion ?? ''}\r\n`;
      identity = identityFromRequest(parseStreamRequest(head), guid);
    }
    identity ??= { hostname: guid, machineGuid: guid, os: '', timezone: '', abbrevTimezone: '', utcOffset: 0, tags: '', programName: '', programVersion: '', updateEvery: p.updateEvery };
    const settings = apiKey ? this.config.stream.host(apiKey, guid) : null;
    const mode = settings?.memoryMode ?? p.memoryMode;
    const history = settings?.history ?? p.history;
    const storage = openHostStorage(path.join(p.cacheDir, guid), mode, history, this.storages, identity.hostname, this.logger);
    const projection = new HostProjection({ identity, history, storage });
    const host = new Host(guid, identity.hostname, log, projection, settings);
    // ram/save/map hold `history` slots: keep a margin of a few so the value algorithms are primed before the oldest
    // slot; dbengine holds whatever its quota allows, so it replays everything not yet persisted.
    const windowUs = mode === 'dbengine' ? Infinity : (history + 5) * Math.max(1, identity.updateEvery) * 1e6;
    if (last) {
      const primeUs = 5 * Math.max(1, identity.updateEvery) * 1e6;
      rebuildProjection(log, projection, identity.hostname, windowUs, storage?.resumeSeq() ?? 0, primeUs, this.logger);
      host.lastDisconnectUs = last.endedUs ?? nowUs();
    }
    this.byGuid.set(guid, host);
    return host;
  }

  /** Drops a disconnected host from memory: its storage is checkpointed and closed, its files stay. */
  remove(host: Host): void {
    if (host.receiver || host === this.localhost) return;
    this.byGuid.delete(host.machineGuid);
    closeHost(host, this.logger);
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
      closeHost(h, this.logger);
    }
  }
}

/** The log first (its last batch commits), then the storage, told that everything applied is now durable. */
function closeHost(host: Host, logger: Logger): void {
  try {
    host.log?.close();
    const storage = host.projection.storage;
    storage?.checkpoint(host.projection.lastAppliedSeq);
    storage?.close();
  } catch (err) {
    logger.error({ err }, `closing host '${host.hostname}' failed`);
  }
}

/** When a host was last connected, from its log's newest session (for hosts not loaded at start-up). */
function lastSeenUs(file: string): number {
  const log = HostEventLog.open(file, { flushMs: 60_000, flushEvents: 1_000_000, logger: silentLogger });
  try {
    const last = log.sessions().at(-1);
    return last ? (last.endedUs ?? Number.MAX_SAFE_INTEGER) : 0;
  } finally {
    log.close();
  }
}
