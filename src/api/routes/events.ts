import { auditHost, auditToText, resolveRange } from '../../audit/audit-query';
import { findHostLog } from '../../audit/find-host-log';
import type { HostEventLog } from '../../eventlog';
import type { Host } from '../../hosts/host';
import { json, text, type Reply } from '../respond';

const DEFAULT_LIMIT = 10_000;
const MAX_LIMIT = 1_000_000;

/** /api/v1/events?host=&after=&before=&limit=&format=json|text: the audit view of one host's event log. */
export function eventsRoute(host: Host, params: URLSearchParams): Reply {
  if (!host.log) return text(`Host '${host.hostname}' is this parent itself: it has no event log.`, 404);
  host.log.flush(); // the audit should see what arrived up to now, not only the last committed batch
  return auditRoute(host.log, host.machineGuid, host.hostname, params);
}

/** The same for a host that is on disk only (cleaned up from memory, or not connected since the parent started). */
export function onDiskEventsRoute(cacheDir: string, which: string, params: URLSearchParams): Reply | null {
  const found = findHostLog(cacheDir, which);
  if (!found) return null;
  try {
    return auditRoute(found.log, found.machineGuid, found.hostname, params);
  } finally {
    found.log.close();
  }
}

function auditRoute(log: HostEventLog, machineGuid: string, hostname: string, params: URLSearchParams): Reply {
  const limitParam = params.get('limit');
  const limit = limitParam === null ? DEFAULT_LIMIT : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return text(`limit must be an integer from 1 to ${MAX_LIMIT}, got '${limitParam}'`, 400);
  const format = params.get('format') ?? 'json';
  if (format !== 'json' && format !== 'text') return text(`format must be json or text, got '${format}'`, 400);
  let range;
  try {
    range = resolveRange(params.get('after'), params.get('before'), Date.now() / 1000, limit);
  } catch (err) {
    return text((err as Error).message, 400);
  }
  const result = auditHost(log, machineGuid, hostname, range);
  return format === 'text' ? text(auditToText(result)) : json(JSON.stringify(result, null, 1));
}
