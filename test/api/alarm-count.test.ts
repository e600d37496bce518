import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderAlarmCount } from '../../src/api/routes/alarm-count';
import { cpuHost, runHealth } from '../helpers/health';

// system.cpu (context system.cpu): one WARNING, one CRITICAL; cpu.cpu0 (context cpu.cpu): one CLEAR, one UNDEFINED;
// system.ram is never collected, so its alert stays UNINITIALIZED and is never counted
const ALERTS = `
 alarm: warn1
    on: system.cpu
  calc: 1
 every: 1s
  warn: $this > 0
 alarm: crit1
    on: system.cpu
  calc: 1
 every: 1s
  crit: $this > 0
 alarm: clear1
    on: cpu.cpu0
  calc: 0
 every: 1s
  warn: $this > 0
 alarm: undefined1
    on: cpu.cpu0
  calc: 1
 every: 1s
 alarm: uninitialized1
    on: system.ram
  calc: 1
 every: 1s
  warn: $this > 0
`;

describe('/api/v1/alarm_count', () => {
  const { projection, last } = cpuHost();
  const health = runHealth(projection, ALERTS, last + 1);
  const count = (query: string) => renderAlarmCount(health.list(), new URLSearchParams(query), (id) => projection.chart(id));

  it('runs on the alerts the test means', () => {
    assert.deepEqual(
      health.list().map((a) => [a.attached.name, a.state.status]),
      [['warn1', 'WARNING'], ['crit1', 'CRITICAL'], ['clear1', 'CLEAR'], ['undefined1', 'UNDEFINED'], ['uninitialized1', 'UNINITIALIZED']],
    );
  });

  it('counts WARNING and CRITICAL alerts of collected charts by default, as `[N]` and a newline', () => {
    assert.equal(count(''), '[2]\n');
    assert.equal(count('status=&context='), '[2]\n', 'empty values are ignored');
  });

  it('counts the alerts of one status, named in any case; another name leaves the status before', () => {
    const counts = Object.fromEntries(
      ['warning', 'CRITICAL', 'Clear', 'undefined', 'uninitialized', 'removed', 'raised', 'bogus'].map((s) => [s, count(`status=${s}`)]),
    );
    assert.deepEqual(counts, {
      warning: '[1]\n', CRITICAL: '[1]\n', Clear: '[1]\n', undefined: '[1]\n', uninitialized: '[0]\n', removed: '[0]\n', raised: '[2]\n', bogus: '[2]\n',
    });
    assert.equal(count('status=clear&status=bogus'), '[1]\n');
    assert.equal(count('status=CLEAR&status=critical'), '[1]\n');
  });

  it('adds up the alerts of each context named (context or ctx, split at `,`, ` ` and `|`)', () => {
    assert.equal(count('context=system.cpu'), '[2]\n');
    assert.equal(count('ctx=cpu.cpu'), '[0]\n');
    assert.equal(count('ctx=cpu.cpu&status=clear'), '[1]\n');
    assert.equal(count('status=clear&context=system.cpu,cpu.cpu|nope'), '[1]\n');
    assert.equal(count('context=system.cpu&ctx=system.cpu'), '[4]\n', 'a context named twice counts twice');
    assert.equal(count('context=%7C,'), '[0]\n', 'contexts given but none named');
  });

  it('is [0] where health does not run', () => {
    assert.equal(renderAlarmCount(null, new URLSearchParams(''), (id) => projection.chart(id)), '[0]\n');
  });
});
