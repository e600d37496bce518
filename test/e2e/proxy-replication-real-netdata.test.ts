/**
 * A real Netdata 1.37.1 child -> streamledger proxy (memory mode ram) -> a real Netdata 1.37.1 parent (dbengine). The
 * parent is stopped for ~30 s while the proxy keeps receiving, then started again on the same directory and port: it
 * asks the proxy with REPLAY_CHART for what it lacks, and its system.cpu over the outage must equal the proxy's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpGetJson } from '../helpers/http';
import type { Rows } from '../helpers/mirror';
import { requireNetdataOrSkip } from '../helpers/netdata';
import { waitFor } from '../helpers/parent';
import { startRealChain } from '../helpers/proxy';

const CHILD = 'e2e-replicated-child';
const CHILD_GUID = 'e2e0c41d-0000-4000-8000-0000000000a2';
const OUTAGE_MS = 30_000;
/** Replicated values are the proxy's stored values as they are: only the parent's own storage rounding may differ. */
const TOLERANCE = 0.01;

test('a real Netdata parent that was down gets the outage filled by the proxy (REPLICATION)', { timeout: 240_000 }, async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  const { nd, ndUrl, proxy } = await startRealChain(t, { hostname: CHILD, guid: CHILD_GUID }, 'dbengine');
  // the parent holds system.cpu before the outage
  await waitFor(async () => (await httpGetJson(`${ndUrl}/host/${CHILD}/api/v1/data?chart=system.cpu&after=-5&format=json`)).data.length > 0, 30_000, 500);

  const downFrom = Math.floor(Date.now() / 1000);
  await nd.restart({ downMs: OUTAGE_MS });
  const downTo = Math.floor(Date.now() / 1000);
  t.diagnostic(`parent down from ${downFrom} to ${downTo} (${downTo - downFrom} s)`);

  const query = `chart=system.cpu&after=${downFrom - 5}&before=${downTo + 5}&points=${downTo - downFrom + 10}&gtime=0&format=json&options=nonzero`;
  let compared = 0;
  let mismatches: string[] = [];
  await waitFor(async () => {
    const [mine, theirs]: Rows[] = await Promise.all([
      httpGetJson(`${proxy.baseUrl}/host/${CHILD}/api/v1/data?${query.replace('&options=nonzero', '')}`),
      httpGetJson(`${ndUrl}/host/${CHILD}/api/v1/data?${query.replace('&options=nonzero', '')}`),
    ]);
    const byT = new Map(mine.data.map((r) => [r[0], r]));
    const inner = theirs.data.filter((r) => r[0] > downFrom + 1 && r[0] < downTo - 1);
    const nulls = inner.filter((r) => r.slice(1).some((v) => v === null)).map((r) => r[0]);
    assert.deepEqual(nulls, [], 'seconds of the outage without values on the parent');
    assert.ok(inner.length >= downTo - downFrom - 4, `only ${inner.length} rows inside the outage`);
    mismatches = [];
    compared = 0;
    for (const row of inner) {
      const m = byT.get(row[0]);
      if (!m) continue;
      theirs.labels.forEach((label, i) => {
        if (i === 0) return;
        const b = m[mine.labels.indexOf(label)];
        compared++;
        if (typeof b !== 'number' || Math.abs(row[i] - b) > TOLERANCE) mismatches.push(`${label}@${row[0]}: parent ${row[i]}, proxy ${b}`);
      });
    }
    assert.deepEqual(mismatches, []);
    return compared;
  }, 60_000, 1000);

  const sender = (await httpGetJson(`${proxy.baseUrl}/api/v1/info`)).mirrored_hosts_status.find((h: any) => h.guid === CHILD_GUID)?.sender;
  t.diagnostic(`${compared} values of system.cpu compared over the outage, ${mismatches.length} mismatches; sender: ${sender?.replication_answers} answers, ${sender?.replicated_points} points replicated`);
  assert.ok(sender?.replicated_points > 0, JSON.stringify(sender));
});
