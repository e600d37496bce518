/**
 * Writes a `STREAM key=...&... HTTP/1.1` request as a Netdata child does (streaming/sender.c), for whatever sends one:
 * the sender of a proxied host, the load generator. The parent URL-decodes the whole URL before splitting it
 * (see stream-request.ts), so every value is encoded with Netdata's url_encode(): a `%`, `+` or control character
 * in a value then arrives as it was. (Netdata encodes only the OS and kernel names; an `&` cannot be carried either
 * way, since the parent splits after decoding.)
 */
export function formatStreamRequest(fields: ReadonlyArray<readonly [string, string]>, userAgent: string): string {
  const url = fields.map(([name, value]) => `${name}=${urlEncode(value)}`).join('&');
  return `STREAM ${url} HTTP/1.1\r\nUser-Agent: ${userAgent}\r\nAccept: */*\r\n\r\n`;
}

/** libnetdata's url_encode(): letters, digits and `-_.~` as they are, a space as `+`, every other byte as %XX. */
export function urlEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + byte.toString(16).padStart(2, '0');
  }
  return out;
}
