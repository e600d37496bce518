/**
 * The load generator against a parent: 3 simulated children x 20 charts x 8 dimensions for 6 s; every child
 * is listed, the stored values are the model's (gauges exact, rates and percentages to 1e-6, counters
 * near 2^63 included) and chart labels are stored as a Netdata parent stores them. The same run against a real Netdata parent first proves the model's predictions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLoad, type LoadOptions } from '../../scripts/loadgen';
import { chartKind } from '../../scripts/lib/loadgen-model';
import { assertChartLabels, assertChildrenListed, assertModelValues } from '../helpers/loadgen-checks';
import { DEFAULT_API_KEY, requireNetdataOrSkip, startNetdataParent } from '../helpers/netdata';
import { freePort, startParent, waitFor } from '../helpers/parent';

const load = (port: number, prefix: string): LoadOptions => ({
  host: '127.0.0.1', port, key: DEFAULT_API_KEY, children: 3, charts: 20, dims: 8, seconds: 6, hostnamePrefix: prefix,
});
/** One chart of each kind: system.cpu, net counters (8/1000 and 1/1), gauges, near-2^63 counters, gauges above 2^53. */
const CHECKED = [0, 1, 3, 7, 9, 19];

async function loadAndCheck(baseUrl: string, port: number, prefix: string): Promise<void> {
  assert.deepEqual(CHECKED.map(chartKind), ['cpu', 'counter', 'counter', 'gauge', 'huge-counter', 'huge-gauge']);
  const opts = load(port, prefix);
  const stats = await runLoad(opts);
  assert.equal(stats.connectFailures, 0);
  assert.equal(stats.disconnects, 0);
  assert.equal(stats.values, 3 * 20 * 8 * stats.seconds.filter((s) => s.values > 0).length);
  await waitFor(() => assertChildrenListed(baseUrl, stats), 5000);
  const compared = await waitFor(() => assertModelValues(baseUrl, opts, stats, CHECKED), 5000, 500);
  assert.ok(compared >= 3 * CHECKED.length * 8 * 3, `compared only ${compared} values`);
  await assertChartLabels(baseUrl, opts, stats, CHECKED);
}

test('reference: a real Netdata parent stores what the loadgen model predicts', { timeout: 60_000 }, async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  const port = await freePort();
  const parent = await startNetdataParent({ port, memoryMode: 'ram' });
  t.after(() => parent.stop());
  await loadAndCheck(`http://127.0.0.1:${port}`, port, 'e2e-lg-nd');
});

test('streamledger stores what the loadgen model predicts', { timeout: 60_000 }, async (t) => {
  const parent = await startParent();
  t.after(() => parent.dispose());
  await loadAndCheck(parent.baseUrl, parent.port, 'e2e-lg');
});

test('a refused handshake stops the load generator with the parent\'s answer', { timeout: 30_000 }, async (t) => {
  const parent = await startParent();
  t.after(() => parent.dispose());
  const wrongKey = '99999999-2222-3333-4444-555555555555';
  await assert.rejects(runLoad({ ...load(parent.port, 'e2e-lg-denied'), key: wrongKey, children: 1, seconds: 2 }),
    /e2e-lg-denied-0: parent refused the handshake: "You are not permitted to access this/);
});
