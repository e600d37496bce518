import type { Grouping } from '../../query/time-grouping';
import type { Expression } from '../expression';

/** `lookup: METHOD AFTER [at BEFORE] [every DURATION] [OPTIONS] [of DIMENSIONS] [foreach DIMENSIONS]` */
export interface Lookup {
  grouping: Grouping;
  /** Seconds, negative: the window starts this long before `before`. */
  after: number;
  before: number;
  /** How often the lookup runs; |after| unless `every` says otherwise. */
  every: number;
  options: {
    absolute: boolean;
    min2max: boolean;
    null2zero: boolean;
    percentage: boolean;
    unaligned: boolean;
    matchIds: boolean;
    matchNames: boolean;
  };
  /** The `of` dimensions (a simple pattern, `,` and `|` separate too); null = all. */
  dimensions: string | null;
  /** `foreach` dimensions: one alarm per matching dimension. */
  foreach: string | null;
}

/** An expression line as written and as parsed. */
export interface ExpressionLine {
  source: string;
  expression: Expression;
}

/** One `alarm:` (bound to a chart id or name) or `template:` (bound to a context) of a health.d file, parsed. */
export interface AlertDefinition {
  kind: 'alarm' | 'template';
  name: string;
  /** `<line>@<file>`, as Netdata's `source`. */
  source: string;
  /** alarm: the chart id or name; template: the context. */
  on: string;
  hosts: string | null;
  os: string | null;
  families: string | null;
  plugin: string | null;
  module: string | null;
  charts: string | null;
  hostLabels: string | null;
  lookup: Lookup | null;
  calc: ExpressionLine | null;
  warn: ExpressionLine | null;
  crit: ExpressionLine | null;
  /** Seconds between evaluations (the lookup's `every` when `every:` is absent). */
  every: number;
  green: number;
  red: number;
  units: string;
  info: string;
  to: string;
  exec: string;
  classification: string;
  type: string;
  component: string;
  delay: { up: number; down: number; multiplier: number; max: number };
  /** Seconds between repeated notifications while WARNING / CRITICAL; 0 = off. */
  repeat: { warning: number; critical: number };
  noClearNotification: boolean;
}
