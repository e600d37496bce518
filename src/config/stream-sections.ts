import { describeLocation } from './errors';
import { isGuid } from './guid';
import type { IniDocument } from './ini-file';
import { SectionReader } from './section-reader';
import { SENDER_SECTION } from './sender-settings';
import type { SimplePattern } from './simple-pattern';
import type { MemoryMode, Tristate } from './types';
import { boolean, history, integer, memoryMode, oneOf, pattern, text, tristate, updateEvery, type ValueParser } from './values';

/** Per-host settings one stream.conf section sets; undefined = not set there. */
export interface HostOverrides {
  updateEvery?: number;
  memoryMode?: MemoryMode;
  history?: number;
  healthEnabled?: Tristate;
  postponeAlarmsSeconds?: number;
  proxyEnabled?: boolean;
  proxyDestination?: string;
  proxyApiKey?: string;
  proxySendChartsMatching?: string;
  compression?: boolean;
  replicationEnabled?: boolean;
  secondsToReplicate?: number;
  secondsPerStep?: number;
}

/** A `[GUID]` section of stream.conf, validated. */
export interface StreamSection {
  /** The GUID, lower-cased. */
  name: string;
  /** As written; unset means the section serves as either (Netdata reads it with the default of each use). */
  type: 'api' | 'machine' | undefined;
  enabled?: boolean;
  allowFrom?: SimplePattern;
  /** The `default ...` keys, which apply to every host using this section as its API key. */
  asKey: HostOverrides;
  /** The per-host keys, which apply when this section is the host's machine GUID. */
  asMachine: HostOverrides;
}

interface HostKey {
  field: keyof HostOverrides;
  /** Name in an API key section (none: not settable per key). */
  api: string | null;
  /** Name in a machine GUID section. */
  machine: string;
  parse: ValueParser<HostOverrides[keyof HostOverrides]>;
}

function hostKey<F extends keyof HostOverrides>(
  field: F,
  api: string | null,
  machine: string,
  parse: ValueParser<NonNullable<HostOverrides[F]>>,
): HostKey {
  return { field, api, machine, parse };
}

/** Netdata 1.37 receiver.c's per-key and per-host settings. */
const HOST_KEYS: HostKey[] = [
  hostKey('updateEvery', null, 'update every', updateEvery),
  hostKey('history', 'default history', 'history', history),
  hostKey('memoryMode', 'default memory mode', 'memory mode', memoryMode),
  hostKey('healthEnabled', 'health enabled by default', 'health enabled', tristate),
  hostKey('postponeAlarmsSeconds', 'default postpone alarms on connect seconds', 'postpone alarms on connect seconds', integer(0)),
  hostKey('proxyEnabled', 'default proxy enabled', 'proxy enabled', boolean),
  hostKey('proxyDestination', 'default proxy destination', 'proxy destination', text),
  hostKey('proxyApiKey', 'default proxy api key', 'proxy api key', text),
  hostKey('proxySendChartsMatching', 'default proxy send charts matching', 'proxy send charts matching', (v) => pattern(v).source),
  hostKey('compression', 'enable compression', 'enable compression', boolean),
  hostKey('replicationEnabled', 'enable replication', 'enable replication', boolean),
  hostKey('secondsToReplicate', 'seconds to replicate', 'seconds to replicate', integer(0)),
  hostKey('secondsPerStep', 'seconds per replication step', 'seconds per replication step', integer(1)),
];

/** Section names are GUIDs compared case-insensitively, so they are stored lower-cased. */
export function normalizeStreamSection(name: string): string {
  return isGuid(name) ? name.toLowerCase() : name;
}

/** Validates every `[GUID]` section; other sections except [stream] are reported and skipped. */
export function readStreamSections(doc: IniDocument, warn: (msg: string) => void): Map<string, StreamSection> {
  const sections = new Map<string, StreamSection>();
  for (const name of doc.sectionNames()) {
    if (name === SENDER_SECTION) continue;
    if (!isGuid(name)) {
      const where = describeLocation({ file: doc.file, line: doc.sectionLine(name), section: name });
      warn(`${where}: ignored: a section must be [stream], an API key or a machine GUID (a UUID)`);
      continue;
    }
    const r = new SectionReader(doc, name);
    const type = r.optional('type', oneOf(['api', 'machine'] as const));
    const section: StreamSection = {
      name,
      type,
      enabled: r.optional('enabled', boolean),
      allowFrom: r.optional('allow from', pattern),
      asKey: {},
      asMachine: {},
    };
    for (const k of HOST_KEYS) {
      if (type !== 'machine' && k.api !== null) setField(section.asKey, k.field, r.optional(k.api, k.parse));
      if (type !== 'api') setField(section.asMachine, k.field, r.optional(k.machine, k.parse));
    }
    r.warnUnknown(warn);
    sections.set(name, section);
  }
  return sections;
}

function setField(target: HostOverrides, field: keyof HostOverrides, value: unknown): void {
  if (value !== undefined) (target as Record<string, unknown>)[field] = value;
}
