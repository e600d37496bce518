import { RamHostStorage } from '../../src/projection/ram/ram-storage';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostProjection } from '../../src/projection/host-projection';
import { runDataQuery } from '../../src/query';
import { formatNumber } from '../../src/query/number-format';
import { chartDef, collectAt, cpuProjection, dimDef, fixture, identity } from './cpu-fixture';

const NOW = 1795424900;
const host = cpuProjection();
const q = (query: string, h: HostProjection = host) => runDataQuery(h, new URLSearchParams(query), NOW);

test('a chart nobody defined is 404 with Netdata\'s text; no chart is 400', () => {
  assert.deepEqual(q('chart=nope.nope'), { status: 404, contentType: 'text/plain; charset=utf-8', body: 'No metrics where matched to query.' });
  assert.equal(q('after=-10').status, 400);
  assert.equal(q('after=-10').body, 'No chart or context is given.');
});

test('dimensions that match nothing and windows without data are 404', () => {
  assert.equal(q('chart=system.cpu&dimensions=zzz').status, 404);
  assert.equal(q('chart=system.cpu&after=1795420000&before=1795420100').status, 404);
});

test('bad parameters are 400 with a message naming them', () => {
  for (const [query, word] of [
    ['chart=system.cpu&after=abc', "'after'"],
    ['chart=system.cpu&before=1x', "'before'"],
    ['chart=system.cpu&points=-3', "'points'"],
    ['chart=system.cpu&format=xml', "'format'"],
    ['chart=system.cpu&group=mode', "'group'"],
    ['chart=system.cpu&gtime=1m', "'gtime'"],
    ['chart=system.cpu&format=jsonp&callback=a(b)', "'callback'"],
    ['chart=system.cpu&options=anomaly-bit', 'anomaly-bit'],
  ]) {
    const r = q(query);
    assert.equal(r.status, 400, query);
    assert.ok(r.body.includes(word), r.body);
  }
});

test('a chart is found by name as well as by id, and relative windows end at the last stored second', () => {
  const h = new HostProjection({ identity, history: 100, storage: new RamHostStorage() });
  h.apply({ cmd: 'CHART', chart: chartDef('disk.8_0', { name: 'disk.sda' }) });
  h.apply({ cmd: 'DIMENSION', dim: dimDef('reads') });
  const T = 1_700_000_000;
  for (let t = T; t <= T + 10; t++) collectAt(h, 'disk.8_0', t, ['reads'], [t - T]);
  const byName = runDataQuery(h, new URLSearchParams('chart=disk.sda&after=-3&format=csv&options=seconds'), T + 12);
  const byId = runDataQuery(h, new URLSearchParams('chart=disk.8_0&after=-3&format=csv&options=seconds'), T + 12);
  assert.equal(byName.body, byId.body);
  assert.equal(byName.body, `time,reads\r\n${T + 10},10\r\n${T + 9},9\r\n${T + 8},8\r\n`);
});

test('gaps are null, or 0 with null2zero; all-empty rows in array are null', () => {
  const h = new HostProjection({ identity, history: 100, storage: new RamHostStorage() });
  h.apply({ cmd: 'CHART', chart: chartDef('a.b') });
  h.apply({ cmd: 'DIMENSION', dim: dimDef('x') });
  const T = 1_700_000_000;
  // the first collection of a chart only starts its clock (Netdata stores from the second one)
  collectAt(h, 'a.b', T - 1, ['x'], [1]);
  collectAt(h, 'a.b', T, ['x'], [1.5]);
  collectAt(h, 'a.b', T + 3, ['x'], [2.25], 3);
  const window = `chart=a.b&after=${T}&before=${T + 3}`;
  const r = runDataQuery(h, new URLSearchParams(`${window}&options=flip`), T + 10);
  assert.equal(r.body, `{\n "labels": ["time","x"],\n    "data":\n [\n [ ${T},1.5],\n [ ${T + 1},null],\n [ ${T + 2},null],\n [ ${T + 3},2.25]\n]\n}`);
  assert.equal(runDataQuery(h, new URLSearchParams(`${window}&format=array`), T + 10).body, '[2.25,null,null,1.5]');
  assert.equal(runDataQuery(h, new URLSearchParams(`${window}&format=ssv&options=null2zero`), T + 10).body, '2.25 0 0 1.5');
});

test('without a dimensions filter hidden dimensions are left out; asked by name they are shown', () => {
  const all = q('chart=system.cpu&after=1795424700&before=1795424701');
  assert.ok(!all.body.includes('idle'));
  const idle = q('chart=system.cpu&after=1795424700&before=1795424701&dimensions=idle');
  assert.match(idle.body, /"labels": \["time","idle"\]/);
});

test('the JSON answer has the shape of Netdata\'s fixture', () => {
  const real = JSON.parse(fixture('../../fixtures/netdata-1.37.1/data-json.json'));
  const ours = JSON.parse(q('chart=system.cpu&after=-10').body);
  assert.deepEqual(ours.labels, real.labels);
  assert.equal(ours.data.length, 10);
  for (const row of ours.data) assert.equal(row.length, real.data[0].length);
  // before=0 is the last stored second; newest row first
  assert.equal(ours.data[0][0], 1795424899);
  assert.equal(ours.data[9][0], 1795424890);
});

test('memory mode none keeps the charts but has no data to answer', () => {
  const none = cpuProjection('none');
  assert.ok(none.chart('system.cpu'));
  assert.equal(none.chart('system.cpu')!.lastEntryT(), 0);
  assert.equal(q('chart=system.cpu&after=-10', none).status, 404);
});

test('numbers print as Netdata prints them', () => {
  assert.equal(formatNumber(49.75124), '49.75124');
  assert.equal(formatNumber(0.4975124), '0.4975124');
  assert.equal(formatNumber(100), '100');
  assert.equal(formatNumber(-2.5), '-2.5');
  assert.equal(formatNumber(1 / 3), '0.3333333');
  assert.equal(formatNumber(-0.00000001), '-0');
  assert.equal(formatNumber(1.52288185), '1.5228819');
  assert.equal(formatNumber(0.99999999), '1');
  assert.equal(formatNumber(NaN), 'null');
  assert.equal(formatNumber(123456789012345.5), '123456789012345.5');
});
