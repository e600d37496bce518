import type { Int64 } from '../model/types';
import type { Logger } from '../log';

/** What a receiver knows when a child's stream is accepted; one `sessions` row. */
export interface SessionStart {
  peerIp: string;
  peerPort: number;
  apiKey: string;
  hostname: string;
  machineGuid: string;
  requestedVer: string | null;
  negotiated: number;
  capabilities: number | null;
  program: string | null;
  programVersion: string | null;
  requestParams: Record<string, string>;
  startedUs: number;
}

export interface SessionRow extends SessionStart {
  id: number;
  endedUs: number | null;
  endReason: string | null;
}

/** One stored event, decoded: a metadata line verbatim, one BEGIN..END block, or one replicated point. */
export type LogEvent =
  | { seq: number; session: number; arrivalUs: number; kind: 'line'; line: string }
  | {
      seq: number;
      session: number;
      arrivalUs: number;
      kind: 'sample';
      chartId: string;
      usec: number;
      t: number;
      dimIds: string[];
      values: (Int64 | null)[];
    }
  | {
      seq: number;
      session: number;
      arrivalUs: number;
      kind: 'replay';
      chartId: string;
      startT: number;
      endT: number;
      dimIds: string[];
      /** Stored values as the child sent them; NaN = empty slot (flag E). */
      values: number[];
      resets: boolean[];
    };

export interface EventLogOptions {
  /** Pending events are committed at least this often (ms). */
  flushMs: number;
  /** ...and as soon as this many are pending. */
  flushEvents: number;
  logger: Logger;
}

export interface ReadEventsOptions {
  /** First seq to return (inclusive). */
  fromSeq?: number;
  /** Last seq to return (inclusive). */
  toSeq?: number;
  /** Only events with arrival_us >= afterUs. */
  afterUs?: number;
  /** Only events with arrival_us < beforeUs. */
  beforeUs?: number;
  /** At most this many events. */
  limit?: number;
  /** Only line (definition) events: a replay skips samples that a projection could not hold anyway. */
  linesOnly?: boolean;
}

export interface RetentionOptions {
  nowUs: number;
  /** Events that arrived before nowUs - maxAgeUs are deleted (subject to the definitions rule). */
  maxAgeUs: number;
  /** The oldest events are deleted until the file (database + WAL) fits. */
  maxBytes: number;
}

export interface RetentionResult {
  deletedEvents: number;
  fileBytes: number;
}
