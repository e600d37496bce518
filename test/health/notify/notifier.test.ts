import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import type { AlarmEntry, NotificationAttempt } from '../../../src/health/log/alarm-entry';
import { Notifier, type NotifierOptions, type NotifyHost } from '../../../src/health/notify/notifier';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-notifier-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const SHIPPED_SCRIPT = path.resolve(__dirname, '../../../../conf/alarm-notify.sh');

function script(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

const ENTRY: AlarmEntry = {
  uniqueId: 101, alarmId: 7, alarmEventId: 3, when: 1700000000, duration: 120, nonClearDuration: 0,
  name: 'cpu_usage', chartId: 'system.cpu', chartName: 'system.cpu', context: 'system.cpu', family: 'cpu',
  classification: 'Utilization', component: 'CPU', type: 'System', exec: '', recipient: '', source: '10@/etc/netdata/health.d/cpu.conf',
  units: '%', info: 'CPU usage', oldStatus: 'CLEAR', newStatus: 'WARNING', oldValue: 12, newValue: 85.25,
  delay: 0, delayUpToTimestamp: 1700000000, noClearNotification: false, expressionSource: '$this > 80', expressionError: '',
};
const HOST: NotifyHost = { hostname: 'child1', machineGuid: 'c0ffee00-0000-0000-0000-000000000001', warnAlarms: [], critAlarms: [] };

/** A Notifier whose records and log lines are kept. */
function notifier(over: Partial<NotifierOptions>) {
  const records: NotificationAttempt[] = [];
  const logs: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const n = new Notifier({
    defaultExec: '', defaultRecipient: 'sysadmin', timeoutMs: 5000, retries: 0, retryDelayMs: 10, webhooks: new Map(),
    logger, record: (a) => records.push(a), ...over,
  });
  return { n, records, logs };
}

/** A webhook server on 127.0.0.1:0 answering each request with the next of `statuses` (the last one repeats). */
async function hooks(statuses: number[]) {
  const received: Array<{ path: string; body: unknown }> = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url!, body: JSON.parse(body) });
      res.writeHead(statuses[Math.min(received.length, statuses.length) - 1]!).end();
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  const close = () => {
    s.closeAllConnections();
    return new Promise((r) => s.close(r));
  };
  return { base, received, close };
}

const strip = (a: NotificationAttempt) => ({ channel: a.channel, attempt: a.attempt, code: a.code, ok: a.ok, repeat: a.repeat });

