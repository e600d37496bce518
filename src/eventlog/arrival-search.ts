import type Database from 'better-sqlite3';

/**
 * Finds rows by arrival time without an index: arrival_us never decreases in seq order (HostEventLog clamps it), so
 * a binary search over seq, one rowid seek per step, finds the first row whose event arrived at or after a time. Deleted
 * seqs (retention) are no obstacle: each probe takes the first existing row at or after its seq. A run row (several
 * samples) carries the seq and arrival of its last event, so "the first row at or after" is the first row holding an
 * event at or after the time, and every row before it holds only earlier events.
 */
export class ArrivalSearch {
  private readonly firstFrom: Database.Statement;
  private readonly lastSeq: Database.Statement;

  constructor(db: Database.Database) {
    this.firstFrom = db.prepare('SELECT seq, arrival_us FROM events WHERE seq >= ? ORDER BY seq LIMIT 1').raw();
    this.lastSeq = db.prepare('SELECT max(seq) FROM events').pluck();
  }

  /** The seq of the first committed row whose (last) event arrived at or after `us`, or null when none did. */
  firstAtOrAfter(us: number): number | null {
    const max = this.lastSeq.get() as number | null;
    if (max === null) return null;
    // Unsearched seqs are [lo, hi); `found` is the best match at or after hi.
    let lo = 0;
    let hi = max + 1;
    let found: number | null = null;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = this.firstFrom.get(mid) as [number, number] | undefined;
      if (!row || row[0] >= hi) hi = mid; // no event in [mid, hi)
      else if (row[1] >= us) {
        found = row[0];
        hi = mid;
      } else lo = row[0] + 1;
    }
    return found;
  }

  /**
   * Row seqs (inclusive) that hold every committed event that arrived in [afterUs, beforeUs), or null when there is
   * none. The range may also hold events outside the time range (in its first and last rows): readers filter them.
   */
  range(afterUs: number, beforeUs: number): [number, number] | null {
    const from = this.firstAtOrAfter(afterUs);
    if (from === null) return null;
    // the first row at or after beforeUs may be a run that starts before it
    const to = this.firstAtOrAfter(beforeUs) ?? (this.lastSeq.get() as number);
    return [from, to];
  }
}
