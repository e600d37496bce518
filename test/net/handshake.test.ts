import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exchange, KEY, startTestParent, streamRequest, waitFor, type TestParent } from '../helpers/in-process-parent';

const DENIED = 'You are not permitted to access this. Check the logs for more info.';
const DISABLED_KEY = '99999999-2222-3333-4444-555555555555';
const RESTRICTED_KEY = '88888888-2222-3333-4444-555555555555';
const BLOCKED_GUID = 'aaaaaaaa-0000-0000-0000-000000000001';
const FAR_GUID = 'aaaaaaaa-0000-0000-0000-000000000002';
let guidSeq = 100;
const newGuid = () => `bbbbbbbb-0000-0000-0000-${String(guidSeq++).padStart(12, '0')}`;

const base = (guid: string, extra: Record<string, string> = {}) => ({ key: KEY, hostname: `h-${guid.slice(-4)}`, machine_guid: guid, update_every: '1', os: 'linux', ...extra });

describe('stream handshake over a real socket', () => {
  let p: TestParent;
  before(async () => {
    p = await startTestParent({
      streamConf:
        `[${KEY}]\n    enabled = yes\n    allow from = *\n` +
        `[${DISABLED_KEY}]\n    enabled = no\n` +
        `[${RESTRICTED_KEY}]\n    enabled = yes\n    allow from = 10.* !*\n` +
        `[${BLOCKED_GUID}]\n    type = machine\n    enabled = no\n` +
        `[${FAR_GUID}]\n    type = machine\n    allow from = !127.0.0.1 *\n`,
    });
  });
  after(() => p.stop());

  const refusals: Array<[string, Record<string, string>, string]> = [
    ['no key', { hostname: 'x', machine_guid: newGuid() }, 'ACCESS DENIED - NO KEY'],
    ['no hostname', { key: KEY, machine_guid: newGuid() }, 'ACCESS DENIED - NO HOSTNAME'],
    ['no machine guid', { key: KEY, hostname: 'x' }, 'ACCESS DENIED - NO MACHINE GUID'],
    ['key not a GUID', { key: 'not-a-guid', hostname: 'x', machine_guid: newGuid() }, 'ACCESS DENIED - INVALID KEY'],
    ['machine guid not a GUID', { key: KEY, hostname: 'x', machine_guid: 'zzz' }, 'ACCESS DENIED - INVALID MACHINE GUID'],
    ['unknown key', { key: '12345678-1234-1234-1234-123456789012', hostname: 'x', machine_guid: newGuid() }, 'ACCESS DENIED - KEY NOT ENABLED'],
    ['disabled key', { key: DISABLED_KEY, hostname: 'x', machine_guid: newGuid() }, 'ACCESS DENIED - KEY NOT ENABLED'],
    ['key not allowed from this IP', { key: RESTRICTED_KEY, hostname: 'x', machine_guid: newGuid() }, 'ACCESS DENIED - KEY NOT ALLOWED FROM THIS IP'],
    ['machine guid disabled', { key: KEY, hostname: 'x', machine_guid: BLOCKED_GUID }, 'ACCESS DENIED - MACHINE GUID NOT ENABLED'],
    ['machine guid not allowed from this IP', { key: KEY, hostname: 'x', machine_guid: FAR_GUID }, 'ACCESS DENIED - MACHINE GUID NOT ALLOWED FROM THIS IP'],
    ['machine guid used as API key', { key: BLOCKED_GUID, hostname: 'x', machine_guid: newGuid() }, 'ACCESS DENIED - INVALID KEY'],
  ];
  for (const [name, params, outcome] of refusals) {
    it(`refuses ${name} with the uniform body and logs '${outcome}'`, async () => {
      const r = await exchange(p.port, streamRequest(params));
      assert.equal(r.reply, DENIED);
      assert.equal(r.closed, true, 'the socket is closed after a refusal');
      const line = await waitFor(() => p.accessLog().split('\n').find((l) => l.includes(`'${outcome}'`) && l.includes(`api key '${params.key ?? '-'}'`)), 3000);
      assert.match(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: STREAM: \d+ '\[127\.0\.0\.1\]:\d+' /);
    });
  }

  it("refuses the parent's own machine GUID", async () => {
    const own = p.parent.registry.localhost.machineGuid;
    const r = await exchange(p.port, streamRequest(base(own)));
    assert.equal(r.reply, DENIED);
    await waitFor(() => p.accessLog().includes('IDENTICAL TO PARENT'), 3000);
  });

  const versions: Array<[string | null, string]> = [
    [null, 'Hit me baby, push them over...'],
    ['1', 'Hit me baby, push them over...'],
    ['2', 'Hit me baby, push them over and bring the host labels...'],
    ['3', 'Hit me baby, push them over with the version=3'],
    ['4', 'Hit me baby, push them over with the version=4'],
    ['5', 'Hit me baby, push them over with the version=4'], // no compression: a v5 child gets v4
    ['16376', 'Hit me baby, push them over with the version=5056'], // 1.37 child: VCAPS|HLABELS|CLAIM|CLABELS|REPLICATION
    // a streamledger proxy offers REPLICATION and GAPS: GAPS (gaps filled from its event log) replaces REPLICATION
    [String((5056 | (1 << 30)) >>> 0), `Hit me baby, push them over with the version=${(960 | (1 << 30)) >>> 0}`],
  ];
  for (const [ver, prompt] of versions) {
    it(`answers ver=${ver ?? '(none)'} with '${prompt}'`, async () => {
      const guid = newGuid();
      const r = await exchange(p.port, streamRequest(base(guid, ver === null ? {} : { ver })), 800);
      assert.equal(r.reply, prompt);
      assert.equal(r.closed, false, 'the stream stays open');
      await waitFor(() => p.accessLog().includes(`'CONNECTED' host 'h-${guid.slice(-4)}'`), 3000);
      r.socket.destroy();
      await waitFor(() => p.accessLog().includes(`'DISCONNECTED' host 'h-${guid.slice(-4)}'`), 3000);
    });
  }

  it('rejects a second live connection for the same GUID with 409 text', async () => {
    const guid = newGuid();
    const first = await exchange(p.port, streamRequest(base(guid, { ver: '16376' })), 500);
    assert.match(first.reply, /^Hit me baby/);
    const second = await exchange(p.port, streamRequest(base(guid, { ver: '16376' })));
    assert.equal(second.reply, 'This GUID is already streaming to this server');
    assert.equal(second.closed, true);
    await waitFor(() => p.accessLog().includes(`'REJECTED - ALREADY CONNECTED' host 'h-${guid.slice(-4)}'`), 3000);
    first.socket.destroy();
  });

  it('serves HTTP on the same port', async () => {
    const res = await fetch(`http://127.0.0.1:${p.port}/api/v1/info`);
    assert.equal(res.status, 200);
    const info = (await res.json()) as { mirrored_hosts: string[] };
    assert.equal(info.mirrored_hosts[0], 'test-parent');
  });

  it('accepts a handshake split into single bytes, with stream data in the same packet as the head', async () => {
    const guid = newGuid();
    const { default: net } = await import('node:net');
    const req = streamRequest(base(guid, { ver: '1' })) + 'CHART "a.b" "" "t" "u" "f" "c" "line" 1 1\nDIMENSION "d" "d" "absolute" 1 1\n';
    const socket = net.connect(p.port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d) => (reply += d));
    await new Promise((r) => socket.once('connect', r));
    for (const ch of req) {
      socket.write(ch);
      await new Promise((r) => setImmediate(r));
    }
    await waitFor(() => reply === 'Hit me baby, push them over...', 3000);
    await waitFor(() => p.parent.registry.find(guid)?.projection.chart('a.b'), 3000);
    socket.destroy();
  });
});

