/**
 * Numbers as Netdata 1.37 prints them in API answers (print_netdata_double): the integral part, then the fractional
 * part times 10^7 rounded half to even (carried into the integral part at 10^7), trailing zeros and the dot removed;
 * the sign of a negative value is kept even when it prints as 0. NaN and infinities are `null`.
 */
const SCALE = 10_000_000;

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  const abs = Math.abs(value);
  let integral = Math.trunc(abs);
  // rounding the fraction alone, not abs * 10^7, is what decides the 7th digit of values like 1.52288185
  let fraction = roundHalfEven((abs - integral) * SCALE);
  if (fraction >= SCALE) {
    integral++;
    fraction -= SCALE;
  }
  const digits = Number.isSafeInteger(integral) ? String(integral) : BigInt(integral).toString();
  const decimals = fraction ? `.${String(fraction).padStart(7, '0').replace(/0+$/, '')}` : '';
  return `${value < 0 ? '-' : ''}${digits}${decimals}`;
}
