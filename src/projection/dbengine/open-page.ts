import { SN_EMPTY_SLOT, packStorageNumber, unpackStorageNumber } from '../collection/storage-number';

/** Slots of a page: as Netdata 1.37's dbengine pages (4096 bytes of storage numbers). */
export const PAGE_SLOTS = 1024;

/** Slots a new page's columns start with; they double as the page fills, so memory follows the points held. */
const FIRST_CAPACITY = 64;

const emptyColumn = (slots: number): Uint32Array => new Uint32Array(slots).fill(SN_EMPTY_SLOT);

/**
 * The page of a chart being filled: per dimension a column of storage numbers for consecutive slots from `startT`,
 * skipped slots holding SN_EMPTY_SLOT. Kept in memory until it is full, too old, or the storage closes (and after a
 * failed write, until a write succeeds).
 */
export class OpenPage {
  /** Per dimension, `capacity` storage numbers; slots from `slots` on are empty. */
  readonly columns: Uint32Array[] = [];
  slots = 0;
  private capacity = FIRST_CAPACITY;

  constructor(
    readonly startT: number,
    readonly updateEvery: number,
    readonly openedMs: number,
    /** The host's checkpoint count when the page opened: checkpoints after it are durable only once it is written. */
    readonly epoch: number,
  ) {}

  get lastT(): number {
    return this.startT + (this.slots - 1) * this.updateEvery;
  }

  /** Whether slot time t (after lastT) still fits in this page. */
  fits(t: number): boolean {
    return (t - this.startT) / this.updateEvery < PAGE_SLOTS;
  }

  /** Stores slot time t (after lastT, fitting): the slots in between become empty in every column. */
  put(t: number, values: ArrayLike<number>, dimensions: number): void {
    const slot = (t - this.startT) / this.updateEvery;
    if (slot >= this.capacity) this.grow(slot + 1);
    while (this.columns.length < dimensions) this.columns.push(emptyColumn(this.capacity));
    for (let d = 0; d < this.columns.length; d++) {
      const v = d < values.length ? values[d] : NaN;
      this.columns[d][slot] = Number.isNaN(v) ? SN_EMPTY_SLOT : packStorageNumber(v);
    }
    this.slots = slot + 1;
  }

  /** The value of dimension `dim` at slot `slot` (0-based from startT); NaN when empty or out of the page. */
  value(dim: number, slot: number): number {
    if (dim >= this.columns.length || slot < 0 || slot >= this.slots) return NaN;
    const sn = this.columns[dim][slot];
    return sn === SN_EMPTY_SLOT ? NaN : unpackStorageNumber(sn);
  }

  memoryBytes(): number {
    return this.columns.length * this.capacity * 4;
  }

  private grow(slots: number): void {
    let capacity = this.capacity;
    while (capacity < slots) capacity *= 2;
    this.capacity = Math.min(capacity, PAGE_SLOTS);
    for (let d = 0; d < this.columns.length; d++) {
      const column = emptyColumn(this.capacity);
      column.set(this.columns[d]);
      this.columns[d] = column;
    }
  }
}
