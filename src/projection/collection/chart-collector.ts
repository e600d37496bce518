/**
 * The value engine of one chart: turns the values collected in each BEGIN..END iteration into the points a
 * Netdata 1.37.1 parent stores, slot by slot on update_every boundaries.
 *
 * Reproduced from Netdata v1.37.1 (read for behaviour, not copied):
 *   database/rrdset.c  rrdset_next_usec_unfiltered / rrdset_timed_next / rrdset_timed_done / rrdset_done_interpolate
 *                      https://github.com/netdata/netdata/blob/v1.37.1/database/rrdset.c
 *   database/rrddim.c  rrddim_set_by_pointer   https://github.com/netdata/netdata/blob/v1.37.1/database/rrddim.c
 *   collectors/plugins.d/pluginsd_parser.c  BEGIN / SET / END / DIMENSION options
 *   streaming/receiver.c  the receiver parses with trust_durations = 1
 *
 * What is implemented:
 * - Clock (BEGIN). A new chart carries SYNC_CLOCK. The first BEGIN of a chart (counter_done == 0) does not touch
 *   the clock. Later BEGINs: with a usec and trusted durations, the usec is used verbatim, unless the chart has no
 *   last collection time or still carries SYNC_CLOCK; then (and when usec is 0) the full rrdset_timed_next() runs:
 *   SYNC_CLOCK discards the usec, a first collection takes update_every, and no usec means |now - last collected|.
 *   Its "database in the future" / "too far in the past" corrections only apply to an untrusted non-zero usec,
 *   which a streaming receiver never has, so streamed charts drift with the child's clock exactly like Netdata's.
 * - First collection (END): last collected time = now aligned down to update_every, +0.5 s; last stored slot =
 *   that second aligned. The first iteration stores nothing; the second completes the first slot.
 * - Resets (rrdset_reset): when the time since the last update exceeds `entries` slots, or when the last
 *   collection runs more than `entries` slots ahead of the last stored slot, the chart restarts as if new and the
 *   dimensions' collection counters restart (that iteration and the next give no values).
 * - Algorithms: absolute v*mul/div; incremental delta*mul/div (nothing before the 2nd value; when the value goes
 *   down (unsigned compare): counter wrap at 2^32 or 2^64 chosen by the largest |value| seen, accepted below 10% of
 *   the width, otherwise a reset stored as 0); percentage-of-absolute-row 100*v/sum(row) (0 when the sum is 0);
 *   percentage-of-incremental-row 100*delta/delta(sum) (0 when the sum did not move; a value that went down
 *   restarts from itself). Both row sums are taken over the dimensions SET in this iteration (now and their
 *   previous values), whatever their algorithm.
 *   The DIMENSION options noreset / nooverflow only keep the reset flag (SN_FLAG_RESET) off the stored point; no
 *   value depends on them and no /api/v1/data answer shows that flag, so they are not tracked.
 * - Interpolation (rrdset_done_interpolate): incremental values are spread over the slots proportionally to time,
 *   carrying the remainder to the next slot, divided by update_every, and extrapolated on a short first slot;
 *   the others take the collected value on the last slot and, on earlier slots (after a gap), a linear
 *   interpolation whose start moves to each slot passed while its start value stays the previous collected one.
 *   When `gap_when_lost_iterations_above + 2` (= 3) or more slots are still due, the slot stores a gap; a dimension
 *   not SET in the iteration stores a gap (and its pending incremental remainder is dropped).
 * - The values handed to the store are the doubles Netdata packs: every store keeps them as 1.37 storage numbers
 *   (packStorageNumber()), so what a query reads back is what Netdata's does (packing twice would not be: tiny
 *   values lose their sign and m bits).
 * Checked value for value against a real Netdata 1.37.1 parent by scripts/crosscheck-values.ts.
 * Not reproduced: the store_first chart option, and memory mode dbengine's variant of the reset rules (`entries`
 * is the RAM-mode history, see ramModeEntries()).
 */
import type { DimDef, Int64 } from '../../model/types';
import * as i64 from './int64';
import { Int64Column } from './int64-column';
import type { CollectionState } from '../../model/chart-view';

/** `stored` is reused for the next slot: a store copies (packs) what it keeps. */
export type StoreFn = (tSec: number, stored: Float64Array) => void;

const USEC_PER_SEC = 1_000_000;
// gap_when_lost_iterations_above (netdata.conf default 1) + 2, as rrdset_create() sets it per chart
const GAP_WHEN_LOST_ITERATIONS_ABOVE = 3;

