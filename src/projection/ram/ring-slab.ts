/**
 * Ring memory handed out from large shared blocks. A block this big is mmap'ed zero pages: taking a ring costs nothing,
 * and its pages are committed only as points are written into them, so starting thousands of charts at once does not
 * stall ingestion on zeroing gigabytes (what one small allocation per chart did).
 */
const SLAB_WORDS = 16 * 1024 * 1024; // 64 MiB of 4-byte slots

let slab = new Uint32Array(0);
let used = 0;

export function allocateSlots(words: number): Uint32Array {
  if (words > SLAB_WORDS) return new Uint32Array(words);
  if (used + words > slab.length) {
    slab = new Uint32Array(SLAB_WORDS);
    used = 0;
  }
  const out = slab.subarray(used, used + words);
  used += words;
  return out;
}
