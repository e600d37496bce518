import type { ChartView } from '../model/chart-view';
import {
  formatReplayBegin,
  formatReplayChartBegin,
  formatReplayChartState,
  formatReplayDimState,
  formatReplayEnd,
  formatReplaySet,
} from '../protocol/encoder';

export interface ReplicationAnswer {
  /** The lines, each ending in a newline. */
  text: string;
  /** What REND says: the parent takes the chart's live values from now on. */
  startStreaming: boolean;
  /** Points (RBEGIN '' lines) sent. */
  points: number;
}

/** replicate_chart_response()'s tolerance for a clock read before a collection landed. */
const TOLERANCE_S = 2;

/**
 * The answer of a Netdata 1.37.1 child to `REPLAY_CHART "<id>" "<start streaming>" <after> <before>`, from the chart's
 * stored points: replicate_chart_response() and replicate_chart_timeframe() of streaming/replication.c, read for
 * behaviour. `clock` is the wall clock in seconds, read at the start and again at the end, as Netdata does: a second
 * passing meanwhile turns start streaming off, so the parent asks for the rest.
 *
 * Slot t of the store is the point (t - update_every, t]. Slots where every dimension is empty are skipped; a
 * dimension empty in a slot sent goes as `NAN "E"`. The store keeps no reset flag, so no RSET carries R.
 */
export function replicationAnswer(chart: ChartView, startStreaming: boolean, after: number, before: number, clock: () => number): ReplicationAnswer {
  const now = clock();
  const state = chart.collectionState();

  let firstLocal = chart.firstEntryT();
  if (firstLocal > now + TOLERANCE_S) firstLocal = now;
  // st->last_updated, else the db's last entry, else now
  let lastLocal = state.lastUpdatedSec || chart.lastEntryT() || now;
  if (lastLocal > now + TOLERANCE_S) lastLocal = now;

  let queryAfter = Math.max(after, firstLocal);
  let queryBefore = startStreaming ? lastLocal : Math.min(before, lastLocal);
  if (queryAfter > queryBefore) [queryAfter, queryBefore] = [queryBefore, queryAfter];
  let enable = startStreaming || queryBefore === lastLocal || !after || !before;

  const lines = [formatReplayChartBegin(chart.id)];
  let points = 0;
  if (after && before) {
    // with start streaming the answer runs up to the last collection; REND says up to where it ran
    if (enable && state.lastUpdatedSec > queryBefore) queryBefore = state.lastUpdatedSec;
    points = pointLines(chart, queryAfter, queryBefore, now, lines);
    before = queryBefore;
  } else {
    after = before = 0;
    enable = true;
  }

  const worldClock = clock();
  if (enable) {
    if (now < worldClock) enable = false;
    else stateLines(chart, lines);
  }
  lines.push(formatReplayEnd(chart.updateEvery, firstLocal, lastLocal, enable, after, before, worldClock));
  return { text: lines.join('\n') + '\n', startStreaming: enable, points };
}

/** The points ending in (after, before], each as RBEGIN '' start end now and one RSET per dimension. */
function pointLines(chart: ChartView, after: number, before: number, now: number, out: string[]): number {
  const ue = chart.updateEvery;
  const first = (Math.floor(after / ue) + 1) * ue;
  if (first > before) return 0;
  const dims = chart.dimensions;
  const columns = dims.map((d) => chart.readRange(d.index, first, before));
  let points = 0;
  for (let i = 0, t = first; t <= before; i++, t += ue) {
    if (!columns.some((c) => i < c.length && !Number.isNaN(c[i]))) continue;
    // a store giving points after the wall clock ends the answer there
    if (t - ue > now + 1 || t > now + ue + 1) break;
    out.push(formatReplayBegin(t - ue, t, now));
    for (let d = 0; d < dims.length; d++) out.push(formatReplaySet(dims[d].def.id, i < columns[d].length ? columns[d][i] : NaN, false));
    points++;
  }
  return points;
}

/** RDSTATE per dimension and RSSTATE: the collection state the parent's next live value builds on (none without one). */
function stateLines(chart: ChartView, out: string[]): void {
  const state = chart.collectionState();
  // nothing collected here (memory mode none): no state to give, the parent keeps its own
  if (!state.lastCollectedUs) return;
  for (const d of chart.dimensions) {
    const s = state.dims[d.index];
    const stored = state.lastUpdatedSec ? chart.valueAt(d.index, state.lastUpdatedSec) : NaN;
    out.push(formatReplayDimState(d.def.id, state.lastCollectedUs, s?.lastCollected ?? 0, s?.lastCalculated ?? 0, Number.isNaN(stored) ? 0 : stored));
  }
  out.push(formatReplayChartState(state.lastCollectedUs, state.lastUpdatedSec * 1_000_000));
}
