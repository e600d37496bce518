/**
 * A real Netdata 1.37.1 child -> streamledger proxy -> a real Netdata 1.37.1 parent. The real parent must accept the
 * proxy's handshake and stream, list the child (its GUID and hostname, two hops away), answer /api/v1/data for
 * system.cpu with the proxy's values, and hold every chart the proxy holds for it, with the same metadata.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpGetJson } from '../helpers/http';
import { MIRRORED_CHART_FIELDS, type Rows } from '../helpers/mirror';
import { requireNetdataOrSkip } from '../helpers/netdata';
import { waitFor } from '../helpers/parent';
import { startRealChain } from '../helpers/proxy';

const CHILD = 'e2e-proxied-child';
const CHILD_GUID = 'e2e0c41d-0000-4000-8000-0000000000a1';
/** system.cpu, percentages averaged over 2 s: the proxy and the parent time the child's samples alike to this much. */
const CPU_TOLERANCE = 0.05;

test('a real Netdata parent receives a real child through the streamledger proxy: host, charts and values', { timeout: 180_000 }, async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  const { nd, ndUrl, proxy } = await startRealChain(t, { hostname: CHILD, guid: CHILD_GUID }, 'ram');
  const status = (await httpGetJson(`${ndUrl}/api/v1/info`)).mirrored_hosts_status.find((h: any) => h.guid === CHILD_GUID);
  assert.equal(status.hops, 2, JSON.stringify(status));

  // 10 points of 2 s each; the newest may still be filling up on one side
  const query = `chart=system.cpu&after=-20&points=10&format=json`;
  let worst = 0;
  const rows = await waitFor(async () => {
    const [mine, theirs]: Rows[] = await Promise.all([
      httpGetJson(`${proxy.baseUrl}/host/${CHILD}/api/v1/data?${query}`),
      httpGetJson(`${ndUrl}/host/${CHILD}/api/v1/data?${query}`),
    ]);
    assert.deepEqual([...theirs.labels].sort(), [...mine.labels].sort());
    const filled = (r: Array<number | null>) => r.every((v) => typeof v === 'number');
    const byT = new Map(mine.data.filter(filled).map((r) => [r[0], r]));
    const newest = Math.max(...theirs.data.map((r) => r[0]), ...mine.data.map((r) => r[0]));
    const common = theirs.data.filter((r) => r[0] !== newest && filled(r) && byT.has(r[0]));
    assert.ok(common.length >= 6, `only ${common.length} common rows`);
    for (const row of common) {
      const m = byT.get(row[0])!;
      theirs.labels.forEach((label, i) => {
        if (i === 0) return;
        const a = row[i];
        const b = m[mine.labels.indexOf(label)];
        assert.ok(Math.abs(a - b) <= CPU_TOLERANCE, `system.cpu ${label} at ${row[0]}: parent ${a}, proxy ${b}`);
        worst = Math.max(worst, Math.abs(a - b));
      });
    }
    return common.length;
  }, 30_000, 1000);
  t.diagnostic(`${rows} rows of system.cpu compared, largest difference ${worst}`);

  // A child adds charts during its first iterations, which the values above waited through: same ids on both.
  const charts = (url: string) => httpGetJson(`${url}/host/${CHILD}/api/v1/charts`).then((r) => r.charts);
  const count = await waitFor(async () => {
    const [mine, theirs] = await Promise.all([charts(proxy.baseUrl), charts(ndUrl)]);
    assert.deepEqual(Object.keys(theirs).sort(), Object.keys(mine).sort(), 'chart ids of the real parent and of the proxy');
    for (const id of Object.keys(mine)) {
      for (const f of MIRRORED_CHART_FIELDS) assert.deepEqual(theirs[id][f], mine[id][f], `chart ${id}: ${f}`);
    }
    return Object.keys(mine).length > 50 ? Object.keys(mine).length : null;
  }, 60_000, 1000);
  t.diagnostic(`${count} charts on both, with the same metadata`);

  // the real parent took the proxy's stream without complaint
  const complaints = nd.errorLog().split('\n').filter((l) => l.includes(CHILD) && /PLUGINSD|cannot|error|invalid/i.test(l));
  assert.deepEqual(complaints, []);
});
