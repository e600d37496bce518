import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { SimplePattern } from '../../src/config';
import { parseDestinations } from '../../src/config/stream-destination';
import { parseStreamRequest } from '../../src/net/stream-request';
import { DENIED_BODY } from '../../src/net/stream-refusals';
import { certificateAuthorities, type SenderTls } from '../../src/sender/connect';
import { senderRequest } from '../../src/sender/handshake';
import { HostSender, type HostSenderOptions } from '../../src/sender/host-sender';
import { CAPTURES } from '../helpers/captures';
import { freePort } from '../helpers/ports';
import { makeSelfSignedCert } from '../helpers/tls-cert';
import { waitFor } from '../helpers/wait';
import { HostFeed, recordingLogger, standInParent, testProjection, type StandInParent } from './harness';

const REQUEST = senderRequest('11111111-2222-3333-4444-555555555555', parseStreamRequest(fs.readFileSync(path.join(CAPTURES, 'request-1.37.1.txt'), 'utf8')), 1);

const DEFINITIONS = `LABEL "room" = 2 "b12"
OVERWRITE labels
CHART "system.cpu" "" "Total CPU utilization" "percentage" "cpu" "system.cpu" "stacked" 100 1 "" "proc.plugin" "/proc/stat"
DIMENSION "user" "user" "incremental" 1 1 ""
DIMENSION "system" "system" "incremental" 1 1 ""
CHART "apps.cpu" "" "Apps CPU" "percentage" "apps" "apps.cpu" "stacked" 200 1 "" "apps.plugin" ""
DIMENSION "ssh" "ssh" "incremental" 1 100 ""
`;
const STATE_HEAD = 'LABEL "room" = 2 "b12"\nOVERWRITE labels\nCLAIMED_ID 22222222-3333-4444-5555-666666666666 NULL\nCHART "system.cpu"';
const NO_TLS: SenderTls = { skipVerification: false, ca: undefined };

interface Setup {
  sender: HostSender;
  feed: HostFeed;
  lines: string[];
  said(re: RegExp): boolean;
}

/** A host already defined, and its sender started towards `destinations`; stopped when the test ends. */
function startSender(t: TestContext, destinations: string, o: Partial<HostSenderOptions> = {}): Setup {
  const { logger, lines } = recordingLogger();
  const feed = new HostFeed(testProjection(), null);
  feed.push(DEFINITIONS);
  const sender = new HostSender({
    hostname: 'nd-child-1', projection: feed.projection, request: REQUEST,
    destinations: parseDestinations(destinations, 19999), destinationText: destinations,
    sendChartsMatching: new SimplePattern('!apps.* *'), timeoutSeconds: 60, bufferSizeBytes: 1 << 20, reconnectDelaySeconds: 1,
    tls: NO_TLS, ...o,
  }, logger);
  feed.upstream = sender;
  t.after(() => sender.stop());
  sender.start();
  return { sender, feed, lines, said: (re) => lines.some((l) => re.test(l)) };
}

async function parentFor(t: TestContext, opts: Parameters<typeof standInParent>[0] = {}): Promise<StandInParent> {
  const p = await standInParent(opts);
  t.after(() => p.close());
  return p;
}

const connected = (s: HostSender) => waitFor(() => s.status().connected, 5000, 20);

