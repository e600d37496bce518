import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { DEFAULT_API_KEY } from '../helpers/netdata';
import { startParent, waitFor, type ParentProcess } from '../helpers/parent';
import { streamRequest } from '../helpers/in-process-parent';
import { fillLeaving, mountSmallFilesystem } from '../helpers/tmpfs';
import { keepTmp } from '../helpers/paths';
import { CAP } from '../../src/net/capabilities';
import { HostEventLog } from '../../src/eventlog';
import { silentLogger } from '../../src/log';

const GUID = 'dddddddd-0000-0000-0000-0000000000f1';
const GAPS_VER = (CAP.VCAPS | CAP.GAPS) >>> 0;
const DEFS = 'CHART "app.fill" "" "title" "units" "fam" "app.fill" "line" 1 1\nDIMENSION "a" "a" "absolute" 1 1\nDIMENSION "b" "b" "absolute" 1 1\n';

/** A child on a real socket offering GAPS (so its BEGIN collection times are kept and checked): resolves with the
 *  socket once accepted, or with the refusal text. */
function connect(port: number): Promise<{ socket: net.Socket; accepted: boolean; reply: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(streamRequest({ key: DEFAULT_API_KEY, hostname: 'filler', machine_guid: GUID, update_every: '1', ver: String(GAPS_VER) })));
    let reply = '';
    socket.on('data', (d) => {
      reply += d;
      if (reply.startsWith('Hit me baby')) resolve({ socket, accepted: true, reply });
    });
    socket.on('close', () => resolve({ socket, accepted: false, reply }));
    socket.on('error', () => {});
  });
}

/** One sample at time t; a big VARIABLE line next to it fills the disk quickly. */
const sample = (t0: number, i: number, padding: string): string =>
  `VARIABLE HOST pad_${i} = 1 ${padding}\nBEGIN "app.fill" 1000000 ${t0 + i}\nSET "a" = ${i}\nSET "b" = ${-i}\nEND\n`;

/** The newest row of app.fill that has values: [t, a, b]. */
async function newestRow(parent: ParentProcess): Promise<Array<number | null> | undefined> {
  const j = await parent.getJson('/host/filler/api/v1/data?chart=app.fill&after=-4000&points=4000&format=json&options=seconds');
  return (j.data as Array<Array<number | null>>).find((r) => r[1] !== null);
}

test('a full disk closes the stream with a clear error, keeps serving and every received value, and recovers when space returns', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-diskfull-'));
  const data = path.join(dir, 'data');
  const unmount = mountSmallFilesystem(data, 8 * 1024 * 1024);
  if (!unmount) {
    fs.rmSync(dir, { recursive: true, force: true });
    return t.skip('cannot mount a tmpfs here (needs root)');
  }
  const parent = await startParent({ dir });
  t.after(async () => {
    await parent.stop();
    unmount();
    if (!keepTmp()) fs.rmSync(dir, { recursive: true, force: true });
  });

  const first = await connect(parent.port);
  assert.ok(first.accepted, first.reply);
  first.socket.write(DEFS);
  const events = (): string[] => fs.readdirSync(data, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('events.sqlite'));
  await waitFor(() => events().length > 0, 5000);
  // A few seconds at the child's pace first, so that the projection has stored points to serve.
  const T0 = Math.floor(Date.now() / 1000) - 3000;
  const PACED = 3;
  for (let i = 0; i < PACED; i++) {
    first.socket.write(sample(T0, i, ''));
    await new Promise((r) => setTimeout(r, 1000));
  }
  const filler = path.join(data, 'filler');
  fillLeaving(filler, 256 * 1024);

  // Stream until the parent closes the connection: its log can no longer commit.
  const padding = 'x'.repeat(4000);
  let sent = PACED;
  let closed = false;
  first.socket.on('close', () => (closed = true));
  while (!closed && sent < 2000) {
    first.socket.write(sample(T0, sent, padding));
    sent++;
    if (sent % 20 === 0) await new Promise((r) => setTimeout(r, 20));
  }
  await waitFor(() => closed, 10_000);
  const why = parent.logLines().find((l) => String(l.msg).includes('cannot save received data to the event log'));
  assert.ok(why, 'the error log says why the stream was closed');
  assert.match(why.msg, /^STREAM filler \[receive from \[127\.0\.0\.1\]:\d+\]: .*full/i);
  await waitFor(() => /DISCONNECTED/.test(parent.accessLog()), 5000);

  // Every update the session completed was kept, and the projection serves them while the disk is still full.
  const done = parent.logLines().find((l) => /disconnected \(completed \d+ updates\)/.test(String(l.msg)));
  const stored = Number(/completed (\d+) updates/.exec(done.msg)![1]);
  assert.ok(stored > 0 && stored < sent, `${stored} of ${sent} updates were taken before the disk filled`);
  const row = await newestRow(parent);
  assert.ok(row && row[1]! >= 0 && row[1]! < stored && row[2] === -row[1]!, `served: ${JSON.stringify(row)}`);

  // A reconnect while the disk is full is refused; the child is told to try later.
  const refused = await connect(parent.port);
  assert.equal(refused.accepted, false);
  assert.match(refused.reply, /too busy/);

  fs.rmSync(filler);
  await waitFor(() => parent.logLines().some((l) => String(l.msg).includes('commits work again')), 5000);
  const second = await connect(parent.port);
  assert.ok(second.accepted, second.reply);
  second.socket.write(DEFS + sample(T0, stored, ''));
  await waitFor(async () => {
    const audit = await parent.getJson('/api/v1/events?host=filler&after=-600');
    return (audit.events as Array<{ lines: string[] }>).some((e) => e.lines.includes(`SET "a" = ${stored}`));
  }, 5000);
  second.socket.destroy();
  await waitFor(() => parent.accessLog().match(/DISCONNECTED/g)?.length === 2, 5000);
  await parent.stop();

  // Nothing corrupt, and every update taken before the disk filled is in the log, once, in order.
  const [file] = events();
  const db = new Database(path.join(data, file), { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  const log = HostEventLog.open(path.join(data, file), { flushMs: 1000, flushEvents: 1000, logger: silentLogger });
  const samples = [...log.readEvents({})].flatMap((e) => (e.kind === 'sample' ? [e.t] : []));
  log.close();
  assert.deepEqual(samples.slice(0, stored), Array.from({ length: stored }, (_, i) => T0 + i));
  assert.equal(samples.length, stored + 1, 'no sample twice, none lost');
  assert.equal(samples.at(-1), T0 + stored);
  const sessions = db.prepare('SELECT end_reason FROM sessions ORDER BY id').pluck().all();
  assert.deepEqual(sessions, ['event log cannot be written', 'disconnected']);
});