/** Slots Netdata keeps for a RAM-mode chart of `history` entries: rounded up to whole memory pages of uint32. */
export function ramModeEntries(history: number, pageSize = 4096): number {
  const entries = Math.min(Math.max(history, 5), 86400 * 365);
  const bytes = entries * 4;
  return bytes % pageSize ? Math.ceil(bytes / pageSize) * (pageSize / 4) : entries;
}

interface DimState {
  algorithm: DimDef['algorithm'];
  multiplier: number;
  divisor: number;
  updated: boolean;
  collectionsCounter: number;
  calculatedValue: number;
  lastCalculatedValue: number;
}

function newDimState(): DimState {
  return {
    algorithm: 'absolute',
    multiplier: 1,
    divisor: 1,
    updated: false,
    collectionsCounter: 0,
    calculatedValue: 0,
    lastCalculatedValue: 0,
  };
}

export interface ChartCollectorOptions {
  /** Slots of the chart's database, used by the reset rules (default: ramModeEntries(3600) = 4096). */
  entries?: number;
}

export class ChartCollector {
  updateEvery: number;
  private readonly entries: number;
  private readonly dims: DimState[] = [];
  /** Per dimension: the value collected in this iteration, the previous one, the largest magnitude seen. */
  private readonly collected = new Int64Column();
  private readonly lastCollected = new Int64Column();
  private readonly collectedMax = new Int64Column();
  /** One slot's values, handed to the store and reused: no allocation per stored point. */
  private stored = new Float64Array(0);
  /** Whether a dimension needs the row's totals (a percentage-of-row algorithm): other charts skip summing them. */
  private rowTotals = false;

  private syncClock = true;
  private counterDone = 0;
  private usecSinceLastUpdate = 0;
  private lastCollectedTimeUs = 0; // st->last_collected_time, 0 = never
  private lastUpdatedSec = 0; // st->last_updated (always whole seconds), 0 = never

  constructor(updateEvery: number, options: ChartCollectorOptions = {}) {
    this.updateEvery = updateEvery;
    this.entries = options.entries ?? ramModeEntries(3600);
  }

  get dimensionCount(): number {
    return this.dims.length;
  }

  setDimension(index: number, dim: DimDef): void {
    while (this.dims.length <= index) this.dims.push(newDimState());
    for (const c of [this.collected, this.lastCollected, this.collectedMax]) c.grow(this.dims.length);
    const d = this.dims[index];
    d.algorithm = dim.algorithm;
    this.rowTotals = this.dims.some((x) => x.algorithm === 'percentage-of-absolute-row' || x.algorithm === 'percentage-of-incremental-row');
    // the parser turns a missing or zero multiplier/divisor into 1
    d.multiplier = dim.multiplier || 1;
    d.divisor = dim.divisor || 1;
  }

  lastCollectedUs(): number {
    return this.lastCollectedTimeUs;
  }

  /** What a sender's RDSTATE/RSSTATE carry: st->last_collected_time, st->last_updated, each dimension's last values. */
  collectionState(): CollectionState {
    return {
      lastCollectedUs: this.lastCollectedTimeUs,
      lastUpdatedSec: this.lastUpdatedSec,
      dims: this.dims.map((d, i) => ({ lastCollected: this.lastCollected.get(i), lastCalculated: d.lastCalculatedValue })),
    };
  }

  collect(usec: number, nowUs: number, values: ReadonlyArray<Int64 | null | undefined>, store: StoreFn): void {
    this.begin(usec, nowUs);
    for (let i = 0; i < this.dims.length; i++) {
      const v = values[i];
      if (v !== null && v !== undefined) this.set(i, v);
    }
    this.done(nowUs, store);
  }

  // ---- Replication (pluginsd_replay_* of 1.37.1): the child's stored points and collection state ----

  /** RBEGIN '' start end: the chart's clock moves to the point's end; the dimensions `set` count one collection. */
  replayedPoint(endT: number, set: ArrayLike<number>, count: number): void {
    this.lastCollectedTimeUs = endT * USEC_PER_SEC;
    this.lastUpdatedSec = endT;
    this.counterDone++;
    for (let i = 0; i < count; i++) {
      const d = this.dims[set[i]];
      if (d) d.collectionsCounter++;
    }
  }

  /** RDSTATE: the dimension's previous values, so the first live value after replication has its delta. */
  restoreDimension(index: number, lastCollected: Int64, lastCalculated: number): void {
    const d = this.dims[index];
    if (!d) return;
    this.lastCollected.set(index, lastCollected);
    d.lastCalculatedValue = lastCalculated;
    this.collectedMax.raise(index, i64.abs(lastCollected));
  }