describe('a host sender', () => {
  it('sends the request, the host\'s state, then the lines it is handed, filtered, with the child\'s microseconds', async (t) => {
    const parent = await parentFor(t);
    const { sender, feed, lines } = startSender(t, `127.0.0.1:${parent.port}`);
    await connected(sender);
    feed.push('BEGIN "system.cpu" 1000123\nSET "user" = 10\nSET "system" = \nVARIABLE cpu_limit = 4\nEND\n');
    feed.push('BEGIN "apps.cpu" 1000000\nSET "ssh" = 5\nEND\n');
    feed.push('CHART "system.load" "" "Load" "load" "load" "system.load" "line" 100 1 "" "proc.plugin" ""\nDIMENSION "load1" "load1" "absolute" 1 1000 ""\n');
    feed.push('CHART "apps.mem" "" "Apps memory" "MiB" "apps" "apps.mem" "stacked" 201 1 "" "apps.plugin" ""\nDIMENSION "ssh" "ssh" "absolute" 1 1 ""\n');
    feed.push('VARIABLE HOST tcp_max = 512\n');
    const c = parent.connections[0];
    await waitFor(() => c.stream().includes('tcp_max'), 5000, 20);
    assert.equal(c.text.slice(0, c.text.indexOf('\r\n\r\n') + 4), REQUEST);
    const stream = c.stream();
    assert.ok(stream.startsWith(STATE_HEAD), stream);
    assert.doesNotMatch(stream, /apps/);
    const live = stream.slice(stream.indexOf('BEGIN'));
    assert.equal(live, `BEGIN "system.cpu" 1000123
SET "user" = 10
VARIABLE CHART cpu_limit = 4.0000000
END
CHART "system.load" "" "Load" "load" "load" "system.load" "line" 100 1 "" "proc.plugin" ""
DIMENSION "load1" "load1" "absolute" 1 1000 ""
VARIABLE HOST tcp_max = 512.0000000
`);
    const at = `STREAM nd-child-1 [send to 127.0.0.1:${parent.port}]`;
    assert.deepEqual(lines.filter((l) => l.startsWith('STREAM')), [
      `STREAM nd-child-1 [send to 127.0.0.1:${parent.port}]: connecting...`,
      `${at}: initializing communication...`,
      `${at}: waiting response from remote netdata...`,
      `${at}: established communication with a parent using protocol version 960 - ready to send metrics...`,
    ]);
    assert.equal(sender.status().bytes_sent, Buffer.byteLength(stream));
  });

  it('drops samples while it is not connected, and says so once', async (t) => {
    const parent = await parentFor(t, { reply: null });
    const { feed, lines } = startSender(t, `127.0.0.1:${parent.port}`);
    for (let i = 0; i < 3; i++) feed.push('BEGIN "system.cpu" 1000000\nSET "user" = 10\nEND\n');
    assert.deepEqual(lines.filter((l) => /not ready/.test(l)), ['STREAM nd-child-1 [send]: not ready - discarding collected metrics.']);
  });

  it('skips a destination that refuses the connection, at once', async (t) => {
    const closed = await freePort();
    const parent = await parentFor(t);
    const started = Date.now();
    const { sender, said } = startSender(t, `127.0.0.1:${closed} 127.0.0.1:${parent.port}`);
    await connected(sender);
    assert.ok(Date.now() - started < 1000, 'before the reconnect delay');
    assert.equal(sender.status().destination, `127.0.0.1:${parent.port}`);
    assert.ok(said(new RegExp(`^STREAM nd-child-1 \\[send to 127\\.0\\.0\\.1:${closed}\\]: Failed to connect to '127\\.0\\.0\\.1', port '${closed}' \\(connect ECONNREFUSED`)));
  });

  it('moves to the next destination after a refused handshake, once the reconnect delay is over', async (t) => {
    const refusing = await parentFor(t, { reply: DENIED_BODY, after: 'close' });
    const parent = await parentFor(t);
    const { sender, said } = startSender(t, `127.0.0.1:${refusing.port} 127.0.0.1:${parent.port}`);
    await waitFor(() => said(/denied/), 5000, 20);
    assert.ok(said(new RegExp(`^STREAM nd-child-1 \\[send to 127\\.0\\.0\\.1:${refusing.port}\\]: remote server denied access, probably we don't have the right API key\\? - will retry in 1 secs, at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$`)));
    assert.equal(sender.status().connected, false);
    assert.equal(sender.status().last_error, "remote server denied access, probably we don't have the right API key?");
    await connected(sender);
    assert.equal(sender.status().destination, `127.0.0.1:${parent.port}`);
    assert.equal(refusing.connections.length, 1);
  });

  it('gives up on a parent that does not answer after timeout seconds', async (t) => {
    const mute = await parentFor(t, { reply: null });
    const { said } = startSender(t, `127.0.0.1:${mute.port}`, { timeoutSeconds: 1 });
    await waitFor(() => said(/remote netdata does not respond\.$/), 3000, 50);
    await waitFor(() => mute.connections.length === 2, 3000, 50);
  });

  it('closes a connection that carried nothing for timeout seconds, and starts again with the state', async (t) => {
    const parent = await parentFor(t);
    const { sender, said } = startSender(t, `127.0.0.1:${parent.port}`, { timeoutSeconds: 1 });
    await connected(sender);
    await waitFor(() => said(/^STREAM nd-child-1 \[send to .*\]: could not send metrics for 1 seconds - closing connection - we have sent \d+ bytes on this connection via 1 send attempts\.$/), 4000, 50);
    await waitFor(() => parent.connections.length === 2 && parent.connections[1].stream().startsWith(STATE_HEAD), 4000, 50);
  });

  it('connects again when the parent closes the connection', async (t) => {
    const parent = await parentFor(t);
    const { sender, said } = startSender(t, `127.0.0.1:${parent.port}`);
    await connected(sender);
    parent.connections[0].socket.end();
    await waitFor(() => said(/: connection closed by far end\. Restarting connection$/), 3000, 20);
    await waitFor(() => parent.connections.length === 2 && parent.connections[1].stream().startsWith(STATE_HEAD), 4000, 50);
  });

  it('never holds the receiver up: a parent that stops reading fills the buffer, the connection is dropped and made again', async (t) => {
    const parent = await parentFor(t, { after: 'stall' });
    const { sender, feed, said } = startSender(t, `127.0.0.1:${parent.port}`, { bufferSizeBytes: 256 * 1024 });
    await connected(sender);
    const dims = Array.from({ length: 200 }, (_, i) => `d${i}`);
    feed.push(`CHART "big.chart" "" "Big" "x" "big" "big.chart" "line" 1 1 "" "" ""\n${dims.map((d) => `DIMENSION "${d}" "${d}" "absolute" 1 1 ""`).join('\n')}\n`);
    const block = `BEGIN "big.chart" 1000000\n${dims.map((d, i) => `SET "${d}" = ${1e12 + i}`).join('\n')}\nEND\n`;
    let slowest = 0;
    let blocks = 0;
    // blocks as fast as the loop turns, until the sender gives up on the parent
    await waitFor(async () => {
      for (let i = 0; i < 20; i++) {
        const t0 = process.hrtime.bigint();
        feed.push(block);
        slowest = Math.max(slowest, Number(process.hrtime.bigint() - t0) / 1e6);
        blocks++;
      }
      await new Promise((r) => setImmediate(r));
      return said(/: buffer full \(262144-bytes\) after \d+ bytes\. Restarting connection$/);
    }, 30_000, 0);
    assert.ok(slowest < 50, `handing a block over took ${slowest} ms`);
    assert.ok(said(/^STREAM nd-child-1 \[send\]: discarding \d+ bytes of metrics already in the buffer\.$/));
    assert.match(sender.status().last_error ?? '', /^buffer full/);
    assert.equal(sender.status().connected, false);
    await waitFor(() => parent.connections.length === 2, 4000, 50);
    parent.connections[1].socket.resume();
    await waitFor(() => parent.connections[1].stream().startsWith(STATE_HEAD), 4000, 50);
    t.diagnostic(`${blocks} blocks of ${block.length} bytes handed over, the slowest in ${slowest.toFixed(2)} ms`);
  });

  it('when stopped, sends what it holds and ends the stream', async (t) => {
    const parent = await parentFor(t);
    const { sender, feed, said } = startSender(t, `127.0.0.1:${parent.port}`);
    await connected(sender);
    feed.push('BEGIN "system.cpu" 1000000\nSET "user" = 77\nEND\n');
    sender.stop();
    const c = parent.connections[0];
    await waitFor(() => c.socket.readableEnded, 3000, 20);
    assert.ok(c.stream().endsWith('BEGIN "system.cpu" 1000000\nSET "user" = 77\nEND\n'));
    assert.ok(said(/^STREAM nd-child-1 \[send\]: sending thread now exits\.$/));
    assert.equal(sender.status().connected, false);
  });

  describe('to an :SSL destination', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-sender-tls-'));
    const files = makeSelfSignedCert(dir);
    const cert = { key: fs.readFileSync(files.keyFile), cert: fs.readFileSync(files.certFile) };
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

    it('refuses a certificate it cannot verify, unless told to skip verification', async (t) => {
      const parent = await parentFor(t, { tls: cert });
      const strict = startSender(t, `127.0.0.1:${parent.port}:SSL`);
      await waitFor(() => strict.said(/: failed to connect$/), 5000, 20);
      assert.ok(strict.said(/: Closing the stream connection, because the server SSL certificate is not valid \(DEPTH_ZERO_SELF_SIGNED_CERT\)\.$/));
      strict.sender.stop();
      const lax = startSender(t, `127.0.0.1:${parent.port}:SSL`, { tls: { skipVerification: true, ca: undefined } });
      await connected(lax.sender);
      assert.equal(lax.sender.status().destination, `127.0.0.1:${parent.port}:SSL`);
      await waitFor(() => parent.connections.at(-1)!.stream().startsWith(STATE_HEAD), 3000, 20);
    });

    it('trusts the certificates of CAfile', async (t) => {
      const parent = await parentFor(t, { tls: cert });
      const errors: string[] = [];
      const ca = certificateAuthorities(files.certFile, null, (m) => errors.push(m));
      assert.deepEqual(errors, []);
      const { sender } = startSender(t, `127.0.0.1:${parent.port}:SSL`, { tls: { skipVerification: false, ca } });
      await connected(sender);
      const reported: string[] = [];
      assert.ok(certificateAuthorities(path.join(dir, 'missing.pem'), null, (m) => reported.push(m)));
      assert.match(reported[0], /^SSL: cannot read certificates from '.*missing\.pem'/);
    });
  });
});
