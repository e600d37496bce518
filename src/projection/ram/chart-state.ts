import type { ChartView, CollectionState, DimensionView, LastCollected } from '../../model/chart-view';
import type { ChartDef, DimDef, Int64 } from '../../model/types';
import { ChartCollector, ramModeEntries } from '../collection/chart-collector';
import type { ChartStore, HostStorage } from '../storage/chart-store';
import { Int64Column } from '../collection/int64-column';

function hasOption(options: string, option: string): boolean {
  return options.split(/\s+/).includes(option);
}

function dimensionView(def: DimDef, index: number): DimensionView {
  return { def, index, name: def.name || def.id, hidden: hasOption(def.options, 'hidden') };
}

/**
 * One chart of a host's projection: its definition, dimensions, labels and variables, the collector turning
 * collected values into stored ones, and the store of its memory mode holding them. Without storage (memory mode
 * none) it keeps the metadata and stores nothing.
 */
export class ChartState implements ChartView {
  private dims: DimensionView[] = [];
  private readonly dimIndex = new Map<string, number>();
  private chartLabels = new Map<string, string>();
  private readonly chartVariables = new Map<string, number>();
  private collector: ChartCollector;
  private ring: ChartStore | null;
  private readonly scratch: (Int64 | null | undefined)[] = [];
  /** Per dimension: the raw value of its last SET and when it came (allmetrics' as-collected source; no time: none
   *  since the chart's last reset); a column and a number array, so the per-sample path allocates nothing. */
  private readonly collectedValue = new Int64Column();
  private readonly collectedMs: number[] = [];

  /** Slots per dimension: `history` rounded up to whole memory pages, as Netdata's memory modes allocate. */
  private readonly entries: number;

  constructor(
    public def: ChartDef,
    history: number,
    private readonly storage: HostStorage | null,
  ) {
    this.entries = ramModeEntries(history);
    this.collector = new ChartCollector(def.updateEvery, { entries: this.entries });
    this.ring = storage ? storage.chartStore(def.id, def.updateEvery, this.entries) : null;
  }

  get id(): string {
    return this.def.id;
  }
  get type(): string {
    const dot = this.def.id.indexOf('.');
    return dot < 0 ? this.def.id : this.def.id.slice(0, dot);
  }
  /** The chart's name, "type.name" as the parser keeps it, or its id when it has none. */
  get name(): string {
    return this.def.name || this.def.id; // the parser made it "type.name" already
  }
  get family(): string {
    return this.def.family || this.type;
  }
  get context(): string {
    return this.def.context || this.def.id;
  }
  get updateEvery(): number {
    return this.def.updateEvery;
  }

  /** Seconds (parent clock) of the last definition or collection: what obsolete-chart cleanup looks at. */
  lastActivitySec = 0;

  /** A CHART for an existing id: a new update_every starts a new collector and an empty ring, as Netdata does. */
  redefine(def: ChartDef): void {
    const changedEvery = def.updateEvery !== this.def.updateEvery;
    this.def = def;
    if (!changedEvery) return;
    this.collector = new ChartCollector(def.updateEvery, { entries: this.entries });
    for (const d of this.dims) this.collector.setDimension(d.index, d.def);
    if (this.storage) {
      this.ring = this.storage.chartStore(def.id, def.updateEvery, this.entries);
      this.ring.ensureDimensions(this.dims.length);
    }
  }

  /** DIMENSION: a new id is appended, a known one redefined in place. */
  defineDimension(def: DimDef): void {
    const known = this.dimIndex.get(def.id);
    const index = known ?? this.dims.length;
    this.dims[index] = dimensionView(def, index);
    if (known === undefined) this.dimIndex.set(def.id, index);
    this.collector.setDimension(index, def);
    this.collectedValue.grow(this.dims.length);
    this.ring?.ensureDimensions(this.dims.length);
  }

  setLabels(labels: Map<string, string>): void {
    this.chartLabels = labels;
  }

  setVariable(name: string, value: number): void {
    this.chartVariables.set(name, value);
  }

  /** Bound once: collect() runs per sample and must not allocate a closure each time. */
  private readonly storeFn = (tSec: number, stored: Float64Array): void => {
    this.ring?.store(tSec, stored);
  };

  /** Newest collection time a GAPS child gave in BEGIN (seconds, its clock); 0 = none. */
  lastCollectionT = 0;

  /** Whether a block collected at `t` (GAPS) would be new: never a second twice, never out of order. */
  acceptsCollectionTime(t: number): boolean {
    return t > this.lastCollectionT;
  }

