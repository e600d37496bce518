import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Int64 } from '../model/types';
import type { Logger } from '../log';
import { Dictionary } from './dictionary';
import { flushClock, type Flushable } from './flush-clock';
import { ArrivalSearch } from './arrival-search';
import { applyMigrations, findMigrationsDir, loadMigrations, type Migration } from './migrations';
import { insertSql } from './insert-sql';
import { createLogFileOnce } from './new-log-file';
import { decodeLineRun, LineRunWriter } from './line-run-codec';
import { KIND_LINE, KIND_LINE_RUN, KIND_REPLAY, KIND_RUN, KIND_SAMPLE, PendingBatch } from './pending-batch';
import { decodeReplayPoint } from './replay-codec';
import { Retention } from './retention';
import { decodeSample } from './sample-codec';
import { MAX_RUN_EVENTS, MAX_RUN_SPAN_US, RunWriter, decodeRun, fitsRun } from './sample-run-codec';
import type {
  EventLogOptions,
  LogEvent,
  ReadEventsOptions,
  RetentionOptions,
  RetentionResult,
  SessionRow,
  SessionStart,
} from './types';

/** Events per INSERT statement: multi-row statements cost ~40% less CPU per row than one-row ones. */
export const ROWS_PER_INSERT = 16;
const INSERT_COLUMNS = '(seq, session, arrival_us, kind, chart, usec, t, payload, n)';
/** Columns of an events row, in INSERT_COLUMNS order. */
export const COLUMNS = 9;

export function insertEventsSql(rows: number): string {
  return insertSql(`events ${INSERT_COLUMNS}`, COLUMNS, rows);
}

/** Rows fetched per query by readEvents: bounded memory, and no statement stays open between pages. */
const READ_PAGE = 1_000;

type EventRow = [seq: number, session: number, arrivalUs: number, kind: number, chart: number | null, usec: number | null, t: number | null, payload: Buffer | string, n: number | null];

interface SessionDbRow {
  id: number;
  peer_ip: string;
  peer_port: number;
  api_key: string;
  hostname: string;
  machine_guid: string;
  requested_ver: string | null;
  negotiated: number;
  capabilities: number | null;
  program: string | null;
  program_version: string | null;
  request_params: string;
  started_us: number;
  ended_us: number | null;
  end_reason: string | null;
}

/**
 * The durable log of everything one host (machine GUID) sent: one SQLite file in WAL mode (docs/event-log.md).
 * Appends are buffered and committed in one transaction per batch: when flushEvents are pending, every flushMs, and at
 * session start/end and close. Only one HostEventLog may write a file at a time.
 */
export class HostEventLog implements Flushable {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly logger: Logger;
  private readonly flushEvents: number;
  private readonly dict: Dictionary;
  private readonly pending: PendingBatch;
  private readonly retention: Retention;
  private readonly clock: ReturnType<typeof flushClock>;
  /** Whether this log waits on the flush clock. */
  private scheduled = false;
  /** Sessions this instance started and has not ended; any other unended row was left by a crashed process. */
  private readonly liveSessions = new Set<number>();
  private readonly writeBatch: () => void;
  /** Reused bind arrays: a flush allocates no argument lists. */
  private readonly oneRowArgs: unknown[] = new Array(COLUMNS);
  private readonly manyRowsArgs: unknown[] = new Array(COLUMNS * ROWS_PER_INSERT);
  private readonly runs = new RunWriter();
  private readonly lineRuns = new LineRunWriter();
  /** Session ends waiting for the next commit (recorded while commits fail): written in the same transaction. */
  private pendingEnds: Array<{ id: number; endedUs: number; reason: string; lastSeq: number }> = [];
  private failing: string | null = null;
  /** The newest arrival_us appended: later ones are clamped to it, so arrival never decreases in seq order. */
  private lastArrivalUs: number;
  private readonly arrivals: ArrivalSearch;
  private closed = false;
  private readonly stmt: {
    insertOne: Database.Statement;
    insertMany: Database.Statement;
    insertSession: Database.Statement;
    endSession: Database.Statement;
    abandonedSessions: Database.Statement;
    lastEventOf: Database.Statement;
    sessionsInRange: Database.Statement;
    readPage: Database.Statement;
    readLinePage: Database.Statement;
    count: Database.Statement;
  };

