/**
 * The bytes a simulated Netdata 1.37 child sends: the STREAM handshake, the reply it accepts, the
 * definitions (LABEL, CHART, CLABEL, DIMENSION) and the per-second BEGIN/SET/END blocks.
 * Wire format: Netdata's plugins.d text protocol as streamed by a 1.37.1 child (see
 * test/fixtures/netdata-captures).
 */
import type { LoadChart } from './loadgen-model';
import { HOST_LABELS, chartSkips, sampleValue } from './loadgen-model';

import { CAP, PROMPT_V1, PROMPT_V2, PROMPT_VN } from '../../src/net/capabilities';

export { CAP };

/** What the generator offers by default: a 1.37 child's set minus what it cannot do (LZ4, FUNCTIONS, BINARY, REPLICATION). */
export const DEFAULT_VER = 1016;

export interface HandshakeParams {
  key: string;
  hostname: string;
  guid: string;
  updateEvery: number;
  /** The `ver=` value; null leaves the parameter out (a pre-1.23 child). */
  ver: number | null;
}

export function handshakeRequest(p: HandshakeParams): string {
  const q = [
    `key=${p.key}`, `hostname=${p.hostname}`, `registry_hostname=${p.hostname}`, `machine_guid=${p.guid}`,
    `update_every=${p.updateEvery}`, 'os=linux', 'timezone=Etc/UTC', 'abbrev_timezone=UTC', 'utc_offset=0',
    'hops=1', 'ml_capable=0', 'ml_enabled=0', 'mc_version=1', 'tags=',
  ];
  if (p.ver !== null) q.push(`ver=${p.ver}`);
  q.push('NETDATA_SYSTEM_OS_NAME=loadgen', 'NETDATA_SYSTEM_CPU_LOGICAL_CPU_COUNT=2', 'NETDATA_PROTOCOL_VERSION=1.1');
  return `STREAM ${q.join('&')} HTTP/1.1\r\nUser-Agent: streamledger-loadgen/0.1.0\r\nAccept: */*\r\n\r\n`;
}


export type ReplyVerdict =
  | { kind: 'incomplete' }
  | { kind: 'accepted'; caps: number; consumed: number }
  | { kind: 'refused'; reason: string };

/**
 * Reads the parent's answer to the handshake. `complete` says no more bytes will come for it (a pause or
 * the socket closed), which is how a VN prompt's number ends: Netdata sends it without a newline.
 */
export function parseReply(text: string, complete: boolean): ReplyVerdict {
  if (text.startsWith(PROMPT_VN)) {
    const m = /^\d+/.exec(text.slice(PROMPT_VN.length));
    const end = m ? PROMPT_VN.length + m[0].length : -1;
    if (!m || (end === text.length && !complete)) return complete ? refused(text) : { kind: 'incomplete' };
    const n = Number(m[0]);
    return { kind: 'accepted', caps: n & CAP.VCAPS ? n : oldVersionCaps(n), consumed: end };
  }
  if (text.startsWith(PROMPT_V2)) return { kind: 'accepted', caps: CAP.HLABELS, consumed: PROMPT_V2.length };
  if (text.startsWith(PROMPT_V1) && (text.length > PROMPT_V1.length || complete)) {
    return { kind: 'accepted', caps: 0, consumed: PROMPT_V1.length };
  }
  if (!complete && (PROMPT_VN.startsWith(text) || PROMPT_V2.startsWith(text) || text.startsWith(PROMPT_V1))) {
    return { kind: 'incomplete' };
  }
  return complete ? refused(text) : { kind: 'incomplete' };
}

function refused(text: string): ReplyVerdict {
  return { kind: 'refused', reason: text.length ? JSON.stringify(text.slice(0, 500)) : '(connection closed without a reply)' };
}

/**
 * Pre-VCAPS protocol numbers: 2 host labels, 3 claim, 4 chart labels, 5 LZ4 (a real 1.37.1 parent answers
 * ver=1 with the plain prompt and ver=2 with the host-labels prompt).
 */
function oldVersionCaps(v: number): number {
  let caps = 0;
  if (v >= 2) caps |= CAP.HLABELS;
  if (v >= 3) caps |= CAP.CLAIM;
  if (v >= 4) caps |= CAP.CLABELS;
  if (v >= 5) caps |= CAP.COMPRESSION;
  return caps;
}

/** A word of the protocol, double-quoted (the generator's names never contain quotes). */
const q = (s: string): string => `"${s}"`;

