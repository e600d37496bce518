import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Int64 } from '../../src/model/types';
import { StreamParser } from '../../src/protocol/stream-parser';
import type { MetaCommand, StreamHandler } from '../../src/protocol/types';
import { CAPTURES } from '../helpers/captures';

/** Everything a StreamParser reported, in order. */
export type Event =
  | { kind: 'begin'; chartId: string; usec: number; t: number }
  | { kind: 'set'; dimId: string; value: Int64 | null }
  | { kind: 'end' }
  | { kind: 'meta'; command: MetaCommand; line: string }
  | { kind: 'bad'; reason: string; line: string };

export class Recorder implements StreamHandler {
  readonly events: Event[] = [];
  begin(chartId: string, usec: number, t: number): void {
    this.events.push({ kind: 'begin', chartId, usec, t });
  }
  set(dimId: string, value: Int64 | null): void {
    this.events.push({ kind: 'set', dimId, value });
  }
  end(): void {
    this.events.push({ kind: 'end' });
  }
  meta(command: MetaCommand, line: string): void {
    this.events.push({ kind: 'meta', command, line });
  }
  bad(reason: string, line: string): void {
    this.events.push({ kind: 'bad', reason, line });
  }
  bads(): Event[] {
    return this.events.filter((e) => e.kind === 'bad');
  }
}

/** Parses `chunks` (strings are UTF-8) with a fresh parser and returns what it reported. */
export function parse(chunks: Array<string | Buffer>, maxLineBytes = 16384): { events: Event[]; parser: StreamParser; recorder: Recorder } {
  const recorder = new Recorder();
  const parser = new StreamParser(recorder, { maxLineBytes });
  for (const c of chunks) parser.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  return { events: recorder.events, parser, recorder };
}

/** The events of a single line. */
export function parseLine(line: string): Event[] {
  return parse([line + '\n']).events;
}

export { CAPTURES };

export function capture(name: string): Buffer {
  return gunzipSync(readFileSync(`${CAPTURES}/${name}`));
}

/** A deterministic pseudo-random generator (mulberry32), so a failing chunking can be reproduced. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