  static open(file: string, opts: EventLogOptions): HostEventLog {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const init = (db: Database.Database) => prepareSchema(db, opts.logger);
    let db: Database.Database | null = null;
    try {
      createLogFileOnce(file, init);
      db = new Database(file);
      init(db);
      return new HostEventLog(file, db, opts);
    } catch (err) {
      db?.close();
      throw new Error(`event log ${file}: cannot open: ${(err as Error).message}`, { cause: err });
    }
  }

  private constructor(file: string, db: Database.Database, opts: EventLogOptions) {
    this.file = file;
    this.db = db;
    this.logger = opts.logger;
    this.flushEvents = Math.max(1, opts.flushEvents);
    this.stmt = {
      insertOne: db.prepare(insertEventsSql(1)),
      insertMany: db.prepare(insertEventsSql(ROWS_PER_INSERT)),
      insertSession: db.prepare(`
        INSERT INTO sessions (peer_ip, peer_port, api_key, hostname, machine_guid, requested_ver, negotiated, capabilities,
                              program, program_version, request_params, started_us, first_seq)
        VALUES (@peerIp, @peerPort, @apiKey, @hostname, @machineGuid, @requestedVer, @negotiated, @capabilities,
                @program, @programVersion, @requestParams, @startedUs, @firstSeq)`),
      endSession: db.prepare('UPDATE sessions SET ended_us = ?, end_reason = ?, last_seq = ? WHERE id = ? AND ended_us IS NULL'),
      abandonedSessions: db.prepare('SELECT id, started_us, first_seq FROM sessions WHERE ended_us IS NULL'),
      lastEventOf: db.prepare('SELECT seq, arrival_us FROM events WHERE seq >= ? AND session = ? ORDER BY seq DESC LIMIT 1'),
      sessionsInRange: db.prepare('SELECT * FROM sessions WHERE started_us < ? AND (ended_us IS NULL OR ended_us >= ?) ORDER BY id'),
      readLinePage: db
        .prepare(`SELECT seq, session, arrival_us, kind, chart, usec, t, payload, n FROM events WHERE seq >= ? AND seq <= ? AND arrival_us >= ? AND arrival_us < ? AND kind IN (${KIND_LINE}, ${KIND_LINE_RUN}) ORDER BY seq LIMIT ?`)
        .raw(),
      readPage: db
        .prepare('SELECT seq, session, arrival_us, kind, chart, usec, t, payload, n FROM events WHERE seq >= ? AND seq <= ? AND arrival_us >= ? AND arrival_us < ? ORDER BY seq LIMIT ?')
        .raw(),
      count: db.prepare('SELECT coalesce(sum(coalesce(n, 1)), 0) FROM events').pluck(),
    };
    this.dict = new Dictionary(db);
    this.writeBatch = db.transaction(() => this.writeBatchRows());
    // AUTOINCREMENT keeps the high-water mark even when retention deleted the newest rows.
    const highWater = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'").pluck().get() as number | undefined) ?? 0;
    this.pending = new PendingBatch(highWater + 1);
    this.arrivals = new ArrivalSearch(db);
    this.retention = new Retention(db, this.arrivals);
    this.lastArrivalUs = (db.prepare('SELECT arrival_us FROM events ORDER BY seq DESC LIMIT 1').pluck().get() as number | undefined) ?? 0;
    this.clock = flushClock(Math.max(1, opts.flushMs));
  }

  startSession(s: SessionStart): number {
    this.assertOpen();
    this.flush();
    const id = this.db.transaction(() => {
      this.closeAbandonedSessions();
      const info = this.stmt.insertSession.run({ ...s, requestParams: JSON.stringify(s.requestParams), firstSeq: this.pending.firstSeq });
      return Number(info.lastInsertRowid);
    })();
    this.liveSessions.add(id);
    return id;
  }

  /**
   * Ends a session. Never throws for a failing disk: the end is committed with the events pending before it, whenever
   * that commit succeeds (flush logs the failure).
   */
  endSession(id: number, endedUs: number, reason: string): void {
    this.assertOpen();
    this.pendingEnds.push({ id, endedUs, reason, lastSeq: this.lastSeq() });
    this.liveSessions.delete(id);
    this.autoFlush();
    if (this.failing) this.scheduleFlush(); // the clock retries, as for events
  }

