/**
 * Every memory mode end to end with a real Netdata 1.37.1 child: the child streams, the parent serves its rows, the
 * parent is stopped (SIGTERM for save, whose snapshot is written at shutdown; kill -9 for the others) and started
 * again, and the rows from before are served again with the same values. Memory mode none keeps no points: the host
 * and its charts are listed and everything it sent is in its event log.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertHostListed, assertRecentRows, dataRows } from '../helpers/mirror';
import { requireNetdataOrSkip, startNetdataChild } from '../helpers/netdata';
import { startParent, waitFor } from '../helpers/parent';

const CHILD = 'mode-child';
const CHILD_GUID = 'e2e0c41d-0000-4000-8000-0000000000aa';

for (const [mode, signal] of [['save', 'SIGTERM'], ['map', 'SIGKILL'], ['dbengine', 'SIGKILL']] as const) {
  test(`memory mode ${mode}: a real child's rows survive a ${signal} restart of the parent`, { timeout: 120_000 }, async (t) => {
    if (!requireNetdataOrSkip(t)) return;
    const parent = await startParent({ parentConfExtra: `[db]\n    mode = ${mode}\n` });
    t.after(() => parent.dispose());
    const child = await startNetdataChild({ dest: `127.0.0.1:${parent.port}`, hostname: CHILD, guid: CHILD_GUID });
    t.after(() => child.stop());
    const host = `${parent.baseUrl}/host/${CHILD}`;
    const before = await waitFor(() => assertRecentRows(host, 'system.cpu', 8), 30_000, 500);
    await child.stop();
    await new Promise((r) => setTimeout(r, 500)); // past the event log's flush
    await parent.stop(signal);
    await parent.restart();

    const newest = before.data[0][0];
    const oldest = before.data[before.data.length - 1][0];
    const after = await dataRows(host, `chart=system.cpu&after=${oldest}&before=${newest}&options=flip`);
    const byT = new Map(after.data.map((row) => [row[0], row]));
    for (const row of before.data) assert.deepEqual(byT.get(row[0]), row, `row ${row[0]} after the restart`);
    const info = await parent.getJson('/api/v1/info');
    const status = info.mirrored_hosts_status.find((h: { guid: string }) => h.guid === CHILD_GUID);
    assert.equal(status.memory_mode, mode);
    if (mode === 'save') {
      // the snapshot covered everything: the restart replayed no sample
      const replay = parent.logLines().map((l) => String(l.msg)).filter((m) => m.startsWith('replaying the event log')).at(-1) ?? '';
      assert.match(replay, /after seq [1-9]\d*\)/, replay);
    }
  });
}

test('memory mode none: the host and its charts are listed and its stream is logged, but no points are kept', { timeout: 90_000 }, async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  const parent = await startParent({ parentConfExtra: '[db]\n    mode = none\n' });
  t.after(() => parent.dispose());
  const child = await startNetdataChild({ dest: `127.0.0.1:${parent.port}`, hostname: CHILD, guid: CHILD_GUID });
  t.after(() => child.stop());
  await waitFor(() => assertHostListed(parent.baseUrl, CHILD, CHILD_GUID), 15_000);
  const charts = await waitFor(async () => {
    const c = await parent.getJson(`/host/${CHILD}/api/v1/charts`);
    return c.charts['system.cpu'] ? c : null;
  }, 15_000, 500);
  assert.equal(charts.charts['system.cpu'].first_entry, 0);
  const audit = await waitFor(async () => {
    const a = await parent.getJson(`/api/v1/events?host=${CHILD}&after=-60`);
    return a.events.some((e: { kind: string }) => e.kind === 'sample') ? a : null;
  }, 15_000, 500);
  assert.ok(audit.events.length > 0);
  const data = await parent.get(`/host/${CHILD}/api/v1/data?chart=system.cpu&after=-10`);
  assert.equal(data.status, 404);
});
