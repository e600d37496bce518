import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startParent, waitFor, type ParentProcess } from '../helpers/parent';
import { DEFAULT_API_KEY } from '../helpers/netdata';
import { repoRoot } from '../helpers/paths';
import { streamRequest } from '../helpers/in-process-parent';

const GUID = 'dddddddd-0000-0000-0000-000000000001';
const CLI = path.join(repoRoot(), 'dist/src/cli/main.js');

describe('the events audit: CLI and API', () => {
  let parent: ParentProcess;
  let child: net.Socket;
  before(async () => {
    parent = await startParent();
    child = net.connect(parent.port, '127.0.0.1');
    let reply = '';
    child.on('data', (d) => (reply += d));
    child.write(streamRequest({ key: DEFAULT_API_KEY, hostname: 'audited', machine_guid: GUID, update_every: '1', ver: '16376' }, 'netdata/v1.37.1'));
    await waitFor(() => reply.startsWith('Hit me baby'), 5000);
    child.write('CHART "disk.io" "" "Disk I/O" "KiB/s" "io" "disk.io" "area" 100 1\nDIMENSION "reads" "reads" "incremental" 1 1024\n');
    child.write('BEGIN "disk.io" 1000000\nSET "reads" = 18446744073709551\nEND\n');
  });
  after(async () => {
    child.destroy();
    await parent.dispose();
  });

  const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, 'events', '-c', path.join(parent.dir, 'streamledger.conf'), ...args], { encoding: 'utf8' });

  it('the CLI shows the session and the regenerated lines, in order, while the parent runs', async () => {
    const out = await waitFor(() => {
      const text = cli('--host', 'audited', '--after', '-120');
      return text.includes('END') ? text : null;
    }, 5000);
    const lines = out.trimEnd().split('\n');
    assert.match(lines[1], /^# session 1: \[127\.0\.0\.1\]:\d+ netdata\/v1\.37\.1 ver=16376 negotiated=5056 caps=VCAPS,HLABELS,CLAIM,CLABELS,REPLICATION started \S+ ended \(connected\)$/);
    const body = lines.filter((l) => !l.startsWith('#'));
    assert.deepEqual(body, [
      'CHART "disk.io" "" "Disk I/O" "KiB/s" "io" "disk.io" "area" 100 1',
      'DIMENSION "reads" "reads" "incremental" 1 1024',
      'BEGIN "disk.io" 1000000',
      'SET "reads" = 18446744073709551',
      'END',
    ]);
  });

  it('finds the host by machine GUID, emits JSON, and limits the time range', () => {
    const json = JSON.parse(cli('--host', GUID, '--after', '-120', '--json')) as { hostname: string; sessions: Array<{ peer_ip: string; program: string }> };
    assert.equal(json.hostname, 'audited');
    assert.equal(json.sessions[0].peer_ip, '127.0.0.1');
    assert.equal(json.sessions[0].program, 'netdata');
    const past = cli('--host', 'audited', '--after', '1000', '--before', '2000');
    assert.equal(past.split('\n').filter((l) => l && !l.startsWith('#')).length, 0);
  });

  it('the API answers the same, and refuses bad parameters with 400', async () => {
    const api = await parent.getJson(`/api/v1/events?host=audited&after=-120`);
    assert.deepEqual(api.events.flatMap((e: { lines: string[] }) => e.lines).slice(-3), ['BEGIN "disk.io" 1000000', 'SET "reads" = 18446744073709551', 'END']);
    assert.equal((await parent.get('/host/audited/api/v1/events?after=-120&format=text')).status, 200);
    assert.equal((await parent.get('/api/v1/events?host=audited&after=abc')).status, 400);
    assert.equal((await parent.get('/api/v1/events?host=nobody')).status, 404);
    assert.equal((await parent.get('/api/v1/events')).status, 400);
  });

  it('the CLI says clearly when the host is unknown', () => {
    assert.throws(() => cli('--host', 'nobody'), (e: { status: number; stderr: string }) => e.status === 2 && /no event log for host 'nobody'/.test(e.stderr));
  });
});
