import { str2ndd } from '../../protocol/c-numbers';

/**
 * Netdata's config_parse_duration(): a number (sign, decimals) and an optional unit, s (default), m, h, d, w,
 * M (30 days) or Y (365 days); `never` is 0. Returns null when the text does not start with a number.
 */
export function parseDuration(text: string): number | null {
  const s = text.trim();
  if (s === 'never') return 0;
  if (!/^[+\-0-9]/.test(s)) return null;
  const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s);
  if (!number) return null;
  const n = str2ndd(number[0]);
  const unit = s[number[0].length];
  return Math.trunc(n * (UNIT_SECONDS[unit ?? 's'] ?? 1));
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, Y: 31536000 };