  /** RSSTATE: the child's collection and update times, taken only when they are newer. */
  restoreClock(lastCollectedUs: number, lastUpdatedUs: number): void {
    if (lastCollectedUs > this.lastCollectedTimeUs) this.lastCollectedTimeUs = lastCollectedUs;
    const updatedSec = Math.floor(lastUpdatedUs / USEC_PER_SEC);
    if (updatedSec > this.lastUpdatedSec) this.lastUpdatedSec = updatedSec;
    this.counterDone++;
  }

  /** REND: one more iteration done; with start streaming the next BEGIN's usec is trusted (SYNC_CLOCK cleared). */
  replayEnded(startStreaming: boolean): void {
    this.counterDone++;
    if (startStreaming) this.syncClock = false;
  }

  // ---- BEGIN: pluginsd_begin() with trust_durations = 1 ----

  private begin(usec: number, nowUs: number): void {
    if (!this.counterDone) return;
    if (usec && this.lastCollectedTimeUs && !this.syncClock) this.usecSinceLastUpdate = usec;
    else this.timedNext(nowUs, usec);
  }

  private timedNext(nowUs: number, usec: number): void {
    let duration = usec;
    if (this.syncClock) {
      this.syncClock = false;
      duration = 0;
    }
    if (!this.lastCollectedTimeUs) duration = this.updateEvery * USEC_PER_SEC;
    else if (!duration) duration = Math.abs(nowUs - this.lastCollectedTimeUs);
    this.usecSinceLastUpdate = duration;
  }

  // ---- SET: rrddim_set_by_pointer() ----

  private set(i: number, value: Int64): void {
    const d = this.dims[i];
    this.collected.set(i, value);
    d.updated = true;
    d.collectionsCounter++;
    this.collectedMax.raise(i, i64.abs(value));
  }

  // ---- END: rrdset_timed_done() ----

  /** How many times the chart was reset (rrdset_reset): a ram-like database then forgets its earlier points. */
  resets = 0;

  private reset(): void {
    this.resets++;
    this.lastCollectedTimeUs = 0;
    this.lastUpdatedSec = 0;
    this.counterDone = 0;
    for (const d of this.dims) d.collectionsCounter = 0;
  }

  private alignedCollectionStart(nowUs: number): number {
    const sec = Math.floor(nowUs / USEC_PER_SEC);
    return (sec - (sec % this.updateEvery)) * USEC_PER_SEC + USEC_PER_SEC / 2;
  }

  private initLastUpdated(): void {
    const sec = Math.floor(this.lastCollectedTimeUs / USEC_PER_SEC);
    this.lastUpdatedSec = sec - (sec % this.updateEvery);
  }

  private done(nowUs: number, store: StoreFn): void {
    const updateEveryUs = this.updateEvery * USEC_PER_SEC;
    let storeThisEntry = true;
    let firstEntry = false;

    if (this.usecSinceLastUpdate > this.entries * updateEveryUs) {
      this.reset();
      this.usecSinceLastUpdate = updateEveryUs;
      storeThisEntry = false;
      firstEntry = true;
    }

    let lastCollectUs: number;
    if (!this.lastCollectedTimeUs) {
      this.lastCollectedTimeUs = this.alignedCollectionStart(nowUs);
      lastCollectUs = this.lastCollectedTimeUs - updateEveryUs;
      storeThisEntry = false;
      firstEntry = true;
    } else {
      lastCollectUs = this.lastCollectedTimeUs;
      this.lastCollectedTimeUs += this.usecSinceLastUpdate;
    }

    if (!this.lastUpdatedSec) {
      this.initLastUpdated();
      storeThisEntry = false;
      firstEntry = true;
    }

    if (Math.abs(this.lastCollectedTimeUs - this.lastUpdatedSec * USEC_PER_SEC) > this.entries * updateEveryUs) {
      // "too old data": rrdset_reset() also forgets the collection time, so the chart restarts next time
      this.reset();
      this.initLastUpdated();
      this.usecSinceLastUpdate = updateEveryUs;
      storeThisEntry = false;
      firstEntry = true;
    }

    if (!this.counterDone) {
      this.initLastUpdated();
      storeThisEntry = false;
    }
    this.counterDone++;

    this.calculate();
    this.interpolate(store, updateEveryUs, lastCollectUs, storeThisEntry);
    this.finishIteration(firstEntry);
  }