  /**
   * One BEGIN..END; returns how many dimension ids were unknown (their values are ignored). With a collection time
   * `t` (GAPS) the value engine runs on the child's clock: the block is timed at t + 0.5 s and its duration is the
   * time since the chart's previous block, so replayed seconds land on the slots they were collected for.
   */
  collect(usec: number, nowUs: number, dimIds: ArrayLike<string>, values: ArrayLike<Int64 | null>, count: number, t = 0,
    indexes?: ArrayLike<number>): number {
    if (t > 0) {
      if (this.lastCollectionT) usec = (t - this.lastCollectionT) * 1_000_000;
      nowUs = t * 1_000_000 + 500_000;
      this.lastCollectionT = t;
    }
    const row = this.scratch;
    let unknown = 0;
    this.lastActivitySec = nowUs / 1e6;
    const ms = Math.floor(nowUs / 1000);
    for (let i = 0; i < count; i++) {
      // a known index is taken when it names this id (the same string: a pointer compare), else looked up
      const hint = indexes ? indexes[i] : -1;
      const index = hint >= 0 && this.dims[hint]?.def.id === dimIds[i] ? hint : this.dimIndex.get(dimIds[i]);
      if (index === undefined) unknown++;
      else {
        const v = (row[index] = values[i]);
        if (v !== null) {
          this.collectedValue.set(index, v);
          this.collectedMs[index] = ms;
        }
      }
    }
    if (this.ring) {
      const resets = this.collector.resets;
      this.collector.collect(usec, nowUs, row, this.storeFn);
      if (this.collector.resets !== resets) {
        this.ring.forgetPoints?.();
        // rrdset_reset() zeroes every dimension's collections_counter after this iteration's SETs
        this.collectedMs.length = 0;
      }
    }
    // cleared by a loop (setting `length` and fill() are runtime calls, per block), and now rather than at the next
    // block: a value held for a second outlives young-generation GCs, which then copy it
    for (let d = 0; d < this.dims.length; d++) row[d] = undefined;
    return unknown;
  }

  /** Whether a replicated point ending at endT would be new: after the newest slot stored. */
  acceptsReplayPoint(endT: number): boolean {
    return endT > this.lastEntryT();
  }

  /**
   * A replicated point (RBEGIN '' start end + RSETs): the child's stored values go into slot endT as they are, and
   * the value engine's clock moves there. Dimensions not sent are a gap in that slot. Returns false when refused.
   */
  replayPoint(endT: number, dimIds: ArrayLike<string>, values: ArrayLike<number>, count: number): boolean {
    if (!this.acceptsReplayPoint(endT)) return false;
    const row = new Float64Array(this.dims.length).fill(NaN);
    const set: number[] = [];
    for (let i = 0; i < count; i++) {
      const index = this.dimIndex.get(dimIds[i]);
      if (index === undefined) continue;
      row[index] = values[i];
      set.push(index);
    }
    this.ring?.store(endT, row);
    this.collector.replayedPoint(endT, set, set.length);
    this.lastActivitySec = Date.now() / 1000;
    return true;
  }

  /** RDSTATE of a dimension, RSSTATE and REND of the chart: the child's collection state after the replayed points. */
  restoreDimension(dimId: string, lastCollected: Int64, lastCalculated: number): void {
    const index = this.dimIndex.get(dimId);
    if (index !== undefined) this.collector.restoreDimension(index, lastCollected, lastCalculated);
  }
  restoreClock(lastCollectedUs: number, lastUpdatedUs: number): void {
    this.collector.restoreClock(lastCollectedUs, lastUpdatedUs);
  }
  replayEnded(startStreaming: boolean): void {
    this.collector.replayEnded(startStreaming);
  }
  collectionState(): CollectionState {
    return this.collector.collectionState();
  }

  get dimensions(): readonly DimensionView[] {
    return this.dims;
  }
  labels(): ReadonlyMap<string, string> {
    return this.chartLabels;
  }
  variables(): ReadonlyMap<string, number> {
    return this.chartVariables;
  }
  firstEntryT(): number {
    return this.ring ? this.ring.firstEntryT() : 0;
  }
  lastEntryT(): number {
    return this.ring ? this.ring.lastEntryT() : 0;
  }
  valueAt(dimIndex: number, t: number): number {
    return this.ring ? this.ring.valueAt(dimIndex, t) : NaN;
  }
  readRange(dimIndex: number, after: number, before: number): Float64Array {
    return this.ring ? this.ring.readRange(dimIndex, after, before) : new Float64Array(0);
  }
  lastCollected(dimIndex: number): LastCollected | undefined {
    const ms = this.collectedMs[dimIndex];
    return ms === undefined ? undefined : { value: this.collectedValue.get(dimIndex), ms };
  }
  memoryBytes(): number {
    return this.ring ? this.ring.memoryBytes() : 0;
  }
}
