/**
 * child -> streamledger proxy A -> streamledger proxy B -> streamledger parent, with B restarted mid-run: the parent
 * ends with every second, none twice, each the load model's value (scripts/chain-check.ts in CI size).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runChainCheck } from '../../scripts/chain-check';

test('a 3-level chain with the middle proxy restarted leaves the parent with no gap and no duplicate', { timeout: 240_000 }, async (t) => {
  const r = await runChainCheck({ seconds: 75, restarts: 1, down: 15, kill: false, children: 1, charts: 6, dims: 4, sampleEvery: 3, log: (l) => console.log(l) });
  assert.equal(r.restarts.length, 1);
  assert.ok(r.seconds >= 6 * 60, `only ${r.seconds} seconds compared`);
  const problems = r.reports.filter((x) => x.report.missing.length || x.report.duplicates)
    .map((x) => `${x.host} ${x.chart}: missing ${x.report.missing.slice(0, 10).join(',')} dup ${x.report.duplicates}`);
  assert.deepEqual(problems, []);
  assert.deepEqual([r.missing, r.duplicates], [0, 0]);
  assert.ok(r.delays.length > 0, 'no end-to-end delay sampled');
  await t.test('every value equals the load model', () => {
    const wrong = r.reports.filter((x) => x.report.mismatches.length).map((x) => `${x.host} ${x.chart}: ${JSON.stringify(x.report.mismatches.slice(0, 2))}`);
    assert.deepEqual(wrong, []);
    assert.equal(r.mismatches, 0);
  });
});
