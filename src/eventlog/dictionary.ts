import type Database from 'better-sqlite3';
import { insertSql } from './insert-sql';

interface ChartEntry {
  id: string;
  dimOrdinals: Map<string, number>;
  /** Dimension ids by ordinal. */
  dimIds: string[];
}

/**
 * The `charts` and `dimensions` tables, held in memory. They only grow: a ref or ordinal, once committed, names the
 * same chart or dimension for the life of the file, so sample payloads stay decodable after retention.
 * New entries are written in the same transaction as the next batch of events (see HostEventLog.flush), so an entry
 * is never committed without, or after, the first event that uses it.
 */
export class Dictionary {
  private readonly refsById = new Map<string, number>();
  private readonly charts: (ChartEntry | undefined)[] = [];
  private nextRef = 1;
  private pendingCharts: number[] = [];
  private pendingDims: { ref: number; ordinal: number }[] = [];

  private readonly selectCharts: Database.Statement;
  private readonly selectDims: Database.Statement;
  private readonly insertCharts: RowInserter;
  private readonly insertDims: RowInserter;

  constructor(db: Database.Database) {
    this.selectCharts = db.prepare('SELECT ref, chart_id FROM charts ORDER BY ref');
    this.selectDims = db.prepare('SELECT chart_ref, ordinal, dim_id FROM dimensions ORDER BY chart_ref, ordinal');
    this.insertCharts = new RowInserter(db, 'charts (ref, chart_id)', 2);
    this.insertDims = new RowInserter(db, 'dimensions (chart_ref, ordinal, dim_id)', 3);
    this.load();
  }

  /**
   * Adds the committed entries not known yet. At open that is all of them; later, only a reader sharing the file with
   * the writing process finds new ones (see HostEventLog.decode).
   */
  load(): void {
    for (const row of this.selectCharts.iterate() as Iterable<{ ref: number; chart_id: string }>) {
      if (this.charts[row.ref] === undefined) this.addChart(row.ref, row.chart_id);
    }
    for (const row of this.selectDims.iterate() as Iterable<{ chart_ref: number; ordinal: number; dim_id: string }>) {
      const chart = this.entry(row.chart_ref);
      if (chart.dimIds[row.ordinal] !== undefined) continue;
      chart.dimIds[row.ordinal] = row.dim_id;
      chart.dimOrdinals.set(row.dim_id, row.ordinal);
    }
  }

  chartRef(chartId: string): number {
    const known = this.refsById.get(chartId);
    if (known !== undefined) return known;
    const ref = this.nextRef;
    this.addChart(ref, chartId);
    this.pendingCharts.push(ref);
    return ref;
  }

  dimRef(chartRef: number, dimId: string): number {
    const chart = this.entry(chartRef);
    const known = chart.dimOrdinals.get(dimId);
    if (known !== undefined) return known;
    const ordinal = chart.dimIds.length;
    chart.dimIds.push(dimId);
    chart.dimOrdinals.set(dimId, ordinal);
    this.pendingDims.push({ ref: chartRef, ordinal });
    return ordinal;
  }

  chartId(ref: number): string {
    return this.entry(ref).id;
  }

  dimId(chartRef: number, ordinal: number): string {
    const id = this.entry(chartRef).dimIds[ordinal];
    if (id === undefined) throw new RangeError(`chart ref ${chartRef} has no dimension ordinal ${ordinal}`);
    return id;
  }

  hasPending(): boolean {
    return this.pendingCharts.length > 0 || this.pendingDims.length > 0;
  }

  /** Inserts the entries created since the last commit; call inside the batch transaction. */
  writePending(): void {
    this.insertCharts.run(this.pendingCharts.flatMap((ref) => [ref, this.entry(ref).id]));
    this.insertDims.run(this.pendingDims.flatMap((d) => [d.ref, d.ordinal, this.entry(d.ref).dimIds[d.ordinal]]));
  }

  /** The batch transaction committed. */
  committed(): void {
    this.pendingCharts = [];
    this.pendingDims = [];
  }

  private addChart(ref: number, id: string): void {
    this.refsById.set(id, ref);
    this.charts[ref] = { id, dimOrdinals: new Map(), dimIds: [] };
    if (ref >= this.nextRef) this.nextRef = ref + 1;
  }

  private entry(ref: number): ChartEntry {
    const chart = this.charts[ref];
    if (chart === undefined) throw new RangeError(`unknown chart ref ${ref}`);
    return chart;
  }
}

/** Rows per multi-row INSERT: a new child brings ~1,800 entries, and a statement per row cost twice as much. */
const ROWS_PER_STATEMENT = 32;

/** INSERTs of flat row values, ROWS_PER_STATEMENT rows a statement and the rest one by one. */
class RowInserter {
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;

  constructor(db: Database.Database, into: string, private readonly columns: number) {
    this.many = db.prepare(insertSql(into, columns, ROWS_PER_STATEMENT));
    this.one = db.prepare(insertSql(into, columns, 1));
  }

  run(values: unknown[]): void {
    const chunk = ROWS_PER_STATEMENT * this.columns;
    let at = 0;
    for (; at + chunk <= values.length; at += chunk) this.many.run(values.slice(at, at + chunk));
    for (; at < values.length; at += this.columns) this.one.run(values.slice(at, at + this.columns));
  }
}
