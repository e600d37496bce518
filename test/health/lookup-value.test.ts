import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLookup } from '../../src/health/config/parse-lookup';
import { lookupValue } from '../../src/health/evaluate/lookup-value';
import { cpuProjection, fixture } from '../query/cpu-fixture';

/** system.cpu as a real parent stored it: second -> dimension -> value. */
function rawCpu(): { rows: Map<number, Map<string, number>>; last: number } {
  const lines = fixture('raw-system-cpu.csv').trim().split(/\r?\n/);
  const ids = lines[0].split(',').slice(1);
  const rows = new Map<number, Map<string, number>>();
  for (const line of lines.slice(1)) {
    const [t, ...vals] = line.split(',');
    rows.set(Number(t), new Map(ids.map((id, i) => [id, Number(vals[i])])));
  }
  return { rows, last: Math.max(...rows.keys()) };
}

const lookup = (text: string) => {
  const r = parseLookup(text);
  assert.deepEqual(r.problems, []);
  return r.lookup!;
};

describe('an alert lookup', () => {
  const p = cpuProjection();
  const { rows, last } = rawCpu();
  const now = last + 1; // the query runs up to the second before now
  const window = (seconds: number) => [...rows.keys()].filter((t) => t > last - seconds && t <= last);
  const mean = (ts: number[], f: (t: number) => number) => ts.reduce((a, t) => a + f(t), 0) / ts.length;
  const close = (got: number, want: number) => assert.ok(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)), `got ${got}, want ${want}`);

  it('averages the selected dimensions over the window and sums them, as rrdset2value does', () => {
    const ts = window(60);
    const r = lookupValue(p, 'system.cpu', lookup('average -60s unaligned of user,system'), null, now);
    close(r.value, mean(ts, (t) => rows.get(t)!.get('user')! + rows.get(t)!.get('system')!));
  });

  it('takes max, min and sum, and one dimension for a foreach alert', () => {
    const ts = window(30);
    const user = (t: number) => rows.get(t)!.get('user')!;
    close(lookupValue(p, 'system.cpu', lookup('max -30s unaligned of user'), null, now).value, Math.max(...ts.map(user)));
    close(lookupValue(p, 'system.cpu', lookup('min -30s unaligned of user'), null, now).value, Math.min(...ts.map(user)));
    close(lookupValue(p, 'system.cpu', lookup('sum -30s unaligned of user'), null, now).value, ts.reduce((a, t) => a + user(t), 0));
    close(lookupValue(p, 'system.cpu', lookup('average -30s unaligned foreach *'), 'user', now).value, mean(ts, user));
  });

  it('is NaN with the reason when the chart does not exist', () => {
    const missing = lookupValue(p, 'no.chart', lookup('average -60s'), null, now);
    assert.ok(Number.isNaN(missing.value) && /db lookup failed/.test(missing.error!));
  });
});
