import type { Int64 } from '../model/types';
import type { MetaCommand } from '../protocol/types';

/** How a host's sender is doing, for /api/v1/info (streamledger's addition to mirrored_hosts_status). */
export interface SenderStatus {
  /** The destination connected to, or last tried. */
  destination: string | null;
  connected: boolean;
  /** Epoch seconds the current connection was established; null while not connected. */
  since: number | null;
  bytes_sent: number;
  /** Connection attempts, one per destination tried (Netdata's reconnects counter). */
  reconnects: number;
  /**
   * REPLAY_CHART requests answered and the points (RBEGIN '' lines) sent in those answers, or with a GAPS parent the
   * REPLICATE requests answered and the blocks sent from the event log for them; over all connections.
   */
  replication_answers: number;
  replicated_points: number;
  /** Bytes waiting to be written upstream. */
  buffer_bytes: number;
  /** Why the last connection failed, ended or was refused, in Netdata's words (kept after a new one is made); null when none did. */
  last_error: string | null;
}

/**
 * A stored BEGIN..END block: the child's microseconds, its values, the chart VARIABLEs sent inside it, when it arrived
 * (µs) and its collection second when its child sent one (GAPS), else 0.
 */
export type SampleHandler = (
  chartId: string,
  usec: number,
  dimIds: ArrayLike<string>,
  values: ArrayLike<Int64 | null>,
  count: number,
  variables: ReadonlyArray<readonly [MetaCommand, string]>,
  arrivalUs: number,
  t: number,
) => void;

/**
 * What a receiver session hands its host's sender, synchronously, in stream order, as it stores them. None of these
 * may block or throw: the sender buffers, and drops its connection rather than slow the receiver.
 */
export interface Upstream {
  /** A stored line other than a sample (definitions, labels, variables...), as it arrived. */
  line(cmd: MetaCommand, text: string): void;
  sample: SampleHandler;
  /** The receiving session ended: stop sending this host (Netdata stops the host's sender thread). */
  stop(): void;
  status(): SenderStatus;
}
