import type Database from 'better-sqlite3';
import type { ArrivalSearch } from './arrival-search';
import { KIND_LINE, KIND_LINE_RUN } from './pending-batch';

/** Rows deleted per transaction: small enough that a writer on another connection never waits long. */
const CHUNK_ROWS = 10_000;
/** Samples a size pass moves the cutoff over per step (rows of one sample, or fewer rows of runs). */
const SHRINK_STEP_EVENTS = 10_000;
/** Free pages handed back to the file system per incremental_vacuum transaction. */
const VACUUM_PAGES = 2_048;
const FOREVER = Number.MAX_SAFE_INTEGER;
/** Rows of definitions (one line, or a run of lines): kept while their session may still be needed to replay. */
const LINE_KINDS = `${KIND_LINE}, ${KIND_LINE_RUN}`;

/**
 * Deletes old events while keeping the log replayable (docs/event-log.md, "Retention"):
 * - a sample event may go once it arrived before the cutoff (a run of samples once its last one did);
 * - a line event (a definition; a run of lines as one) may go only when its session ended before the cutoff and a newer session exists:
 *   every session re-sends all definitions, so the newest session's are always there;
 * - a session row goes when none of its events remain and it is not the newest.
 * Every delete runs in chunks of CHUNK_ROWS rows, one transaction each. Arrival never decreases in seq order, so "arrived
 * before the cutoff" is "seq below the first seq that arrived at or after it".
 */
export class Retention {
  private readonly deleteChunk: Database.Statement;
  private readonly sampleArrivalAt: Database.Statement;
  /** Mean samples per row among the oldest 100 sample rows: how many rows a step of SHRINK_STEP_EVENTS is. */
  private readonly oldestSampleRowEvents: Database.Statement;
  private readonly lastSampleArrival: Database.Statement;
  private readonly pruneSessions: Database.Statement;
  constructor(
    private readonly db: Database.Database,
    private readonly arrivals: ArrivalSearch,
  ) {
    this.deleteChunk = db.prepare(`
      DELETE FROM events WHERE seq IN (
        SELECT seq FROM events
        WHERE seq < @below
          AND (kind NOT IN (${LINE_KINDS}) OR session IN (
            SELECT id FROM sessions WHERE ended_us < @cutoff AND id < (SELECT max(id) FROM sessions)))
        ORDER BY seq
        LIMIT @chunk)
      RETURNING coalesce(n, 1)`).pluck();
    this.sampleArrivalAt = db.prepare(`SELECT arrival_us AS a FROM events WHERE kind NOT IN (${LINE_KINDS}) ORDER BY seq LIMIT 1 OFFSET ?`).pluck();
    this.oldestSampleRowEvents = db
      .prepare(`SELECT avg(coalesce(n, 1)) FROM (SELECT n FROM events WHERE kind NOT IN (${LINE_KINDS}) ORDER BY seq LIMIT 100)`)
      .pluck();
    this.lastSampleArrival = db.prepare(`SELECT arrival_us FROM events WHERE kind NOT IN (${LINE_KINDS}) ORDER BY seq DESC LIMIT 1`).pluck();
    this.pruneSessions = db.prepare(`
      DELETE FROM sessions AS s
      WHERE s.ended_us IS NOT NULL
        AND s.id < (SELECT max(id) FROM sessions)
        AND NOT EXISTS (SELECT 1 FROM events AS e WHERE e.seq BETWEEN s.first_seq AND s.last_seq AND e.session = s.id)`);
  }

  /** Deletes what the rules allow among events that arrived before cutoffUs; returns how many events. */
  deleteBefore(cutoffUs: number): number {
    // rows below it hold only events that arrived before the cutoff (a run row carries its last event's arrival)
    const below = this.arrivals.firstAtOrAfter(cutoffUs) ?? FOREVER;
    let total = 0;
    for (;;) {
      const deleted = this.deleteChunk.all({ below, cutoff: cutoffUs, chunk: CHUNK_ROWS }) as number[];
      for (const n of deleted) total += n;
      if (deleted.length < CHUNK_ROWS) return total;
    }
  }

  /**
   * Deletes the oldest events, about SHRINK_STEP_EVENTS samples at a time (each step moves the cutoff forward, so
   * definitions follow the same rule as for age), until the pages in use fit maxBytes or nothing more may go.
   */
  shrinkTo(maxBytes: number): number {
    let total = 0;
    while (this.usedBytes() > maxBytes) {
      const perRow = (this.oldestSampleRowEvents.get() as number | null) ?? 1;
      const at = this.sampleArrivalAt.get(Math.max(1, Math.round(SHRINK_STEP_EVENTS / perRow)) - 1) as number | undefined;
      const last = at ?? ((this.lastSampleArrival.get() as number | undefined) ?? null);
      const cutoff = last === null ? FOREVER : last + 1;
      const n = this.deleteBefore(cutoff);
      total += n;
      if (n === 0) break; // only definitions that must stay are left
    }
    return total;
  }

  /** Drops session rows left without events (never the newest). */
  dropEmptySessions(): number {
    return this.pruneSessions.run().changes;
  }

  /** Hands freed pages back to the file system and empties the WAL, so the files really shrink. */
  reclaim(): void {
    while ((this.db.pragma('freelist_count', { simple: true }) as number) > 0) {
      const before = this.db.pragma('page_count', { simple: true }) as number;
      // exec, not run(): a prepared incremental_vacuum frees one page per step.
      this.db.exec(`PRAGMA incremental_vacuum(${VACUUM_PAGES})`);
      if ((this.db.pragma('page_count', { simple: true }) as number) === before) break; // auto_vacuum is off for this file
    }
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Bytes of the pages holding data: what the file shrinks to after reclaim(). */
  private usedBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    return (pages - free) * pageSize;
  }
}
