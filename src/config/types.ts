import type { ExportingSettings } from '../exporting/exporting-settings';
import type { SimplePattern } from './simple-pattern';

/** Netdata 1.37's database modes (`alloc`: like `ram`, Netdata allocates it with malloc instead of mmap). */
export type MemoryMode = 'ram' | 'save' | 'map' | 'dbengine' | 'none' | 'alloc';
export type Tristate = 'yes' | 'no' | 'auto';

/** Netdata's `^SSL=` suffix of a `bind to` entry: what the port does with plain-text connections once TLS is set up. */
export type PortTls = 'optional' | 'force';

export interface BindAddress {
  host: string;
  port: number;
  /** Absent: Netdata's default for a port without the suffix. Only meaningful with `[web] ssl key` and `ssl certificate`. */
  tls?: PortTls;
}

/** `[web] ssl key` and `ssl certificate`: the files, and their PEM text as read and checked at start. */
export interface WebTls {
  keyFile: string;
  certFile: string;
  key: string;
  cert: string;
}

export interface ReplicationSettings {
  enabled: boolean;
  secondsToReplicate: number;
  secondsPerStep: number;
}

/** The parent's own settings (streamledger.conf, netdata.conf's syntax and key names). */
export interface ParentConfig {
  /** Absolute path of the file. */
  file: string;
  hostname: string;
  memoryMode: MemoryMode;
  history: number;
  updateEvery: number;
  /** Netdata's `[db]` replication defaults, used for every host unless stream.conf overrides them. */
  replication: ReplicationSettings;
  /** `[db] dbengine multihost disk space MB`: one quota shared by every dbengine host. */
  dbengineDiskSpaceBytes: number;
  /** `[db] dbengine page cache size MB`: decompressed pages kept in memory, shared by every dbengine host. */
  dbenginePageCacheBytes: number;
  /** `[db] cleanup orphan hosts after secs`: a host disconnected this long leaves memory (its files stay). 0 = never. */
  cleanupOrphanHostsSeconds: number;
  /** `[db] cleanup obsolete charts after secs`: a chart obsolete or not collected this long leaves memory. 0 = never. */
  cleanupObsoleteChartsSeconds: number;
  bind: BindAddress[];
  /** null: plain text only. */
  tls: WebTls | null;
  acceptStreamingEverySeconds: number;
  firstRequestTimeoutSeconds: number;
  /** An API connection with no complete request for this long is closed (Netdata's `disconnect idle clients after seconds`). */
  httpIdleSeconds: number;
  /** Absolute directories. */
  configDir: string;
  cacheDir: string;
  libDir: string;
  /** health.d directories: the user's (default `<config>/health.d`) and the stock one (Netdata's package's). */
  healthConfigDir: string;
  stockHealthConfigDir: string;
  /** Absolute path, or null when disabled (`none`). */
  accessLog: string | null;
  /** `stdout`, `stderr`, `none`, or an absolute path. */
  errorLog: string;
  logLevel: string;
  eventLog: {
    retentionSeconds: number;
    maxBytes: number;
    flushMs: number;
    flushEvents: number;
    retentionCheckSeconds: number;
    maxLineBytes: number;
  };
  healthEnabled: boolean;
  /** `[health]` alarm log and notification settings, `[health webhooks]` per role. */
  health: {
    /** The config directory, for the `edit-config` command alarm entries name. */
    configDir: string;
    script: string;
    defaultRecipient: string;
    maxLogEntries: number;
    logHistorySeconds: number;
    notificationTimeoutMs: number;
    notificationRetries: number;
    notificationRetryDelayMs: number;
    webhooks: Map<string, string>;
  };
}

/** One parsed `[stream] destination` entry: `[tcp:]HOST[%INTERFACE][:PORT][:SSL]`. */
export interface StreamDestination {
  host: string;
  /** IPv6 scope (`fe80::1%eth0`), or null. */
  interface: string | null;
  port: number;
  ssl: boolean;
}

/** stream.conf `[stream]`: how this node sends the hosts it receives upstream (src/sender/). */
export interface SenderSettings {
  /** False also when destination or api key is missing (Netdata disables sending then). */
  enabled: boolean;
  destination: string;
  destinations: StreamDestination[];
  sslSkipCertificateVerification: boolean;
  caPath: string | null;
  caFile: string | null;
  apiKey: string;
  timeoutSeconds: number;
  defaultPort: number;
  sendChartsMatching: SimplePattern;
  bufferSizeBytes: number;
  reconnectDelaySeconds: number;
  initialClockResyncIterations: number;
  enableCompression: boolean;
}

/** Access settings of an API key section. A key with no section exists=false, enabled=false. */
export interface KeySettings {
  section: string;
  exists: boolean;
  /** `type` of the section ('api' when unset); a receiver must refuse a key whose type is 'machine'. */
  type: 'api' | 'machine';
  enabled: boolean;
  /** Empty pattern: Netdata does no IP check at all (see SimplePattern.empty). */
  allowFrom: SimplePattern;
}

/** Access settings of a machine GUID section. A GUID with no section exists=false, enabled=true. */
export interface MachineSettings {
  section: string;
  exists: boolean;
  /** `type` of the section ('machine' when unset); a receiver must refuse a GUID whose type is 'api'. */
  type: 'api' | 'machine';
  enabled: boolean;
  allowFrom: SimplePattern;
}

/** What a receiver uses for one host: parent defaults < [API_KEY] `default ...` < [MACHINE_GUID]. */
export interface HostSettings {
  /** Machine section `update every`, overriding what the child announces; null when not set. */
  updateEvery: number | null;
  memoryMode: MemoryMode;
  history: number;
  healthEnabled: Tristate;
  postponeAlarmsSeconds: number;
  /** enabled is the effective value: false unless destination and api key are both set, as in Netdata. */
  proxy: { enabled: boolean; destination: string; apiKey: string; sendChartsMatching: string };
  /** Effective: the key/machine setting and `[stream] enable compression` must both allow it. */
  compression: boolean;
  replication: ReplicationSettings;
}

export interface StreamConfig {
  /** Absolute path of stream.conf (it may not exist: then every key is disabled). */
  file: string;
  sender: SenderSettings;
  /** Lookups match GUIDs case-insensitively. */
  key(apiKey: string): KeySettings;
  machine(guid: string): MachineSettings;
  host(apiKey: string, guid: string): HostSettings;
}

export interface LoadedConfig {
  parent: ParentConfig;
  stream: StreamConfig;
  /** `[backend]` of the parent's file, then the instances of exporting.conf. */
  exporting: ExportingSettings[];
}
