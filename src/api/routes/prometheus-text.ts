/**
 * The text rules of Netdata 1.37's prometheus exporter (exporting/prometheus/prometheus.c): metric-name, label-value
 * and units copies. They work on UTF-8 bytes as the C code does (isalnum() in the C locale), so a multi-byte
 * character becomes one '_' per byte, and every copy stops at PROMETHEUS_ELEMENT_MAX bytes.
 */
export const ELEMENT_MAX = 256;

const isAlnum = (b: number): boolean => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const UNDERSCORE = 0x5f;

/** prometheus_name_copy(): anything but [A-Za-z0-9] becomes '_'. */
export function promName(s: string, usable = ELEMENT_MAX): string {
  const src = Buffer.from(s, 'utf8');
  const out = Buffer.alloc(Math.min(src.length, usable));
  for (let n = 0; n < out.length; n++) out[n] = isAlnum(src[n]) ? src[n] : UNDERSCORE;
  return out.toString('latin1');
}

/** prometheus_label_copy(): '"', '\' and newline are escaped with '\'; the escape counts towards the limit. */
export function promLabel(s: string): string {
  const src = Buffer.from(s, 'utf8');
  const usable = ELEMENT_MAX - 1;
  const out: number[] = [];
  for (let i = 0, n = 0; i < src.length && n < usable; i++, n++) {
    const c = src[i];
    if (c === 0x22 || c === 0x5c || c === 0x0a) {
      out.push(0x5c);
      n++;
    }
    out.push(c);
  }
  return Buffer.from(out).toString('utf8');
}

/** The pre-1.12 names `oldunits=yes` asks for (Netdata issue 5227). */
const OLD_UNITS: Record<string, string> = {
  'KiB/s': 'kilobytes/s',
  'MiB/s': 'MB/s',
  'GiB/s': 'GB/s',
  KiB: 'KB',
  MiB: 'MB',
  GiB: 'GB',
  inodes: 'Inodes',
  percentage: 'percent',
  'faults/s': 'page faults/s',
  'KiB/operation': 'kilobytes per operation',
  'milliseconds/operation': 'ms per operation',
};

/** prometheus_units_copy(): "_" + the units as a name; "%" is "_percent" and a trailing "/s" is "_persec". */
export function promUnits(units: string, oldUnits: boolean): string {
  const src = Buffer.from((oldUnits && OLD_UNITS[units]) || units, 'utf8');
  const body = promName(src.toString('utf8'), ELEMENT_MAX - 1);
  // n counts the leading '_' too, as in the C code, so src[n - 3] and src[n - 2] are the last two bytes copied
  const n = body.length + 1;
  if (n === 2 && src[0] === 0x25) return '_percent';
  if (n > 3 && src[n - 3] === 0x2f && src[n - 2] === 0x73) return `_${body.slice(0, -2)}_persec`.slice(0, ELEMENT_MAX);
  return `_${body}`;
}

/** NETDATA_DOUBLE_FORMAT ("%0.7Lf"): toFixed prints the exact decimal digits as printf does, below 1e21 where it
 *  would switch to an exponent (doubles that large are integers). */
export const fixed7 = (v: number): string => (Math.abs(v) < 1e21 ? v.toFixed(7) : `${BigInt(v)}.0000000`);
