/**
 * Numbers as Netdata 1.37 prints them in API answers (print_netdata_double): at most 7 decimal digits, rounded
 * half to even, trailing zeros and a trailing dot removed; NaN and infinities are `null`.
 */
const SCALE = 10_000_000;

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  const negative = value < 0;
  const abs = negative ? -value : value;
  let text: string;
  const scaled = roundHalfEven(abs * SCALE);
  if (scaled <= Number.MAX_SAFE_INTEGER) {
    const digits = scaled.toString().padStart(8, '0');
    text = `${digits.slice(0, -7)}.${digits.slice(-7)}`;
  } else {
    // Beyond 2^53 / 1e7 the scaled integer is not exact in a double: print the decimal expansion instead.
    text = abs.toFixed(7);
  }
  text = text.replace(/0+$/, '').replace(/\.$/, '');
  return negative && text !== '0' ? `-${text}` : text;
}
