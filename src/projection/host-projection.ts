import type { ChartView } from '../model/chart-view';
import { sanitizeLabelName, sanitizeLabelValue } from '../model/label-sanitize';
import type { ChartDef, Int64 } from '../model/types';
import type { MetaCommand } from '../protocol/types';
import { ChartState } from './ram/chart-state';
import type { HostStorage } from './storage/chart-store';

/** Who the host says it is, from the STREAM request of its latest session. */
export interface HostIdentity {
  hostname: string;
  machineGuid: string;
  os: string;
  timezone: string;
  abbrevTimezone: string;
  utcOffset: number;
  tags: string;
  programName: string;
  programVersion: string;
  updateEvery: number;
}


/**
 * The per-host read model built from the event log: chart and dimension definitions, labels, variables and
 * (memory mode ram) the stored points of every dimension. Fed in log order by apply() and collect().
 */
export class HostProjection {
  identity: HostIdentity;
  /** Sequence number of the last event applied; maintained by the caller. */
  lastAppliedSeq = 0;
  /** BEGIN..END blocks for charts never defined, and SET lines for dimensions never defined. */
  unknownChartSamples = 0;
  unknownDimensionValues = 0;

  private readonly history: number;
  /** Where points are kept; null in memory mode none (metadata only). */
  readonly storage: HostStorage | null;
  private readonly byId = new Map<string, ChartState>();
  private readonly byName = new Map<string, ChartState>();
  private current: ChartState | undefined;
  /** The chart the replication lines refer to (RBEGIN "id"). */
  private replaying: ChartState | undefined;
  private pendingChartLabels = new Map<string, string>();
  private pendingHostLabels = new Map<string, string>();
  private labels = new Map<string, string>();
  /** The LABEL source bits of each host label (1 automatic, 2 configured), what exporters choose labels by. */
  private pendingHostLabelSources = new Map<string, number>();
  private labelSources = new Map<string, number>();
  private readonly hostVariables = new Map<string, number>();
  private claim: string | null = null;

  constructor(opts: { identity: HostIdentity; history: number; storage: HostStorage | null }) {
    this.identity = opts.identity;
    this.history = opts.history;
    this.storage = opts.storage;
  }

  setIdentity(id: HostIdentity): void {
    this.identity = id;
  }

  apply(cmd: MetaCommand): void {
    switch (cmd.cmd) {
      case 'CHART':
        this.defineChart(cmd.chart);
        break;
      case 'DIMENSION':
        this.current?.defineDimension(cmd.dim);
        break;
      case 'CLABEL':
        this.pendingChartLabels.set(sanitizeLabelName(cmd.name), sanitizeLabelValue(cmd.value));
        break;
      case 'CLABEL_COMMIT':
        // Netdata replaces the chart's labels with the committed set.
        this.current?.setLabels(this.pendingChartLabels);
        this.pendingChartLabels = new Map();
        break;
      case 'LABEL': {
        const name = sanitizeLabelName(cmd.name);
        this.pendingHostLabels.set(name, sanitizeLabelValue(cmd.value));
        this.pendingHostLabelSources.set(name, cmd.source);
        break;
      }
      case 'OVERWRITE':
        if (cmd.what === 'labels') {
          this.labels = this.pendingHostLabels;
          this.labelSources = this.pendingHostLabelSources;
          this.pendingHostLabels = new Map();
          this.pendingHostLabelSources = new Map();
        }
        break;
      case 'VARIABLE':
        if (cmd.scope === 'HOST') this.hostVariables.set(cmd.name, cmd.value);
        else this.current?.setVariable(cmd.name, cmd.value);
        break;
      case 'CLAIMED_ID':
        this.claim = cmd.claimId;
        break;
      case 'RBEGIN':
        if (cmd.chartId) this.replaying = this.byId.get(cmd.chartId);
        break;
      case 'RDSTATE':
        this.replaying?.restoreDimension(cmd.dimId, cmd.lastCollected, cmd.lastCalculated);
        break;
      case 'RSSTATE':
        this.replaying?.restoreClock(cmd.lastCollectedUs, cmd.lastUpdatedUs);
        break;
      case 'REND':
        this.replaying?.replayEnded(cmd.startStreaming);
        this.replaying = undefined;
        break;
      case 'RSET': // stored with its point: replayPoint()
      case 'CHART_DEFINITION_END':
      case 'TIMESTAMP':
      case 'FLUSH':
      case 'DISABLE':
        break;
    }
  }

