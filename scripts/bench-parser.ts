/**
 * StreamParser throughput on a synthetic stream shaped like a Netdata child's: 200 charts x 8 dimensions,
 * BEGIN/SET/END per chart per second, about 50 MB, fed in 64 KiB reads to a handler that does nothing.
 * Usage: node dist/scripts/bench-parser.js [megabytes]
 */
import { formatBegin, formatSet, END_LINE } from '../src/protocol/encoder';
import { StreamParser } from '../src/protocol/stream-parser';
import type { StreamHandler } from '../src/protocol/types';

const CHARTS = 200;
const DIMS = 8;
const READ_SIZE = 64 * 1024;

function synthesize(targetBytes: number): { data: Buffer; sets: number } {
  const parts: string[] = [];
  let size = 0;
  let sets = 0;
  for (let second = 0; size < targetBytes; second++) {
    const lines: string[] = [];
    for (let c = 0; c < CHARTS; c++) {
      lines.push(formatBegin(`chart_type_${c % 7}.chart_${c}`, 1_000_000));
      for (let d = 0; d < DIMS; d++) lines.push(formatSet(`dimension_${d}`, (second * 7919 + c * 131 + d * 17) % 100_000_000));
      lines.push(END_LINE);
    }
    const block = lines.join('\n') + '\n';
    parts.push(block);
    size += block.length;
    sets += CHARTS * DIMS;
  }
  return { data: Buffer.from(parts.join(''), 'latin1'), sets };
}

const noop: StreamHandler = { begin() {}, set() {}, end() {}, meta() {}, bad() {} };

function run(data: Buffer): number {
  const parser = new StreamParser(noop, { maxLineBytes: 16384 });
  const started = process.hrtime.bigint();
  for (let at = 0; at < data.length; at += READ_SIZE) parser.push(data.subarray(at, at + READ_SIZE));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const megabytes = Number(process.argv[2] ?? 50);
const { data, sets } = synthesize(megabytes * 1024 * 1024);
run(data); // warm-up
const runs = [run(data), run(data), run(data)];
const best = Math.min(...runs);
console.log(`${(data.length / 1048576).toFixed(1)} MB, ${sets} SET lines: best of 3 ${best.toFixed(3)} s`);
console.log(`${Math.round(sets / best).toLocaleString('en-US')} SET lines/s, ${(data.length / 1048576 / best).toFixed(0)} MB/s`);
