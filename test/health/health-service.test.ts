import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { httpGetJson } from '../helpers/http';
import { KEY, startTestParent, waitFor, type TestParent } from '../helpers/in-process-parent';
import { scriptedChild } from '../helpers/scripted-child';

const DEFS = 'CHART "app.load" "" "t" "u" "f" "app.load" "line" 1 1\nDIMENSION "a" "a" "absolute" 1 1\n';

/** A child streaming app.load = 5 every second while the returned function is not called. */
const child = (port: number, hostname: string, guid: string): Promise<() => void> =>
  scriptedChild(port, { hostname, guid, definitions: DEFS, collection: (first) => `BEGIN "app.load"${first ? '' : ' 1000000'}\nSET "a" = 5\nEND\n` });

describe('health in the parent', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-health-svc-'));
  const stock = path.join(dir, 'stock');
  const user = path.join(dir, 'health.d');
  fs.mkdirSync(stock);
  fs.mkdirSync(user);
  fs.writeFileSync(path.join(user, 'app.conf'), 'template: app_high\n      on: app.load\n    calc: $a\n   every: 1s\n    warn: $this > 3\n    crit: $this > 10\n');
  let parent: TestParent | undefined;
  const stops: Array<() => void> = [];
  after(async () => {
    stops.forEach((s) => s());
    await parent?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the health.d alerts on hosts with health enabled after `postpone alarms on connect seconds`, and not on those with `health enabled = no`', async () => {
    const off = '7e0c1f3a-1b2c-4d5e-8f90-0000000000c1';
    parent = await startTestParent({
      dir,
      parentConf: `[directories]\n    stock health config = ${stock}\n    health config = ${user}\n`,
      streamConf: `[${KEY}]\n    enabled = yes\n    allow from = *\n    default postpone alarms on connect seconds = 3\n[${off}]\n    health enabled = no\n`,
    });
    stops.push(await child(parent.port, 'hot', '7e0c1f3a-1b2c-4d5e-8f90-0000000000c0'), await child(parent.port, 'quiet', off));
    const api = (p: string) => httpGetJson(`http://127.0.0.1:${parent!.port}${p}`);
    const connected = Date.now();
    // postponed for 3 s after the child connected: no alerts at all yet, as a Netdata parent lists none
    assert.deepEqual((await api('/host/hot/api/v1/alarms?all')).alarms, {});
    const hot = await waitFor(async () => {
      const a = await api('/host/hot/api/v1/alarms');
      return a.alarms['app.load.app_high']?.status === 'WARNING' && a;
    }, 15_000, 250);
    assert.ok(Date.now() - connected >= 2000, 'alerts ran before the postponement ended');
    assert.equal(hot.status, true);
    assert.equal(hot.alarms['app.load.app_high'].value, 5);
    assert.equal(hot.alarms['app.load.app_high'].source, `1@${path.join(user, 'app.conf')}`);
    assert.ok(hot.latest_alarm_log_unique_id >= 1);
    const quiet = await api('/host/quiet/api/v1/alarms?all');
    assert.deepEqual([quiet.status, quiet.alarms], [false, {}]);
  });
});
