import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KEY, startTestParent, streamRequest, waitFor, type TestParent } from '../helpers/in-process-parent';

const GUID_A = 'cccccccc-0000-0000-0000-00000000000a';
const GUID_B = 'cccccccc-0000-0000-0000-00000000000b';
const DEFS = 'CHART "app.x" "" "title" "units" "fam" "app.x" "line" 1 1\nDIMENSION "big" "big" "absolute" 1 1\nDIMENSION "small" "small" "absolute" 1 1\n';

/** A plain-text (ver=1) child on a real socket. */
async function connectChild(port: number, guid: string, hostname: string): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  let reply = '';
  socket.on('data', (d) => (reply += d));
  socket.write(streamRequest({ key: KEY, hostname, machine_guid: guid, update_every: '1', ver: '1' }));
  await waitFor(() => reply.startsWith('Hit me baby'), 3000);
  return socket;
}

interface AuditJson {
  sessions: Array<{ end_reason: string | null }>;
  events: Array<{ lines: string[] }>;
}

describe('bad input on one stream', () => {
  let p: TestParent;
  before(async () => {
    p = await startTestParent({ parentConf: '[event log]\n    max line bytes = 1024\n' });
  });
  after(() => p.stop());

  const audit = async (host: string): Promise<AuditJson> => (await (await fetch(`http://127.0.0.1:${p.port}/api/v1/events?host=${host}&after=-60`)).json()) as AuditJson;
  const lines = (a: AuditJson) => a.events.flatMap((e) => e.lines);

  it('logs and skips malformed lines, keeps the session, and does not disturb another host', async () => {
    const a = await connectChild(p.port, GUID_A, 'bad-a');
    const b = await connectChild(p.port, GUID_B, 'good-b');
    a.write(DEFS + 'NOT_A_COMMAND 1 2 3\nSET "big" = 5\nEND\nBEGIN "no.such.chart" 1000000\nSET "x" = 1\nEND\nCHART\nDIMENSION\n');
    a.write('BEGIN "app.x" 1000000\nSET "big" = 9223372036854775807\nSET "small" = -9223372036854775808\nSET "nope" = 1\nEND\n');
    a.write('BEGIN "app.x" 1000000\nSET "big" = 9007199254740993\nSET "small" =\nEND\n');
    b.write(DEFS + 'BEGIN "app.x" 1000000\nSET "big" = 1\nSET "small" = 2\nEND\n');

    const audited = await waitFor(async () => {
      const x = await audit('bad-a');
      return lines(x).includes('SET "big" = 9007199254740993') ? x : null;
    }, 5000);
    const got = lines(audited);
    // 64-bit values come back exactly; the unknown dimension and the garbage are not in the log as samples
    assert.ok(got.includes('SET "big" = 9223372036854775807'));
    assert.ok(got.includes('SET "small" = -9223372036854775808'));
    assert.ok(got.includes('SET "small" = '), 'an empty value is kept as empty');
    assert.ok(!got.some((l) => l.includes('"nope"') || l.includes('no.such.chart')));
    assert.equal(audited.sessions.at(-1)?.end_reason, null, 'the session is still open');
    assert.ok(p.parent.registry.find('bad-a')?.reachable);
    await waitFor(async () => lines(await audit('good-b')).includes('SET "small" = 2'), 5000);
    a.destroy();
    b.destroy();
  });

  it('closes only the session that sends an over-long line', async () => {
    const a = await connectChild(p.port, GUID_A, 'bad-a');
    const b = await connectChild(p.port, GUID_B, 'good-b');
    let aClosed = false;
    a.on('close', () => (aClosed = true));
    a.write(DEFS + 'LABEL "x" = 1 "' + 'v'.repeat(5000) + '"\n');
    await waitFor(() => aClosed, 5000);
    const reasons = (await audit('bad-a')).sessions.map((s) => s.end_reason);
    assert.ok(reasons.includes('line too long'), `end reasons: ${reasons.join(', ')}`);
    b.write(DEFS + 'BEGIN "app.x" 1000000\nSET "big" = 7\nSET "small" = 8\nEND\n');
    await waitFor(async () => lines(await audit('good-b')).includes('SET "small" = 8'), 5000);
    assert.ok(p.parent.registry.find('good-b')?.reachable);
    b.destroy();
  });
});
