export { parseArgs, DEFAULT_CONFIG_FILE, type ParsedArgs } from './args';
export { ConfigError, type ConfigLocation } from './errors';
export { isGuid } from './guid';
export { loadConfig, type LoadOptions } from './load';
export { SimplePattern } from './simple-pattern';
export type {
  BindAddress,
  HostSettings,
  KeySettings,
  LoadedConfig,
  MachineSettings,
  MemoryMode,
  ParentConfig,
  PortTls,
  ReplicationSettings,
  SenderSettings,
  StreamConfig,
  StreamDestination,
  Tristate,
  WebTls,
} from './types';
