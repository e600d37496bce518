import { portField, splitHostWord } from './host-port';
import type { StreamDestination } from './types';
import { InvalidValue } from './values';

/**
 * Parses `[stream] destination`: space-separated `[tcp:]HOST[%INTERFACE][:PORT][:SSL]`, tried in order by
 * a sender. Netdata's `udp:` and `unix:` forms are not accepted by parents, so they are refused here.
 */
export function parseDestinations(value: string, defaultPort: number): StreamDestination[] {
  return value
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((word) => {
      if (/^(udp|unix):/.test(word)) throw new InvalidValue(`${JSON.stringify(word)}: only tcp destinations are supported`);
      const { host, iface, fields } = splitHostWord(word.replace(/^tcp:/, ''));
      const ssl = fields.length > 0 && fields[fields.length - 1] === 'SSL';
      const portFields = ssl ? fields.slice(0, -1) : fields;
      if (portFields.length > 1) throw new InvalidValue(`${JSON.stringify(word)}: expected [tcp:]HOST[%INTERFACE][:PORT][:SSL]`);
      return { host, interface: iface, port: portField(word, portFields[0], defaultPort), ssl };
    });
}
