/**
 * The bytes a simulated Netdata 1.37 child sends: the STREAM handshake (the reply is read by
 * src/net/stream-reply.ts), the definitions (LABEL, CHART, CLABEL, DIMENSION) and the per-second BEGIN/SET/END blocks.
 * Wire format: Netdata's plugins.d text protocol as streamed by a 1.37.1 child (see
 * test/fixtures/netdata-captures).
 */
import type { LoadChart } from './loadgen-model';
import { HOST_LABELS, chartSkips, sampleValue } from './loadgen-model';
import { CAP } from '../../src/net/capabilities';
import { formatStreamRequest } from '../../src/net/stream-request-format';
import { CLABEL_COMMIT_LINE, OVERWRITE_LABELS_LINE, formatChart, formatChartLabel, formatClaimedId, formatDimension, formatHostLabel, quote } from '../../src/protocol/encoder';

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
  const fields: Array<[string, string]> = [
    ['key', p.key], ['hostname', p.hostname], ['registry_hostname', p.hostname], ['machine_guid', p.guid],
    ['update_every', String(p.updateEvery)], ['os', 'linux'], ['timezone', 'Etc/UTC'], ['abbrev_timezone', 'UTC'], ['utc_offset', '0'],
    ['hops', '1'], ['ml_capable', '0'], ['ml_enabled', '0'], ['mc_version', '1'], ['tags', ''],
  ];
  if (p.ver !== null) fields.push(['ver', String(p.ver)]);
  fields.push(['NETDATA_SYSTEM_OS_NAME', 'loadgen'], ['NETDATA_SYSTEM_CPU_LOGICAL_CPU_COUNT', '2'], ['NETDATA_PROTOCOL_VERSION', '1.1']);
  return formatStreamRequest(fields, 'streamledger-loadgen/0.1.0');
}

/** Everything a child sends after the handshake and before its first values. */
export function definitions(charts: LoadChart[], guid: string, caps: number, nowSec: number): string {
  const out: string[] = [];
  if (caps & CAP.CLAIM) out.push(formatClaimedId(guid, null));
  if (caps & CAP.HLABELS) {
    for (const [name, value] of HOST_LABELS) out.push(formatHostLabel(name, 1, value));
    out.push(OVERWRITE_LABELS_LINE);
  }
  for (const c of charts) {
    out.push(formatChart(c.def));
    if (caps & CAP.CLABELS) {
      for (const [name, value] of c.labels) out.push(formatChartLabel(name, value, 1));
      out.push(CLABEL_COMMIT_LINE);
    }
    for (const { def: m } of c.dims) out.push(formatDimension(m));
    // With REPLICATION the child reports its retention (none: the generator keeps no history).
    if (caps & CAP.REPLICATION) out.push(`CHART_DEFINITION_END 0 0 ${nowSec}`);
  }
  return out.join('\n') + '\n';
}

/** The reply to a REPLAY_CHART request: nothing to replay, start streaming the chart. */
export function emptyReplay(chartId: string, updateEvery: number, after: number, before: number, nowSec: number): string {
  return `RBEGIN ${quote(chartId)}\nREND ${updateEvery} 0 0 true ${after} ${before} ${nowSec}\n`;
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
    this.beginPrefix = charts.map((c) => `BEGIN ${quote(c.def.id)} `);
    this.setPrefix = charts.map((c) => c.dims.map((d) => `SET ${quote(d.def.id)} = `));
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