  /** Why commits fail (disk full, I/O error), or null while they work; meanwhile appends are kept in memory. */
  get failure(): string | null {
    return this.failing;
  }

  chartRef(chartId: string): number {
    return this.dict.chartRef(chartId);
  }

  dimRef(chartRef: number, dimId: string): number {
    return this.dict.dimRef(chartRef, dimId);
  }

  appendLine(session: number, arrivalUs: number, line: string): void {
    this.assertOpen();
    this.pending.addLine(session, this.arrival(arrivalUs), line);
    this.flushIfFull();
  }

  appendSample(
    session: number,
    arrivalUs: number,
    chartRef: number,
    usec: number,
    t: number,
    dimRefs: ArrayLike<number>,
    values: ArrayLike<Int64 | null>,
    count: number,
  ): void {
    this.assertOpen();
    this.pending.addSample(session, this.arrival(arrivalUs), chartRef, usec, t, dimRefs, values, count);
    this.flushIfFull();
  }

  /** One replicated point (Netdata 1.37 replication): the slot ending at endT of chartRef, with the stored values sent. */
  appendReplayPoint(
    session: number,
    arrivalUs: number,
    chartRef: number,
    startT: number,
    endT: number,
    dimRefs: ArrayLike<number>,
    values: ArrayLike<number>,
    resets: ArrayLike<boolean>,
    count: number,
  ): void {
    this.assertOpen();
    this.pending.addReplayPoint(session, this.arrival(arrivalUs), chartRef, startT, endT, dimRefs, values, resets, count);
    this.flushIfFull();
  }

  /**
   * Commits everything pending in one transaction. On failure (disk full, I/O error) nothing is lost: the batch stays
   * pending for the next attempt, the first failure of a run is logged, and the error is thrown.
   */
  flush(): void {
    const n = this.pending.count;
    if (n === 0 && !this.dict.hasPending() && this.pendingEnds.length === 0) return;
    try {
      this.writeBatch();
    } catch (err) {
      if (!this.failing) {
        this.failing = (err as Error).message;
        this.logger.error({ err, file: this.file, pending: n }, 'event log: cannot commit pending events; they stay pending and will be retried');
      }
      throw new Error(`event log ${this.file}: cannot commit ${n} pending events (kept pending): ${(err as Error).message}`, { cause: err });
    }
    this.dict.committed();
    this.pending.clear();
    this.pendingEnds = [];
    if (this.failing) {
      this.failing = null;
      this.logger.warn({ file: this.file, events: n }, 'event log: commits work again; pending events saved');
    }
  }

  /**
   * The file's SQLite handle, for the tables kept beside the events (the alarm log); such writers use their own
   * statements, each committed by itself, never inside an event batch. Throws once the log is closed.
   */
  database(): Database.Database {
    if (this.closed) throw new Error(`event log ${this.file} is closed`);
    return this.db;
  }

  close(): void {
    if (this.closed) return;
    this.clock.cancel(this);
    this.scheduled = false;
    try {
      this.flush();
    } catch (err) {
      const lost = this.pending.count;
      this.closed = true;
      this.db.close();
      throw new Error(`event log ${this.file}: closed without saving ${lost} pending events: ${(err as Error).message}`, { cause: err });
    }
    this.closed = true;
    this.db.close();
  }

  lastSeq(): number {
    return this.pending.lastSeq();
  }

  committedSeq(): number {
    return this.pending.firstSeq - 1;
  }

  pendingCount(): number {
    return this.pending.count;
  }

  /** Sessions overlapping [afterUs, beforeUs), oldest first; connected sessions overlap any range after their start. */
  sessions(opts: { afterUs?: number; beforeUs?: number } = {}): SessionRow[] {
    this.assertOpen();
    const rows = this.stmt.sessionsInRange.all(opts.beforeUs ?? Number.MAX_SAFE_INTEGER, opts.afterUs ?? Number.MIN_SAFE_INTEGER) as SessionDbRow[];
    return rows.map(toSessionRow);
  }

