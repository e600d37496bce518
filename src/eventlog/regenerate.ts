import { END_LINE, formatBegin, formatReplayBegin, formatReplaySet, formatSet } from '../protocol/encoder';
import type { LogEvent } from './types';

/**
 * The protocol lines an event stands for: a line event as it arrived, a sample as BEGIN, one SET per value, END, a
 * replay point as `RBEGIN '' start end` and its RSETs.
 */
export function regenerateLines(ev: LogEvent): string[] {
  if (ev.kind === 'line') return [ev.line];
  if (ev.kind === 'replay') return [formatReplayBegin(ev.startT, ev.endT), ...ev.dimIds.map((id, i) => formatReplaySet(id, ev.values[i], ev.resets[i]))];
  const lines = [formatBegin(ev.chartId, ev.usec, ev.t)];
  for (let i = 0; i < ev.dimIds.length; i++) lines.push(formatSet(ev.dimIds[i], ev.values[i]));
  lines.push(END_LINE);
  return lines;
}
