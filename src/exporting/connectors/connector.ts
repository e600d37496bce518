import type { StreamDestination } from '../../config/types';
import type { ExportStats } from '../export-stats';

/** How sending one batch went. */
export type SendResult =
  | { ok: true; destination: string }
  /** Nothing reached a destination (none accepted a connection, or the write or request failed): retried next round. */
  | { ok: false; retry: true; message: string }
  /** The destination answered that it will never take this batch (HTTP 4xx): it is dropped, not retried. */
  | { ok: false; retry: false; message: string; destination: string };

/** Sends batches to the first destination of an instance that works; keeps its connection between batches. */
export interface Connector {
  send(body: Buffer): Promise<SendResult>;
  close(): void;
}

export interface ConnectorOptions {
  destinations: StreamDestination[];
  tls: boolean;
  timeoutMs: number;
  stats: ExportStats;
  /** `EXPORTING` or `BACKEND`: the word Netdata starts these log lines with. */
  logWord: string;
  warn: (msg: string) => void;
}

/** A destination as its log lines name it: HOST:PORT, IPv6 in brackets. */
export const destinationName = (d: StreamDestination): string => (d.host.includes(':') ? `[${d.host}]:${d.port}` : `${d.host}:${d.port}`);
