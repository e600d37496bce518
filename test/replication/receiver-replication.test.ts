/**
 * The receiving side of Netdata 1.37 replication over a real socket, with a scripted child that answers REPLAY_CHART
 * the way a 1.37.1 child does (RBEGIN "id", RBEGIN '' start end now + RSETs, RDSTATE, RSSTATE, REND), against an
 * in-process parent with a real event log; then a restart of the parent on the same files.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { httpGetJson } from '../helpers/http';
import { KEY, startTestParent, streamRequest, waitFor, type TestParent } from '../helpers/in-process-parent';

const GUID = '7e0c1f3a-1b2c-4d5e-8f90-123456789abc';
const HOST = 'replica';

/** A scripted 1.37 child: sends what it is told, collects the parent's lines. */
class ScriptedChild {
  readonly lines: string[] = [];
  private buf = '';
  reply = '';
  private constructor(readonly socket: net.Socket) {
    socket.on('error', () => {}); // a reset after the test is over is not this test's concern
    socket.on('data', (d) => {
      if (!this.reply) {
        this.reply = d.toString();
        const nl = this.reply.indexOf('\n');
        if (nl < 0) return;
        this.buf = this.reply.slice(nl + 1);
        this.reply = this.reply.slice(0, nl);
      } else this.buf += d.toString();
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        this.lines.push(this.buf.slice(0, i));
        this.buf = this.buf.slice(i + 1);
      }
    });
  }

  static async connect(port: number, hostname = HOST, guid = GUID): Promise<ScriptedChild> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const c = new ScriptedChild(socket);
    socket.write(streamRequest({ key: KEY, hostname, machine_guid: guid, update_every: '1', ver: '16376' }));
    await waitFor(() => c.reply.length > 0, 5000);
    return c;
  }

  send(text: string): void {
    this.socket.write(text.endsWith('\n') ? text : text + '\n');
  }

  async expectLine(re: RegExp): Promise<string> {
    return waitFor(() => this.lines.find((l) => re.test(l)), 5000);
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.socket.once('close', () => r());
      this.socket.end();
    });
  }
}

const chartDef = (id: string, first: number, last: number, now: number) =>
  `CHART "${id}" "" "t" "u" "f" "${id}" "line" 1 1 "" "p" "m"\nDIMENSION "a" "a" "absolute" 1 1 ""\nDIMENSION "b" "b" "absolute" 1 1 ""\nCHART_DEFINITION_END ${first} ${last} ${now}`;

/** The stored values the scripted child replays for second t. */
const valueA = (t: number) => (t % 1000) / 4;
const valueB = (t: number) => 1000 + (t % 7);

/** The child's answer to REPLAY_CHART id start after before; first/last: its own retention, reported in REND. */
function replayLines(id: string, from: number, to: number, now: number, startStreaming: boolean, opts: { emptyAt?: number; first?: number; last?: number } = {}): string {
  const out = [`RBEGIN "${id}"`];
  for (let t = from + 1; t <= to; t++) {
    out.push(`RBEGIN '' ${t - 1} ${t} ${now}`);
    out.push(`RSET "a" ${t === opts.emptyAt ? 'nan' : valueA(t).toFixed(7)} "${t === opts.emptyAt ? 'E' : ''}"`);
    out.push(`RSET "b" ${valueB(t).toFixed(7)} ""`);
  }
  out.push(`RDSTATE "a" ${to}000000 ${valueA(to)} ${valueA(to)} ${valueA(to)}`, `RSSTATE ${to}000000 ${to}000000`);
  out.push(`REND 1 ${opts.first ?? from} ${opts.last ?? to} ${startStreaming} ${from} ${to} ${now}`);
  return out.join('\n');
}

