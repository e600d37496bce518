import { portField, splitHostWord } from './host-port';
import type { BindAddress } from './types';
import { InvalidValue } from './values';

/** `*` in `bind to` means every IPv4 interface. */
const ANY_HOST = '0.0.0.0';

/**
 * Parses `[web] bind to`: a space-separated list of `HOST[:PORT]` (IPv6 in brackets, `*` for all
 * interfaces); a word without a port listens on `default port`. Netdata's `unix:` sockets and `=ACL`
 * suffixes are not supported.
 */
export function parseBindTo(value: string, defaultPort: number): BindAddress[] {
  const words = value.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) throw new InvalidValue('no address to listen on');
  const seen = new Set<string>();
  return words.map((word) => {
    if (word.includes('=') || /^(unix|tcp|udp):/.test(word)) {
      throw new InvalidValue(`${JSON.stringify(word)}: only HOST[:PORT] is supported`);
    }
    const { host, iface, fields } = splitHostWord(word);
    if (fields.length > 1) throw new InvalidValue(`${JSON.stringify(word)}: expected HOST[:PORT]`);
    const address = {
      host: host === '*' ? ANY_HOST : iface ? `${host}%${iface}` : host,
      port: portField(word, fields[0], defaultPort),
    };
    const id = `${address.host} ${address.port}`;
    if (seen.has(id)) throw new InvalidValue(`${JSON.stringify(word)}: listed twice`);
    seen.add(id);
    return address;
  });
}
