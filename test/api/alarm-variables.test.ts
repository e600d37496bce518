import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixed5, renderAlarmVariables } from '../../src/api/routes/alarm-variables';
import { STATUS_CODE } from '../../src/health/evaluate/alarm-status';
import { alertResolver, type AlertScope } from '../../src/health/evaluate/alert-variables';
import type { HostHealth } from '../../src/health/host-health';
import type { HostProjection } from '../../src/projection/host-projection';
import { cpuHost, runHealth } from '../helpers/health';
import { httpGet } from '../helpers/http';
import { KEY, startTestParent, waitFor, type TestParent } from '../helpers/in-process-parent';
import { scriptedChild } from '../helpers/scripted-child';

const ALERTS = `
 alarm: cpu_user
    on: system.cpu
  calc: $user
 every: 1s
  warn: $this > 1000
 green: 50
   red: 90
 alarm: core_sys
    on: cpu.cpu0
  calc: $system + $cpu.core0.sys_raw
 every: 1s
`;

/** The values a scope lists, by name. */
type Section = Record<string, number | null>;

/** What an alert on `chartId` resolves `$name` to, as HostHealth builds its scope. */
function resolverOn(h: HostHealth, host: HostProjection, chartId: string) {
  const chart = host.chart(chartId)!;
  const byKey = new Map(h.list().map((a) => [`${a.attached.chartId}.${a.attached.name}`, a]));
  const own = h.list().find((a) => a.attached.chartId === chartId)!;
  const scope: AlertScope = {
    this: own.value, status: STATUS_CODE[own.state.status], now: 0, after: 0, before: 0,
    green: own.attached.definition.green, red: own.attached.definition.red,
    alertValue: (name) => (byKey.get(`${chartId}.${name}`) ?? byKey.get(name))?.value,
  };
  return alertResolver(scope, chart, host);
}

