/**
 * Parity with a real Netdata 1.37 parent (memory mode ram): the load generator's parity mix (every algorithm,
 * multipliers/divisors, 32- and 64-bit wraps, resets, noreset, a missed second and a 3-second hole) goes to
 * streamledger and, in the same ticks, to Netdata; /api/v1/data of every chart must then agree with Netdata's,
 * value for value, to Netdata's own precision. scripts/parity.ts runs the same check larger and in dbengine.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PARITY_KINDS, PARITY_PERIOD } from '../../scripts/lib/loadgen-parity';
import { compareChart, formatMismatch, mismatchClasses, type DataAnswer } from '../../scripts/lib/loadgen-parity-compare';
import { loadCharts } from '../../scripts/lib/loadgen-model';
import { formatReport, runParity } from '../../scripts/parity';
import { requireNetdataOrSkip } from '../helpers/netdata';

const answer = (rows: Array<[number, ...Array<number | null>]>): DataAnswer =>
  ({ labels: ['a', 'b'], rows: new Map(rows.map(([t, ...v]) => [t, v])) });

test('the parity comparison accepts Netdata\'s rounding and flags anything beyond it', () => {
  const where = { host: 'h', chart: 'c', kind: 'k' };
  const theirs = answer([[10, 1234567.8, null], [11, 0.1234567, 5]]);
  // one storage-number step (24-bit mantissa) and the 7th printed decimal are Netdata's precision
  const close = answer([[10, 1234567.9, null], [11, 0.1234568, 5]]);
  const ok = compareChart(where, ['a', 'b'], theirs, close, 10, 11);
  assert.deepEqual([ok.mismatches, ok.identical, ok.withinTolerance, ok.bothNull], [[], 1, 2, 1]);

  // 2.2 away from 1234567.8 is beyond 1e-6 relative (1.23) and a storage step (0.1)
  const off = answer([[10, 1234570, 0], [11, 0.1234567, null], [12, 1, 1]]);
  const bad = compareChart(where, ['a', 'b'], theirs, off, 10, 13);
  assert.deepEqual(bad.mismatches.map((m) => [m.dim, m.t, m.class]), [
    ['a', 10, 'value'], ['a', 12, 'row-missing-in-theirs'],
    ['b', 10, 'null-in-theirs'], ['b', 11, 'null-in-ours'], ['b', 12, 'row-missing-in-theirs'],
  ]);
  assert.equal(bad.bothNull, 2, 'second 13 is in neither answer');
  // gaps are compared even where values are not
  const presence = compareChart(where, ['a', 'b'], theirs, off, 10, 11, true);
  assert.deepEqual(presence.mismatches.map((m) => [m.dim, m.t, m.class, m.stage]),
    [['b', 10, 'null-in-theirs', 'presence'], ['b', 11, 'null-in-ours', 'presence']]);
});

test('streamledger answers /api/v1/data with the numbers of a real Netdata parent fed the same stream', { timeout: 90_000 }, async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  const charts = PARITY_KINDS.length;
  // the values window starts after 3 blocks and must hold every periodic event of the mix
  const seconds = PARITY_PERIOD + 9;
  const r = await runParity({ children: 1, charts, seconds, memoryMode: 'ram' });
  const report = formatReport(r, 5);
  t.diagnostic(report);

  // the run covered every kind, value for value, over a window holding each event at least once
  for (const chart of loadCharts(charts, 0, 1, 'parity')) {
    const tally = r.byKind.get(chart.kind)!;
    const window = r.windows.get(chart.kind)!;
    assert.ok(window[1] - window[0] + 1 >= PARITY_PERIOD + 1, `${chart.kind}: values compared over ${window[1] - window[0] + 1} s only`);
    assert.ok(tally.identical + tally.withinTolerance >= chart.dims.length * (PARITY_PERIOD - 4),
      `${chart.kind}: only ${tally.identical + tally.withinTolerance} values agreed and were numbers\n${report}`);
  }
  const classes = [...mismatchClasses(r.total.mismatches)].map(([key, c]) =>
    `${key}: ${c.list.length} in ${new Set([...c.where.keys()].map((w) => w.split('/')[0])).size} chart kinds; ` +
    `e.g. ${c.list.slice(0, 3).map(formatMismatch).join('; ')}`);
  assert.deepEqual(classes, [], `streamledger differs from Netdata (the reference):\n${report}`);
  for (const h of r.history) assert.equal(h.ours, h.theirs, `${h.host}: history in /api/v1/charts`);
});
