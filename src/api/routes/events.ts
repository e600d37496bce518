import { auditHost, auditToText, resolveRange } from '../../audit/audit-query';
import type { Host } from '../../hosts/host';
import { json, text, type Reply } from '../respond';

const DEFAULT_LIMIT = 10_000;
const MAX_LIMIT = 1_000_000;

/** /api/v1/events?host=&after=&before=&limit=&format=json|text: the audit view of one host's event log. */
export function eventsRoute(host: Host, params: URLSearchParams): Reply {
  if (!host.log) return text(`Host '${host.hostname}' is this parent itself: it has no event log.`, 404);
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
  host.log.flush(); // the audit should see what arrived up to now, not only the last committed batch
  const result = auditHost(host.log, host.machineGuid, host.hostname, range);
  return format === 'text' ? text(auditToText(result)) : json(JSON.stringify(result, null, 1));
}
