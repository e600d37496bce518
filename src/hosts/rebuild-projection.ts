import type { HostEventLog, LogEvent } from '../eventlog';
import type { Logger } from '../log';
import type { HostProjection } from '../projection/host-projection';
import { StreamParser } from '../protocol/stream-parser';
import type { MetaCommand, StreamHandler } from '../protocol/types';

const PROGRESS_EVERY_MS = 2000;

/**
 * Replays a host's event log into its projection, in log order, so the projection holds what it held before the restart.
 * Definition lines go through the same parser as live traffic; samples are applied as decoded, with their original
 * arrival times, so the value algorithms give the same stored points as they did live.
 *
 * Samples older than `windowUs` before the newest event cannot be in the projection's rings, so only the definitions of
 * that older part are replayed: start-up time follows the history kept, not the event log's (much longer) retention.
 * Samples up to `resumeSeq` are already in the host's persisted storage (save, map, dbengine), so they are skipped too,
 * except those of the last `primeUs` before it: the value algorithms need them to continue (an incremental dimension
 * stores nothing for its first value), and the storage refuses the slots it already has.
 */
export function rebuildProjection(
  log: HostEventLog,
  projection: HostProjection,
  hostname: string,
  windowUs: number,
  resumeSeq: number,
  primeUs: number,
  logger: Logger,
): number {
  const total = log.countEvents();
  const started = Date.now();
  let lastReport = started;
  let applied = 0;
  const metaOnly: StreamHandler = {
    begin() {},
    set() {},
    end() {},
    meta(cmd: MetaCommand) {
      projection.apply(cmd);
    },
    bad(reason: string, line: string) {
      logger.warn({ host: hostname, line }, `replay of host '${hostname}': ${reason}`);
    },
  };
  const parser = new StreamParser(metaOnly, { maxLineBytes: Number.MAX_SAFE_INTEGER });
  const apply = (ev: LogEvent) => {
    if (ev.kind === 'line') parser.push(Buffer.from(ev.line + '\n'));
    else if (ev.kind === 'sample') projection.collect(ev.chartId, ev.usec, ev.arrivalUs, ev.dimIds, ev.values, ev.dimIds.length, ev.t);
    else projection.replayPoint(ev.chartId, ev.endT, ev.dimIds, ev.values, ev.dimIds.length);
    projection.lastAppliedSeq = ev.seq;
    applied++;
    if ((applied & 1023) === 0 && Date.now() - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = Date.now();
      logger.info(`replaying host '${hostname}': ${applied}/${total} events (${Math.round((100 * applied) / Math.max(total, 1))}%)`);
    }
  };
  const windowStartUs = Number.isFinite(windowUs) ? newestArrivalUs(log) - windowUs : Number.MIN_SAFE_INTEGER;
  const span = Number.isFinite(windowUs) ? `the last ${Math.round(windowUs / 1e6)} s` : 'all retained';
  logger.info(`replaying the event log of host '${hostname}' (${total} events; samples of ${span} after seq ${resumeSeq}) into its projection`);
  for (const ev of log.readEvents({ beforeUs: windowStartUs, linesOnly: true })) apply(ev);
  let samplesFromUs = windowStartUs;
  if (resumeSeq > 0) {
    const resumed = log.readEvents({ fromSeq: resumeSeq, limit: 1 }).next();
    if (!resumed.done) samplesFromUs = Math.max(windowStartUs, resumed.value.arrivalUs - primeUs);
    for (const ev of log.readEvents({ afterUs: windowStartUs, beforeUs: samplesFromUs, linesOnly: true })) apply(ev);
  }
  for (const ev of log.readEvents({ afterUs: samplesFromUs })) apply(ev);
  logger.info(`replayed host '${hostname}': ${applied} of ${total} events in ${((Date.now() - started) / 1000).toFixed(2)} s`);
  return applied;
}

function newestArrivalUs(log: HostEventLog): number {
  const last = log.sessions().at(-1);
  if (!last) return 0;
  let newest = last.endedUs ?? last.startedUs;
  for (const ev of log.readEvents({ fromSeq: Math.max(1, log.lastSeq()) })) newest = Math.max(newest, ev.arrivalUs);
  return newest;
}
