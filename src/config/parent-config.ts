import * as os from 'node:os';
import * as path from 'node:path';
import { parseBindTo } from './bind-address';
import { ConfigError, describeLocation } from './errors';
import type { IniDocument } from './ini-file';
import { entryLocation, SectionReader } from './section-reader';
import type { ParentConfig } from './types';
import { readWebTls } from './web-tls';
import { boolean, history, integer, memoryMode, nonEmptyText, oneOf, port, updateEvery, type ValueParser } from './values';

type Warn = (msg: string) => void;
type KeyRef = readonly [section: string, key: string];

/**
 * Older names Netdata still accepts, moved to their current place before reading (Netdata's config_move):
 * a value set under both names keeps the current one. The `[logs] ... log` names are streamledger's own
 * early spelling.
 */
const LEGACY_KEYS: ReadonlyArray<readonly [from: KeyRef, to: KeyRef]> = [
  [['global', 'memory mode'], ['db', 'mode']],
  [['global', 'history'], ['db', 'retention']],
  [['global', 'update every'], ['db', 'update every']],
  [['global', 'bind socket to IP'], ['web', 'bind to']],
  [['global', 'port'], ['web', 'default port']],
  [['global', 'config directory'], ['directories', 'config']],
  [['global', 'cache directory'], ['directories', 'cache']],
  [['global', 'lib directory'], ['directories', 'lib']],
  [['global', 'access log'], ['logs', 'access']],
  [['global', 'error log'], ['logs', 'error']],
  [['logs', 'access log'], ['logs', 'access']],
  [['logs', 'error log'], ['logs', 'error']],
  [['global', 'cleanup orphan hosts after seconds'], ['db', 'cleanup orphan hosts after secs']],
  [['global', 'cleanup obsolete charts after seconds'], ['db', 'cleanup obsolete charts after secs']],
  [['global', 'dbengine multihost disk space'], ['db', 'dbengine multihost disk space MB']],
  [['global', 'page cache size'], ['db', 'dbengine page cache size MB']],
];

// `[backend]` is read by the exporting configuration (read-exporting-config.ts)
const SECTIONS = ['global', 'db', 'web', 'directories', 'logs', 'event log', 'health', 'health webhooks', 'backend'];
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const MB = 1024 * 1024;

function moveLegacyKeys(doc: IniDocument, warn: Warn): void {
  for (const [from, to] of LEGACY_KEYS) {
    const entry = doc.get(...from);
    if (!entry) continue;
    doc.delete(...from);
    if (doc.get(...to)) warn(`${describeLocation(entryLocation(entry))}: ignored: [${to[0]}] "${to[1]}" is also set`);
    else doc.set(...to, entry);
  }
}

/** A path relative to the working directory, as Netdata resolves its own. */
const directory: ValueParser<string> = (value) => path.resolve(nonEmptyText(value));

/** A log destination: `none` disables it (null), anything else is a file path. */
const logFile: ValueParser<string | null> = (value) => (value === 'none' ? null : path.resolve(nonEmptyText(value)));

const errorLog: ValueParser<string> = (value) =>
  ['stdout', 'stderr', 'none'].includes(value) ? value : path.resolve(nonEmptyText(value));

