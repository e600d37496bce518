import { describeLocation } from './errors';
import type { IniDocument } from './ini-file';
import { entryLocation, SectionReader } from './section-reader';
import { parseDestinations } from './stream-destination';
import type { SenderSettings } from './types';
import { boolean, integer, pattern, port, text } from './values';

export const SENDER_SECTION = 'stream';

/**
 * Reads stream.conf `[stream]`, the child side of streaming, with Netdata 1.37's keys and defaults.
 * They are also the defaults of the `proxy` host settings, by which received hosts are sent upstream (src/sender/).
 */
export function readSenderSettings(doc: IniDocument, warn: (msg: string) => void): SenderSettings {
  const s = new SectionReader(doc, SENDER_SECTION);
  const defaultPort = s.get('default port', port, 19999);
  const destination = s.get('destination', text, '');
  const apiKey = s.get('api key', text, '');
  let enabled = s.get('enabled', boolean, false);
  if (enabled && (destination === '' || apiKey === '')) {
    // Netdata logs this and runs without sending; do the same.
    const entry = doc.get(SENDER_SECTION, 'enabled')!;
    warn(`${describeLocation(entryLocation(entry))}: ignored: destination and api key are both needed to send`);
    enabled = false;
  }
  const settings: SenderSettings = {
    enabled,
    destination,
    destinations: s.get('destination', (v) => parseDestinations(v, defaultPort), []),
    sslSkipCertificateVerification: s.get('ssl skip certificate verification', boolean, false),
    caPath: s.optional('CApath', text) || null,
    caFile: s.optional('CAfile', text) || null,
    apiKey,
    timeoutSeconds: s.get('timeout seconds', integer(1), 60),
    defaultPort,
    sendChartsMatching: s.get('send charts matching', pattern, pattern('*')),
    bufferSizeBytes: s.get('buffer size bytes', integer(1024), 10 * 1024 * 1024),
    reconnectDelaySeconds: s.get('reconnect delay seconds', integer(1), 5),
    initialClockResyncIterations: s.get('initial clock resync iterations', integer(0), 60),
    enableCompression: s.get('enable compression', boolean, true),
  };
  s.warnUnknown(warn);
  return settings;
}
