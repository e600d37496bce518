/**
 * The text rules of Netdata 1.37's exporting formats (exporting/process_data.c and each format's
 * sanitize_*_label_value), byte by byte on UTF-8 as the C code works: a multi-byte character is several bytes.
 */
import { fixed7 } from '../../api/routes/prometheus-text';
import type { ExportMetric } from './batch-formatter';

/** RRD_ID_LENGTH_MAX: exporting_name_copy() stops there. */
const NAME_MAX = 200;

const isAlnum = (b: number): boolean => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

function mapBytes(s: string, keep: (b: number) => boolean, max = Infinity): string {
  const src = Buffer.from(s, 'utf8');
  const out = Buffer.alloc(Math.min(src.length, max));
  for (let i = 0; i < out.length; i++) out[i] = keep(src[i]) ? src[i] : 0x5f;
  // only ASCII bytes survive as themselves, unless a rule keeps bytes >= 0x80 (opentsdb), which stay UTF-8
  return out.toString('utf8');
}

// `_` is what any other byte becomes, so a name of these characters comes out as it went in
const CLEAN_NAME = /^[A-Za-z0-9._]*$/;

/** exporting_name_copy(): chart and dimension in graphite, opentsdb and json: [A-Za-z0-9.] kept, all else '_'. */
export const exportingName = (s: string): string =>
  // most names need no change: skip the byte copy (this runs for every metric of every round)
  s.length <= NAME_MAX && CLEAN_NAME.test(s) ? s : mapBytes(s, (b) => isAlnum(b) || b === 0x2e, NAME_MAX);

/** sanitize_graphite_label_value(): whitespace, ';' and '~' become '_'. */
export const graphiteLabelValue = (s: string): string => s.replace(/[ \t\n\v\f\r;~]/g, '_');

/** sanitize_opentsdb_label_value(): [A-Za-z0-9-./] and bytes from 0x80 kept, all else '_'. */
export const opentsdbLabelValue = (s: string): string =>
  mapBytes(s, (b) => isAlnum(b) || b === 0x2d || b === 0x2e || b === 0x2f || b >= 0x80);

/**
 * sanitize_json_string(): '\' and '"' escaped; control bytes and (a signed char compared with 0x1F on x86) every
 * byte from 0x80 become '_'.
 */
export function jsonLabelValue(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    if (b === 0x5c || b === 0x22) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b >= 0x80) out += '_';
    else out += String.fromCharCode(b);
  }
  return out;
}

/** The value as Netdata prints it: the collected integer with %lld, a calculated one with %0.7Lf. */
export const formatValue = (m: ExportMetric): string => (m.collected ? String(m.value) : fixed7(Number(m.value)));

/** Seconds for graphite, opentsdb and json. */
export const seconds = (m: ExportMetric): number => Math.floor(m.timestampMs / 1000);
