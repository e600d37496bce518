import { RamHostStorage } from '../../../src/projection/ram/ram-storage';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { renderChart, renderCharts } from '../../../src/api/render';
import { HostProjection } from '../../../src/projection/host-projection';
import { chartDef, collectAt, cpuProjection, dimDef, identity } from '../../query/cpu-fixture';

const REAL = path.resolve(__dirname, '../../../../test/fixtures/netdata-1.37.1');
const real = (name: string): string => readFileSync(path.join(REAL, name), 'utf8');

/** Keys and JSON types, recursively: what must match Netdata's answer. */
function shape(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v === null ? 'null' : typeof v;
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
}

test('/api/v1/chart of a streamed chart matches Netdata\'s, key for key and value for value', () => {
  const p = cpuProjection();
  const chart = p.chart('system.cpu')!;
  const ours = JSON.parse(renderChart(p, chart));
  const theirs = JSON.parse(real('chart.json'));
  assert.deepEqual(Object.keys(ours), Object.keys(theirs));
  assert.deepEqual(shape(ours), shape(theirs));
  for (const k of ['id', 'name', 'type', 'family', 'context', 'title', 'priority', 'plugin', 'module', 'units', 'data_url', 'chart_type', 'update_every', 'dimensions', 'chart_labels']) {
    assert.deepEqual(ours[k], theirs[k], k);
  }
  assert.equal(ours.first_entry, 1795424601);
  assert.equal(ours.last_entry, 1795424899);
  assert.equal(ours.duration, ours.last_entry - ours.first_entry + 1);
  // same layout: tabs, one key a line
  assert.equal(renderChart(p, chart).split('\n').length, real('chart.json').trimEnd().split('\n').length);
});

test('/api/v1/charts has Netdata\'s shape and counts the listed dimensions', () => {
  const p = cpuProjection();
  p.apply({ cmd: 'CHART', chart: chartDef('netdata.hidden_one', { options: 'hidden' }) });
  const body = renderCharts(p, { version: 'v1.37.1', history: 4096, memoryMode: 'ram', hosts: ['nd-parent', 'nd-child'] });
  const ours = JSON.parse(body);
  const head = real('charts-head.json');
  const theirsKeys = [...head.matchAll(/^\t"([a-z_]+)":/gm)].map((m) => m[1]);
  assert.deepEqual(Object.keys(ours).slice(0, theirsKeys.length), theirsKeys);
  assert.deepEqual(Object.keys(ours), [...theirsKeys, 'charts_count', 'dimensions_count', 'alarms_count', 'rrd_memory_bytes', 'hosts_count', 'hosts']);
  assert.deepEqual(Object.keys(ours.charts), ['system.cpu']);
  assert.equal(ours.charts_count, 1);
  assert.equal(ours.dimensions_count, 9); // idle is hidden
  assert.equal(ours.hostname, 'nd-child');
  assert.deepEqual(ours.hosts, [{ hostname: 'nd-parent' }, { hostname: 'nd-child' }]);
  assert.ok(ours.rrd_memory_bytes >= 10 * 3600 * 4);
});

test('labels, variables and claim follow the commands; OVERWRITE replaces host labels', () => {
  const p = new HostProjection({ identity, history: 60, storage: new RamHostStorage() });
  p.apply({ cmd: 'LABEL', name: '_os', value: 'linux', source: 1 });
  p.apply({ cmd: 'OVERWRITE', what: 'labels' });
  p.apply({ cmd: 'LABEL', name: 'role', value: 'db', source: 2 });
  p.apply({ cmd: 'OVERWRITE', what: 'labels' });
  assert.deepEqual([...p.hostLabels()], [['role', 'db']]);
  p.apply({ cmd: 'CLAIMED_ID', machineGuid: identity.machineGuid, claimId: 'abc' });
  assert.equal(p.claimedId(), 'abc');
  p.apply({ cmd: 'CHART', chart: chartDef('app.x', { name: 'app.y' }) });
  p.apply({ cmd: 'DIMENSION', dim: dimDef('a') });
  p.apply({ cmd: 'VARIABLE', scope: 'CHART', name: 'limit', value: 2.5 });
  p.apply({ cmd: 'VARIABLE', scope: 'HOST', name: 'cores', value: 4 });
  p.apply({ cmd: 'CLABEL', name: 'k', value: 'v', source: 1 });
  p.apply({ cmd: 'CLABEL_COMMIT' });
  const chart = p.chart('app.y')!;
  assert.equal(chart, p.chart('app.x'));
  assert.equal(chart.name, 'app.y');
  assert.deepEqual([...chart.variables()], [['limit', 2.5]]);
  assert.deepEqual([...p.variables()], [['cores', 4]]);
  assert.deepEqual([...chart.labels()], [['k', 'v']]);
  const json = JSON.parse(renderChart(p, chart));
  assert.deepEqual(json.chart_variables, { limit: 2.5 });
  assert.equal(json.title, 'Total CPU utilization (app.y)');
});