describe('Netdata 1.37 replication, receiving side', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-repl-'));
  let parent: TestParent | undefined;
  after(async () => {
    await parent?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const api = (p: string) => httpGetJson(`http://127.0.0.1:${parent!.port}${p}`);
  const replicationOf = async () => (await api('/api/v1/info')).mirrored_hosts_status.find((h: any) => h.hostname === HOST)?.replication;

  const now = Math.floor(Date.now() / 1000);
  const childFirst = now - 2000;

  it('grants REPLICATION, asks each chart for what it lacks in steps, and stores the replayed points once', async () => {
    parent = await startTestParent({ dir });
    const child = await ScriptedChild.connect(parent.port);
    assert.equal(child.reply, 'Hit me baby, push them over with the version=5056');

    // a chart the child holds 100 s of: one request, streaming starts with it
    child.send(chartDef('test.short', now - 100, now - 1, now));
    assert.equal(await child.expectLine(/^REPLAY_CHART "test\.short"/), `REPLAY_CHART "test.short" "true" ${now - 100} ${now - 1}`);
    child.send(replayLines('test.short', now - 100, now - 1, now, true, { emptyAt: now - 50 }));
    // the same point again, one out of order, and one from the future: refused, the session goes on
    child.send(`RBEGIN "test.short"\nRBEGIN '' ${now - 11} ${now - 10} ${now}\nRSET "a" 1.0000000 ""\nRBEGIN '' ${now + 999} ${now + 1000} ${now}\nRSET "a" 1.0000000 ""\nREND 1 ${now - 100} ${now - 1} true 0 0 ${now}`);

    // a chart with 2000 s: 600 s steps until the child's newest entry
    child.send(chartDef('test.long', childFirst, now - 1, now));
    let req = await child.expectLine(/^REPLAY_CHART "test\.long"/);
    assert.equal(req, `REPLAY_CHART "test.long" "false" ${childFirst} ${childFirst + 600}`);
    const steps = [req];
    for (;;) {
      const m = /"(true|false)" (\d+) (\d+)$/.exec(req)!;
      child.send(replayLines('test.long', Number(m[2]), Number(m[3]), now, m[1] === 'true', { first: childFirst, last: now - 1 }));
      if (m[1] === 'true') break;
      req = await waitFor(() => child.lines.filter((l) => l.startsWith('REPLAY_CHART "test.long"'))[steps.length], 5000);
      steps.push(req);
    }
    assert.deepEqual(steps, [
      `REPLAY_CHART "test.long" "false" ${childFirst} ${childFirst + 600}`,
      `REPLAY_CHART "test.long" "false" ${childFirst + 600} ${childFirst + 1200}`,
      `REPLAY_CHART "test.long" "false" ${childFirst + 1200} ${childFirst + 1800}`,
      `REPLAY_CHART "test.long" "true" ${childFirst + 1800} ${now - 1}`,
    ]);

    const progress = await waitFor(async () => {
      const r = await replicationOf();
      return r && r.charts_done === 2 && !r.in_progress && r;
    }, 5000);
    assert.equal(progress.charts_total, 2);
    assert.equal(progress.points_received, 99 + 1999);
    assert.equal(progress.points_refused, 2);

    const short = await api(`/host/${HOST}/api/v1/data?chart=test.short&after=${now - 99}&before=${now - 1}&points=99&gtime=0&format=json`);
    assert.equal(short.data.length, 99);
    for (const [t, a, b] of short.data) {
      assert.equal(a, t === now - 50 ? null : valueA(t), `a at ${t}`);
      assert.equal(b, valueB(t), `b at ${t}`);
    }
    const long = await api(`/host/${HOST}/api/v1/data?chart=test.long&after=${now - 1999}&before=${now - 1}&points=1999&gtime=0&format=json`);
    assert.equal(long.data.length, 1999);
    assert.ok(long.data.every(([t, a, b]: number[]) => a === valueA(t) && b === valueB(t)), 'every replicated second of test.long');

    // the audit tells what came late: replay events, regenerated as the child's lines
    const audit = await api(`/api/v1/events?host=${HOST}&after=-60&limit=10000`);
    const replays = audit.events.filter((e: any) => e.kind === 'replay');
    assert.equal(replays.length, 99 + 1999);
    assert.deepEqual(replays[0].lines, [`RBEGIN '' ${now - 100} ${now - 99}`, `RSET "a" ${valueA(now - 99).toFixed(7)} ""`, `RSET "b" ${valueB(now - 99).toFixed(7)} ""`]);
    await child.close();
  });

  it('after a restart asks exactly from the newest point it kept', async () => {
    await parent!.stop();
    parent = await startTestParent({ dir });
    const child = await ScriptedChild.connect(parent.port);
    const later = Math.floor(Date.now() / 1000) - 1;
    child.send(chartDef('test.short', now - 100, later, later));
    assert.equal(await child.expectLine(/^REPLAY_CHART "test\.short"/), `REPLAY_CHART "test.short" "true" ${now - 1} ${later}`);
    child.send(replayLines('test.short', now - 1, later, later, true));
    const rows = await waitFor(async () => {
      const r = await api(`/host/${HOST}/api/v1/data?chart=test.short&after=${now - 3}&before=${later}&points=${later - now + 4}&gtime=0&format=json`);
      return r.data.length === later - now + 4 && r.data;
    }, 5000);
    assert.ok(rows.every(([t, a]: number[]) => a === valueA(t)), JSON.stringify(rows));
    await child.close();
  });

  it('honours enable replication and seconds per replication step per API key and per host', async () => {
    await parent!.stop();
    const other = '7e0c1f3a-1b2c-4d5e-8f90-0000000000aa';
    parent = await startTestParent({
      streamConf: `[${KEY}]\n    enabled = yes\n    allow from = *\n    seconds per replication step = 300\n[${other}]\n    enable replication = no\n`,
    });
    const t = Math.floor(Date.now() / 1000) - 1;
    const stepped = await ScriptedChild.connect(parent.port, 'stepped', '7e0c1f3a-1b2c-4d5e-8f90-0000000000bb');
    stepped.send(chartDef('test.c', t - 1000, t, t));
    assert.equal(await stepped.expectLine(/^REPLAY_CHART/), `REPLAY_CHART "test.c" "false" ${t - 1000} ${t - 700}`);
    const off = await ScriptedChild.connect(parent.port, 'off', other);
    off.send(chartDef('test.c', t - 1000, t, t));
    assert.equal(await off.expectLine(/^REPLAY_CHART/), 'REPLAY_CHART "test.c" "true" 0 0');
    await stepped.close();
    await off.close();
  });
});
