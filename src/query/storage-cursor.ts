import type { ChartView } from '../model/chart-view';

/** One database point as the query engine sees it: the value of the interval (startT, endT]; NaN for none. */
export interface StoragePoint {
  startT: number;
  endT: number;
  value: number;
}

/**
 * Walks the stored points of one dimension from startT to endT the way Netdata's memory-mode query does
 * (database/ram/rrddim_mem.c): the walk advances by update_every from startT, while stored slots are handed out in
 * order from the first slot at or after startT; times before that slot or after the last one give empty points.
 */
export class StorageCursor {
  private nextT: number;
  private slotT: number;
  private readonly lastSlotT: number;
  private readonly dt: number;

  constructor(
    private readonly chart: ChartView,
    private readonly dim: number,
    startT: number,
    private readonly endT: number,
  ) {
    this.dt = chart.updateEvery;
    this.nextT = startT;
    this.slotT = this.slotTimeAtOrAfter(startT);
    this.lastSlotT = this.slotTimeAtOrAfter(endT);
  }

  finished(): boolean {
    return this.nextT > this.endT;
  }

  next(): StoragePoint {
    const t = this.nextT;
    this.nextT += this.dt;
    if (t < this.slotT || t > this.lastSlotT) return { startT: t - this.dt, endT: t, value: NaN };
    const value = this.chart.valueAt(this.dim, this.slotT);
    this.slotT += this.dt;
    return { startT: t - this.dt, endT: t, value };
  }

  private slotTimeAtOrAfter(t: number): number {
    const first = this.chart.firstEntryT();
    const last = this.chart.lastEntryT();
    if (t >= last) return last;
    if (t <= first) return first;
    return last - Math.trunc((last - t) / this.dt) * this.dt;
  }
}