describe('Notifier', () => {
  it('retries a failing program `retries` times, doubling the delay, and records every try', async () => {
    const { n, records, logs } = notifier({ defaultExec: script('fail.sh', 'echo "cannot reach the mail server" >&2; exit 2'), retries: 2, retryDelayMs: 50 });
    const started = Date.now();
    n.notify(ENTRY, HOST, false);
    assert.equal(records.length, 0); // the caller does not wait
    await n.idle();
    assert.ok(Date.now() - started >= 150, 'waits 50 then 100 ms');
    assert.deepEqual(records.map(strip), [1, 2, 3].map((attempt) => ({ channel: 'exec', attempt, code: 2, ok: false, repeat: false })));
    assert.ok(records.every((r) => r.uniqueId === 101 && r.detail === 'cannot reach the mail server' && Math.abs(r.at - Date.now() / 1000) < 10));
    const failures = logs.filter((l) => l.level >= 40).map((l) => l.msg);
    assert.deepEqual(failures, [
      'HEALTH [child1]: alarm notification for system.cpu.cpu_usage (WARNING) failed: exec attempt 1: exit code 2: cannot reach the mail server; retrying in 50 ms',
      'HEALTH [child1]: alarm notification for system.cpu.cpu_usage (WARNING) failed: exec attempt 2: exit code 2: cannot reach the mail server; retrying in 100 ms',
      'HEALTH [child1]: alarm notification for system.cpu.cpu_usage (WARNING) failed: exec attempt 3: exit code 2: cannot reach the mail server; giving up',
    ]);
  });

  it('runs the entry`s own program with the 29 arguments, and POSTs to the webhook of each role that has one', async () => {
    const out = path.join(dir, 'own-argv');
    const own = script('own.sh', `printf '%s\\0' "$0" "$@" > '${out}'`);
    const srv = await hooks([500, 200]);
    try {
      const { n, records } = notifier({
        defaultExec: script('never.sh', 'exit 1'), retries: 1,
        webhooks: new Map([['sysadmin', `${srv.base}/admins`], ['dba', `${srv.base}/dba`], ['nobody', `${srv.base}/nobody`]]),
      });
      n.notify({ ...ENTRY, exec: own, recipient: 'sysadmin webmaster dba sysadmin' }, HOST, true);
      await n.idle();

      const argv = fs.readFileSync(out, 'utf8').split('\0').slice(0, -1);
      assert.equal(argv.length, 30);
      assert.equal(argv[0], own);
      assert.deepEqual(argv.slice(1, 3), ['sysadmin webmaster dba sysadmin', 'child1']);
      assert.equal(argv[19], '85.2%');
      assert.equal(argv[29], 'c0ffee00-0000-0000-0000-000000000001');

      // one POST per role with a URL (sysadmin once); the first answer is a 500, so one of them was tried twice
      assert.equal(srv.received.length, 3);
      assert.deepEqual(new Set(srv.received.map((r) => r.path)), new Set(['/admins', '/dba']));
      assert.deepEqual(srv.received[0]!.body, {
        host: 'child1', machine_guid: 'c0ffee00-0000-0000-0000-000000000001', unique_id: 101, alarm_id: 7, event_id: 3,
        when: 1700000000, name: 'cpu_usage', chart: 'system.cpu', family: 'cpu', context: 'system.cpu', status: 'WARNING',
        old_status: 'CLEAR', value: 85.25, old_value: 12, value_string: '85.2%', units: '%', info: 'CPU usage', duration: 120,
        non_clear_duration: 0, source: '10@/etc/netdata/health.d/cpu.conf', class: 'Utilization', component: 'CPU', type: 'System',
        repeat: true,
      });
      const byChannel = (c: string) => records.filter((r) => r.channel === c).map(strip);
      assert.deepEqual(byChannel('exec'), [{ channel: 'exec', attempt: 1, code: 0, ok: true, repeat: true }]);
      const webhookTries = records.filter((r) => r.channel.startsWith('webhook:'));
      assert.deepEqual(new Set(webhookTries.map((r) => r.channel)), new Set(['webhook:sysadmin', 'webhook:dba']));
      assert.deepEqual(webhookTries.map((r) => [r.code, r.ok, r.detail]).sort(), [[200, true, 'HTTP 200'], [200, true, 'HTTP 200'], [500, false, 'HTTP 500']]);
      assert.ok(webhookTries.some((r) => r.attempt === 2 && r.ok));
    } finally {
      await srv.close();
    }
  });

  it('runs the shipped conf/alarm-notify.sh, which logs one line per notification', async () => {
    const log = path.join(dir, 'alarms.log');
    const saved = process.env.STREAMLEDGER_ALARM_LOG;
    process.env.STREAMLEDGER_ALARM_LOG = log;
    try {
      const { n, records } = notifier({ defaultExec: SHIPPED_SCRIPT });
      n.notify(ENTRY, HOST, false);
      n.notify({ ...ENTRY, uniqueId: 102, oldStatus: 'WARNING', newStatus: 'CLEAR', newValue: -3, oldValue: 85.25, recipient: 'sysadmin dba' }, HOST, false);
      await n.idle();
      assert.deepEqual(records.map((r) => [r.uniqueId, r.code, r.ok]).sort(), [[101, 0, true], [102, 0, true]]);
      const lines = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).sort();
      assert.deepEqual(lines, [
        '2023-11-14T22:13:20Z child1 CLEAR (was WARNING) system.cpu.cpu_usage = 3% [sysadmin dba] CPU usage', // the sign goes, as with Netdata
        '2023-11-14T22:13:20Z child1 WARNING (was CLEAR) system.cpu.cpu_usage = 85.2% [sysadmin] CPU usage',
      ]);
    } finally {
      if (saved === undefined) delete process.env.STREAMLEDGER_ALARM_LOG;
      else process.env.STREAMLEDGER_ALARM_LOG = saved;
    }
  });

  it('close() drops the retries still waiting, and idle() then resolves', async () => {
    const { n, records } = notifier({ defaultExec: script('fail-fast.sh', 'exit 1'), retries: 5, retryDelayMs: 60_000 });
    await n.idle(); // nothing under way
    n.notify(ENTRY, HOST, false);
    while (records.length === 0) await new Promise((r) => setTimeout(r, 10));
    n.close();
    await n.idle();
    n.notify(ENTRY, HOST, false); // closed: ignored
    await n.idle();
    assert.deepEqual(records.map(strip), [{ channel: 'exec', attempt: 1, code: 1, ok: false, repeat: false }]);
  });
});
