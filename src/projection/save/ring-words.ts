import { SN_EMPTY_SLOT, packStorageNumber, unpackStorageNumber } from '../collection/storage-number';
import type { ChartRing } from '../ram/chart-ring';

/**
 * The words the save and map files hold for a point: the storage number XOR SN_EMPTY_SLOT, as ChartRing keeps it,
 * so 0 (a never-written, zero-filled area of a file) reads as empty. Values handed to a store are already what a
 * storage number reads back, so packing them again gives the same word: nothing is lost by going through values.
 */
export function wordOf(value: number): number {
  return Number.isNaN(value) ? 0 : (packStorageNumber(value) ^ SN_EMPTY_SLOT) >>> 0;
}

export function valueOfWord(word: number): number {
  return word === 0 ? NaN : unpackStorageNumber(word ^ SN_EMPTY_SLOT);
}

/** The word a ring holds for dimension `dim` at slot time t (0 when empty). */
export function ringWord(ring: ChartRing, dim: number, t: number): number {
  return wordOf(ring.valueAt(dim, t));
}

/**
 * Fills an empty ring with a lap read from a file: slot times firstT..lastT, `word(dim, t)` for each point.
 * Slots are stored in time order through the ring's own store(), so it ends with exactly the first/last times and
 * values it had when the lap was written (an all-empty slot is stored as such and still counts as held).
 */
export function refillRing(ring: ChartRing, dims: number, firstT: number, lastT: number, word: (dim: number, t: number) => number): void {
  if (lastT === 0) return;
  ring.ensureDimensions(dims);
  const values = new Float64Array(dims);
  for (let t = firstT; t <= lastT; t += ring.updateEvery) {
    for (let d = 0; d < dims; d++) values[d] = valueOfWord(word(d, t));
    ring.store(t, values);
  }
}

/** Copies what `from` holds into the empty ring `to` (another number of entries keeps the newest that fit). */
export function copyRing(from: ChartRing, to: ChartRing): void {
  to.ensureDimensions(from.dimensionCount);
  refillRing(to, from.dimensionCount, from.firstEntryT(), from.lastEntryT(), (d, t) => ringWord(from, d, t));
}
