import { CAP } from '../net/capabilities';
import type { StreamRequest } from '../net/stream-request';
import { formatStreamRequest } from '../net/stream-request-format';
import { BUSY_BODY, DENIED_BODY, DUPLICATE_BODY } from '../net/stream-refusals';
import { VERSION } from '../version';

/**
 * What a sender offers upstream: REPLICATION (answered from the projection, replication-answer.ts), no COMPRESSION.
 * `ver` is then 5056; with GAPS (answered from the event log, gaps-catch-up.ts) added where it is offered.
 */
export const SENDER_CAPABILITIES = (CAP.VCAPS | CAP.HLABELS | CAP.CLAIM | CAP.CLABELS | CAP.REPLICATION) >>> 0;

/** The capabilities a sender offers, so also the most it takes from the parent's reply. */
export function senderCapabilities(offerGaps: boolean): number {
  return offerGaps ? (SENDER_CAPABILITIES | CAP.GAPS) >>> 0 : SENDER_CAPABILITIES;
}

/** streaming/rrdpush.h STREAMING_PROTOCOL_VERSION. */
const PROTOCOL_VERSION = '1.1';

/**
 * The system information a 1.37 sender appends, in its order, with the older name a child may have sent instead
 * (receiver.c reads NETDATA_SYSTEM_OS_* and NETDATA_HOST_OS_* into the same fields).
 */
const SYSTEM_INFO: ReadonlyArray<readonly [string, string?]> = [
  ['NETDATA_INSTANCE_CLOUD_TYPE'],
  ['NETDATA_INSTANCE_CLOUD_INSTANCE_TYPE'],
  ['NETDATA_INSTANCE_CLOUD_INSTANCE_REGION'],
  ['NETDATA_SYSTEM_OS_NAME', 'NETDATA_HOST_OS_NAME'],
  ['NETDATA_SYSTEM_OS_ID', 'NETDATA_HOST_OS_ID'],
  ['NETDATA_SYSTEM_OS_ID_LIKE', 'NETDATA_HOST_OS_ID_LIKE'],
  ['NETDATA_SYSTEM_OS_VERSION', 'NETDATA_HOST_OS_VERSION'],
  ['NETDATA_SYSTEM_OS_VERSION_ID', 'NETDATA_HOST_OS_VERSION_ID'],
  ['NETDATA_SYSTEM_OS_DETECTION', 'NETDATA_HOST_OS_DETECTION'],
  ['NETDATA_HOST_IS_K8S_NODE'],
  ['NETDATA_SYSTEM_KERNEL_NAME'],
  ['NETDATA_SYSTEM_KERNEL_VERSION'],
  ['NETDATA_SYSTEM_ARCHITECTURE'],
  ['NETDATA_SYSTEM_VIRTUALIZATION'],
  ['NETDATA_SYSTEM_VIRT_DETECTION'],
  ['NETDATA_SYSTEM_CONTAINER'],
  ['NETDATA_SYSTEM_CONTAINER_DETECTION'],
  ['NETDATA_CONTAINER_OS_NAME'],
  ['NETDATA_CONTAINER_OS_ID'],
  ['NETDATA_CONTAINER_OS_ID_LIKE'],
  ['NETDATA_CONTAINER_OS_VERSION'],
  ['NETDATA_CONTAINER_OS_VERSION_ID'],
  ['NETDATA_CONTAINER_OS_DETECTION'],
  ['NETDATA_SYSTEM_CPU_LOGICAL_CPU_COUNT'],
  ['NETDATA_SYSTEM_CPU_FREQ'],
  ['NETDATA_SYSTEM_TOTAL_RAM'],
  ['NETDATA_SYSTEM_TOTAL_DISK_SIZE'],
];

/**
 * The STREAM request for a proxied host, with the keys and order of Netdata 1.37's sender
 * (rrdpush_sender_thread_connect_to_parent): the host as its child announced itself (`req`), one hop further, with
 * the system information it sent; Netdata's fallbacks for what it did not send.
 */
export function senderRequest(apiKey: string, req: StreamRequest, updateEvery: number, offerGaps = false): string {
  const fields: Array<[string, string]> = [
    ['key', apiKey],
    ['hostname', req.hostname ?? ''],
    ['registry_hostname', req.registryHostname ?? ''],
    ['machine_guid', req.machineGuid ?? ''],
    ['update_every', String(updateEvery)],
    ['os', req.os ?? 'unknown'],
    ['timezone', req.timezone ?? 'unknown'],
    ['abbrev_timezone', req.abbrevTimezone ?? 'UTC'],
    ['utc_offset', String(req.utcOffset)],
    ['hops', String(req.hops + 1)],
    ['ml_capable', '0'],
    ['ml_enabled', '0'],
    ['mc_version', '0'],
    ['tags', req.tags ?? ''],
    ['ver', String(senderCapabilities(offerGaps))],
  ];
  for (const [name, alias] of SYSTEM_INFO) fields.push([name, req.systemInfo[name] ?? (alias && req.systemInfo[alias]) ?? '']);
  fields.push(['NETDATA_PROTOCOL_VERSION', PROTOCOL_VERSION]);
  return formatStreamRequest(fields, `streamledger/${VERSION}`);
}

/**
 * Why a parent refused, in Netdata's words: the refusal bodies a 1.37 parent (and streamledger) writes, as later
 * Netdata senders name them; for anything else, 1.37's own words.
 */
export function refusalReason(body: string): { reason: string; known: boolean } {
  switch (body) {
    case DENIED_BODY:
      return { reason: "remote server denied access, probably we don't have the right API key?", known: true };
    case DUPLICATE_BODY:
      return { reason: 'remote server rejected this stream, the host we are trying to stream is already streamed to it', known: true };
    case BUSY_BODY:
      return { reason: 'remote server is currently busy, we should try later', known: true };
    case '':
      return { reason: 'remote netdata does not respond.', known: false };
    default:
      return { reason: 'server is not replying properly (is it a netdata?).', known: false };
  }
}
