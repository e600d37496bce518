import { parseDestinations } from '../config/stream-destination';
import { ConfigError, describeLocation } from '../config/errors';
import type { IniDocument } from '../config/ini-file';
import { SectionReader } from '../config/section-reader';
import { boolean, integer, nonEmptyText, oneOf, pattern, text, updateEvery, type ValueParser } from '../config/values';
import type { ExportFormat, ExportingSettings } from './exporting-settings';
import { dataSourceWord, type DataSource } from './data-source';

interface TypeInfo {
  format: ExportFormat;
  http: boolean;
  tls: boolean;
  /** Netdata's default port of the connector; remote write has none, so its destination must name one. */
  port: number;
}

const PLAIN = { http: false, tls: false };
const HTTP = { http: true, tls: false };
const HTTPS = { http: true, tls: true };

/** The `type` words of Netdata 1.37 (exporting/read_config.c exporting_select_type) that streamledger sends. */
const TYPES: Record<string, TypeInfo> = {
  graphite: { format: 'graphite', ...PLAIN, port: 2003 },
  'graphite:plaintext': { format: 'graphite', ...PLAIN, port: 2003 },
  'graphite:http': { format: 'graphite', ...HTTP, port: 2003 },
  'graphite:https': { format: 'graphite', ...HTTPS, port: 2003 },
  opentsdb: { format: 'opentsdb', ...PLAIN, port: 4242 },
  'opentsdb:telnet': { format: 'opentsdb', ...PLAIN, port: 4242 },
  'opentsdb:http': { format: 'opentsdb', ...HTTP, port: 4242 },
  'opentsdb:https': { format: 'opentsdb', ...HTTPS, port: 4242 },
  json: { format: 'json', ...PLAIN, port: 5448 },
  'json:plaintext': { format: 'json', ...PLAIN, port: 5448 },
  'json:http': { format: 'json', ...HTTP, port: 5448 },
  'json:https': { format: 'json', ...HTTPS, port: 5448 },
  prometheus_remote_write: { format: 'prometheus_remote_write', ...HTTP, port: 0 },
  'prometheus_remote_write:http': { format: 'prometheus_remote_write', ...HTTP, port: 0 },
  'prometheus_remote_write:https': { format: 'prometheus_remote_write', ...HTTPS, port: 0 },
};

/** Netdata's spellings of the three sources, in any case; another word is refused with the three named. */
const dataSource: ValueParser<DataSource> = (value) => dataSourceWord(value.toLowerCase()) ?? oneOf(['as collected', 'average', 'sum'] as const)(value);

/** Reads a key from the first of several sections that sets it (an instance, then `[exporting:global]`). */
class Lookup {
  constructor(private readonly readers: SectionReader[]) {}
  get<T>(key: string, parse: ValueParser<T>, fallback: T): T {
    for (const r of this.readers) {
      const v = r.optional(key, parse);
      if (v !== undefined) return v;
    }
    return fallback;
  }
}

interface Defaults {
  hostname: string;
}

function readInstance(doc: IniDocument, name: string, section: string, typeWord: string, legacy: boolean, readers: SectionReader[], d: Defaults): ExportingSettings | null {
  const look = new Lookup(readers);
  const enabled = look.get('enabled', boolean, false);
  const type = TYPES[typeWord];
  if (!type) {
    throw new ConfigError({ file: doc.file, line: doc.sectionLine(section), section }, `unknown exporting type '${typeWord}': expected one of ${Object.keys(TYPES).join(', ')}`);
  }
  const every = look.get('update every', updateEvery, 10);
  const settings: ExportingSettings = {
    name,
    section,
    legacy,
    type: typeWord,
    ...type,
    destinations: look.get('destination', (v) => parseDestinations(v, type.port), parseDestinations('localhost', type.port)),
    dataSource: look.get('data source', dataSource, 'average'),
    prefix: look.get('prefix', nonEmptyText, 'netdata'),
    hostname: look.get('hostname', nonEmptyText, d.hostname),
    updateEvery: every,
    bufferOnFailures: look.get('buffer on failures', integer(1, 10_000), 10),
    // backends.c waited twice the update interval; the exporting engine 10 s
    timeoutMs: look.get('timeout ms', integer(1, 3_600_000), legacy ? 2 * every * 1000 : 10_000),
    sendNames: look.get('send names instead of ids', boolean, true),
    sendCharts: look.get('send charts matching', pattern, pattern('*')),
    sendHosts: look.get('send hosts matching', pattern, pattern('localhost *')),
    sendConfiguredLabels: look.get('send configured labels', boolean, true),
    sendAutomaticLabels: look.get('send automatic labels', boolean, false),
    hostTags: look.get('host tags', text, ''),
    remoteWritePath: look.get('remote write URL path', nonEmptyText, '/receive'),
    username: look.get('username', text, ''),
    password: look.get('password', text, ''),
  };
  if (!enabled) return null;
  // remote write has no default port in Netdata: a destination without one cannot work
  if (settings.destinations.some((d) => d.port === 0)) {
    throw new ConfigError({ file: doc.file, line: doc.sectionLine(section), section, key: 'destination' }, `${typeWord} needs a port in every destination`);
  }
  return settings;
}

/** `[backend]` of the parent's file: Netdata's backends subsystem, one instance named `backend`. */
export function readBackendSection(doc: IniDocument, hostname: string, warn: (msg: string) => void): ExportingSettings[] {
  if (!doc.sectionNames().includes('backend')) return [];
  const reader = new SectionReader(doc, 'backend');
  const typeWord = reader.get('type', nonEmptyText, 'graphite');
  const s = readInstance(doc, 'backend', 'backend', typeWord, true, [reader], { hostname });
  reader.warnUnknown(warn);
  return s ? [s] : [];
}

const GLOBAL = 'exporting:global';
/** Sections of exporting.conf that are not instances: the globals, and the settings of /api/v1/allmetrics. */
const NOT_INSTANCES = [GLOBAL, 'prometheus:exporter'];

/**
 * exporting.conf (Netdata 1.37): `[TYPE:NAME]` instance sections (`[opentsdb:http:my_tsdb]`: the type is everything
 * before the last colon), each key looked up in the instance, then in `[exporting:global]`, then the default.
 */
export function readExportingConf(doc: IniDocument, hostname: string, warn: (msg: string) => void): ExportingSettings[] {
  const global = new SectionReader(doc, GLOBAL);
  if (!global.get('enabled', boolean, true)) {
    global.warnUnknown(() => {});
    return [];
  }
  const out: ExportingSettings[] = [];
  const names = new Set<string>();
  const readers = [global];
  for (const section of doc.sectionNames()) {
    if (NOT_INSTANCES.includes(section)) continue;
    const colon = section.lastIndexOf(':');
    if (colon < 0) {
      warn(`${describeLocation({ file: doc.file, line: doc.sectionLine(section), section })}: not an instance section ([TYPE:NAME]), ignored`);
      continue;
    }
    const typeWord = section.slice(0, colon);
    const name = section.slice(colon + 1) || `instance_${names.size}`;
    if (names.has(name)) throw new ConfigError({ file: doc.file, line: doc.sectionLine(section), section }, `instance name '${name}' is used twice`);
    names.add(name);
    const reader = new SectionReader(doc, section);
    readers.push(reader);
    const s = readInstance(doc, name, section, typeWord, false, [reader, global], { hostname: global.get('hostname', nonEmptyText, hostname) });
    if (s) out.push(s);
  }
  // keys that only make sense per instance are read from the globals lazily, so warn once all were read
  for (const r of readers) r.warnUnknown(warn);
  return out;
}