describe('/api/v1/alarm_variables', () => {
  const { projection, last } = cpuHost();
  const health = runHealth(projection, ALERTS, last + 1);
  const cpuIds = projection.chart('system.cpu')!.dimensions.map((d) => d.def.id);
  const render = (chartId: string) =>
    renderAlarmVariables({ hostname: 'nd-child', projection, chart: projection.chart(chartId)!, alerts: health.list() });
  const values = (chartId: string) => JSON.parse(render(chartId)) as { chart_variables: Section; family_variables: Section; host_variables: Section };

  it('lists the chart, family and host scopes in Netdata 1.37 text layout', () => {
    const text = render('system.cpu');
    const user = projection.chart('system.cpu')!.valueAt(cpuIds.indexOf('user'), last);
    assert.ok(
      text.startsWith(
        '{\n\t"chart": "system.cpu",\n\t"chart_name": "system.cpu",\n\t"chart_context": "system.cpu",\n\t"chart_variables": {\n' +
          `\t\t"last_collected_t": ${last}.00000,\n\t\t"green": 50.00000,\n\t\t"red": 90.00000,\n\t\t"update_every": 1.00000,\n` +
          `\t\t"cpu_user": ${user.toFixed(5)},\n\t\t"guest_nice": 0.00000,\n`,
      ),
      text.slice(0, 600),
    );
    assert.match(text, /\n\t},\n\t"family": "cpu",\n\t"family_variables": \{\n\t\t"cpu.cpu0.cores": 4.00000,\n\t\t"cpu.core0.cores": 4.00000,\n\t\t"system.cpu.last_collected_t"/);
    assert.match(text, /\n\t},\n\t"host": "nd-child",\n\t"host_variables": \{\n\t\t"active_processors": 2.00000,\n\t\t"cpu.cpu0.cores": 4.00000,\n/);
    assert.ok(text.endsWith('_last_collected_t": 0.00000\n\t}\n}\n'), text.slice(-200)); // system.ram.used, never collected
    assert.deepEqual(Object.keys(JSON.parse(text)), ['chart', 'chart_name', 'chart_context', 'chart_variables', 'family', 'family_variables', 'host', 'host_variables']);
  });

  it('names the variables of each scope in the order Netdata creates them, each name once', () => {
    const v = values('cpu.cpu0');
    assert.deepEqual(Object.keys(v.chart_variables), [
      'cores', 'last_collected_t', 'green', 'red', 'update_every', 'core_sys',
      'user', 'user_raw', 'user_last_collected_t',
      'sys', 'system', 'sys_raw', 'system_raw', 'sys_last_collected_t', 'system_last_collected_t',
    ]);
    assert.deepEqual(v.chart_variables, {
      cores: 4, last_collected_t: last, green: null, red: null, update_every: 1, core_sys: 2.5 + 25_000_000,
      user: 10, user_raw: 100_000_000, user_last_collected_t: last, sys: 2.5, system: 2.5, sys_raw: 25_000_000,
      system_raw: 25_000_000, sys_last_collected_t: last, system_last_collected_t: last,
    });
    // family: custom variables first; system.cpu's, then cpu.cpu0's, whose `user` and `system` system.cpu already named
    const family = Object.keys(v.family_variables);
    const perDim = (prefix: string, ids: string[]) => ids.flatMap((id) => ['', '_raw', '_last_collected_t'].flatMap((s) => [id + s, `${prefix}${id}${s}`]));
    const chartVars = (...prefixes: string[]) => ['last_collected_t', 'green', 'red', 'update_every'].flatMap((n) => prefixes.map((p) => p + n));
    assert.deepEqual(family, [
      'cpu.cpu0.cores', 'cpu.core0.cores',
      ...chartVars('system.cpu.'), 'cpu_user', ...perDim('system.cpu.', cpuIds),
      ...chartVars('cpu.cpu0.', 'cpu.core0.'), 'core_sys',
      'cpu.cpu.user', 'cpu.cpu.user_raw', 'cpu.cpu.user_last_collected_t',
      'sys', 'cpu.cpu.sys', 'cpu.cpu.system', 'sys_raw', 'cpu.cpu.sys_raw', 'cpu.cpu.system_raw',
      'sys_last_collected_t', 'cpu.cpu.sys_last_collected_t', 'cpu.cpu.system_last_collected_t',
    ]);
    assert.equal(v.family_variables.user, values('system.cpu').chart_variables.user, 'the first chart of the family keeps `user`');
    // host: its VARIABLEs and the custom ones, then every chart as `<id or name>.<var>` (alerts by name first)
    const host = Object.keys(v.host_variables);
    assert.deepEqual(host.slice(0, 3), ['active_processors', 'cpu.cpu0.cores', 'cpu.core0.cores']);
    const core0 = host.filter((n) => /^cpu\.(cpu0|core0)\./.test(n) && !n.endsWith('.cores'));
    assert.deepEqual(core0.slice(0, 10), [...chartVars('cpu.cpu0.', 'cpu.core0.'), 'cpu.core0.core_sys', 'cpu.cpu0.core_sys']);
    assert.deepEqual(core0.slice(10, 16), ['cpu.cpu0.user', 'cpu.core0.user', 'cpu.cpu0.user_raw', 'cpu.core0.user_raw', 'cpu.cpu0.user_last_collected_t', 'cpu.core0.user_last_collected_t']);
    assert.deepEqual(core0.slice(16, 20), ['cpu.cpu0.sys', 'cpu.cpu0.system', 'cpu.core0.sys', 'cpu.core0.system']);
    assert.ok(host.includes('system.cpu.cpu_user') && host.includes('system.ram.used_raw'));
    assert.equal(v.host_variables['system.ram.used_raw'], null, 'never collected');
  });

  it('lists exactly the names an alert of the chart resolves, with the same values', () => {
    for (const chartId of ['system.cpu', 'cpu.cpu0']) {
      const resolve = resolverOn(health, projection, chartId);
      const v = values(chartId);
      const seen = new Set<string>();
      for (const section of [v.chart_variables, v.family_variables, v.host_variables]) {
        for (const [name, value] of Object.entries(section)) {
          // a nearer scope answers a name first, as in Netdata
          if (seen.has(name)) continue;
          seen.add(name);
          // an expression knows only its own alert's green and red (see alertsNamed()), not other charts'
          if (chartId !== 'system.cpu' && /^system\.cpu\.(green|red)$/.test(name)) continue;
          const got = resolve(name);
          assert.ok(got !== undefined, `${chartId}: $${name} does not resolve`);
          assert.equal(fixed5(got), fixed5(value ?? NaN), `${chartId}: $${name}`);
        }
      }
      for (const name of ['nope', 'system.cpu.nope', 'user_raw_t', 'cpu.cpu.cores', 'ram.used', 'system.ram']) assert.equal(resolve(name), undefined, name);
    }
    assert.equal(resolverOn(health, projection, 'system.cpu')('green'), 50);
  });

  it('lists only the host VARIABLEs where health does not run, as Netdata', () => {
    const text = renderAlarmVariables({ hostname: 'nd-child', projection, chart: projection.chart('cpu.core0')!, alerts: null });
    assert.equal(
      text,
      '{\n\t"chart": "cpu.cpu0",\n\t"chart_name": "cpu.core0",\n\t"chart_context": "cpu.cpu",\n\t"chart_variables": {\n\t},\n' +
        '\t"family": "cpu",\n\t"family_variables": {\n\t},\n\t"host": "nd-child",\n\t"host_variables": {\n\t\t"active_processors": 2.00000\n\t}\n}\n',
    );
  });

  it('prints numbers as %0.5Lf', () => {
    assert.deepEqual(
      [NaN, Infinity, -Infinity, 0, -0, 1.234567, -4.000004, 32768, 1e21, -(2 ** 80)].map(fixed5),
      ['null', 'null', 'null', '0.00000', '-0.00000', '1.23457', '-4.00000', '32768.00000', '1000000000000000000000.00000', '-1208925819614629174706176.00000'],
    );
  });
});

