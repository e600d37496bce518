import { allocateSlots } from '../storage/lazy-slab';

/**
 * Memory of the pages being filled, reused as pages are written. A page takes its full size at once (PAGE_SLOTS
 * slots of every dimension) from the lazily committed slabs, so nothing is allocated or copied while it fills, and
 * the OS commits its memory as slots are written (pages are slot-major). Growing pages instead (a column per
 * dimension, doubled as it filled) made every chart of a child reallocate in the same second, hundreds of thousands of
 * ArrayBuffers at once, and V8 answered with a major GC.
 *
 * A written page's block goes to the free list of its size and is cleared when taken again. Blocks are never given
 * back to the slabs: in steady state every chart opens a page as it writes one, so the free lists are the working set.
 */
export class PageArena {
  private readonly free = new Map<number, Uint32Array[]>();

  /** A zeroed block of `words` 4-byte slots. */
  take(words: number): Uint32Array {
    const block = this.free.get(words)?.pop();
    return block ? block.fill(0) : allocateSlots(words);
  }

  /** Hands a block from take() back; the caller keeps no reference to it. */
  give(block: Uint32Array): void {
    let list = this.free.get(block.length);
    if (!list) this.free.set(block.length, (list = []));
    list.push(block);
  }

  /** Bytes of blocks waiting in the free lists. */
  freeBytes(): number {
    let words = 0;
    for (const [size, list] of this.free) words += size * list.length;
    return words * 4;
  }
}
