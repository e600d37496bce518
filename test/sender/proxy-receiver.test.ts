/**
 * The sender behind a real receiver session: a parent that stops reading must not hold up the child streaming to the
 * proxy. The child's burst goes through while the sender's buffer fills, the connection upstream is dropped and made
 * again; and what the child sends after the burst is still received. Per host settings choose who is proxied.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { httpGetJson } from '../helpers/http';
import { KEY, startTestParent, streamRequest, waitFor } from '../helpers/in-process-parent';
import { standInParent } from './harness';

const GUID = '5e1f0000-0000-4000-8000-0000000000b1';
const OTHER = '5e1f0000-0000-4000-8000-0000000000b2';

test('a parent that stops reading never holds up the child: the burst is received, the sender reconnects', { timeout: 60_000 }, async (t) => {
  const upstream = await standInParent({ after: 'stall' });
  t.after(() => upstream.close());
  const proxy = await startTestParent({
    streamConf: `[${KEY}]\n    enabled = yes\n[stream]\n    enabled = yes\n    destination = 127.0.0.1:${upstream.port}\n    api key = ${KEY}\n` +
      `    buffer size bytes = 262144\n    reconnect delay seconds = 1\n[${OTHER}]\n    proxy enabled = no\n`,
  });
  t.after(() => proxy.stop());
  const base = `http://127.0.0.1:${proxy.port}`;

  const child = net.connect(proxy.port, '127.0.0.1');
  t.after(() => child.destroy());
  await new Promise((r) => child.once('connect', r));
  child.write(streamRequest({ key: KEY, hostname: 'burst-child', machine_guid: GUID, update_every: '1', ver: '960' }));
  await new Promise((r) => child.once('data', r));
  const dims = Array.from({ length: 200 }, (_, i) => `d${i}`);
  child.write(`CHART "big.chart" "" "Big" "x" "big" "big.chart" "line" 1 1 "" "" ""\n${dims.map((d) => `DIMENSION "${d}" "${d}" "absolute" 1 1 ""`).join('\n')}\n`);
  const status = async () => (await httpGetJson(`${base}/api/v1/info`)).mirrored_hosts_status.find((h: any) => h.guid === GUID)?.sender;
  await waitFor(async () => (await status())?.connected, 10_000, 50);

  // 20 MB as fast as the proxy takes it: far more than the parent's socket buffers and the sender's 256 KiB
  const block = `BEGIN "big.chart" 1000000\n${dims.map((d, i) => `SET "${d}" = ${1e12 + i}`).join('\n')}\nEND\n`;
  const started = Date.now();
  for (let sent = 0; sent < 20e6; sent += block.length) {
    if (!child.write(block)) await new Promise((r) => child.once('drain', r));
  }
  child.write('CHART "after.burst" "" "After" "x" "after" "after.burst" "line" 1 1 "" "" ""\nDIMENSION "a" "a" "absolute" 1 1 ""\n');
  await waitFor(async () => 'after.burst' in (await httpGetJson(`${base}/host/burst-child/api/v1/charts`)).charts, 30_000, 200);
  t.diagnostic(`20 MB received in ${Date.now() - started} ms while the parent read nothing`);

  const s = await waitFor(async () => {
    const st = await status();
    return st?.reconnects >= 2 && st.connected ? st : null;
  }, 10_000, 100);
  assert.match(s.last_error, /^buffer full \(262144-bytes\) after \d+ bytes\. Restarting connection$/);
  assert.ok(upstream.connections.length >= 2, `${upstream.connections.length} connections upstream`);
  const reachable = (await httpGetJson(`${base}/api/v1/info`)).mirrored_hosts_status.find((h: any) => h.guid === GUID).reachable;
  assert.equal(reachable, true, 'the child is still connected');

  // a host whose machine section says `proxy enabled = no` gets no sender
  const other = net.connect(proxy.port, '127.0.0.1');
  t.after(() => other.destroy());
  await new Promise((r) => other.once('connect', r));
  other.write(streamRequest({ key: KEY, hostname: 'local-only', machine_guid: OTHER, update_every: '1', ver: '960' }));
  await new Promise((r) => other.once('data', r));
  const listed = await waitFor(async () => (await httpGetJson(`${base}/api/v1/info`)).mirrored_hosts_status.find((h: any) => h.guid === OTHER), 5000);
  assert.equal(listed.sender, null);
  assert.equal(upstream.connections.filter((c) => c.text.includes('local-only')).length, 0);
});
