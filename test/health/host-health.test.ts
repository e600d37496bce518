import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Transition } from '../../src/health/evaluate/alarm-status';
import { HostHealth, type RunningAlert } from '../../src/health/host-health';
import { definitions } from '../helpers/health';
import { cpuProjection, fixture } from '../query/cpu-fixture';

describe('the health of a host', () => {
  const lines = fixture('raw-system-cpu.csv').trim().split(/\r?\n/);
  const ids = lines[0].split(',').slice(1);
  const last = Number(lines.at(-1)!.split(',')[0]);
  const lastUser = Number(lines.at(-1)!.split(',')[1 + ids.indexOf('user')]);

  it('attaches, runs lookups and calcs with chart and alert variables, and logs status changes', () => {
    const p = cpuProjection();
    const defs = definitions(`
 template: cpu_avg
       on: system.cpu
   lookup: average -60s unaligned of user,system
    every: 10s
     warn: $this > 0
     crit: $this > 1000
    alarm: user_now
       on: system.cpu
     calc: $user * 2
    every: 5s
    alarm: twice
       on: system.cpu
     calc: $cpu_avg * 2
    every: 10s
     crit: $this > $cpu_avg
    alarm: elsewhere
       on: system.ram
     calc: 1
    every: 1s
`);
    const log: Array<[string, Transition]> = [];
    const h = new HostHealth(defs, p, () => ({ hostname: 'nd-child', os: 'linux', labels: new Map() }), (a: RunningAlert, t) => log.push([a.attached.name, t]));
    const now = last + 1;
    h.sync(now);
    assert.deepEqual(h.list().map((a) => a.attached.name), ['user_now', 'twice', 'cpu_avg']); // alarms first, none on a chart the host lacks
    h.evaluate(now);
    const byName = new Map(h.list().map((a) => [a.attached.name, a]));
    const avg = byName.get('cpu_avg')!;
    assert.ok(avg.value > 0 && Number.isFinite(avg.value), `cpu_avg ${avg.value}`);
    assert.equal(avg.state.status, 'WARNING');
    assert.deepEqual([avg.dbAfter, avg.dbBefore, avg.nextUpdate], [now - 60, now, now + 10]);
    assert.ok(Math.abs(byName.get('user_now')!.value - 2 * lastUser) < 1e-6, `user_now ${byName.get('user_now')!.value} vs ${2 * lastUser}`);
    // evaluated before cpu_avg ran: its value was NaN then, so the calc failed; `NaN > NaN` is false to Netdata's
    // evaluator, so crit clears
    assert.equal(byName.get('twice')!.state.status, 'CLEAR');
    assert.match(byName.get('twice')!.problem!, /calculation failed/);
    // each alert's creation is logged first (UNINITIALIZED to UNINITIALIZED, as Netdata does), then its first status
    assert.deepEqual(log.map(([n, t]) => [n, t.from, t.to]), [
      ['user_now', 'UNINITIALIZED', 'UNINITIALIZED'], ['twice', 'UNINITIALIZED', 'UNINITIALIZED'], ['cpu_avg', 'UNINITIALIZED', 'UNINITIALIZED'],
      ['user_now', 'UNINITIALIZED', 'UNDEFINED'], ['twice', 'UNINITIALIZED', 'CLEAR'], ['cpu_avg', 'UNINITIALIZED', 'WARNING'],
    ]);
    assert.deepEqual([avg.oldValue, avg.warnResult?.ok, log[5][1].duration], [NaN, true, 0]);
    // ten seconds later `twice` sees cpu_avg's value and is critical; user_now ran too, nothing else was due
    h.evaluate(now + 10);
    assert.ok(Math.abs(byName.get('twice')!.value - 2 * avg.value) < 1e-9);
    assert.equal(byName.get('twice')!.state.status, 'CRITICAL');
    assert.equal(byName.get('cpu_avg')!.lastUpdated, now + 10);
  });
});
