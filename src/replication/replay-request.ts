/**
 * Which range a parent asks a Netdata 1.37 child to replay for one chart: the decision of replicate_chart_request()
 * (streaming/replication.c, v1.37.1), read for behaviour. Pure: the caller supplies both databases' retention and
 * clocks, and sends `REPLAY_CHART "<id>" "<start streaming>" <after> <before>`.
 *
 * The child answers with the points whose slot ends in (after, before], and with start streaming true it also sends
 * everything up to its newest point and then streams the chart live.
 */
export interface ReplayRequestInput {
  /** Retention the child reported (CHART_DEFINITION_END or REND): first and last entry, and its wall clock. */
  childFirstT: number;
  childLastT: number;
  childNow: number;
  /** Newest point this parent holds for the chart (0: none) and this parent's wall clock. */
  localLastT: number;
  localNow: number;
  /** The previous request of this chart's replication (after, before), or 0/0 for the first one. */
  prevAfter: number;
  prevBefore: number;
  enabled: boolean;
  secondsToReplicate: number;
  secondsPerStep: number;
  hasDimensions: boolean;
}

export interface ReplayRequest {
  after: number;
  before: number;
  startStreaming: boolean;
  /** Why the request is empty, or what it is; Netdata logs some of these as errors. */
  reason: string;
  /** The child's report was inconsistent: worth an error line. */
  suspicious: boolean;
}

const empty = (reason: string, suspicious = false): ReplayRequest => ({ after: 0, before: 0, startStreaming: true, reason, suspicious });

export function replayRequest(i: ReplayRequestInput): ReplayRequest {
  // a child whose newest entry is after its own clock is believed up to its clock
  const childLastT = Math.min(i.childLastT, i.childNow || i.childLastT);

  // the gap starts at our newest point, or where the previous step ended (the child may have gaps of its own)
  const gapFrom = i.prevAfter && i.prevBefore ? i.prevBefore : i.localLastT || i.localNow - i.secondsToReplicate;
  const gapTo = i.localNow;

  if (!i.enabled) return empty('empty replication request, replication is disabled');
  if (!i.hasDimensions) return empty('empty replication request, chart has no dimensions');
  if (!i.childFirstT || !childLastT) return empty('empty replication request, child has no stored data');
  if (i.childFirstT > i.childNow) return empty('empty replication request, child db first entry is after its wall clock time', true);
  if (i.childFirstT > childLastT) return empty('empty replication request, child timings are invalid (first entry > last entry)', true);
  if (i.localLastT > childLastT) return empty('empty replication request, local last entry is later than the child one');

  const after = Math.max(gapFrom, i.childFirstT, i.localNow - i.secondsToReplicate);
  let before = gapTo - after > i.secondsPerStep ? after + i.secondsPerStep : gapTo;
  if (before > childLastT) before = childLastT;
  if (after > before) return empty('empty replication request, wanted after computed bigger than wanted before', true);

  const startStreaming =
    i.localNow - after <= i.secondsPerStep || before >= childLastT || before >= i.childNow || before >= i.localNow;
  return { after, before, startStreaming, reason: startStreaming ? 'last step' : 'step', suspicious: false };
}