  /**
   * Committed events with seq >= fromSeq and arrival_us in [afterUs, beforeUs), ascending seq, fetched a page at a
   * time: other calls (appends, flushes) may run between two iterations, and events committed meanwhile are included.
   */
  *readEvents(opts: ReadEventsOptions): IterableIterator<LogEvent> {
    this.assertOpen();
    const after = opts.afterUs ?? Number.MIN_SAFE_INTEGER;
    const before = opts.beforeUs ?? Number.MAX_SAFE_INTEGER;
    const first = opts.fromSeq ?? 1;
    let from = first; // a row's seq is its last event's: rows from here on hold every event from `first` on
    let to = opts.toSeq ?? Number.MAX_SAFE_INTEGER;
    if (opts.afterUs !== undefined || opts.beforeUs !== undefined) {
      // Narrow to the rows of the time range once, then walk seq order.
      const span = this.arrivals.range(after, before);
      if (!span) return;
      const [lo, hi] = span;
      from = Math.max(from, lo);
      to = Math.min(to, hi);
    }
    // A run row carries its last event's seq and arrival: rows past `to` and `before` may still hold wanted events.
    const rowTo = Math.min(Number.MAX_SAFE_INTEGER, to + MAX_RUN_EVENTS - 1);
    const rowBefore = Math.min(Number.MAX_SAFE_INTEGER, before + MAX_RUN_SPAN_US);
    let left = opts.limit ?? Number.POSITIVE_INFINITY;
    while (left > 0) {
      this.assertOpen();
      const page = opts.linesOnly ? this.stmt.readLinePage : this.stmt.readPage;
      const size = Math.min(READ_PAGE, left);
      const rows = page.all(from, rowTo, after, rowBefore, size) as EventRow[];
      for (const row of rows) {
        for (const e of this.decode(row)) {
          if (e.seq > to) return;
          if (e.seq < first || e.arrivalUs < after || e.arrivalUs >= before) continue;
          yield e;
          if (--left === 0) return;
        }
      }
      if (rows.length < size) return;
      from = rows[rows.length - 1][0] + 1;
    }
  }

  /** Committed events. */
  countEvents(): number {
    this.assertOpen();
    return this.stmt.count.get() as number;
  }

  enforceRetention(opts: RetentionOptions): RetentionResult {
    this.assertOpen();
    let deleted = this.retention.deleteBefore(opts.nowUs - opts.maxAgeUs);
    deleted += this.retention.shrinkTo(opts.maxBytes);
    this.retention.dropEmptySessions();
    if (deleted > 0 || this.fileBytes() > opts.maxBytes) this.retention.reclaim();
    return { deletedEvents: deleted, fileBytes: this.fileBytes() };
  }

  /** Bytes on disk: the database file plus its WAL. */
  fileBytes(): number {
    return sizeOf(this.file) + sizeOf(`${this.file}-wal`);
  }