  /** The per-iteration values, before interpolation. */
  private calculate(): void {
    // the row sums run over the SET dimensions of this iteration, before and now; a percentage-of-incremental-row
    // value that went down restarts from itself first, so it adds nothing to either sum's movement
    let collectedTotal: Int64 = 0;
    let lastCollectedTotal: Int64 = 0;
    if (this.rowTotals) {
      for (let i = 0; i < this.dims.length; i++) {
        const d = this.dims[i];
        if (!d.updated) continue;
        if (d.algorithm === 'percentage-of-incremental-row' && i64.greater(this.lastCollected.get(i), this.collected.get(i)))
          this.lastCollected.copy(i, this.collected);
        lastCollectedTotal = i64.add(lastCollectedTotal, this.lastCollected.get(i));
        collectedTotal = i64.add(collectedTotal, this.collected.get(i));
      }
    }

    for (let i = 0; i < this.dims.length; i++) {
      const d = this.dims[i];
      if (!d.updated) {
        d.calculatedValue = 0;
        continue;
      }
      switch (d.algorithm) {
        case 'absolute':
          d.calculatedValue = (this.collected.toDouble(i) * d.multiplier) / d.divisor;
          break;

        case 'percentage-of-absolute-row':
          d.calculatedValue = i64.equal(collectedTotal, 0)
            ? 0
            : (100 * this.collected.toDouble(i)) / i64.toDouble(collectedTotal);
          break;

        case 'incremental':
          if (d.collectionsCounter <= 1) {
            d.calculatedValue = 0;
            break;
          }
          if (this.lastCollected.aboveUnsigned(i, this.collected)) {
            const delta = i64.wrappedDelta(this.lastCollected.get(i), this.collected.get(i), this.collectedMax.get(i));
            d.calculatedValue += (delta * d.multiplier) / d.divisor;
          } else {
            d.calculatedValue += (this.collected.minusToDouble(i, this.lastCollected) * d.multiplier) / d.divisor;
          }
          break;

        case 'percentage-of-incremental-row':
          if (d.collectionsCounter <= 1) {
            d.calculatedValue = 0;
            break;
          }
          d.calculatedValue = i64.equal(collectedTotal, lastCollectedTotal)
            ? 0
            : (100 * this.collected.minusToDouble(i, this.lastCollected)) /
              i64.subToDouble(collectedTotal, lastCollectedTotal);
          break;
      }
    }
  }

  /** rrdset_done_interpolate(): store every slot boundary passed since the last stored slot. */
  private interpolate(store: StoreFn, updateEveryUs: number, lastCollectUs: number, storeThisEntry: boolean): void {
    const nowCollectUs = this.lastCollectedTimeUs;
    let lastStoredUs = this.lastUpdatedSec * USEC_PER_SEC;
    let nextStoreUs = lastStoredUs + updateEveryUs;
    let iterations = Math.floor((nowCollectUs - lastStoredUs) / updateEveryUs);
    if (nowCollectUs % updateEveryUs === 0) iterations++;

    for (; nextStoreUs <= nowCollectUs; lastCollectUs = nextStoreUs, nextStoreUs += updateEveryUs, iterations--) {
      if (this.stored.length !== this.dims.length) this.stored = new Float64Array(this.dims.length);
      const stored = this.stored;
      for (let i = 0; i < this.dims.length; i++) {
        const d = this.dims[i];
        let value: number;
        if (d.algorithm === 'incremental') {
          value = (d.calculatedValue * (nextStoreUs - lastCollectUs)) / (nowCollectUs - lastCollectUs);
          d.calculatedValue -= value;
          value += d.lastCalculatedValue;
          d.lastCalculatedValue = 0;
          value /= this.updateEvery;
          if (nextStoreUs - lastStoredUs < updateEveryUs)
            value = (value * updateEveryUs) / (nextStoreUs - lastStoredUs);
        } else if (iterations === 1) {
          value = d.calculatedValue;
        } else {
          value =
            ((d.calculatedValue - d.lastCalculatedValue) * (nextStoreUs - lastCollectUs)) /
              (nowCollectUs - lastCollectUs) +
            d.lastCalculatedValue;
        }

        const keep =
          storeThisEntry && d.updated && d.collectionsCounter > 1 && iterations < GAP_WHEN_LOST_ITERATIONS_ABOVE;
        stored[i] = keep ? value : NaN;
      }
      store(nextStoreUs / USEC_PER_SEC, stored);
      this.lastUpdatedSec = nextStoreUs / USEC_PER_SEC;
      lastStoredUs = nextStoreUs;
    }
  }

  /** The end of rrdset_done(): remember this iteration's values for the next one. */
  private finishIteration(firstEntry: boolean): void {
    for (let i = 0; i < this.dims.length; i++) {
      const d = this.dims[i];
      if (!d.updated) continue;
      this.lastCollected.copy(i, this.collected);
      if (d.algorithm === 'incremental') {
        if (!firstEntry) d.lastCalculatedValue += d.calculatedValue;
      } else {
        d.lastCalculatedValue = d.calculatedValue;
      }
      d.calculatedValue = 0;
      this.collected.set(i, 0);
      d.updated = false;
    }
  }
}
