import { cFixed } from '../../util/c-fixed';

type UnitsFormat = 'seconds' | 'seconds ago' | 'minutes' | 'minutes ago' | 'hours' | 'hours ago' | 'onoff' | 'updown' | 'okerror' | 'okfailed' | 'empty' | 'percent';

/** badge_units_formatters[] of web/api/badges/web_buffer_svg.c: units that are shown in their own way. */
const UNITS_FORMATS: ReadonlyMap<string, UnitsFormat> = new Map<string, UnitsFormat>([
  ['seconds', 'seconds'], ['seconds ago', 'seconds ago'], ['minutes', 'minutes'], ['minutes ago', 'minutes ago'],
  ['hours', 'hours'], ['hours ago', 'hours ago'],
  ['on/off', 'onoff'], ['on-off', 'onoff'], ['onoff', 'onoff'],
  ['up/down', 'updown'], ['up-down', 'updown'], ['updown', 'updown'],
  ['ok/error', 'okerror'], ['ok-error', 'okerror'], ['okerror', 'okerror'],
  ['ok/failed', 'okfailed'], ['ok-failed', 'okfailed'], ['okfailed', 'okfailed'],
  ['empty', 'empty'], ['null', 'empty'],
  ['percentage', 'percent'], ['percent', 'percent'], ['pcent', 'percent'],
]);

const BOOLEAN_WORDS: Partial<Record<UnitsFormat, [string, string]>> = {
  onoff: ['on', 'off'], updown: ['up', 'down'], okerror: ['ok', 'error'], okfailed: ['ok', 'failed'],
};

/** `(size_t)value` on x86-64: truncated, negatives wrapped. */
const sizeT = (value: number): bigint => BigInt.asUintN(64, BigInt(Math.trunc(value)));
const pad2 = (n: bigint): string => n.toString().padStart(2, '0');

/** The time units: "now" for 0, "undefined" for NaN/inf, else days/hours/minutes/seconds as Netdata spells them. */
function formatDuration(value: number, format: UnitsFormat): string {
  if (value === 0) return 'now';
  if (!Number.isFinite(value)) return 'undefined';
  const ago = format.endsWith(' ago') ? ' ago' : '';
  const n = sizeT(value);
  if (format.startsWith('seconds')) {
    const [d, h, m, s] = [n / 86400n, (n % 86400n) / 3600n, (n % 3600n) / 60n, n % 60n];
    const clock = `${pad2(h)}:${pad2(m)}:${pad2(s)}${ago}`;
    return d ? `${d} ${d === 1n ? 'day' : 'days'} ${clock}` : clock;
  }
  if (format.startsWith('minutes')) {
    const [d, h, m] = [n / 1440n, (n % 1440n) / 60n, n % 60n];
    return d ? `${d}d ${pad2(h)}h ${pad2(m)}m${ago}` : `${h}h ${m}m${ago}`;
  }
  const [d, h] = [n / 24n, n % 24n];
  return d ? `${d}d ${h}h${ago}` : `${h}h${ago}`;
}

/** format_value_with_precision_and_unit() with precision -1: fewer decimals the larger the value, trailing zeros trimmed. */
function formatNumber(value: number, units: string): string {
  // a space only before units that start with a letter or digit: "12 MiB" but "12%"
  const separator = /^[A-Za-z0-9]/.test(units) ? ' ' : '';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 10 ? 1 : abs >= 0.1 ? 2 : abs >= 0.01 ? 4 : abs >= 0.001 ? 5 : abs >= 0.0001 ? 6 : 7;
  let text = cFixed(value, digits);
  if (digits > 0) {
    // Netdata's loop stops before a leading minus, and at the decimal point
    const stop = value < 0 ? 1 : 0;
    let end = text.length;
    while (end - 1 > stop && text[end - 1] === '0') end--;
    if (end - 1 > stop && text[end - 1] === '.') end--;
    text = text.slice(0, end);
  }
  return text + separator + units;
}

/**
 * Netdata 1.37's format_value_and_unit() with precision -1, as the alarm log's value_string and old_value_string use
 * it: `-` for NaN and infinities; the special units (seconds, on/off, percentage, ...) in their own way; else the value
 * with 0 to 7 decimals by magnitude, trailing zeros trimmed, then the units.
 */
export function formatValueAndUnits(value: number, units: string): string {
  const format = UNITS_FORMATS.get(units);
  if (format && /^(seconds|minutes|hours)/.test(format)) return formatDuration(value, format);
  const words = format && BOOLEAN_WORDS[format];
  if (words) return value !== 0 ? words[0] : words[1]; // NaN is "on", as in C
  if (!Number.isFinite(value)) return '-';
  return formatNumber(value, format === 'empty' ? '' : format === 'percent' ? '%' : units);
}