/** Everything a child sends after the handshake and before its first values. */
export function definitions(charts: LoadChart[], guid: string, caps: number, nowSec: number): string {
  const out: string[] = [];
  if (caps & CAP.CLAIM) out.push(`CLAIMED_ID ${guid} NULL`);
  if (caps & CAP.HLABELS) {
    for (const [name, value] of HOST_LABELS) out.push(`LABEL ${q(name)} = 1 ${q(value)}`);
    out.push('OVERWRITE labels');
  }
  for (const c of charts) {
    const d = c.def;
    out.push(`CHART ${q(d.id)} ${q(d.name)} ${q(d.title)} ${q(d.units)} ${q(d.family)} ${q(d.context)} ` +
      `${q(d.chartType)} ${d.priority} ${d.updateEvery} ${q(d.options)} ${q(d.plugin)} ${q(d.module)}`);
    if (caps & CAP.CLABELS) {
      for (const [name, value] of c.labels) out.push(`CLABEL ${q(name)} ${q(value)} 1`);
      out.push('CLABEL_COMMIT');
    }
    for (const { def: m } of c.dims) {
      out.push(`DIMENSION ${q(m.id)} ${q(m.name)} ${q(m.algorithm)} ${m.multiplier} ${m.divisor} ${q(m.options)}`);
    }
    // With REPLICATION the child reports its retention (none: the generator keeps no history).
    if (caps & CAP.REPLICATION) out.push(`CHART_DEFINITION_END 0 0 ${nowSec}`);
  }
  return out.join('\n') + '\n';
}

/** The reply to a REPLAY_CHART request: nothing to replay, start streaming the chart. */
export function emptyReplay(chartId: string, updateEvery: number, after: number, before: number, nowSec: number): string {
  return `RBEGIN ${q(chartId)}\nREND ${updateEvery} 0 0 true ${after} ${before} ${nowSec}\n`;
}

/**
 * The `usec` of a chart's third block when the clock is anchored: longer than any history (400 days), so a
 * Netdata parent resets the chart ("took too long to be updated") and restarts its collection clock at the
 * arrival second + 0.5 s. Before that, the parent times the chart by when it read the second BEGIN, which two
 * parents never read at the same microsecond; after it, every collection time is the anchor plus the usecs
 * sent, the same on every parent, and so are the interpolated values.
 */
export const ANCHOR_USEC = 400 * 86400 * 1_000_000;
/** Blocks sent on a connection before the anchoring one. */
const BLOCKS_BEFORE_ANCHOR = 2;

/**
 * Builds one child's BEGIN/SET/END blocks for a second. The quoted prefixes are made once; per second only
 * the numbers are formatted, and the whole second becomes one string, written as one Buffer.
 */
export class SecondEncoder {
  private readonly beginPrefix: string[];
  private readonly setPrefix: string[][];
  /** Second of each chart's previous block on this connection (0: none yet). */
  private readonly lastT: number[];
  /** Blocks of each chart sent on this connection. */
  private readonly sent: number[];
  /** GAPS: every BEGIN carries its collection time (`BEGIN "id" usec t`). */
  collectionTime = false;

  /** `anchorClock`: the third block of each chart on a connection carries ANCHOR_USEC. */
  constructor(private readonly child: number, private readonly charts: LoadChart[], private readonly anchorClock = false) {
    this.beginPrefix = charts.map((c) => `BEGIN ${q(c.def.id)} `);
    this.setPrefix = charts.map((c) => c.dims.map((d) => `SET ${q(d.def.id)} = `));
    this.lastT = charts.map(() => 0);
    this.sent = charts.map(() => 0);
  }

  /** A new connection: the first block of each chart carries 0 microseconds again. */
  reset(): void {
    this.lastT.fill(0);
    this.sent.fill(0);
  }

  /**
   * The blocks of second `t` for the charts in `enabled` (all when undefined) that do not skip it. Each BEGIN
   * carries the microseconds since that chart's previous block, 0 for its first one, as a child does.
   */
  encode(t: number, enabled?: ReadonlySet<number>): { text: string; values: number } {
    let s = '';
    let values = 0;
    for (let i = 0; i < this.charts.length; i++) {
      if ((enabled && !enabled.has(i)) || chartSkips(this.charts[i], t)) continue;
      const anchor = this.anchorClock && this.sent[i] === BLOCKS_BEFORE_ANCHOR;
      const usec = anchor ? ANCHOR_USEC : this.lastT[i] ? (t - this.lastT[i]) * 1_000_000 : 0;
      this.lastT[i] = t;
      this.sent[i]++;
      s += this.beginPrefix[i] + usec + (this.collectionTime ? ` ${t}\n` : '\n');
      const sets = this.setPrefix[i];
      for (let j = 0; j < sets.length; j++) {
        const v = sampleValue(this.child, this.charts[i], j, t);
        if (v === null) continue;
        s += sets[j] + v + '\n';
        values++;
      }
      s += 'END\n';
    }
    return { text: s, values };
  }
}
