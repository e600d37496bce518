import { strtoll } from '../protocol/c-numbers';

/**
 * The head of a child's `STREAM key=...&hostname=...&... HTTP/1.1` request, read as Netdata 1.37 reads it:
 * - the URL runs from after `STREAM ` to the first ` HTTP/` (values may hold raw spaces:
 *   `NETDATA_CONTAINER_OS_NAME=Debian GNU/Linux`);
 * - the whole URL is URL-decoded first (web_client.c: url_decode_r: `+` is a space, `%XX` a byte, a decoded
 *   control character or invalid UTF-8 makes the URL malformed), and only then split on `&` and on the
 *   first `=` (receiver.c), so a decoded `%26` separates parameters as Netdata's does;
 * - a parameter with an empty name or an empty value is skipped (`tags=` counts as no tags);
 * - a repeated parameter: the last one wins.
 * Fields are null when the child did not send them. Netdata's own fallbacks, for the caller to apply:
 * os and timezone "unknown", abbrev_timezone "UTC", update_every the parent's default (0 here).
 */

export interface StreamRequest {
  params: Map<string, string>;
  key: string | null;
  hostname: string | null;
  /** registry_hostname, or the hostname when it is missing (as Netdata does). */
  registryHostname: string | null;
  machineGuid: string | null;
  os: string | null;
  timezone: string | null;
  abbrevTimezone: string | null;
  /** seconds east of UTC; 0 when not sent */
  utcOffset: number;
  /** 0 when not sent: the parent's default applies */
  updateEvery: number;
  tags: string | null;
  /** the raw `ver` value: a version number, or a capability bitmask with bit 64 set */
  ver: string | null;
  /** 1 when not sent */
  hops: number;
  /** from `User-Agent: program/version` */
  program: string | null;
  programVersion: string | null;
  /** NETDATA_* parameters (system information), under the names the child sent */
  systemInfo: Record<string, string>;
}

const PREFIX = 'STREAM ';

export function parseStreamRequest(head: string): StreamRequest {
  if (!head.startsWith(PREFIX)) throw new Error(`not a STREAM request: ${JSON.stringify(head.slice(0, 40))}`);
  const urlEnd = head.indexOf(' HTTP/', PREFIX.length);
  if (urlEnd < 0) throw new Error('STREAM request without an HTTP version');
  const params = splitParameters(urlDecode(head.slice(PREFIX.length, urlEnd)));

  const text = (name: string): string | null => params.get(name) ?? null;
  const integer = (name: string, fallback: number): number => {
    const v = params.get(name);
    return v === undefined ? fallback : Number(strtoll(v).value);
  };

  const systemInfo: Record<string, string> = {};
  for (const [name, value] of params) if (name.startsWith('NETDATA_')) systemInfo[name] = value;

  const agent = headerValue(head, 'user-agent');
  const slash = agent === null ? -1 : agent.indexOf('/');
  const hostname = text('hostname');
  return {
    params,
    key: text('key'),
    hostname,
    registryHostname: text('registry_hostname') ?? hostname,
    machineGuid: text('machine_guid'),
    os: text('os'),
    timezone: text('timezone'),
    abbrevTimezone: text('abbrev_timezone'),
    utcOffset: integer('utc_offset', 0) | 0, // int32_t strtol()
    updateEvery: integer('update_every', 0) | 0, // (int)strtoul()
    tags: text('tags'),
    ver: text('ver'),
    hops: integer('hops', 1) & 0xffff, // uint16_t strtoul()
    program: agent === null ? null : slash < 0 ? agent : agent.slice(0, slash),
    programVersion: agent === null || slash < 0 || slash === agent.length - 1 ? null : agent.slice(slash + 1),
    systemInfo,
  };
}

function splitParameters(url: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of url.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) continue;
    params.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return params;
}

/** C's from_hex(): no validation, a non-hex character gives whatever the arithmetic gives. */
function fromHex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  return lower - 0x61 + 10;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Netdata 1.37's url_decode_r(), throwing where it fails (the request is then answered "malformed URL"). */
export function urlDecode(url: string): string {
  const src = Buffer.from(url, 'utf8');
  const out = Buffer.alloc(src.length);
  let d = 0;
  for (let s = 0; s < src.length; s++) {
    const c = src[s];
    if (c === 0x25 /* % */) {
      if (s + 2 >= src.length) throw new Error('malformed URL: incomplete %-escape');
      const t = ((fromHex(src[s + 1]) << 4) | fromHex(src[s + 2])) & 0xff;
      // a byte of a UTF-8 sequence is checked with the whole text below; a control character is refused
      if (t < 0x80 && (t < 0x20 || t === 0x7f)) throw new Error('malformed URL: escaped control character');
      out[d++] = t;
      s += 2;
    } else {
      out[d++] = c === 0x2b /* + */ ? 0x20 : c;
    }
  }
  try {
    return strictUtf8.decode(out.subarray(0, d));
  } catch {
    throw new Error('malformed URL: invalid UTF-8');
  }
}

/** The value of a request header (name in lower case), trimmed; null when absent. */
function headerValue(head: string, name: string): string | null {
  const lines = head.split(/\r?\n/);
  for (let i = 1; i < lines.length && lines[i] !== ''; i++) {
    const colon = lines[i].indexOf(':');
    if (colon > 0 && lines[i].slice(0, colon).trim().toLowerCase() === name) return lines[i].slice(colon + 1).trim();
  }
  return null;
}
