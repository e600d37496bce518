/**
 * Shared vocabulary of the data flow: what a child defines (charts, dimensions) and what it collects.
 * Collected values are signed 64-bit integers: a `number` when it is a safe integer, a `bigint` otherwise,
 * so the hot path stays on doubles and nothing above 2^53 loses precision.
 */
export type Int64 = number | bigint;

export type ChartType = 'line' | 'area' | 'stacked';

export type Algorithm =
  | 'absolute'
  | 'incremental'
  | 'percentage-of-absolute-row'
  | 'percentage-of-incremental-row';

/** A CHART command, as defined by the child. `id` is "type.id". */
export interface ChartDef {
  id: string;
  name: string; // "" when the child sent none (Netdata then uses the id)
  title: string;
  units: string;
  family: string;
  context: string;
  chartType: ChartType;
  priority: number;
  updateEvery: number;
  options: string; // space-separated: obsolete detail store_first hidden
  plugin: string;
  module: string;
}

/** A DIMENSION command. */
export interface DimDef {
  id: string;
  name: string;
  algorithm: Algorithm;
  multiplier: number;
  divisor: number;
  options: string; // space-separated: obsolete hidden noreset nooverflow
}
