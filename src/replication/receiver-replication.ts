import type { ReplicationSettings } from '../config';
import type { Host } from '../hosts/host';
import type { Logger } from '../log';
import { formatReplayChart } from '../protocol/encoder';
import type { MetaCommand } from '../protocol/types';
import { nowUs } from '../util/clock';
import { replayRequest } from './replay-request';

type ReplicationCommand = Extract<MetaCommand, { cmd: 'RBEGIN' | 'RSET' | 'RDSTATE' | 'RSSTATE' | 'REND' }>;
type DefinitionEnd = Extract<MetaCommand, { cmd: 'CHART_DEFINITION_END' }>;

export function isReplicationCommand(cmd: MetaCommand): cmd is ReplicationCommand {
  return cmd.cmd === 'RBEGIN' || cmd.cmd === 'RSET' || cmd.cmd === 'RDSTATE' || cmd.cmd === 'RSSTATE' || cmd.cmd === 'REND';
}

/** What /api/v1/info shows of a host's replication while its child is connected. */
export interface ReplicationProgress {
  /** When the session started (epoch seconds). */
  session_started: number;
  in_progress: boolean;
  charts_total: number;
  charts_done: number;
  /** Parent clock minus the newest point replicated so far of the charts still replicating (0 when none). */
  seconds_behind: number;
  points_received: number;
  points_refused: number;
  /** GAPS (streamledger children): the range asked with REPLICATE, null when none. */
  gaps_requested: { from: number; to: number } | null;
}

/** What the session gives this module: the socket to answer on, the log lines to write, and the session's id. */
/** A chart's event-log ordinals as the receiver caches them. */
export interface ChartRefs {
  ref: number;
  /** Dimension id -> its index in the chart. */
  index: ReadonlyMap<string, number>;
  /** The event log's ordinal of each dimension, by index. */
  refs: readonly number[];
}

export interface ReplicationSessionPort {
  sessionId: number;
  /** `STREAM <host> [receive from [ip]:port]`, the prefix of every log line. */
  prefix: string;
  send(line: string): void;
  /** Appends a line event and applies the command to the projection, as for any metadata line. */
  appendAndApply(cmd: MetaCommand, line: string): void;
  /** Logs a protocol problem of the session (bounded per session). */
  report(reason: string, line: string): void;
  /** The event log's refs of a chart and of its dimensions (the session's cache); null for a chart not defined. */
  chartRefs(chartId: string): ChartRefs | null;
  /** When the socket read being parsed returned (microseconds): the arrival of what it holds. */
  readUs(): number;
}

interface ChartReplication {
  after: number;
  before: number;
  done: boolean;
  /** Newest point end received for this chart. */
  lastT: number;
}

const PROGRESS_LOG_MS = 10_000;
/** A replicated or GAPS point this far after the parent's clock is refused as "in the future". */
export const FUTURE_TOLERANCE_S = 60;

/**
 * The receiving side of gap filling for one session:
 * - Netdata 1.37 replication: answers each CHART_DEFINITION_END with REPLAY_CHART for what this parent lacks, takes
 *   the RBEGIN/RSET points as stored values (one replay-point event per point in the log), RDSTATE/RSSTATE/REND as
 *   lines, and asks for the next step until the child starts streaming the chart.
 * - GAPS (streamledger children): answers TIMESTAMP with REPLICATE from the newest collection time stored.
 * A point already stored, out of order or in the future is refused and logged; nothing is stored twice.
 */
export class ReceiverReplication {
  private readonly charts = new Map<string, ChartReplication>();
  private chartsDone = 0;
  private replayChart = '';
  private point: {
    chartId: string;
    refs: ChartRefs;
    arrivalUs: number;
    startT: number;
    endT: number;
    dimIds: string[];
    dimRefs: number[];
    values: number[];
    resets: boolean[];
  } | null = null;
  /** RSETs of a refused point are dropped silently: the refusal was logged once. */
  private skippingPoint = false;
  private pointsReceived = 0;
  private pointsRefused = 0;
  private gaps: { from: number; to: number } | null = null;
  private readonly startedMs = Date.now();
  private lastProgressLogMs = Date.now();
  private lastFinishedLogMs = 0;

  constructor(
    private readonly host: Host,
    private readonly settings: ReplicationSettings,
    private readonly port: ReplicationSessionPort,
    private readonly logger: Logger,
  ) {}

