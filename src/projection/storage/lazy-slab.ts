/**
 * Slot memory handed out from large shared blocks. A block this big is mmap'ed zero pages: taking slots costs nothing,
 * and their pages are committed only as points are written into them, so starting thousands of charts at once does not
 * stall ingestion on zeroing gigabytes (what one small allocation per chart did).
 *
 * Each new block is as large as all blocks before it together (64 MiB to 1 GiB). V8 counts a block's whole size as
 * external memory when it is allocated, and starts a major GC whenever that count grew by 64 MiB since the last one:
 * blocks of a fixed 64 MiB cost one full-heap GC each (twenty while 200 children connected), doubling blocks a few.
 */
const MIN_SLAB_WORDS = 16 * 1024 * 1024; // 64 MiB of 4-byte slots
const MAX_SLAB_WORDS = 256 * 1024 * 1024;

let slab = new Uint32Array(0);
let used = 0;
let allocatedWords = 0;

/** `words` zeroed slots, never handed out again (callers that free memory keep their own free lists). */
export function allocateSlots(words: number): Uint32Array {
  if (words > MIN_SLAB_WORDS) return new Uint32Array(words);
  if (used + words > slab.length) {
    slab = new Uint32Array(Math.min(MAX_SLAB_WORDS, Math.max(MIN_SLAB_WORDS, allocatedWords)));
    allocatedWords += slab.length;
    used = 0;
  }
  const out = slab.subarray(used, used + words);
  used += words;
  return out;
}
