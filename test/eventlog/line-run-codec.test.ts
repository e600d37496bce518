import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLineRun, LineRunWriter } from '../../src/eventlog/line-run-codec';

test('a line run holds each line with its arrival, byte for byte, including multi-byte UTF-8 and empty lines', () => {
  const w = new LineRunWriter(8); // tiny: the arena must grow mid-run
  const lines = ['CHART system.cpu "" "Total CPU utilization" "percentage"', '', 'CLABEL "mount" "/var/lib/données ✓" 1', 'x'.repeat(300)];
  w.begin(1_000_500);
  lines.forEach((line, i) => w.add(1_000_000 + i * 100, line));
  const decoded = decodeLineRun(w.payload(), 40, 1_000_500, lines.length);
  assert.deepEqual(decoded, lines.map((line, i) => ({ seq: 37 + i, arrivalUs: 1_000_000 + i * 100, line })));
});

test('the documented example encodes to the documented bytes', () => {
  const w = new LineRunWriter();
  w.begin(2_000_300);
  w.add(2_000_000, 'CHART a.b');
  w.add(2_000_300, 'é');
  assert.equal(w.payload().toString('hex'), 'ac0209' + Buffer.from('CHART a.b').toString('hex') + '0002c3a9');
});

test('a truncated or overlong line run is an error, not a wrong line', () => {
  const w = new LineRunWriter();
  w.begin(10);
  w.add(10, 'BEGIN a.b');
  w.add(10, 'END');
  const payload = w.payload();
  assert.throws(() => decodeLineRun(payload.subarray(0, payload.length - 1), 2, 10, 2), /truncated line run/);
  assert.throws(() => decodeLineRun(payload, 2, 10, 1), /more than its 1 events/);
});