  /** One BEGIN..END (t: its GAPS collection time, 0 = none); false (nothing stored) for an unknown chart. Unknown
   *  dimension ids are counted and skipped. `indexes`: each id's dimension index when the caller knows it (checked). */
  collect(chartId: string, usec: number, nowUs: number, dimIds: ArrayLike<string>, values: ArrayLike<Int64 | null>, count: number, t = 0,
    indexes?: ArrayLike<number>): boolean {
    const chart = this.byId.get(chartId);
    if (!chart) {
      this.unknownChartSamples++;
      return false;
    }
    // BEGIN makes the chart current for the lines that follow, as in Netdata's parser.
    this.current = chart;
    this.unknownDimensionValues += chart.collect(usec, nowUs, dimIds, values, count, t, indexes);
    return true;
  }

  /** A replicated point of a chart (see ChartState.replayPoint); false when the chart is unknown or the point not new. */
  replayPoint(chartId: string, endT: number, dimIds: ArrayLike<string>, values: ArrayLike<number>, count: number): boolean {
    return this.byId.get(chartId)?.replayPoint(endT, dimIds, values, count) ?? false;
  }

  acceptsReplayPoint(chartId: string, endT: number): boolean {
    return this.byId.get(chartId)?.acceptsReplayPoint(endT) ?? false;
  }

  acceptsCollectionTime(chartId: string, t: number): boolean {
    return this.byId.get(chartId)?.acceptsCollectionTime(t) ?? false;
  }

  /** Newest GAPS collection time of any chart (the child's clock); 0 when none came. */
  lastCollectionT(): number {
    let newest = 0;
    for (const c of this.byId.values()) if (c.lastCollectionT > newest) newest = c.lastCollectionT;
    return newest;
  }

  hostLabels(): Map<string, string> {
    return this.labels;
  }
  hostLabelSources(): ReadonlyMap<string, number> {
    return this.labelSources;
  }
  claimedId(): string | null {
    return this.claim;
  }
  variables(): Map<string, number> {
    return this.hostVariables;
  }

  charts(): Iterable<ChartView> {
    return this.byId.values();
  }

  chart(idOrName: string): ChartView | undefined {
    return this.byId.get(idOrName) ?? this.byName.get(idOrName);
  }

  firstEntryT(): number {
    let first = 0;
    for (const c of this.byId.values()) {
      const t = c.firstEntryT();
      if (t !== 0 && (first === 0 || t < first)) first = t;
    }
    return first;
  }

  lastEntryT(): number {
    let last = 0;
    for (const c of this.byId.values()) last = Math.max(last, c.lastEntryT());
    return last;
  }

  /**
   * Forgets charts with no definition and no collection for `maxAgeSec` (and at least two of their intervals): charts
   * marked obsolete, or no longer sent. Their points on disk follow the storage's own retention. Returns how many.
   */
  removeStaleCharts(nowSec: number, maxAgeSec: number): number {
    let removed = 0;
    for (const [id, chart] of this.byId) {
      const idle = nowSec - chart.lastActivitySec;
      if (idle <= maxAgeSec || idle <= 2 * chart.updateEvery) continue;
      this.byId.delete(id);
      if (this.byName.get(chart.name) === chart) this.byName.delete(chart.name);
      if (this.current === chart) this.current = undefined;
      removed++;
    }
    return removed;
  }

  private defineChart(def: ChartDef): void {
    let chart = this.byId.get(def.id);
    if (chart) {
      if (this.byName.get(chart.name) === chart) this.byName.delete(chart.name);
      chart.redefine(def);
    } else {
      chart = new ChartState(def, this.history, this.storage);
      this.byId.set(def.id, chart);
    }
    this.byName.set(chart.name, chart);
    chart.lastActivitySec = Date.now() / 1000;
    this.current = chart;
    this.pendingChartLabels = new Map();
  }
}