  /** CHART_DEFINITION_END first last now: the child's retention for the chart just defined. */
  chartDefined(chartId: string, cmd: DefinitionEnd): void {
    const known = this.charts.get(chartId);
    if (known && !known.done) return; // a redefinition while replicating: the request in flight goes on
    if (known) this.chartsDone--;
    this.request(chartId, cmd.firstT, cmd.lastT, cmd.childNow || Math.floor(nowUs() / 1e6), 0, 0);
  }

  handle(cmd: ReplicationCommand, line: string): void {
    if (cmd.cmd === 'RSET') return this.rset(cmd, line);
    this.finishPoint();
    switch (cmd.cmd) {
      case 'RBEGIN':
        if (!cmd.chartId) return this.beginPoint(cmd.startT, cmd.endT, line);
        this.replayChart = cmd.chartId;
        if (!this.host.projection.chart(cmd.chartId)) this.port.report(`REPLAY: requested a RBEGIN on chart '${cmd.chartId}', which does not exist`, line);
        return this.port.appendAndApply(cmd, line);
      case 'RDSTATE':
      case 'RSSTATE':
        return this.port.appendAndApply(cmd, line);
      case 'REND':
        this.port.appendAndApply(cmd, line);
        return this.replayEnded(cmd, line);
    }
  }

  /** TIMESTAMP <child now> from a GAPS child: ask for what this parent lacks since its newest collection time. */
  timestamp(remoteNow: number): void {
    const prev = this.host.projection.lastCollectionT();
    const now = Math.floor(nowUs() / 1e6);
    let from = remoteNow;
    if (!prev) {
      this.logger.info(`${this.port.prefix}: Initial connection (no gap to check), remote=${remoteNow} local=${now} slew=${now - remoteNow}`);
    } else {
      from = this.settings.enabled ? Math.min(remoteNow, Math.max(prev, remoteNow - this.settings.secondsToReplicate)) : remoteNow;
      this.logger.info(
        `${this.port.prefix}: Checking for gaps... remote=${remoteNow} local=${prev}..${now} slew=${remoteNow - now} ${Math.max(0, remoteNow - prev)}-sec gap`,
      );
    }
    this.gaps = { from, to: remoteNow };
    this.port.send(`REPLICATE ${from} ${remoteNow}\n`);
  }

  /** Whether this chart was asked for with REPLAY_CHART in this session and its child has not started streaming it. */
  replicating(chartId: string): boolean {
    const c = this.charts.get(chartId);
    return c !== undefined && !c.done;
  }

  progress(): ReplicationProgress {
    const now = Math.floor(nowUs() / 1e6);
    let oldest = Infinity;
    for (const c of this.charts.values()) if (!c.done) oldest = Math.min(oldest, c.lastT || c.after);
    const gapsBehind = this.gaps ? Math.max(0, this.gaps.to - this.host.projection.lastCollectionT()) : 0;
    const inProgress = this.chartsDone < this.charts.size || gapsBehind > 0;
    return {
      session_started: Math.floor(this.startedMs / 1000),
      in_progress: inProgress,
      charts_total: this.charts.size,
      charts_done: this.chartsDone,
      seconds_behind: Number.isFinite(oldest) ? Math.max(0, now - oldest) : gapsBehind,
      points_received: this.pointsReceived,
      points_refused: this.pointsRefused,
      gaps_requested: this.gaps,
    };
  }

  /** The point being received is complete (the next replication line came): log it and store it. */
  finishPoint(): void {
    const p = this.point;
    this.point = null;
    this.skippingPoint = false;
    if (!p) return;
    const log = this.host.log;
    if (!log) return;
    log.appendReplayPoint(this.port.sessionId, p.arrivalUs, p.refs.ref, p.startT, p.endT, p.dimRefs, p.values, p.resets, p.values.length);
    this.host.projection.replayPoint(p.chartId, p.endT, p.dimIds, p.values, p.values.length);
    this.host.projection.lastAppliedSeq = log.lastSeq();
    this.pointsReceived++;
    const c = this.charts.get(p.chartId);
    if (c && p.endT > c.lastT) c.lastT = p.endT;
  }

