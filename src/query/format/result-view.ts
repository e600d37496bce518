import type { DataOptions, DataRequest } from '../data-request';
import { formatNumber } from '../number-format';
import type { DimensionResult, QueryTable } from '../query-engine';

/**
 * What the formatters print of a query: the visible columns, rows in output order, and values with the
 * absolute/percentage options applied, as Netdata's rrdr2json/rrdr2csv/rrdr2value do.
 */
export class ResultView {
  readonly columns: DimensionResult[];
  /** Row indexes (into table.times) in output order: newest first unless `flip`. */
  readonly rows: number[];
  private readonly visible: DimensionResult[];

  constructor(
    readonly table: QueryTable,
    readonly options: DataOptions,
    isVisible: (d: DimensionResult) => boolean,
  ) {
    const visible = table.dims.filter(isVisible);
    this.visible = visible;
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

  /** jsonwrap's view_latest_values: the newest row of the visible columns, as printed. */
  newestRowValues(): string[] {
    const row = this.table.times.length - 1;
    const total = this.options.percentage ? this.rowTotal(row) : 1;
    return this.columns.map((c) => {
      const v = this.cell(c, row, total);
      return Number.isNaN(v) ? (this.options.null2zero ? '0' : 'null') : formatNumber(v);
    });
  }

  /**
   * jsonwrap's min and max: of every value of the visible columns; with `percentage`, Netdata's formatters restart
   * them at each row, so they are those of the last row printed. Formats of one value per row (ssv, array) give
   * the function computing it: min and max are then of those values.
   */
  minMax(oneValuePerRow?: (row: number) => number): { min: number; max: number } {
    let min = NaN;
    let max = NaN;
    if (oneValuePerRow) {
      for (const row of this.rows) {
        const v = oneValuePerRow(row);
        if (Number.isNaN(v)) continue;
        if (!(v >= min)) min = v;
        if (!(v <= max)) max = v;
      }
      return { min: Number.isNaN(min) ? 0 : min, max: Number.isNaN(max) ? 0 : max };
    }
    const rows = this.options.percentage ? this.rows.slice(-1) : this.rows;
    for (const row of rows) {
      const total = this.options.percentage ? this.rowTotal(row) : 1;
      for (const c of this.columns) {
        // an empty cell holds 0 in Netdata's result table, and counts as such
        const v = this.cell(c, row, total) || 0;
        if (!(v >= min)) min = v;
        if (!(v <= max)) max = v;
      }
    }
    return { min: Number.isNaN(min) ? 0 : min, max: Number.isNaN(max) ? 0 : max };
  }

  /** Database points read for the dimensions the answer needed (all of them for `percentage`). */
  pointsRead(): number {
    const dims = this.options.percentage ? this.table.dims : this.visible;
    return dims.reduce((n, d) => n + d.pointsRead, 0);
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
