import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { openLog, sessionStart, tempDir } from './fixtures';

const FLUSHED = 2_345;
const UNFLUSHED = 1_000;
const T0 = 1_700_000_000_000_000;

/** Runs in a child Node process: appends and commits FLUSHED events, appends UNFLUSHED more, then kill -9s itself. */
const CHILD = `
const { HostEventLog } = require(process.env.EVENTLOG_MODULE);
const { silentLogger } = require(process.env.LOG_MODULE);
const [file, flushed, unflushed, t0] = process.argv.slice(1).map((v, i) => (i === 0 ? v : Number(v)));
const log = HostEventLog.open(file, { flushMs: 3600000, flushEvents: 1e9, logger: silentLogger });
const session = log.startSession(JSON.parse(process.env.SESSION));
const ref = log.chartRef('system.load');
const dims = [log.dimRef(ref, 'load1'), log.dimRef(ref, 'load15')];
const append = (i) => i % 10 === 0
  ? log.appendLine(session, t0 + i, 'VARIABLE HOST n = ' + i)
  : log.appendSample(session, t0 + i, ref, 1000000, 0, dims, [i, 2n ** 62n + BigInt(i)], 2);
for (let i = 1; i <= flushed; i++) append(i);
log.flush();
const late = log.chartRef('late.chart'); // only in the lost batch
log.dimRef(late, 'x');
for (let i = flushed + 1; i <= flushed + unflushed; i++) append(i);
process.kill(process.pid, 'SIGKILL');
`;

test('kill -9 loses exactly what was not committed', () => {
  const file = path.join(tempDir(), 'events.db');
  const dist = path.resolve(__dirname, '..', '..', 'src');
  const child = spawnSync(process.execPath, ['-e', CHILD, file, String(FLUSHED), String(UNFLUSHED), String(T0)], {
    env: {
      ...process.env,
      EVENTLOG_MODULE: path.join(dist, 'eventlog'),
      LOG_MODULE: path.join(dist, 'log'),
      SESSION: JSON.stringify(sessionStart(T0)),
    },
    encoding: 'utf8',
  });
  assert.equal(child.signal, 'SIGKILL', child.stderr);

  const log = openLog(file);
  assert.equal(log.committedSeq(), FLUSHED);
  assert.equal(log.countEvents(), FLUSHED);
  const events = [...log.readEvents({})];
  assert.deepEqual(events.map((e) => e.seq), Array.from({ length: FLUSHED }, (_, i) => i + 1));
  for (const e of events) {
    const i = e.arrivalUs - T0;
    if (i % 10 === 0) assert.deepEqual(e, { seq: i, session: 1, arrivalUs: T0 + i, kind: 'line', line: `VARIABLE HOST n = ${i}` });
    else assert.deepEqual(e, { seq: i, session: 1, arrivalUs: T0 + i, kind: 'sample', chartId: 'system.load', usec: 1_000_000, t: 0, dimIds: ['load1', 'load15'], values: [i, 2n ** 62n + BigInt(i)] });
  }
  // The dictionary entry of the lost batch was lost with it: the next chart takes its ref, and nothing refers to the old one.
  assert.equal(log.chartRef('system.load'), 1);
  assert.equal(log.chartRef('another.chart'), 2);
  // The session the killed process left open is closed by the next session start.
  const next = log.startSession(sessionStart(T0 + 10e6));
  const [killed] = log.sessions();
  assert.deepEqual([killed.id, killed.endedUs, killed.endReason], [1, T0 + FLUSHED, 'unclean shutdown']);
  assert.equal(next, 2);
  log.close();
});
