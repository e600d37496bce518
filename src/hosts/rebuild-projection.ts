import type { HostEventLog } from '../eventlog';
import type { Logger } from '../log';
import type { HostProjection } from '../projection/host-projection';
import { StreamParser } from '../protocol/stream-parser';
import type { MetaCommand, StreamHandler } from '../protocol/types';

const PROGRESS_EVERY_MS = 2000;

/**
 * Replays a host's event log into its projection, in log order, so the projection holds what it held before the restart.
 * Definition lines go through the same parser as live traffic; samples are applied as decoded, with their original
 * arrival times, so the value algorithms give the same stored points as they did live.
 */
export function rebuildProjection(log: HostEventLog, projection: HostProjection, hostname: string, logger: Logger): number {
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
  logger.info(`replaying the event log of host '${hostname}' (${total} events) into its projection`);
  for (const ev of log.readEvents({ fromSeq: projection.lastAppliedSeq + 1 })) {
    if (ev.kind === 'line') parser.push(Buffer.from(ev.line + '\n'));
    else projection.collect(ev.chartId, ev.usec, ev.arrivalUs, ev.dimIds, ev.values, ev.dimIds.length);
    projection.lastAppliedSeq = ev.seq;
    applied++;
    if ((applied & 1023) === 0 && Date.now() - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = Date.now();
      logger.info(`replaying host '${hostname}': ${applied}/${total} events (${Math.round((100 * applied) / Math.max(total, 1))}%)`);
    }
  }
  logger.info(`replayed host '${hostname}': ${applied} events in ${((Date.now() - started) / 1000).toFixed(2)} s`);
  return applied;
}
