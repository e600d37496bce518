/**
 * Where stored points live: one implementation per memory mode (ram, save, map, dbengine), behind these two
 * interfaces, so the projection, the query engine and the API never know which mode a host uses.
 *
 * A chart's points are slots of `updateEvery` seconds; a slot holds one value per dimension (NaN = no value, a gap).
 * Values given to store() are the doubles Netdata's rrdset_done() computes; every store keeps them as 1.37 storage
 * numbers (packStorageNumber()), as Netdata does, and reads back what those hold.
 */
export interface ChartStore {
  readonly updateEvery: number;
  /** Dimensions are dense indexes 0..n-1 in definition order; a dimension added later has no past. */
  ensureDimensions(count: number): void;
  /**
   * Stores slot time t (a multiple of updateEvery) for every dimension. Refuses (returns false) a slot at or before
   * the newest one stored: a point is never stored twice or out of order. Slots skipped since the newest are gaps.
   */
  store(t: number, values: ArrayLike<number>): boolean;
  /** Oldest and newest slot times held, in seconds; 0 when nothing is stored. */
  firstEntryT(): number;
  lastEntryT(): number;
  /** One dimension at slot time t; NaN when there is no value. */
  valueAt(dim: number, t: number): number;
  /** One dimension for the slots from `after` (rounded up to a slot time) to `before`, inclusive; NaN where empty. */
  readRange(dim: number, after: number, before: number): Float64Array;
  /** Bytes of memory this store holds for its points (for /api/v1/charts rrd_memory_bytes). */
  memoryBytes(): number;
  /**
   * The chart was reset (collected after a gap longer than its database): Netdata's ram-like modes then no longer
   * serve the points from before. Stores that keep them, as dbengine does, leave this out.
   */
  forgetPoints?(): void;
}

/** The point storage of one host in one memory mode. */
export interface HostStorage {
  readonly mode: 'ram' | 'save' | 'map' | 'dbengine';
  /**
   * The store of a chart, created or reopened (save, map and dbengine find what they persisted for this chart id).
   * A chart redefined with another update_every gets a new, empty store: `updateEvery` is part of its identity.
   * `entries` is the number of slots ram/save/map keep per dimension.
   */
  chartStore(chartId: string, updateEvery: number, entries: number): ChartStore;
  /**
   * The event-log seq up to which the persisted points are complete: start-up replays samples only after it.
   * 0 when nothing was persisted (ram) or the persisted state could not be trusted (then it was discarded).
   */
  resumeSeq(): number;
  /** Records that everything up to `seq` has been applied (save: written at close; map/dbengine: periodically). */
  checkpoint(seq: number): void;
  /** Persists what must survive a clean shutdown (save: the snapshot) and releases files. */
  close(): void;
}
