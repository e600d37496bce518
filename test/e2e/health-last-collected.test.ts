import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runLoad } from '../../scripts/loadgen';
import { childIdentity } from '../../scripts/lib/loadgen-model';
import { DEFAULT_API_KEY, requireNetdataOrSkip, startNetdataChild } from '../helpers/netdata';
import { startParent, waitFor, type ParentProcess } from '../helpers/parent';
import { startTcpRelay } from '../helpers/tcp-relay';

/** A child that stops sending is WARNING after 3 s and CRITICAL after 6 s. */
const LAST_COLLECTED = `
template: last_collected_secs
      on: system.cpu
    calc: $now - $last_collected_t
   every: 1s
    warn: $this > 3
    crit: $this > 6
   units: seconds ago
    info: seconds since the child last sent system.cpu
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A parent running only LAST_COLLECTED, health for children as `mode` says, no postponement. */
async function parentWith(dir: string, mode: 'yes' | 'auto'): Promise<ParentProcess> {
  fs.mkdirSync(path.join(dir, 'health.d'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'health.d', 'last.conf'), LAST_COLLECTED);
  return startParent({
    dir,
    parentConfExtra: `[directories]\n    stock health config = ${path.join(dir, 'no-stock')}\n[health]\n    script to execute on alarm = /bin/true\n`,
    streamConf: `[${DEFAULT_API_KEY}]\n    enabled = yes\n    allow from = *\n    health enabled by default = ${mode}\n    default postpone alarms on connect seconds = 0\n`,
  });
}

type Alarm = { status: string; value: number | null };
const alarmOf = async (p: ParentProcess, host: string): Promise<{ status: boolean; alarm?: Alarm }> => {
  const r = await p.getJson(`/host/${host}/api/v1/alarms?all`);
  return { status: r.status, alarm: r.alarms['system.cpu.last_collected_secs'] };
};
const logStatuses = async (p: ParentProcess, host: string): Promise<string[]> =>
  ((await p.getJson(`/host/${host}/api/v1/alarm_log`)) as Array<{ name: string; status: string }>)
    .filter((e) => e.name === 'last_collected_secs').map((e) => e.status).reverse();

describe('health: the last-collected alarm of a child that stops sending', () => {
  const dirs: string[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-last-collected-'));
    dirs.push(d);
    return d;
  };
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('kill -9 of a real Netdata child raises it to WARNING, then CRITICAL, in /api/v1/alarms and the alarm log', async (t) => {
    if (!requireNetdataOrSkip(t)) return;
    const parent = await parentWith(tmp(), 'yes');
    cleanups.push(() => parent.dispose());
    const child = await startNetdataChild({ dest: `127.0.0.1:${parent.port}`, hostname: 'lc-killed' });
    cleanups.push(() => child.stop());
    await waitFor(async () => (await alarmOf(parent, 'lc-killed').catch(() => null))?.alarm?.status === 'CLEAR', 60_000, 500);
    process.kill(child.pid, 'SIGKILL');
    const killedAt = Date.now();
    const crit = await waitFor(async () => {
      const a = await alarmOf(parent, 'lc-killed');
      return a.alarm?.status === 'CRITICAL' ? a : null;
    }, 30_000, 250);
    console.log(`# CRITICAL ${((Date.now() - killedAt) / 1000).toFixed(1)} s after kill -9, value ${crit.alarm!.value}`);
    assert.ok(crit.alarm!.value! > 6);
    const statuses = await logStatuses(parent, 'lc-killed');
    assert.deepEqual(statuses.slice(-3), ['CLEAR', 'WARNING', 'CRITICAL'], statuses.join(' '));
  });

  it('under `health enabled = auto`, a child that closes its connection raises nothing: its health stops with it', async () => {
    const parent = await parentWith(tmp(), 'auto');
    cleanups.push(() => parent.dispose());
    const host = childIdentity('lc-clean', 0).hostname;
    await runLoad({ host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: 1, charts: 3, dims: 2, seconds: 8, hostnamePrefix: 'lc-clean' });
    const before = await logStatuses(parent, host);
    assert.equal(before.at(-1), 'CLEAR', `ran while connected: ${before.join(' ')}`);
    await sleep(9000); // more than the crit threshold
    const a = await alarmOf(parent, host);
    assert.deepEqual([a.status, a.alarm], [false, undefined], 'health no longer runs on the host');
    assert.deepEqual(await logStatuses(parent, host), before, 'no status change after the clean close');
    // when the child comes back its alerts go on where they were, as a Netdata parent keeps a host's alarms
    await runLoad({ host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: 1, charts: 3, dims: 2, seconds: 4, hostnamePrefix: 'lc-clean' });
    const after = await logStatuses(parent, host);
    assert.equal(after.filter((x) => x === 'UNINITIALIZED').length, 1, `the alert was created once: ${after.join(' ')}`);
    assert.equal(after.at(-1), 'CLEAR');
  });

  it('under `health enabled = auto`, a child whose connection is reset (it vanished) still gets the alarm', async () => {
    const parent = await parentWith(tmp(), 'auto');
    cleanups.push(() => parent.dispose());
    const relay = await startTcpRelay(parent.port);
    cleanups.push(() => relay.close());
    const host = childIdentity('lc-vanished', 0).hostname;
    let stop = false;
    const load = runLoad({ host: '127.0.0.1', port: relay.port, key: DEFAULT_API_KEY, children: 1, charts: 3, dims: 2, seconds: 60, hostnamePrefix: 'lc-vanished', shouldStop: () => stop });
    cleanups.push(async () => {
      stop = true;
      await load;
    });
    await waitFor(async () => (await alarmOf(parent, host).catch(() => null))?.alarm?.status === 'CLEAR', 30_000, 250);
    await relay.cut('reset');
    const crit = await waitFor(async () => {
      const a = await alarmOf(parent, host);
      return a.alarm?.status === 'CRITICAL' ? a : null;
    }, 30_000, 250);
    assert.equal(crit.status, true);
    assert.deepEqual((await logStatuses(parent, host)).slice(-3), ['CLEAR', 'WARNING', 'CRITICAL']);
  });
});
