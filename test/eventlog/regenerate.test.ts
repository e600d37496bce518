import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { regenerateLines } from '../../src/eventlog';
import type { LogEvent } from '../../src/eventlog';
import type { Int64 } from '../../src/model/types';
import { StreamParser } from '../../src/protocol/stream-parser';
import type { MetaCommand, StreamHandler } from '../../src/protocol/types';
import { openLog, sessionStart, tempDir } from './fixtures';

const T0 = 1_700_000_000_000_000;

test('a line event regenerates as the line itself', () => {
  const line = "CLABEL 'a \"b\"' 'c' 2";
  assert.deepEqual(regenerateLines({ seq: 1, session: 1, arrivalUs: T0, kind: 'line', line }), [line]);
});

test('a sample regenerates as BEGIN, one SET per value and END, with t only when present', () => {
  const ev: LogEvent = { seq: 2, session: 1, arrivalUs: T0, kind: 'sample', chartId: 'net.eth0', usec: 1_000_042, t: 0, dimIds: ['received', 'sent', 'drops'], values: [12, -(2n ** 63n), null] };
  assert.deepEqual(regenerateLines(ev), ['BEGIN "net.eth0" 1000042', 'SET "received" = 12', 'SET "sent" = -9223372036854775808', 'SET "drops" = ', 'END']);
  assert.equal(regenerateLines({ ...ev, t: 1_700_000_123 })[0], 'BEGIN "net.eth0" 1000042 1700000123');
});

test('stored events, regenerated and parsed again, give back the same commands and values', () => {
  const log = openLog(path.join(tempDir(), 'events.db'));
  const s = log.startSession(sessionStart(T0));
  const chartLine = 'CHART "disk.sda" "" "Disk I/O" "KiB/s" "sda" "disk.io" "area" 2000 1 "" "proc.plugin" "/proc/diskstats"';
  log.appendLine(s, T0, chartLine);
  const ref = log.chartRef('disk.sda');
  const dims = ['reads', 'writes', 'odd "name"'].map((d) => log.dimRef(ref, d));
  const values: (Int64 | null)[] = [2n ** 63n - 1n, -(2 ** 53) + 1, null];
  log.appendSample(s, T0 + 1, ref, 999_999, 1_700_000_001, dims, values, 3);
  log.flush();

  const seen: string[] = [];
  const handler: StreamHandler = {
    begin: (id, usec, t) => {
      seen.push(`begin ${id} ${usec} ${t}`);
    },
    set: (id, v) => seen.push(`set ${id} ${v === null ? 'null' : `${typeof v}:${v}`}`),
    end: () => seen.push('end'),
    meta: (c: MetaCommand, line) => seen.push(`meta ${c.cmd} ${line}`),
    bad: (reason, line) => seen.push(`bad ${reason} ${line}`),
  };
  const parser = new StreamParser(handler, { maxLineBytes: 65536 });
  for (const ev of log.readEvents({})) parser.push(Buffer.from(regenerateLines(ev).join('\n') + '\n'));
  assert.deepEqual(seen, [
    `meta CHART ${chartLine}`,
    'begin disk.sda 999999 1700000001',
    'set reads bigint:9223372036854775807',
    'set writes number:-9007199254740991',
    'set odd "name" null',
    'end',
  ]);
  log.close();
});
