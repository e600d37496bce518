/**
 * End to end over TLS: a real Netdata 1.37.1 child with `destination = 127.0.0.1:PORT:SSL` (and `ssl skip certificate
 * verification = yes`, see scripts/netdata-peer.sh) streams to a streamledger parent whose port has `^SSL=force`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { httpGetJson } from '../helpers/http';
import { assertHostListed, assertRecentRows } from '../helpers/mirror';
import { requireNetdataOrSkip, startNetdataChild } from '../helpers/netdata';
import { freePort, startParent, waitFor } from '../helpers/parent';
import { makeSelfSignedCert, tlsConf } from '../helpers/tls-cert';

const CHILD = 'tls-child';
const CHILD_GUID = 'e2e0c41d-0000-4000-8000-000000000715';

test('a real Netdata child streams over TLS to a ^SSL=force port', { timeout: 90_000 }, async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-tls-cert-'));
  t.after(() => fs.rmSync(certDir, { recursive: true, force: true }));
  const port = await freePort();
  const parent = await startParent({
    port,
    parentConfExtra: `[web]\n    bind to = 127.0.0.1:${port}^SSL=force\n${tlsConf(makeSelfSignedCert(certDir))}`,
  });
  t.after(() => parent.dispose());
  const child = await startNetdataChild({ dest: `127.0.0.1:${port}:SSL`, hostname: CHILD, guid: CHILD_GUID });
  t.after(() => child.stop());

  const base = `https://127.0.0.1:${port}`;
  await waitFor(() => assertHostListed(base, CHILD, CHILD_GUID), 20_000, 250);
  // a child defines its charts as its plugins start, over a few seconds: wait for more than system.cpu's first batch
  let seen = 0;
  const charts = await waitFor(async () => {
    const c = (await httpGetJson(`${base}/host/${CHILD}/api/v1/charts`)).charts ?? {};
    seen = Object.keys(c).length;
    return c['system.cpu'] && seen > 20 ? c : null;
  }, 30_000, 250).catch(() => null);
  assert.ok(charts, `system.cpu and more than 20 charts expected within 30 s; ${seen} charts seen`);
  const rows = await waitFor(() => assertRecentRows(`${base}/host/${CHILD}`, 'system.cpu', 5), 20_000, 500);
  assert.ok(rows.data.some((row: number[]) => row.slice(1).some((v) => typeof v === 'number' && v > 0)), 'system.cpu has values');

  // the port takes nothing in plain text, so the child's data came over TLS, in one session that never broke
  assert.equal((await parent.get('/api/v1/info')).status, 301);
  const sessions = parent.logLines().filter((l) => /^STREAM tls-child \[receive from .*\]: receiving metrics/.test(l.msg ?? ''));
  assert.equal(sessions.length, 1);
});