describe('/api/v1/alarm_variables and /api/v1/alarm_count over HTTP', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-alarm-vars-'));
  const user = path.join(dir, 'health.d');
  fs.mkdirSync(user);
  fs.writeFileSync(path.join(user, 'app.conf'), 'template: app_high\n      on: app.load\n    calc: $alpha + $limit\n   every: 1s\n    warn: $this > 3\n    crit: $this > 100\n');
  let parent: TestParent | undefined;
  let stop: (() => void) | undefined;
  after(async () => {
    stop?.();
    await parent?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers for a streaming child with the variables and counts of its running alerts', async () => {
    parent = await startTestParent({
      dir,
      parentConf: `[directories]\n    stock health config = ${path.join(dir, 'none')}\n    health config = ${user}\n`,
      streamConf: `[${KEY}]\n    enabled = yes\n    allow from = *\n    default postpone alarms on connect seconds = 0\n`,
    });
    stop = await scriptedChild(parent.port, {
      hostname: 'vars-child',
      guid: '7e0c1f3a-1b2c-4d5e-8f90-0000000000d0',
      definitions:
        'CHART "app.load" "load1" "t" "u" "load" "app.load" "line" 1 1\nDIMENSION "a" "alpha" "absolute" 1 1\n' +
        'VARIABLE CHART limit = 10\nVARIABLE HOST cores = 4\n',
      collection: (first) => `BEGIN "app.load"${first ? '' : ' 1000000'}\nSET "a" = 5\nEND\n`,
    });
    const get = (p: string) => httpGet(`http://127.0.0.1:${parent!.port}${p}`);
    await waitFor(async () => JSON.parse((await get('/host/vars-child/api/v1/alarms')).body).alarms['app.load.app_high']?.status === 'WARNING', 15_000, 250);

    const r = await get('/host/vars-child/api/v1/alarm_variables?chart=app.load1');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    assert.ok(r.body.startsWith('{\n\t"chart": "app.load",\n\t"chart_name": "app.load1",\n\t"chart_context": "app.load",\n\t"chart_variables": {\n\t\t"limit": 10.00000,\n'), r.body);
    const v = JSON.parse(r.body);
    assert.deepEqual(Object.keys(v.chart_variables), [
      'limit', 'last_collected_t', 'green', 'red', 'update_every', 'app_high', 'a', 'alpha', 'a_raw', 'alpha_raw', 'a_last_collected_t', 'alpha_last_collected_t',
    ]);
    assert.deepEqual([v.chart_variables.app_high, v.chart_variables.alpha, v.chart_variables.a_raw, v.family, v.host], [15, 5, 5, 'load', 'vars-child']);
    assert.deepEqual(Object.keys(v.host_variables).slice(0, 3), ['cores', 'app.load.limit', 'app.load1.limit']);
    assert.equal(v.host_variables['app.load1.app_high'], 15);

    const counts = await Promise.all(['', '?status=critical', '?context=app.load&ctx=app.load', '?ctx=other'].map((q) => get(`/host/vars-child/api/v1/alarm_count${q}`)));
    assert.deepEqual(counts.map((c) => [c.status, c.headers['content-type'], c.body]), [
      [200, 'application/json; charset=utf-8', '[1]\n'], [200, 'application/json; charset=utf-8', '[0]\n'],
      [200, 'application/json; charset=utf-8', '[2]\n'], [200, 'application/json; charset=utf-8', '[0]\n'],
    ]);
    // the parent's own host runs no health
    assert.equal((await get('/api/v1/alarm_count')).body, '[0]\n');

    const missing = await get('/host/vars-child/api/v1/alarm_variables');
    assert.deepEqual([missing.status, missing.body], [400, 'No chart id is given at the request.']);
    const unknown = await get('/host/vars-child/api/v1/alarm_variables?chart=no%3Cpe%3E/x');
    assert.deepEqual([unknown.status, unknown.body], [404, 'Chart is not found: no&lt;pe&gt;&#x2F;x']);
  });
});
