import type { DataOptions, DataRequest } from '../data-request';
import type { DimensionResult, QueryTable } from '../query-engine';

/**
 * What the formatters print of a query: the visible columns, rows in output order, and values with the
 * absolute/percentage options applied, as Netdata's rrdr2json/rrdr2csv/rrdr2value do.
 */
export class ResultView {
  readonly columns: DimensionResult[];
  /** Row indexes (into table.times) in output order: newest first unless `flip`. */
  readonly rows: number[];

  constructor(
    readonly table: QueryTable,
    readonly options: DataOptions,
    isVisible: (d: DimensionResult) => boolean,
  ) {
    const visible = table.dims.filter(isVisible);
    // when every dimension is zero, nonzero shows them all
    const anyNonZero = table.dims.some((d) => d.nonZero);
    this.columns = options.nonzero && anyNonZero ? visible.filter((d) => d.nonZero) : visible;
    const n = table.times.length;
    this.rows = Array.from({ length: n }, (_, i) => (options.reversed ? i : n - 1 - i));
  }

  /** Sum of every queried dimension's row value, the base of `percentage` (1 when zero). */
  rowTotal(row: number): number {
    let total = 0;
    for (const d of this.table.dims) {
      const v = d.values[row];
      if (Number.isNaN(v)) continue;
      total += this.options.absolute && v < 0 ? -v : v;
    }
    return total === 0 ? 1 : total;
  }

  /** The printed value of a cell; NaN when the cell is empty. */
  cell(col: DimensionResult, row: number, total: number): number {
    let v = col.values[row];
    if (Number.isNaN(v)) return NaN;
    if (this.options.absolute && v < 0) v = -v;
    if (this.options.percentage) v = (v * 100) / total;
    return v;
  }
}

export function makeVisibility(req: DataRequest): (d: DimensionResult) => boolean {
  const pattern = req.dimensions;
  if (!pattern) return (d) => !d.dim.hidden;
  const { matchIds, matchNames } = req.options;
  return (d) => (matchIds && pattern.matches(d.dim.def.id)) || (matchNames && pattern.matches(d.dim.name));
}
