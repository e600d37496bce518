import { packSlotWord, unpackSlotWord } from '../collection/storage-number';
import { allocateSlots } from '../storage/lazy-slab';
import type { ChartStore } from '../storage/chart-store';

/**
 * The stored points of one chart in memory: per dimension a ring of `history` storage numbers (4 bytes a point),
 * the slot of time t being (t / updateEvery) mod history, as Netdata's memory modes keep them.
 * All dimensions of a chart share its first/last stored time, which tells which slots hold the current lap.
 *
 * Slots hold `storage number XOR SN_EMPTY_SLOT`, so zeroed memory reads as empty: a new ring needs no fill, and the
 * dimensions of a chart share one zero-initialised block (storage/lazy-slab.ts), whose pages the OS commits as points
 * arrive.
 */
export class ChartRing implements ChartStore {
  private readonly rings: Uint32Array[] = [];
  private wanted = 0;
  private firstT = 0;
  private lastT = 0;

  constructor(
    readonly history: number,
    readonly updateEvery: number,
  ) {
    if (!(history >= 1) || !(updateEvery >= 1)) throw new RangeError('history and update every must be >= 1');
  }

  get dimensionCount(): number {
    return Math.max(this.wanted, this.rings.length);
  }

  /** Makes room for `count` dimensions (a dimension defined later has no past); memory is taken at the next store. */
  ensureDimensions(count: number): void {
    this.wanted = Math.max(this.wanted, count);
  }

  private materialize(): void {
    const missing = this.wanted - this.rings.length;
    if (missing <= 0) return;
    const block = allocateSlots(this.history * missing);
    for (let i = 0; i < missing; i++) this.rings.push(block.subarray(i * this.history, (i + 1) * this.history));
  }

  /**
   * Stores the point of slot time t for every dimension (NaN = no value). A point at or before the last stored
   * one is refused (a slot is never written twice or out of order); slots skipped since the last point become empty.
   */
  store(t: number, values: ArrayLike<number>): boolean {
    const ue = this.updateEvery;
    const slotT = t - (t % ue);
    if (this.lastT !== 0 && slotT <= this.lastT) return false;
    this.ensureDimensions(values.length);
    this.materialize();
    if (this.lastT === 0 || slotT - this.lastT >= this.history * ue) {
      if (this.lastT !== 0) for (const ring of this.rings) ring.fill(0);
      this.firstT = slotT;
    } else {
      for (let gapT = this.lastT + ue; gapT < slotT; gapT += ue) {
        const gap = this.slotOf(gapT);
        for (const ring of this.rings) ring[gap] = 0;
      }
    }
    const slot = this.slotOf(slotT);
    for (let d = 0; d < this.rings.length; d++) {
      const v = d < values.length ? values[d] : NaN;
      this.rings[d][slot] = packSlotWord(v);
    }
    this.lastT = slotT;
    return true;
  }

  /** The oldest slot time of the current lap, 0 when empty. */
  firstEntryT(): number {
    if (this.lastT === 0) return 0;
    return Math.max(this.firstT, this.lastT - (this.history - 1) * this.updateEvery);
  }

  lastEntryT(): number {
    return this.lastT;
  }

  forgetPoints(): void {
    for (const ring of this.rings) ring.fill(0);
    this.firstT = 0;
    this.lastT = 0;
  }

  memoryBytes(): number {
    return this.dimensionCount * this.history * 4;
  }

  valueAt(dim: number, t: number): number {
    if (dim < 0 || dim >= this.rings.length || this.lastT === 0) return NaN;
    if (t % this.updateEvery !== 0 || t < this.firstEntryT() || t > this.lastT) return NaN;
    return unpackSlotWord(this.rings[dim][this.slotOf(t)]);
  }

  /** Values of the slots from `after` (rounded up to a slot time) to `before`, inclusive; NaN where empty. */
  readRange(dim: number, after: number, before: number): Float64Array {
    const ue = this.updateEvery;
    const start = Math.ceil(after / ue) * ue;
    if (before < start) return new Float64Array(0);
    const out = new Float64Array(Math.floor((before - start) / ue) + 1);
    for (let i = 0; i < out.length; i++) out[i] = this.valueAt(dim, start + i * ue);
    return out;
  }

  private slotOf(t: number): number {
    return Math.floor(t / this.updateEvery) % this.history;
  }
}
