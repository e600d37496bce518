import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runLoad } from '../../scripts/loadgen';
import { childIdentity } from '../../scripts/lib/loadgen-model';
import { KEY, startTestParent, waitFor, type TestParent } from '../helpers/in-process-parent';

const ROUNDS = 6;
const PER_ROUND = 25;

describe('ephemeral children', () => {
  let p: TestParent;
  before(async () => {
    p = await startTestParent({ parentConf: '[db]\n    cleanup orphan hosts after secs = 2\n    cleanup obsolete charts after secs = 600\n' });
  });
  after(() => p.stop());

  it('hundreds of short-lived children do not accumulate in memory; a returning one continues where it was', async () => {
    const counts: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await runLoad({ host: '127.0.0.1', port: p.port, key: KEY, children: PER_ROUND, charts: 4, dims: 3, seconds: 2, startIndex: round * PER_ROUND, hostnamePrefix: 'eph' });
      counts.push(p.parent.registry.all().length);
    }
    // every round's hosts leave memory ~2 s after they disconnect: the registry never holds many rounds at once
    assert.ok(Math.max(...counts) <= 1 + 3 * PER_ROUND, `hosts in memory after each round: ${counts.join(', ')}`);
    await waitFor(() => p.parent.registry.all().length === 1, 15_000);
    const info = (await (await fetch(`http://127.0.0.1:${p.port}/api/v1/info`)).json()) as { mirrored_hosts: string[] };
    assert.deepEqual(info.mirrored_hosts, ['test-parent']);
    // a host that left memory can still be audited from its event log on disk
    const gone = childIdentity('eph', PER_ROUND + 1);
    const res = await fetch(`http://127.0.0.1:${p.port}/api/v1/events?host=${gone.hostname}&after=-600&limit=1`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { sessions: unknown[] }).sessions.length, 1);

    // the first child comes back: same machine GUID, its earlier session is still in its event log
    const first = childIdentity('eph', 0);
    await runLoad({ host: '127.0.0.1', port: p.port, key: KEY, children: 1, charts: 4, dims: 3, seconds: 2, startIndex: 0, hostnamePrefix: 'eph' });
    const host = p.parent.registry.find(first.guid);
    assert.ok(host, 'the returning host is back in memory');
    assert.equal(host.hostname, first.hostname);
    const audit = (await (await fetch(`http://127.0.0.1:${p.port}/api/v1/events?host=${first.guid}&after=-600&limit=1`)).json()) as { sessions: unknown[] };
    assert.equal(audit.sessions.length, 2, 'both sessions of the returning child are in its log');
  });
});