describe('connections that misbehave before the handshake completes', () => {
  let p: TestParent;
  before(async () => {
    p = await startTestParent({ parentConf: '[web]\n    timeout for first request = 1\n' });
  });
  after(() => p.stop());

  it('closes a half-sent handshake after the first-request timeout', async () => {
    const r = await exchange(p.port, 'STREAM key=' + KEY + '&hostname=slow', 4000);
    assert.equal(r.closed, true);
    assert.equal(r.reply, '');
  });

  it('closes a client that sends nothing', async () => {
    const r = await exchange(p.port, '', 4000);
    assert.equal(r.closed, true);
  });

  it('closes an oversized request head', async () => {
    const r = await exchange(p.port, 'STREAM key=' + 'x'.repeat(40000), 3000);
    assert.equal(r.closed, true);
  });
});

describe('takeover and rate limiting', () => {
  it('takes over a receiver that has been silent longer than the alive window', async () => {
    const p = await startTestParent({ start: { receiverAliveSeconds: 1 } });
    try {
      const guid = newGuid();
      const first = await exchange(p.port, streamRequest(base(guid, { ver: '16376' })), 300);
      assert.match(first.reply, /^Hit me baby/);
      await new Promise((r) => setTimeout(r, 2200));
      const second = await exchange(p.port, streamRequest(base(guid, { ver: '16376' })), 500);
      assert.match(second.reply, /^Hit me baby/);
      await waitFor(() => first.socket.destroyed || first.socket.readableEnded, 3000);
      second.socket.destroy();
    } finally {
      await p.stop();
    }
  });

  it('answers 503 text when streams come faster than accept a streaming request every seconds', async () => {
    const p = await startTestParent({ parentConf: '[web]\n    accept a streaming request every seconds = 30\n' });
    try {
      const ok = await exchange(p.port, streamRequest(base(newGuid(), { ver: '1' })), 300);
      assert.equal(ok.reply, 'Hit me baby, push them over...');
      const busy = await exchange(p.port, streamRequest(base(newGuid(), { ver: '1' })));
      assert.equal(busy.reply, 'The server is too busy now to accept this request. Try later.');
      ok.socket.destroy();
    } finally {
      await p.stop();
    }
  });
});