  private beginPoint(startT: number, endT: number, line: string): void {
    const chart = this.host.projection.chart(this.replayChart);
    const refs = this.replayChart ? this.port.chartRefs(this.replayChart) : null;
    const refuse = (why: string) => {
      this.pointsRefused++;
      this.skippingPoint = true;
      this.port.report(`REPLAY: point of chart '${this.replayChart}' ending at ${endT} refused: ${why}`, line);
    };
    if (!chart || !refs) return refuse('no RBEGIN named a known chart before it');
    if (!startT || !endT) return refuse('it has no timings');
    if (endT > Math.floor(nowUs() / 1e6) + FUTURE_TOLERANCE_S) return refuse('it is in the future');
    if (!this.host.projection.acceptsReplayPoint(this.replayChart, endT)) return refuse(`this parent already holds up to ${chart.lastEntryT()}`);
    this.point = { chartId: this.replayChart, refs, arrivalUs: this.port.readUs(), startT, endT, dimIds: [], dimRefs: [], values: [], resets: [] };
  }

  private rset(cmd: Extract<ReplicationCommand, { cmd: 'RSET' }>, line: string): void {
    const p = this.point;
    if (!p) {
      if (!this.skippingPoint) this.port.report('REPLAY: RSET without a RBEGIN of a point', line);
      return;
    }
    const k = p.refs.index.get(cmd.dimId);
    const ref = k === undefined ? undefined : p.refs.refs[k];
    if (ref === undefined) {
      return this.port.report(`REPLAY: RSET to dimension '${cmd.dimId}' of chart '${p.chartId}', which does not exist; ignoring it`, line);
    }
    p.dimIds.push(cmd.dimId);
    p.dimRefs.push(ref);
    p.values.push(cmd.empty ? NaN : cmd.value);
    p.resets.push(cmd.reset);
  }

  private replayEnded(cmd: Extract<ReplicationCommand, { cmd: 'REND' }>, line: string): void {
    const chartId = this.replayChart;
    this.replayChart = '';
    const c = this.charts.get(chartId);
    if (!c) return this.port.report(`REPLAY: REND for chart '${chartId}', which was not asked to replicate`, line);
    if (cmd.startStreaming) {
      if (!c.done) {
        c.done = true;
        this.chartsDone++;
        if (this.chartsDone === this.charts.size) this.logFinished();
      }
      return;
    }
    this.request(chartId, cmd.firstT, cmd.lastT, cmd.childNow || Math.floor(nowUs() / 1e6), cmd.after, cmd.before);
    this.logProgress();
  }

  private request(chartId: string, childFirstT: number, childLastT: number, childNow: number, prevAfter: number, prevBefore: number): void {
    const chart = this.host.projection.chart(chartId);
    const hasStorage = this.host.projection.storage !== null;
    const r = replayRequest({
      childFirstT,
      childLastT,
      childNow,
      localLastT: chart?.lastEntryT() ?? 0,
      localNow: Math.floor(nowUs() / 1e6),
      prevAfter,
      prevBefore,
      enabled: this.settings.enabled && hasStorage,
      secondsToReplicate: this.settings.secondsToReplicate,
      secondsPerStep: this.settings.secondsPerStep,
      hasDimensions: (chart?.dimensions.length ?? 0) > 0,
    });
    if (r.suspicious) {
      this.logger.error(
        `${this.port.prefix}: REPLAY ERROR: 'host:${this.host.hostname}/chart:${chartId}' child sent: db from ${childFirstT} to ${childLastT}, wall clock time ${childNow}, last request from ${prevAfter} to ${prevBefore}, issue: ${r.reason} - sending replication request from ${r.after} to ${r.before}, start streaming ${r.startStreaming}`,
      );
    }
    const state = this.charts.get(chartId);
    if (state) Object.assign(state, { after: r.after, before: r.before });
    else this.charts.set(chartId, { after: r.after, before: r.before, done: false, lastT: 0 });
    this.port.send(formatReplayChart(chartId, r.startStreaming, r.after, r.before) + '\n');
  }

  private logProgress(): void {
    if (Date.now() - this.lastProgressLogMs < PROGRESS_LOG_MS) return;
    this.lastProgressLogMs = Date.now();
    const p = this.progress();
    this.logger.info(`${this.port.prefix}: replication in progress: ${p.charts_done}/${p.charts_total} charts done, ${p.points_received} points received, ${p.seconds_behind} s behind`);
  }

  private logFinished(): void {
    // charts keep being defined for a while after connecting: one line per quiet period, not one per straggler
    if (Date.now() - this.lastFinishedLogMs < PROGRESS_LOG_MS) return;
    this.lastFinishedLogMs = Date.now();
    const secs = ((Date.now() - this.startedMs) / 1000).toFixed(1);
    this.logger.info(`${this.port.prefix}: replication finished: ${this.charts.size} charts, ${this.pointsReceived} points received (${this.pointsRefused} refused) in ${secs} s`);
  }
}
