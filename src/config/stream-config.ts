import { resolveHostSettings } from './host-settings';
import type { IniDocument } from './ini-file';
import { readSenderSettings } from './sender-settings';
import { SimplePattern } from './simple-pattern';
import { readStreamSections, type StreamSection } from './stream-sections';
import type { HostSettings, KeySettings, MachineSettings, ParentConfig, StreamConfig } from './types';

const ALLOW_ALL = new SimplePattern('*');

/**
 * stream.conf, validated at load. Lookups follow Netdata 1.37's receiver: an API key without a section is
 * disabled, a machine GUID without a section is enabled, `allow from` defaults to `*`.
 */
export function readStreamConfig(doc: IniDocument, file: string, parent: ParentConfig, warn: (msg: string) => void): StreamConfig {
  const sender = readSenderSettings(doc, warn);
  const sections = readStreamSections(doc, warn);
  const find = (guid: string): StreamSection | undefined => sections.get(guid.toLowerCase());

  return {
    file,
    sender,
    key(apiKey: string): KeySettings {
      const s = find(apiKey);
      return {
        section: apiKey.toLowerCase(),
        exists: s !== undefined,
        type: s?.type ?? 'api',
        enabled: s?.enabled ?? false,
        allowFrom: s?.allowFrom ?? ALLOW_ALL,
      };
    },
    machine(guid: string): MachineSettings {
      const s = find(guid);
      return {
        section: guid.toLowerCase(),
        exists: s !== undefined,
        type: s?.type ?? 'machine',
        enabled: s?.enabled ?? true,
        allowFrom: s?.allowFrom ?? ALLOW_ALL,
      };
    },
    host(apiKey: string, guid: string): HostSettings {
      return resolveHostSettings(parent, sender, [find(apiKey)?.asKey ?? {}, find(guid)?.asMachine ?? {}]);
    },
  };
}
