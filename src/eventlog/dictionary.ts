import type Database from 'better-sqlite3';

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

  constructor(db: Database.Database) {
    this.selectCharts = db.prepare('SELECT ref, chart_id FROM charts ORDER BY ref');
    this.selectDims = db.prepare('SELECT chart_ref, ordinal, dim_id FROM dimensions ORDER BY chart_ref, ordinal');
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
  writePending(insertChart: Database.Statement, insertDim: Database.Statement): void {
    for (const ref of this.pendingCharts) insertChart.run(ref, this.entry(ref).id);
    for (const d of this.pendingDims) insertDim.run(d.ref, d.ordinal, this.entry(d.ref).dimIds[d.ordinal]);
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
