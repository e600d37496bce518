import type { DimDef } from './types';

/** Whether a CHART or DIMENSION options string (space-separated words) holds `word`. */
export const hasOption = (options: string, word: string): boolean => options.split(/\s+/).includes(word);

/** Exporters call these counters (Prometheus `counter`, `_total`): their raw values only grow. */
export const isCounter = (d: DimDef): boolean => d.algorithm === 'incremental' || d.algorithm === 'percentage-of-incremental-row';
