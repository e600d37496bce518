import type { ChartDef, DimDef, Int64 } from '../model/types';

/**
 * Every command of the plugins.d text protocol other than the hot BEGIN/SET/END trio, parsed.
 * `line` on the handler callback keeps the exact text, so the event log can store and regenerate it.
 */
export type MetaCommand =
  | { cmd: 'CHART'; chart: ChartDef }
  | { cmd: 'DIMENSION'; dim: DimDef }
  | { cmd: 'CLABEL'; name: string; value: string; source: number }
  | { cmd: 'CLABEL_COMMIT' }
  | { cmd: 'LABEL'; name: string; value: string; source: number }
  | { cmd: 'OVERWRITE'; what: string }
  | { cmd: 'VARIABLE'; scope: 'HOST' | 'CHART'; name: string; value: number }
  | { cmd: 'CLAIMED_ID'; machineGuid: string; claimId: string | null }
  | { cmd: 'CHART_DEFINITION_END'; firstT: number; lastT: number; childNow: number }
  | { cmd: 'TIMESTAMP'; t: number }
  // Netdata 1.37 replication (the child's answer to REPLAY_CHART), streaming/replication.c
  | { cmd: 'RBEGIN'; chartId: string; startT: number; endT: number; childNow: number }
  | { cmd: 'RSET'; dimId: string; value: number; reset: boolean; empty: boolean }
  | { cmd: 'RDSTATE'; dimId: string; lastCollectedUs: number; lastCollected: Int64; lastCalculated: number; lastStored: number }
  | { cmd: 'RSSTATE'; lastCollectedUs: number; lastUpdatedUs: number }
  | {
      cmd: 'REND';
      updateEvery: number;
      firstT: number;
      lastT: number;
      startStreaming: boolean;
      after: number;
      before: number;
      childNow: number;
    }
  | { cmd: 'FLUSH' }
  | { cmd: 'DISABLE' };

/**
 * The dimension ids of a chart in the order its child sends them (the order of definition), as strings and as bytes.
 * With it, the parser recognises a SET's id by comparing bytes and hands over the same string object every time,
 * instead of decoding (and the receiver re-hashing) a new string per value.
 */
export interface DimensionOrder {
  readonly ids: readonly string[];
  readonly bytes: readonly Buffer[];
}

/** Receives what StreamParser recognises, in stream order, synchronously. */
export interface StreamHandler {
  /** BEGIN "chart" [usec since last update] [collection time in s, GAPS only; 0 when absent]. May return the order in
   *  which the chart's SET lines are expected; any id that does not match it is decoded as usual. */
  begin(chartId: string, usec: number, t: number): DimensionOrder | null | void;
  /** SET "dim" = value; value null when the child sent an empty value. `expected`: the id's index in the order BEGIN
   *  returned when the line spelled the id expected there, else -1. */
  set(dimId: string, value: Int64 | null, expected: number): void;
  end(): void;
  meta(command: MetaCommand, line: string): void;
  /** A line that could not be parsed (unknown command, bad arguments): reason is human-readable. */
  bad(reason: string, line: string): void;
}