test('samples of unknown charts are refused and counted, unknown dimensions skipped', () => {
  const p = new HostProjection({ identity, history: 60, storage: new RamHostStorage() });
  assert.equal(p.collect('no.chart', 1_000_000, 1_700_000_000_000_000, ['a'], [1], 1), false);
  assert.equal(p.unknownChartSamples, 1);
  p.apply({ cmd: 'CHART', chart: chartDef('a.b') });
  p.apply({ cmd: 'DIMENSION', dim: dimDef('a') });
  const T = 1_700_000_000;
  collectAt(p, 'a.b', T, ['a', 'zz'], [1, 2]);
  collectAt(p, 'a.b', T + 1, ['a', 'zz'], [3, 4]);
  assert.equal(p.unknownDimensionValues, 2);
  assert.equal(p.chart('a.b')!.valueAt(0, T + 1), 3);
  assert.equal(p.lastEntryT(), T + 1);
  assert.equal(p.firstEntryT(), T + 1);
});

test('dimension indexes given with a sample are used only where they name the id; wrong ones fall back to the id', () => {
  const p = new HostProjection({ identity, history: 60, storage: new RamHostStorage() });
  p.apply({ cmd: 'CHART', chart: chartDef('a.b') });
  for (const id of ['x', 'y', 'z']) p.apply({ cmd: 'DIMENSION', dim: dimDef(id) });
  const T = 1_700_000_000;
  const send = (t: number, ids: string[], values: number[], indexes: number[]) =>
    p.collect('a.b', 1_000_000, t * 1_000_000, ids, values.map((v) => v * 10_000_000), ids.length, 0, indexes);
  send(T, ['x', 'y', 'z'], [1, 2, 3], [0, 1, 2]); // right
  send(T + 1, ['z', 'x', 'y'], [6, 4, 5], [0, 1, 2]); // wrong: each names another dimension
  send(T + 2, ['y', 'x', 'zz'], [8, 7, 9], [7, -1, 2]); // out of range, none, and an unknown id at a valid index
  const chart = p.chart('a.b')!;
  const at = (t: number) => [0, 1, 2].map((d) => chart.valueAt(d, t));
  assert.deepEqual(at(T + 1), [4, 5, 6]);
  assert.deepEqual(at(T + 2), [7, 8, NaN]); // z not sent: an empty slot
  assert.equal(p.unknownDimensionValues, 1);
});

test('memory mode none keeps definitions and stores nothing', () => {
  const p = new HostProjection({ identity, history: 60, storage: null });
  p.apply({ cmd: 'CHART', chart: chartDef('a.b') });
  p.apply({ cmd: 'DIMENSION', dim: dimDef('a') });
  for (let t = 0; t < 3; t++) collectAt(p, 'a.b', 1_700_000_000 + t, ['a'], [t]);
  const chart = p.chart('a.b')!;
  assert.equal(chart.dimensions.length, 1);
  assert.equal(chart.lastEntryT(), 0);
  assert.equal(p.firstEntryT(), 0);
  assert.equal(chart.readRange(0, 1_700_000_000, 1_700_000_002).length, 0);
});

test('a new update_every on CHART starts an empty ring at the new step', () => {
  const p = new HostProjection({ identity, history: 60, storage: new RamHostStorage() });
  p.apply({ cmd: 'CHART', chart: chartDef('a.b') });
  p.apply({ cmd: 'DIMENSION', dim: dimDef('a') });
  const T = 1_700_000_000;
  collectAt(p, 'a.b', T, ['a'], [1]);
  collectAt(p, 'a.b', T + 1, ['a'], [1]);
  assert.equal(p.chart('a.b')!.lastEntryT(), T + 1);
  p.apply({ cmd: 'CHART', chart: chartDef('a.b', { updateEvery: 10 }) });
  assert.equal(p.chart('a.b')!.updateEvery, 10);
  assert.equal(p.chart('a.b')!.lastEntryT(), 0);
  assert.equal(p.chart('a.b')!.dimensions.length, 1);
});