  /**
   * One transaction: new dictionary entries, then every pending event in seq order, ROWS_PER_INSERT rows a statement;
   * consecutive samples of one session share a row (a run, sample-run-codec.ts), and so do consecutive lines
   * (line-run-codec.ts).
   */
  private writeBatchRows(): void {
    this.dict.writePending();
    const count = this.pending.count;
    const args = this.manyRowsArgs;
    this.runs.reset();
    this.lineRuns.reset();
    let rows = 0;
    for (let i = 0; i < count; ) {
      const end = this.runEnd(i);
      if (end - i === 1) this.bindRow(args, rows * COLUMNS, i);
      else if (this.pending.kind[i] === KIND_LINE) this.bindLineRun(args, rows * COLUMNS, i, end);
      else this.bindRun(args, rows * COLUMNS, i, end);
      i = end;
      if (++rows === ROWS_PER_INSERT) {
        this.stmt.insertMany.run(args);
        rows = 0;
      }
    }
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < COLUMNS; c++) this.oneRowArgs[c] = args[r * COLUMNS + c];
      this.stmt.insertOne.run(this.oneRowArgs);
    }
    for (const e of this.pendingEnds) this.stmt.endSession.run(e.endedUs, e.reason, e.lastSeq, e.id);
  }

  /**
   * The end (exclusive) of the run of pending events starting at i, all samples or all lines of one session: i + 1
   * when event i goes in a row of its own.
   */
  private runEnd(i: number): number {
    const b = this.pending;
    const kind = b.kind[i];
    if ((kind !== KIND_SAMPLE && kind !== KIND_LINE) || !this.joinsRun(kind, i)) return i + 1;
    const session = b.session[i];
    const latest = b.arrival[i] + MAX_RUN_SPAN_US;
    const max = Math.min(b.count, i + MAX_RUN_EVENTS);
    let j = i + 1;
    while (j < max && b.session[j] === session && b.arrival[j] <= latest && this.joinsRun(kind, j)) j++;
    return j;
  }

  /** Whether pending event j can go in a run of `kind` events (a sample only with fields a run can hold). */
  private joinsRun(kind: number, j: number): boolean {
    const b = this.pending;
    return b.kind[j] === kind && (kind === KIND_LINE || fitsRun(b.chart[j], b.usec[j], b.t[j]));
  }

  /** Puts pending event i into args[at..at+COLUMNS), in INSERT_COLUMNS order. */
  private bindRow(args: unknown[], at: number, i: number): void {
    const b = this.pending;
    const sample = b.kind[i] !== KIND_LINE; // samples and replay points share the columns
    args[at] = b.firstSeq + i;
    args[at + 1] = b.session[i];
    args[at + 2] = b.arrival[i];
    args[at + 3] = b.kind[i];
    args[at + 4] = sample ? b.chart[i] : null;
    args[at + 5] = sample ? b.usec[i] : null;
    args[at + 6] = sample ? b.t[i] : null;
    args[at + 7] = sample ? b.arena.buf.subarray(b.payloadStart[i], b.payloadEnd[i]) : b.lines[i];
    args[at + 8] = null;
  }

  /** Puts pending samples [i, end) into args[at..at+COLUMNS) as one run row, keyed by its last event. */
  private bindRun(args: unknown[], at: number, i: number, end: number): void {
    const b = this.pending;
    const last = end - 1;
    this.runs.begin(b.arrival[last]);
    for (let k = i; k < end; k++) this.runs.add(b.arrival[k], b.chart[k], b.usec[k], b.t[k], b.arena.buf, b.payloadStart[k], b.payloadEnd[k]);
    this.bindRunRow(args, at, last, KIND_RUN, this.runs.payload(), end - i);
  }

  /** Puts pending lines [i, end) into args[at..at+COLUMNS) as one line-run row, keyed by its last event. */
  private bindLineRun(args: unknown[], at: number, i: number, end: number): void {
    const b = this.pending;
    const last = end - 1;
    this.lineRuns.begin(b.arrival[last]);
    for (let k = i; k < end; k++) this.lineRuns.add(b.arrival[k], b.lines[k] ?? '');
    this.bindRunRow(args, at, last, KIND_LINE_RUN, this.lineRuns.payload(), end - i);
  }

  /** The columns of a run row: its last event's seq, session and arrival; no chart, usec or t. */
  private bindRunRow(args: unknown[], at: number, last: number, kind: number, payload: Buffer, n: number): void {
    const b = this.pending;
    args[at] = b.firstSeq + last;
    args[at + 1] = b.session[last];
    args[at + 2] = b.arrival[last];
    args[at + 3] = kind;
    args[at + 4] = null;
    args[at + 5] = null;
    args[at + 6] = null;
    args[at + 7] = payload;
    args[at + 8] = n;
  }

  /** A wall clock stepped back is clamped: a time range must stay one seq range (arrival-search.ts). */
  private arrival(us: number): number {
    if (us > this.lastArrivalUs) this.lastArrivalUs = us;
    return this.lastArrivalUs;
  }

  private flushIfFull(): void {
    // While commits fail only the clock retries: a failing flush per append would stall ingestion.
    if (this.pending.count >= this.flushEvents && !this.failing) this.autoFlush();
    if (this.pending.count > 0) this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.clock.schedule(this);
  }

  /** For the flush clock: commits what is pending; true when something stays pending (the commit failed). */
  timedFlush(): boolean {
    this.scheduled = false;
    this.autoFlush();
    // a successful flush leaves nothing pending; a failed one keeps everything for the next tick
    const waits = !this.closed && this.failing !== null;
    if (waits) this.scheduled = true;
    return waits;
  }

  /** Flushes for the clock and the size threshold: a failure is logged by flush() and retried later, not thrown. */
  private autoFlush(): void {
    if (this.closed) return;
    try {
      this.flush();
    } catch {
      // logged once by flush(); the batch stays pending
    }
  }

  /** Sessions left unended by a previous process (crash, kill -9) end at their last stored event. */
  private closeAbandonedSessions(): void {
    for (const s of this.stmt.abandonedSessions.all() as { id: number; started_us: number; first_seq: number }[]) {
      if (this.liveSessions.has(s.id)) continue;
      const last = this.stmt.lastEventOf.get(s.first_seq, s.id) as { seq: number; arrival_us: number } | undefined;
      this.stmt.endSession.run(last?.arrival_us ?? s.started_us, 'unclean shutdown', last?.seq ?? s.first_seq - 1, s.id);
    }
  }

  /** The events of one row: one, or all of a run's. */
  private decode(row: EventRow): LogEvent[] {
    const [seq, session, arrivalUs, kind, chart, usec, t, payload, n] = row;
    if (kind === KIND_LINE) return [{ seq, session, arrivalUs, kind: 'line', line: String(payload) }];
    if (kind === KIND_LINE_RUN) return decodeLineRun(payload as Buffer, seq, arrivalUs, n ?? 1).map((e) => ({ ...e, session, kind: 'line' as const }));
    const chartRef = chart as number;
    if (kind === KIND_REPLAY) {
      const p = decodeReplayPoint(payload as Buffer);
      const endT = t ?? 0;
      return [{ seq, session, arrivalUs, kind: 'replay', chartId: this.dict.chartId(chartRef), startT: endT - (usec ?? 0) / 1e6, endT, dimIds: this.resolveDims(chartRef, p.ordinals), values: p.values, resets: p.resets }];
    }
    if (kind === KIND_RUN) return decodeRun(payload as Buffer, seq, arrivalUs, n ?? 1).map((e) => this.sample(e.seq, session, e.arrivalUs, e.chart, e.usec, e.t, e.payload));
    return [this.sample(seq, session, arrivalUs, chartRef, usec ?? 0, t ?? 0, payload as Buffer)];
  }

  private sample(seq: number, session: number, arrivalUs: number, chartRef: number, usec: number, t: number, payload: Uint8Array): LogEvent {
    const { ordinals, values } = decodeSample(payload);
    const dimIds = this.resolveDims(chartRef, ordinals); // first: it reloads the dictionary when the ref is new
    return { seq, session, arrivalUs, kind: 'sample', chartId: this.dict.chartId(chartRef), usec, t, dimIds, values };
  }

  private resolveDims(chartRef: number, ordinals: number[]): string[] {
    try {
      return this.dimIds(chartRef, ordinals);
    } catch {
      // A reader opened beside the writing process (e.g. the audit CLI) meets entries committed after its open.
      this.dict.load();
      return this.dimIds(chartRef, ordinals);
    }
  }

  /** Throws RangeError for a chart ref or ordinal the dictionary does not hold. */
  private dimIds(chartRef: number, ordinals: number[]): string[] {
    this.dict.chartId(chartRef);
    return ordinals.map((o) => this.dict.dimId(chartRef, o));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`event log ${this.file} is closed`);
  }
}

