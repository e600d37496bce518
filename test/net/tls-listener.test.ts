/**
 * TLS on the shared port, over real sockets: one parent with a certificate and three ports, one per `^SSL=` setting,
 * checked against Netdata's table (streaming/README.md "Expected behaviors") and its web server's redirect.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { httpGet } from '../helpers/http';
import { exchange, freePort, KEY, startTestParent, streamRequest, waitFor, type TestParent } from '../helpers/in-process-parent';
import { makeSelfSignedCert, tlsConf } from '../helpers/tls-cert';

const HIT_ME = 'Hit me baby, push them over...';
let guidSeq = 1;
const newGuid = () => `cccccccc-0000-4000-8000-${String(guidSeq++).padStart(12, '0')}`;
const stream = (hostname: string) => streamRequest({ key: KEY, hostname, machine_guid: newGuid(), update_every: '1', os: 'linux' });

describe('TLS on the listener', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-tls-'));
  let p: TestParent;
  const port = { none: 0, optional: 0, force: 0 };

  before(async () => {
    const cert = makeSelfSignedCert(dir);
    port.none = await freePort();
    port.optional = await freePort();
    port.force = await freePort();
    p = await startTestParent({
      dir,
      parentConf:
        `[web]\n    bind to = 127.0.0.1:${port.none} 127.0.0.1:${port.optional}^SSL=optional 127.0.0.1:${port.force}^SSL=force\n` +
        `${tlsConf(cert)}    timeout for first request = 2\n`,
    });
  });
  after(async () => {
    await p.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const streams = async (portNo: number, secure: boolean, hostname: string) => {
    const r = await exchange(portNo, stream(hostname), 800, secure);
    assert.equal(r.reply, HIT_ME);
    assert.equal(r.closed, false, 'the stream stays open');
    await waitFor(() => p.accessLog().includes(`'CONNECTED' host '${hostname}'`), 3000);
    r.socket.destroy();
  };

  const servesInfo = async (url: string) => {
    const a = await httpGet(url);
    assert.equal(a.status, 200, a.body);
    assert.equal(JSON.parse(a.body).mirrored_hosts[0], 'test-parent');
  };

  const redirects = async (portNo: number) => {
    const a = await httpGet(`http://127.0.0.1:${portNo}/api/v1/info?x=1`);
    assert.equal(a.status, 301);
    assert.equal(a.headers.location, `https://127.0.0.1:${portNo}/api/v1/info?x=1`);
  };

  describe('^SSL=optional: plain text and TLS both work', () => {
    it('accepts a plain STREAM', () => streams(port.optional, false, 'opt-plain'));
    it('accepts a STREAM over TLS', () => streams(port.optional, true, 'opt-tls'));
    it('serves HTTP in plain text', () => servesInfo(`http://127.0.0.1:${port.optional}/api/v1/info`));
    it('serves HTTP over TLS', () => servesInfo(`https://127.0.0.1:${port.optional}/api/v1/info`));
  });

  describe('^SSL=force: TLS only', () => {
    it('refuses a plain STREAM as Netdata does (400, so the child reports "is it a netdata?"), and logs it', async () => {
      const r = await exchange(port.force, stream('force-plain'));
      assert.match(r.reply, /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.ok(r.reply.endsWith("\r\n\r\nI don't understand you...\r\n"), r.reply);
      assert.equal(r.closed, true);
      await waitFor(() => p.accessLog().includes(`'ACCESS DENIED - TLS REQUIRED' host 'force-plain'`), 3000);
      assert.equal(p.parent.registry.find('force-plain'), undefined, 'no host was created');
    });
    it('accepts a STREAM over TLS', () => streams(port.force, true, 'force-tls'));
    it('redirects plain HTTP to https', () => redirects(port.force));
    it('serves HTTP over TLS', () => servesInfo(`https://127.0.0.1:${port.force}/api/v1/info`));
  });

  describe('no suffix: Netdata default', () => {
    it('accepts a plain STREAM (legacy children)', () => streams(port.none, false, 'none-plain'));
    it('accepts a STREAM over TLS', () => streams(port.none, true, 'none-tls'));
    it('redirects plain HTTP to https', () => redirects(port.none));
    it('serves HTTP over TLS', () => servesInfo(`https://127.0.0.1:${port.none}/api/v1/info`));
  });

  it('closes and logs a garbage ClientHello; a stream and other requests carry on', async () => {
    const live = await exchange(port.optional, stream('survivor'), 800, true);
    assert.equal(live.reply, HIT_ME);
    const garbage = Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40]), Buffer.alloc(64, 0xab)]);
    const r = await exchange(port.optional, garbage, 3000);
    assert.equal(r.closed, true, 'the garbage connection is closed');
    const line = await waitFor(() => p.accessLog().split('\n').find((l) => l.includes("'DISCONNECTED' (TLS handshake failed")), 3000);
    assert.match(line, /'\[127\.0\.0\.1\]:\d+'/, 'the line names the peer');
    assert.ok(!live.socket.destroyed, 'the TLS stream opened before is still up');
    await servesInfo(`https://127.0.0.1:${port.optional}/api/v1/info`);
    await streams(port.optional, true, 'after-garbage');
    live.socket.destroy();
  });

  it('closes a TLS client that stops in the middle of its handshake after the first-request timeout', async () => {
    const s = net.connect(port.force, '127.0.0.1', () => s.write(Buffer.from([0x16, 0x03, 0x01])));
    const closedAfter = await new Promise<number>((resolve) => {
      const t0 = Date.now();
      s.on('error', () => {});
      s.on('close', () => resolve(Date.now() - t0));
    });
    assert.ok(closedAfter >= 1500 && closedAfter < 5000, `closed after ${closedAfter} ms`);
    await waitFor(() => p.accessLog().includes('did not send a complete request within 2 seconds'), 3000);
  });
});
