import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunWriter, decodeRun, fitsRun } from '../../src/eventlog/sample-run-codec';

const A = 1_700_000_000_000_000;

describe('sample-run payload', () => {
  it('encodes each event as arrival delta, zigzag deltas of chart, usec and t, length and payload, as docs/event-log.md shows', () => {
    const w = new RunWriter();
    const samples = Buffer.from([0x00, 0x02, 0x00, 0x04]); // ordinal 0 = 1, then ordinal 0 = 2
    w.begin(A);
    w.add(A - 250, 3, 1_000_000, 1_700_000_000, samples, 0, 2);
    w.add(A, 4, 1_000_000, 1_700_000_000, samples, 2, 4);
    const payload = w.payload();
    assert.equal(payload.toString('hex'), 'fa01' + '06' + '80897a' + '80c49fd50c' + '02' + '0002' + '00' + '02' + '00' + '00' + '02' + '0004');
    const events = decodeRun(payload, 41, A, 2);
    assert.deepEqual(
      events.map((e) => [e.seq, e.arrivalUs, e.chart, e.usec, e.t, Buffer.from(e.payload).toString('hex')]),
      [
        [40, A - 250, 3, 1_000_000, 1_700_000_000, '0002'],
        [41, A, 4, 1_000_000, 1_700_000_000, '0004'],
      ],
    );
  });

  it('keeps runs apart in one buffer, decreasing fields and large ones exactly, through buffer growth', () => {
    const w = new RunWriter();
    const big = Buffer.alloc(100_000, 0x01);
    w.begin(A);
    w.add(A - 999_999, 2 ** 48 - 1, 0, 2 ** 47, big, 0, 70_000);
    w.add(A - 5, 1, 2 ** 48 - 1, 0, big, 0, 0);
    w.add(A, 7, 5, 1, big, 10, 15);
    const first = w.payload();
    w.begin(A + 10);
    w.add(A + 10, 9, 1, 0, big, 0, 3);
    const second = w.payload();
    assert.deepEqual(
      decodeRun(first, 3, A, 3).map((e) => [e.seq, e.arrivalUs, e.chart, e.usec, e.t, e.payload.length]),
      [
        [1, A - 999_999, 2 ** 48 - 1, 0, 2 ** 47, 70_000],
        [2, A - 5, 1, 2 ** 48 - 1, 0, 0],
        [3, A, 7, 5, 1, 5],
      ],
    );
    assert.deepEqual(decodeRun(second, 4, A + 10, 1).map((e) => [e.seq, e.chart, e.payload.length]), [[4, 9, 3]]);
  });

  it('refuses a payload that does not hold exactly n events', () => {
    const w = new RunWriter();
    w.begin(A);
    w.add(A, 1, 1, 1, Buffer.from([0, 2]), 0, 2);
    w.add(A, 1, 1, 1, Buffer.from([0, 2]), 0, 2);
    const payload = w.payload();
    assert.throws(() => decodeRun(payload, 2, A, 3), /truncated sample run/);
    assert.throws(() => decodeRun(payload, 2, A, 1), /more than its 1 events/);
    assert.throws(() => decodeRun(payload.subarray(0, payload.length - 1), 2, A, 2), /truncated sample run/);
  });

  it('takes only integer fields in [0, 2^48)', () => {
    assert.ok(fitsRun(1, 0, 0));
    assert.ok(fitsRun(2 ** 48 - 1, 2 ** 48 - 1, 2 ** 48 - 1));
    for (const [chart, usec, t] of [[1, -1, 0], [1, 0.5, 0], [1, 0, 2 ** 48], [1, NaN, 0], [-1, 0, 0], [1, 0, Infinity]]) {
      assert.equal(fitsRun(chart, usec, t), false, `${chart} ${usec} ${t}`);
    }
  });
});
