/**
 * `printf("%.<digits>f", value)` as glibc prints a double: from its exact binary value, ties to even (so 0.125 gives
 * "0.12" where toFixed gives "0.13"), a sign on negative zero and on negatives that round to zero, `nan` and `inf`.
 */
export function cFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan'; // Netdata's NAN has no sign bit
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const abs = Math.abs(value);
  if (abs === Infinity) return `${sign}inf`;

  // abs = mantissa * 2^exponent, exactly
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const biased = view.getUint16(0) >>> 4;
  const fraction = view.getBigUint64(0) & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | 0x10000000000000n;
  const exponent = (biased === 0 ? 1 : biased) - 1075;

  const scaled = mantissa * 10n ** BigInt(digits);
  let units: bigint;
  if (exponent >= 0) units = scaled << BigInt(exponent);
  else {
    const shift = BigInt(-exponent);
    units = scaled >> shift;
    const rest = scaled - (units << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (units & 1n) === 1n)) units += 1n;
  }
  const text = units.toString().padStart(digits + 1, '0');
  return sign + (digits > 0 ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text);
}
