import type { HostSettings } from '../config';
import type { HostEventLog } from '../eventlog';
import type { HostProjection } from '../projection/host-projection';
import type { ReplicationProgress } from '../replication/receiver-replication';
import type { SenderStatus } from '../sender/upstream';

/** What a live receiver exposes to the rest of the parent. */
export interface LiveReceiver {
  readonly connId: number;
  readonly peerIp: string;
  readonly peerPort: number;
  readonly sessionId: number;
  readonly capabilities: number;
  readonly connectedUs: number;
  /** Last time anything arrived on the socket (µs): a receiver silent for 30 s may be taken over. */
  lastMessageUs(): number;
  /** Netdata 1.37 replication and GAPS gap filling of this session. */
  replicationProgress(): ReplicationProgress;
  /** The chart is still being replicated from the child (Netdata's RRDSET_FLAG_RECEIVER_REPLICATION_IN_PROGRESS). */
  chartReplicating(chartId: string): boolean;
  /** The host's sender (proxying it upstream) while this session lasts; null when it is not proxied. */
  senderStatus(): SenderStatus | null;
  /** Close the connection and end the session with this reason. */
  shutdown(reason: string): void;
}

/** One child (or the parent itself): its durable log, its projection and, while connected, its receiver. */
export class Host {
  receiver: LiveReceiver | null = null;
  hops = 1;
  lastDisconnectUs = 0;
  /** Its last connection ended in a socket error (reset, timeout), not closed by the child: it vanished. */
  vanished = false;

  constructor(
    readonly machineGuid: string,
    public hostname: string,
    readonly log: HostEventLog | null,
    readonly projection: HostProjection,
    public settings: HostSettings | null,
  ) {}

  get reachable(): boolean {
    return this.receiver !== null;
  }
}
