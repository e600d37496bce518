import type { ChartDef, DimDef, Int64 } from './types';

/** The raw value a dimension was last SET to in a collected iteration, and when (parent clock). */
export interface LastCollected {
  readonly value: Int64;
  /** Milliseconds since the epoch, when the iteration carrying it arrived. */
  readonly ms: number;
}

/** A dimension as the read side sees it: its definition and its column in the chart's storage. */
export interface DimensionView {
  readonly def: DimDef;
  /** Position in definition order; the column to pass to ChartView.valueAt/readRange. */
  readonly index: number;
  /** `name` as Netdata shows it: the id when the child sent no name. */
  readonly name: string;
  /** Defined with the `hidden` option: left out of charts and of data unless asked for by name. */
  readonly hidden: boolean;
}

/** A chart's collection state (Netdata's st->last_collected_time, st->last_updated, rd->last_*_value). */
export interface CollectionState {
  /** Microseconds; 0 when nothing was collected here (memory mode none keeps no collector). */
  readonly lastCollectedUs: number;
  /** Seconds, the newest slot computed; 0 when none. */
  readonly lastUpdatedSec: number;
  /** In definition order. */
  readonly dims: ReadonlyArray<{ readonly lastCollected: Int64; readonly lastCalculated: number }>;
}

/**
 * The read model of one chart, what /api/v1/charts, /api/v1/chart and /api/v1/data need:
 * its definition, dimensions in definition order, labels, custom variables and stored points.
 */
export interface ChartView {
  readonly def: ChartDef;
  readonly id: string;
  /** "type.name" as Netdata builds it, the id when the child sent no name. */
  readonly name: string;
  /** The part of the id before the first dot. */
  readonly type: string;
  readonly family: string;
  readonly context: string;
  readonly updateEvery: number;
  /** In definition order. */
  readonly dimensions: readonly DimensionView[];
  labels(): ReadonlyMap<string, string>;
  variables(): ReadonlyMap<string, number>;
  /** Oldest and newest slot times still held, in seconds; 0 when nothing is stored. */
  firstEntryT(): number;
  lastEntryT(): number;
  /** The stored value of one dimension at slot time t (a multiple of updateEvery); NaN for no value. */
  valueAt(dimIndex: number, t: number): number;
  /** The stored values of one dimension for the slots after..before (inclusive, at updateEvery steps). */
  readRange(dimIndex: number, after: number, before: number): Float64Array;
  /** Undefined until the dimension is collected, and again after a chart reset (Netdata's collections_counter 0). */
  lastCollected(dimIndex: number): LastCollected | undefined;
  /** What a sender answering REPLAY_CHART sends as RDSTATE/RSSTATE. */
  collectionState(): CollectionState;
}
