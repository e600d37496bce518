/** Small integer hashes for the load generator: parameters that look random but are reproducible. */

/** 32-bit integer mix (splitmix-like) of three numbers and a salt. */
export function mix(a: number, b: number, c: number, salt: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(c + salt, 0x297a2d39);
  h = Math.imul(h ^ (h >>> 12), 0x5f356495);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over a string, 32 bits. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
