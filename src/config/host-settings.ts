import type { HostOverrides } from './stream-sections';
import type { HostSettings, ParentConfig, SenderSettings } from './types';

/** Netdata's receiver postpones alarms this long unless stream.conf says otherwise. */
const DEFAULT_POSTPONE_ALARMS_SECONDS = 60;

/**
 * Resolves one host's settings as Netdata's receiver does: the parent's defaults (streamledger.conf and
 * stream.conf [stream]), then each layer in order (API key section, then machine GUID section).
 */
export function resolveHostSettings(parent: ParentConfig, sender: SenderSettings, layers: HostOverrides[]): HostSettings {
  const defaults: Required<Omit<HostOverrides, 'updateEvery'>> & Pick<HostOverrides, 'updateEvery'> = {
    updateEvery: undefined,
    memoryMode: parent.memoryMode,
    history: parent.history,
    healthEnabled: parent.healthEnabled ? 'yes' : 'no',
    postponeAlarmsSeconds: DEFAULT_POSTPONE_ALARMS_SECONDS,
    proxyEnabled: sender.enabled,
    proxyDestination: sender.destination,
    proxyApiKey: sender.apiKey,
    proxySendChartsMatching: sender.sendChartsMatching.source,
    compression: sender.enableCompression,
    replicationEnabled: parent.replication.enabled,
    secondsToReplicate: parent.replication.secondsToReplicate,
    secondsPerStep: parent.replication.secondsPerStep,
  };
  const s = layers.reduce<typeof defaults>((acc, layer) => ({ ...acc, ...layer }), defaults);
  return {
    updateEvery: s.updateEvery ?? null,
    memoryMode: s.memoryMode,
    history: s.history,
    healthEnabled: s.healthEnabled,
    postponeAlarmsSeconds: s.postponeAlarmsSeconds,
    proxy: {
      enabled: s.proxyEnabled && s.proxyDestination !== '' && s.proxyApiKey !== '',
      destination: s.proxyDestination,
      apiKey: s.proxyApiKey,
      sendChartsMatching: s.proxySendChartsMatching,
    },
    compression: s.compression && sender.enableCompression,
    replication: {
      enabled: s.replicationEnabled,
      secondsToReplicate: s.secondsToReplicate,
      secondsPerStep: s.secondsPerStep,
    },
  };
}
