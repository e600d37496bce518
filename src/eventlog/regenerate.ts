import { END_LINE, formatBegin, formatSet } from '../protocol/encoder';
import type { LogEvent } from './types';

/** The protocol lines an event stands for: a line event as it arrived, a sample as BEGIN, one SET per value, END. */
export function regenerateLines(ev: LogEvent): string[] {
  if (ev.kind === 'line') return [ev.line];
  const lines = [formatBegin(ev.chartId, ev.usec, ev.t)];
  for (let i = 0; i < ev.dimIds.length; i++) lines.push(formatSet(ev.dimIds[i], ev.values[i]));
  lines.push(END_LINE);
  return lines;
}
