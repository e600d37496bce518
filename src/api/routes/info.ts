import type { Host } from '../../hosts/host';
import type { HostRegistry } from '../../hosts/host-registry';
import { VERSION } from '../../version';

/** The system-info labels a child sends (`_os_name` ...) become these /api/v1/info keys, as in Netdata. */
const LABEL_KEYS: Array<[string, string]> = [
  ['os_name', '_os_name'],
  ['os_version', '_os_version'],
  ['kernel_version', '_kernel_version'],
  ['cores_total', '_system_cores'],
  ['total_disk_space', '_system_disk_space'],
  ['cpu_freq', '_system_cpu_freq'],
  ['ram_total', '_system_ram_total'],
  ['architecture', '_architecture'],
  ['virtualization', '_virtualization'],
  ['container', '_container'],
  ['is_k8s_node', '_is_k8s_node'],
];

/** /api/v1/info: Netdata's shape; `uid` and the system fields describe the host asked for, the host lists are global. */
export function renderInfo(registry: HostRegistry, host: Host, memoryMode: string): string {
  const hosts = registry.all();
  const labels = host.projection.hostLabels();
  const info: Record<string, unknown> = {
    version: VERSION,
    uid: host.machineGuid,
    mirrored_hosts: hosts.map((h) => h.hostname),
    mirrored_hosts_status: hosts.map((h) => ({
      guid: h.machineGuid,
      hostname: h.hostname,
      reachable: h === registry.localhost || h.reachable,
      hops: h.hops,
      claim_id: h.projection.claimedId(),
      node_id: null,
      // streamledger's additions: what this parent keeps of the host
      memory_mode: h.projection.storage?.mode ?? 'none',
      first_entry: h.projection.firstEntryT(),
      last_entry: h.projection.lastEntryT(),
      // gap filling of the connected child's session (Netdata 1.37 replication or GAPS); null while disconnected
      replication: h.receiver?.replicationProgress() ?? null,
      // its sender upstream while it is proxied (destination, connected, since, bytes_sent, ...); null otherwise
      sender: h.receiver?.senderStatus() ?? null,
    })),
    alarms: { normal: 0, warning: 0, critical: 0 },
  };
  for (const [key, label] of LABEL_KEYS) info[key] = labels.get(label) ?? 'unknown';
  Object.assign(info, {
    host_labels: Object.fromEntries(labels),
    functions: {},
    collectors: [],
    'cloud-enabled': false,
    'cloud-available': false,
    'agent-claimed': false,
    'aclk-available': false,
    'memory-mode': memoryMode,
    'stream-enabled': host.receiver?.senderStatus() != null,
    'stream-compression': false,
    'web-enabled': true,
    'https-enabled': false,
    'release-channel': 'stable',
    'charts-count': count(host, () => 1),
    'metrics-count': count(host, (c) => c.dimensions.length),
  });
  return JSON.stringify(info, null, '\t');
}

function count(host: Host, f: (c: { dimensions: readonly unknown[] }) => number): number {
  let n = 0;
  for (const c of host.projection.charts()) n += f(c);
  return n;
}
