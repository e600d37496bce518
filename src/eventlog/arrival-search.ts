import type Database from 'better-sqlite3';

/**
 * Finds seqs by arrival time without an index: arrival_us never decreases in seq order (HostEventLog clamps it), so
 * a binary search over seq, one rowid seek per step, finds the first event that arrived at or after a time. Deleted
 * seqs (retention) are no obstacle: each probe takes the first existing row at or after its seq.
 */
export class ArrivalSearch {
  private readonly firstFrom: Database.Statement;
  private readonly lastSeq: Database.Statement;

  constructor(db: Database.Database) {
    this.firstFrom = db.prepare('SELECT seq, arrival_us FROM events WHERE seq >= ? ORDER BY seq LIMIT 1').raw();
    this.lastSeq = db.prepare('SELECT max(seq) FROM events').pluck();
  }

  /** The smallest committed seq whose event arrived at or after `us`, or null when none did. */
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

  /** The committed seqs of events that arrived in [afterUs, beforeUs), as an inclusive range, or null when empty. */
  range(afterUs: number, beforeUs: number): [number, number] | null {
    const from = this.firstAtOrAfter(afterUs);
    if (from === null) return null;
    const end = this.firstAtOrAfter(beforeUs);
    const to = end === null ? (this.lastSeq.get() as number) : end - 1;
    return to >= from ? [from, to] : null;
  }
}
