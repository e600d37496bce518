/**
 * End to end with a real Netdata 1.37.1 child: it streams to the streamledger parent, which must list it,
 * serve every chart with the child's own metadata, serve one-second rows, keep them across a kill -9 and
 * take the child back when it reconnects. The same checks run first against a real Netdata parent, so a
 * failure here is the parent's, not the checks'.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertChartsMirrored, assertHostListed, assertRecentRows, dataRows } from '../helpers/mirror';
import { requireNetdataOrSkip, startNetdataChild, startNetdataParent } from '../helpers/netdata';
import { freePort, startParent, waitFor } from '../helpers/parent';

const CHILD = 'e2e-child';
const CHILD_GUID = 'e2e0c41d-0000-4000-8000-000000000001';

async function startChildFor(t: { after(fn: () => Promise<void>): void }, parentPort: number) {
  const webPort = await freePort();
  const child = await startNetdataChild({ dest: `127.0.0.1:${parentPort}`, hostname: CHILD, guid: CHILD_GUID, webPort });
  t.after(() => child.stop());
  return { child, childUrl: `http://127.0.0.1:${webPort}` };
}

/** Listing within 10 s, charts mirrored, and 10 one-second rows of system.cpu by hostname and by GUID. */
async function assertMirrorsChild(baseUrl: string, childUrl: string): Promise<void> {
  await waitFor(() => assertHostListed(baseUrl, CHILD, CHILD_GUID), 10_000);
  // A child adds a few charts during its first iterations: compare once both sides settle.
  await waitFor(() => assertChartsMirrored(childUrl, `${baseUrl}/host/${CHILD}`), 15_000, 500);
  const byName = await waitFor(() => assertRecentRows(`${baseUrl}/host/${CHILD}`, 'system.cpu', 10), 20_000, 500);
  const own = await waitFor(() => dataRows(childUrl, 'chart=system.cpu&after=-1'), 5000);
  assert.deepEqual([...byName.labels].sort(), [...own.labels].sort(), "system.cpu columns differ from the child's");
  const byGuid = await assertRecentRows(`${baseUrl}/host/${CHILD_GUID}`, 'system.cpu', 10);
  assert.deepEqual(byGuid.labels, byName.labels);
}

test('reference: a real Netdata parent passes the mirror checks', { timeout: 90_000 }, async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  const port = await freePort();
  const parent = await startNetdataParent({ port, memoryMode: 'ram' });
  t.after(() => parent.stop());
  const { childUrl } = await startChildFor(t, port);
  await assertMirrorsChild(`http://127.0.0.1:${port}`, childUrl);
});

test('a real Netdata child streams to streamledger, and its data survives kill -9 of the parent', { timeout: 120_000 }, async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  const parent = await startParent();
  t.after(() => parent.dispose());
  const { childUrl } = await startChildFor(t, parent.port);
  await assertMirrorsChild(parent.baseUrl, childUrl);

  const host = `${parent.baseUrl}/host/${CHILD}`;
  const before = await assertRecentRows(host, 'system.cpu', 10);
  await new Promise((r) => setTimeout(r, 300)); // past the event log's 100 ms flush
  const killedAt = Math.floor(Date.now() / 1000);
  await parent.stop('SIGKILL');
  await parent.restart();

  // Rows stored before the kill come back from the event log, with the same values.
  const oldest = before.data[before.data.length - 1][0];
  const newest = before.data[0][0];
  const after = await waitFor(async () => {
    const r = await dataRows(host, `chart=system.cpu&after=${oldest}&before=${newest}`);
    return r.data.length >= 10 ? r : null;
  }, 10_000, 250);
  assert.deepEqual(after.labels, before.labels);
  const byT = new Map(after.data.map((row) => [row[0], row]));
  for (const row of before.data) {
    assert.ok(row[0] < killedAt);
    assert.deepEqual(byT.get(row[0]), row, `row ${row[0]} after the restart differs from before the kill`);
  }

  // The child reconnects on its own (1 s reconnect delay): listed and reachable again, a second session audited.
  await waitFor(() => assertHostListed(parent.baseUrl, CHILD, CHILD_GUID), 15_000, 250);
  const receiving = () => parent.logLines().filter((l) => /^STREAM e2e-child \[receive from .*\]: receiving metrics/.test(l.msg ?? ''));
  await waitFor(() => receiving().length >= 2, 10_000);
  const now = Math.floor(Date.now() / 1000);
  const audit = `/api/v1/events?host=${CHILD}&after=${killedAt - 120}&before=${now + 60}`;
  const sessions = await waitFor(async () => {
    const s: Array<{ started: number; peer_ip: string }> = (await parent.getJson(audit)).sessions ?? [];
    return s.some((x) => x.started < killedAt) && s.some((x) => x.started >= killedAt) ? s : null;
  }, 10_000, 500);
  assert.ok(sessions.every((x) => x.peer_ip === '127.0.0.1'), JSON.stringify(sessions));
});
