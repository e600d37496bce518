import type { SimplePattern } from '../config/simple-pattern';
import type { StreamDestination } from '../config/types';
import type { DataSource } from './formats/batch-formatter';

/** The wire formats streamledger exports in, with how each travels (plain TCP lines or one HTTP POST per batch). */
export type ExportFormat = 'graphite' | 'opentsdb' | 'json' | 'prometheus_remote_write';

/** One exporting instance: `[backend]` of the parent's file, or a `[TYPE:NAME]` section of exporting.conf. */
export interface ExportingSettings {
  /** The instance name (`backend` for the `[backend]` section). */
  name: string;
  /** The section it was read from, for messages. */
  section: string;
  /** `[backend]`: Netdata's older backends subsystem, whose log lines start with BACKEND and charts are netdata.backend_*. */
  legacy: boolean;
  /** The type as written (`opentsdb:http`, ...). */
  type: string;
  format: ExportFormat;
  /** A batch goes as an HTTP POST (opentsdb:http, json:http, graphite:http, remote write), else as plain lines. */
  http: boolean;
  tls: boolean;
  destinations: StreamDestination[];
  dataSource: DataSource;
  prefix: string;
  /** The parent's own host is exported under this name. */
  hostname: string;
  updateEvery: number;
  bufferOnFailures: number;
  timeoutMs: number;
  sendNames: boolean;
  sendCharts: SimplePattern;
  sendHosts: SimplePattern;
  sendConfiguredLabels: boolean;
  sendAutomaticLabels: boolean;
  /** The parent's own host tags (`[backend] host tags`). */
  hostTags: string;
  remoteWritePath: string;
  /** Basic authentication of the HTTP variants, when either is set. */
  username: string;
  password: string;
}
