import { portField, splitHostWord } from './host-port';
import type { BindAddress, PortTls } from './types';
import { InvalidValue } from './values';

/** `*` in `bind to` means every IPv4 interface. */
const ANY_HOST = '0.0.0.0';

/** Netdata's suffix that sets a port's TLS behaviour (socket.c: socket_ssl_acl). */
const SSL_SUFFIX = '^SSL=';
const PORT_TLS: readonly PortTls[] = ['optional', 'force'];

/**
 * Parses `[web] bind to`: a space-separated list of `HOST[:PORT][^SSL=optional|force]` (IPv6 in brackets,
 * `*` for all interfaces); a word without a port listens on `default port`. Netdata's `unix:` sockets and
 * `=ACL` lists are not supported.
 */
export function parseBindTo(value: string, defaultPort: number): BindAddress[] {
  const words = value.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) throw new InvalidValue('no address to listen on');
  const seen = new Set<string>();
  return words.map((entry) => {
    const { word, tls } = splitTlsSuffix(entry);
    if (/[=^]/.test(word) || /^(unix|tcp|udp):/.test(word)) {
      throw new InvalidValue(`${JSON.stringify(entry)}: only HOST[:PORT] is supported, optionally with ^SSL=optional or ^SSL=force`);
    }
    const { host, iface, fields } = splitHostWord(word);
    if (fields.length > 1) throw new InvalidValue(`${JSON.stringify(entry)}: expected HOST[:PORT]`);
    const address: BindAddress = {
      host: host === '*' ? ANY_HOST : iface ? `${host}%${iface}` : host,
      port: portField(word, fields[0], defaultPort),
    };
    if (tls) address.tls = tls;
    const id = `${address.host} ${address.port}`;
    if (seen.has(id)) throw new InvalidValue(`${JSON.stringify(word)}: listed twice`);
    seen.add(id);
    return address;
  });
}

function splitTlsSuffix(entry: string): { word: string; tls: PortTls | null } {
  const at = entry.indexOf(SSL_SUFFIX);
  if (at < 0) return { word: entry, tls: null };
  const mode = entry.slice(at + SSL_SUFFIX.length);
  // Netdata silently ignores a misspelt mode; a typo here would leave a port accepting plain text, so refuse it
  if (!(PORT_TLS as readonly string[]).includes(mode)) {
    throw new InvalidValue(`${JSON.stringify(entry)}: expected ^SSL=optional or ^SSL=force`);
  }
  return { word: entry.slice(0, at), tls: mode as PortTls };
}