function toSessionRow(r: SessionDbRow): SessionRow {
  return {
    id: r.id,
    peerIp: r.peer_ip,
    peerPort: r.peer_port,
    apiKey: r.api_key,
    hostname: r.hostname,
    machineGuid: r.machine_guid,
    requestedVer: r.requested_ver,
    negotiated: r.negotiated,
    capabilities: r.capabilities,
    program: r.program,
    programVersion: r.program_version,
    requestParams: JSON.parse(r.request_params) as Record<string, string>,
    startedUs: r.started_us,
    endedUs: r.ended_us,
    endReason: r.end_reason,
  };
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

let migrations: Migration[] | null = null;

/** The file's pragmas and schema: a no-op on a current log apart from reading its version. */
function prepareSchema(db: Database.Database, logger: Logger): void {
  // auto_vacuum must precede the first write of a new file (enabling WAL is one); a no-op on an existing file.
  db.pragma('auto_vacuum = INCREMENTAL');
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`cannot enable WAL mode (got '${String(mode)}')`);
  // In WAL mode NORMAL syncs only at checkpoints: a committed batch survives a process kill, a power cut may lose
  // the last ones (docs/event-log.md, "Durability").
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrations ??= loadMigrations(findMigrationsDir());
  applyMigrations(db, migrations, Date.now() * 1000, logger);
}
