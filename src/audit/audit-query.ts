import type { HostEventLog, LogEvent, SessionRow } from '../eventlog';
import { regenerateLines } from '../eventlog';
import { capabilitiesToString } from '../net/capabilities';

export interface AuditRange {
  afterSec: number;
  beforeSec: number;
  limit: number;
}

export interface AuditSession {
  id: number;
  peer_ip: string;
  peer_port: number;
  hostname: string;
  machine_guid: string;
  requested_ver: string | null;
  negotiated_version: number;
  capabilities: string[] | null;
  program: string | null;
  program_version: string | null;
  started: number;
  ended: number | null;
  end_reason: string | null;
}

export interface AuditEvent {
  seq: number;
  session: number;
  time: number; // arrival, seconds with µs precision
  kind: LogEvent['kind']; // 'replay': a point that came late, by replication
  lines: string[];
}

export interface AuditResult {
  machine_guid: string;
  hostname: string;
  after: number;
  before: number;
  sessions: AuditSession[];
  events: AuditEvent[];
  truncated: boolean;
}

/**
 * "What did this host send between after and before, over which sessions, from which address": sessions overlapping the
 * range, and every event that arrived in it, regenerated as the protocol lines the child sent.
 */
export function auditHost(log: HostEventLog, machineGuid: string, hostname: string, range: AuditRange): AuditResult {
  const afterUs = range.afterSec * 1e6;
  const beforeUs = range.beforeSec * 1e6;
  const sessions = log.sessions({ afterUs, beforeUs }).map(toAuditSession);
  const events: AuditEvent[] = [];
  let truncated = false;
  for (const ev of log.readEvents({ afterUs, beforeUs, limit: range.limit + 1 })) {
    if (events.length === range.limit) {
      truncated = true;
      break;
    }
    events.push({ seq: ev.seq, session: ev.session, time: ev.arrivalUs / 1e6, kind: ev.kind, lines: regenerateLines(ev) });
  }
  return { machine_guid: machineGuid, hostname, after: range.afterSec, before: range.beforeSec, sessions, events, truncated };
}

function toAuditSession(s: SessionRow): AuditSession {
  return {
    id: s.id,
    peer_ip: s.peerIp,
    peer_port: s.peerPort,
    hostname: s.hostname,
    machine_guid: s.machineGuid,
    requested_ver: s.requestedVer,
    negotiated_version: s.negotiated,
    capabilities: s.capabilities === null ? null : capabilitiesToString(s.capabilities).trim().split(' ').filter(Boolean),
    program: s.program,
    program_version: s.programVersion,
    started: s.startedUs / 1e6,
    ended: s.endedUs === null ? null : s.endedUs / 1e6,
    end_reason: s.endReason,
  };
}

/** Netdata's convention for after/before: absent = default, negative = relative to now, else absolute epoch seconds. */
export function resolveRange(after: string | null | undefined, before: string | null | undefined, nowSec: number, limit: number): AuditRange {
  const parse = (v: string | null | undefined, dflt: number, name: string): number => {
    if (v === null || v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new RangeError(`${name} must be a number of seconds, got '${v}'`);
    return n <= 0 ? nowSec + n : n;
  };
  const beforeSec = parse(before, nowSec, 'before');
  const afterSec = parse(after, beforeSec - 600, 'after');
  if (afterSec > beforeSec) throw new RangeError(`after (${afterSec}) is later than before (${beforeSec})`);
  return { afterSec, beforeSec, limit };
}

/** Plain-text rendering shared by the CLI and `format=text`. */
export function auditToText(a: AuditResult): string {
  const out: string[] = [];
  out.push(`# host '${a.hostname}' machine guid ${a.machine_guid}, from ${iso(a.after)} to ${iso(a.before)}`);
  for (const s of a.sessions) {
    out.push(
      `# session ${s.id}: [${s.peer_ip}]:${s.peer_port} ${s.program ?? '-'}/${s.program_version ?? '-'} ver=${s.requested_ver ?? '-'} negotiated=${s.negotiated_version}` +
        `${s.capabilities ? ` caps=${s.capabilities.join(',')}` : ''} started ${iso(s.started)} ended ${s.ended === null ? '(connected)' : `${iso(s.ended)} (${s.end_reason})`}`,
    );
  }
  let session = -1;
  for (const e of a.events) {
    if (e.session !== session) {
      session = e.session;
      out.push(`# --- session ${session} ---`);
    }
    for (const line of e.lines) out.push(line);
  }
  if (a.truncated) out.push('# (truncated: raise the limit or narrow the time range)');
  return out.join('\n') + '\n';
}

function iso(sec: number): string {
  return new Date(sec * 1000).toISOString();
}
