import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HostEventLog, regenerateLines } from '../../src/eventlog';
import { decodeReplayPoint, encodeReplayPoint } from '../../src/eventlog/replay-codec';
import { silentLogger } from '../../src/log';

describe('replay-point payload', () => {
  it('encodes key (ordinal << 2 | reset << 1 | empty) and a little-endian double, as docs/event-log.md shows', () => {
    const buf = Buffer.alloc(64);
    const end = encodeReplayPoint(buf, 0, [0, 1, 40], [0.5, NaN, -2], [false, false, true], 3);
    assert.equal(buf.subarray(0, end).toString('hex'), '00' + '000000000000e03f' + '05' + 'a201' + '00000000000000c0');
    const back = decodeReplayPoint(buf.subarray(0, end));
    assert.deepEqual(back, { ordinals: [0, 1, 40], values: [0.5, NaN, -2], resets: [false, false, true] });
  });

  it('keeps every double exactly, and refuses a bad ordinal', () => {
    const values = [98.5, 1 / 3, 1e300, -0, Number.MIN_VALUE, 2 ** 53 + 2];
    const buf = Buffer.alloc(200);
    const end = encodeReplayPoint(buf, 0, values.map((_, i) => i), values, values.map(() => false), values.length);
    assert.deepEqual(decodeReplayPoint(buf.subarray(0, end)).values, values);
    assert.throws(() => encodeReplayPoint(buf, 0, [-1], [1], [false], 1), RangeError);
    assert.throws(() => decodeReplayPoint(buf.subarray(0, 5)), RangeError);
  });

  it('is stored as a replay event in the log, read back and regenerated as RBEGIN/RSET lines', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-replay-'));
    try {
      const file = path.join(dir, 'events.sqlite');
      const log = HostEventLog.open(file, { flushMs: 60_000, flushEvents: 1000, logger: silentLogger });
      const session = log.startSession({
        peerIp: '127.0.0.1', peerPort: 1, apiKey: 'k', hostname: 'h', machineGuid: 'g', requestedVer: '16376', negotiated: 5056,
        capabilities: 5056, program: 'netdata', programVersion: 'v1.37.1', requestParams: {}, startedUs: 1,
      });
      const chart = log.chartRef('system.cpu');
      const dims = ['user', 'system'].map((d) => log.dimRef(chart, d));
      log.appendLine(session, 2, 'RBEGIN "system.cpu"');
      log.appendReplayPoint(session, 3, chart, 1795359410, 1795359411, dims, [2.5, NaN], [true, false], 2);
      log.close();
      const again = HostEventLog.open(file, { flushMs: 60_000, flushEvents: 1000, logger: silentLogger });
      const events = [...again.readEvents({})];
      again.close();
      assert.equal(events.length, 2);
      const ev = events[1];
      assert.ok(ev.kind === 'replay');
      assert.deepEqual({ chart: ev.chartId, start: ev.startT, end: ev.endT, dims: ev.dimIds, values: ev.values, resets: ev.resets }, {
        chart: 'system.cpu', start: 1795359410, end: 1795359411, dims: ['user', 'system'], values: [2.5, NaN], resets: [true, false],
      });
      assert.deepEqual(regenerateLines(ev), [`RBEGIN '' 1795359410 1795359411`, 'RSET "user" 2.5000000 "R"', 'RSET "system" NAN "E"']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
