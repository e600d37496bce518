import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { HostEventLog } from '../../../src/eventlog';
import { rebuildProjection } from '../../../src/hosts/rebuild-projection';
import { silentLogger } from '../../../src/log';
import { HostProjection } from '../../../src/projection/host-projection';
import { MapHostStorage } from '../../../src/projection/map';
import { RamHostStorage } from '../../../src/projection/ram/ram-storage';
import { SaveHostStorage } from '../../../src/projection/save';
import type { HostStorage } from '../../../src/projection/storage/chart-store';
import { sessionStart } from '../../eventlog/fixtures';
import { T0, tempDir } from './helpers';

const HISTORY = 300;
const identity = { hostname: 'h', machineGuid: '', os: '', timezone: '', abbrevTimezone: '', utcOffset: 0, tags: '', programName: '', programVersion: '', updateEvery: 1 };

/** Appends samples i = from..to of an absolute and an incremental dimension, one a second, and commits them. */
function appendSamples(log: HostEventLog, session: number, from: number, to: number): void {
  const ref = log.chartRef('app.x');
  const dims = [log.dimRef(ref, 'abs'), log.dimRef(ref, 'inc')];
  for (let i = from; i <= to; i++) log.appendSample(session, (T0 + i) * 1e6 + 300_000, ref, 1_000_000, 0, dims, [(i * 37) % 101, i * i * 13], 2);
  log.flush();
}

function project(log: HostEventLog, storage: HostStorage): HostProjection {
  const projection = new HostProjection({ identity, history: HISTORY, storage });
  rebuildProjection(log, projection, 'h', Infinity, storage.resumeSeq(), 5e6, silentLogger);
  return projection;
}

/** Every stored value of every dimension of app.x. */
function points(p: HostProjection): { first: number; last: number; values: number[][] } {
  const chart = p.chart('app.x')!;
  const first = chart.firstEntryT();
  const last = chart.lastEntryT();
  return { first, last, values: chart.dimensions.map((d) => [...chart.readRange(d.index, first, last)]) };
}

for (const [mode, open] of [
  ['save', (dir: string) => new SaveHostStorage(dir, silentLogger)],
  ['map', (dir: string) => new MapHostStorage(dir, silentLogger)],
] as const) {
  test(`${mode}: persisted points + the replay of the samples after resumeSeq = what a full replay gives`, () => {
    const dir = tempDir(`${mode}-replay`);
    const log = HostEventLog.open(path.join(dir, 'events.db'), { flushMs: 3_600_000, flushEvents: 1e9, logger: silentLogger });
    const session = log.startSession(sessionStart(T0 * 1e6));
    for (const line of ['CHART app.x "" "x" "u" app app line 1000 1', 'DIMENSION abs "" absolute 1 1', 'DIMENSION inc "" incremental 1 1'])
      log.appendLine(session, T0 * 1e6, line);
    appendSamples(log, session, 1, 400);

    const first = open(path.join(dir, mode));
    const running = project(log, first);
    first.checkpoint(running.lastAppliedSeq);
    first.close();

    appendSamples(log, session, 401, 500);
    const second = open(path.join(dir, mode));
    assert.ok(second.resumeSeq() > 400, 'only the tail is replayed');
    const resumed = points(project(log, second));
    const full = points(project(log, new RamHostStorage()));
    assert.ok(full.last - full.first >= HISTORY - 1, 'the ring wrapped');
    assert.deepEqual(resumed, full);
    log.close();
  });
}