/** Reads the parent's configuration; `file` is the absolute path of the document. */
export function readParentConfig(doc: IniDocument, file: string, warn: Warn): ParentConfig {
  moveLegacyKeys(doc, warn);
  const section = (name: string) => new SectionReader(doc, name);

  const global = section('global');
  const hostname = global.get('hostname', nonEmptyText, os.hostname());

  const db = section('db');
  const dbSettings = {
    memoryMode: db.get('mode', memoryMode, 'ram'),
    history: db.get('retention', history, 3600),
    updateEvery: db.get('update every', updateEvery, 1),
    replication: {
      enabled: db.get('enable replication', boolean, true),
      secondsToReplicate: db.get('seconds to replicate', integer(0), 86400),
      secondsPerStep: db.get('seconds per replication step', integer(1), 600),
    },
    dbengineDiskSpaceBytes: db.get('dbengine multihost disk space MB', integer(1, 10 * MB), 256) * MB,
    dbenginePageCacheBytes: db.get('dbengine page cache size MB', integer(1, MB), 32) * MB,
    cleanupOrphanHostsSeconds: db.get('cleanup orphan hosts after secs', integer(0), 3600),
    cleanupObsoleteChartsSeconds: db.get('cleanup obsolete charts after secs', integer(0), 3600),
  };

  const web = section('web');
  const defaultPort = web.get('default port', port, 19999);
  const bind = web.get('bind to', (v) => parseBindTo(v, defaultPort), [{ host: '127.0.0.1', port: defaultPort }]);
  const tls = readWebTls(doc, web, bind);
  const acceptStreamingEverySeconds = web.get('accept a streaming request every seconds', integer(0), 0);
  const firstRequestTimeoutSeconds = web.get('timeout for first request', integer(1), 60);
  const httpIdleSeconds = web.get('disconnect idle clients after seconds', integer(1), 60);

  const dirs = section('directories');
  const configDir = dirs.get('config', directory, path.dirname(file));
  const cacheDir = dirs.get('cache', directory, path.resolve('data'));
  const libDir = dirs.get('lib', directory, path.resolve('data'));
  // Netdata's two health.d directories: the user's files replace the stock files of the same name
  const healthConfigDir = dirs.get('health config', directory, path.join(configDir, 'health.d'));
  const stockHealthConfigDir = dirs.get('stock health config', directory, '/usr/lib/netdata/conf.d/health.d');

  const logs = section('logs');
  const accessLog = logs.get('access', logFile, path.join(cacheDir, 'access.log'));
  const errorLogValue = logs.get('error', errorLog, 'stdout');
  const logLevel = logs.get('level', oneOf(LOG_LEVELS), 'info');

  const events = section('event log');
  const eventLog = {
    retentionSeconds: events.get('retention seconds', integer(1), 7 * 86400),
    maxBytes: events.get('max size MB', integer(1, MB), 1024) * MB,
    flushMs: events.get('flush every milliseconds', integer(1, 60_000), 100),
    flushEvents: events.get('flush every events', integer(1, 1_000_000), 1000),
    retentionCheckSeconds: events.get('retention check every seconds', integer(1, 86400), 60),
    maxLineBytes: events.get('max line bytes', integer(1024, 16 * MB), 65536),
  };

  const health = section('health');
  const healthEnabled = health.get('enabled', boolean, true);
  const healthSettings = {
    configDir,
    // the project's own script (conf/alarm-notify.sh) unless Netdata's alarm-notify.sh is named here
    script: health.get('script to execute on alarm', directory, path.join(configDir, 'alarm-notify.sh')),
    defaultRecipient: health.get('default recipient', nonEmptyText, 'root'),
    maxLogEntries: health.get('in memory max health log entries', integer(10, 100_000), 1000),
    logHistorySeconds: health.get('health log history', integer(86400), 5 * 86400),
    notificationTimeoutMs: health.get('notification timeout seconds', integer(1, 3600), 30) * 1000,
    notificationRetries: health.get('notification retries', integer(0, 100), 2),
    notificationRetryDelayMs: health.get('notification retry delay seconds', integer(1, 3600), 10) * 1000,
    webhooks: webhookUrls(doc),
  };

  for (const reader of [global, db, web, dirs, logs, events, health]) reader.warnUnknown(warn);
  for (const name of doc.sectionNames()) {
    if (!SECTIONS.includes(name)) warn(`${describeLocation({ file: doc.file, line: doc.sectionLine(name), section: name })}: unknown section, ignored`);
  }

  return {
    file,
    hostname,
    ...dbSettings,
    bind,
    tls,
    acceptStreamingEverySeconds,
    firstRequestTimeoutSeconds,
    httpIdleSeconds,
    configDir,
    cacheDir,
    libDir,
    healthConfigDir,
    stockHealthConfigDir,
    accessLog,
    errorLog: errorLogValue,
    logLevel,
    eventLog,
    healthEnabled,
    health: healthSettings,
  };
}

/** `[health webhooks]`: one `ROLE = URL` per role (a recipient of `to:`); every key is a role. */
function webhookUrls(doc: IniDocument): Map<string, string> {
  const urls = new Map<string, string>();
  for (const role of doc.keys('health webhooks')) {
    const entry = doc.get('health webhooks', role)!;
    let url: URL;
    try {
      url = new URL(entry.value);
    } catch {
      throw new ConfigError(entryLocation(entry), `not a URL: '${entry.value}'`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(entryLocation(entry), 'only http and https URLs are supported');
    }
    urls.set(role, url.href);
  }
  return urls;
}
