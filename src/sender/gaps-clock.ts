/** A block's usec is trusted while it keeps the clock within this of the block's arrival; else the clock resyncs. */
const MAX_DRIFT_US = 5_000_000;

/**
 * The collection second a block goes upstream with to a GAPS parent (`BEGIN "id" usec t`), per chart. A block that
 * came with one (its child is a GAPS child) keeps it. Otherwise the chart's clock advances by the block's usec, as
 * Netdata's rrdset_done() advances last_collected_time, starting from (and resyncing to) the block's arrival: the
 * seconds follow the child's own collection intervals, not the jitter of their arrival. Live blocks and blocks
 * replayed from the event log go through the same clock, so the catch-up and the live stream continue each other.
 * A chart never gets a second twice (the parent would refuse the second block as already stored): where the arrival
 * (a resync) or a usec a little under a second lands in the second of the chart's previous block, the block takes
 * the next one.
 */
export class GapsClock {
  private readonly lastUs = new Map<string, number>();

  /** The collection second of a block of `chartId` that arrived at `arrivalUs`, or its own `t` when it had one. */
  second(chartId: string, usec: number, arrivalUs: number, t: number): number {
    if (t > 0) {
      this.lastUs.set(chartId, t * 1_000_000);
      return t;
    }
    const last = this.lastUs.get(chartId);
    let us = arrivalUs;
    if (last !== undefined) {
      if (usec > 0 && Math.abs(last + usec - arrivalUs) <= MAX_DRIFT_US) us = last + usec;
      const next = (Math.floor(last / 1_000_000) + 1) * 1_000_000;
      if (us < next) us = next;
    }
    this.lastUs.set(chartId, us);
    return Math.floor(us / 1_000_000);
  }

  /** A new connection: the catch-up starts every chart's clock again. */
  clear(): void {
    this.lastUs.clear();
  }
}
