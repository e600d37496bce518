import { packSlotWord, slotWordToStorageNumber, unpackSlotWord } from '../collection/storage-number';
import type { PageArena } from './page-arena';

/** Slots of a page: as Netdata 1.37's dbengine pages (4096 bytes of storage numbers). */
export const PAGE_SLOTS = 1024;

const NO_BLOCK = new Uint32Array(0);

/**
 * The page of a chart being filled: a storage number per dimension for consecutive slots from `startT`, skipped slots
 * empty. Kept in memory until it is full, too old, or the storage closes (and after a failed write, until a write
 * succeeds), then released to the arena.
 *
 * Layout: one arena block, slot after slot (every dimension of slot 0, then of slot 1...), so the memory the OS commits
 * follows the slots filled. Words are slot words (packSlotWord), so a zeroed block is a page of empty slots: gaps
 * need no writing.
 */
export class OpenPage {
  slots = 0;
  private block: Uint32Array;
  private width: number;

  constructor(
    readonly startT: number,
    readonly updateEvery: number,
    readonly openedMs: number,
    /** The host's checkpoint count when the page opened: checkpoints after it are durable only once it is written. */
    readonly epoch: number,
    dimensions: number,
    private readonly arena: PageArena,
  ) {
    this.width = dimensions;
    this.block = arena.take(PAGE_SLOTS * dimensions);
  }

  get dimensions(): number {
    return this.width;
  }

  get lastT(): number {
    return this.startT + (this.slots - 1) * this.updateEvery;
  }

  /** Whether slot time t (after lastT) still fits in this page. */
  fits(t: number): boolean {
    return (t - this.startT) / this.updateEvery < PAGE_SLOTS;
  }

  /** Stores slot time t (after lastT, fitting): the slots in between stay empty in every dimension. */
  put(t: number, values: ArrayLike<number>, dimensions: number): void {
    if (dimensions > this.width) this.widen(dimensions);
    const slot = (t - this.startT) / this.updateEvery;
    const base = slot * this.width;
    for (let d = 0; d < this.width; d++) {
      const v = d < values.length ? values[d] : NaN;
      this.block[base + d] = packSlotWord(v);
    }
    this.slots = slot + 1;
  }

  /** The value of dimension `dim` at slot `slot` (0-based from startT); NaN when empty or out of the page. */
  value(dim: number, slot: number): number {
    if (dim >= this.width || slot < 0 || slot >= this.slots) return NaN;
    return unpackSlotWord(this.block[slot * this.width + dim]);
  }

  /** The storage numbers of each dimension over the filled slots (empty ones SN_EMPTY_SLOT), for writing the page. */
  columns(): Uint32Array[] {
    return Array.from({ length: this.width }, (_, d) => {
      const col = new Uint32Array(this.slots);
      for (let s = 0; s < this.slots; s++) col[s] = slotWordToStorageNumber(this.block[s * this.width + d]);
      return col;
    });
  }

  /** Bytes of the page's block (reserved at once; the OS commits them as slots fill). */
  memoryBytes(): number {
    return this.block.length * 4;
  }

  /** Gives the block back to the arena (the page was written or its storage closed); reads then find nothing. */
  release(): void {
    if (this.block === NO_BLOCK) return;
    this.arena.give(this.block);
    this.block = NO_BLOCK;
    this.width = 0;
  }

  /** A dimension was added mid-page: move the slots filled so far to a wider block. */
  private widen(dimensions: number): void {
    const wider = this.arena.take(PAGE_SLOTS * dimensions);
    for (let s = 0; s < this.slots; s++) wider.set(this.block.subarray(s * this.width, (s + 1) * this.width), s * dimensions);
    this.arena.give(this.block);
    this.block = wider;
    this.width = dimensions;
  }
}
