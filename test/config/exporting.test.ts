import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configErrorOf, loadTemp } from './temp-config';

/** Loads a parent file and an exporting.conf beside it. */
function load(parentConf: string, exportingConf?: string) {
  return loadTemp(`[global]\n    hostname = par\n${parentConf}`, '', undefined, exportingConf === undefined ? {} : { 'exporting.conf': exportingConf });
}

test('no [backend] and no exporting.conf: nothing is exported', () => {
  assert.deepEqual(load('').config.exporting, []);
});

test('[backend] has backends.c\'s defaults: graphite on localhost:2003, average, every 10 s, timeout twice that', () => {
  const [b] = load('[backend]\n    enabled = yes\n').config.exporting;
  assert.equal(b.name, 'backend');
  assert.equal(b.legacy, true);
  assert.deepEqual([b.format, b.http, b.tls], ['graphite', false, false]);
  assert.deepEqual(b.destinations.map((d) => [d.host, d.port]), [['localhost', 2003]]);
  assert.deepEqual([b.dataSource, b.prefix, b.hostname, b.updateEvery, b.bufferOnFailures, b.timeoutMs], ['average', 'netdata', 'par', 10, 10, 20000]);
  assert.deepEqual([b.sendNames, b.sendCharts.source, b.sendHosts.source, b.remoteWritePath], [true, '*', 'localhost *', '/receive']);
  assert.equal(load('[backend]\n    enabled = yes\n    update every = 3\n').config.exporting[0].timeoutMs, 6000);
  assert.deepEqual(load('[backend]\n    enabled = no\n    type = json\n').config.exporting, []);
});

test('[backend] keys: type, destinations with default ports, data source spellings', () => {
  const [b] = load('[backend]\n    enabled = yes\n    type = opentsdb:http\n    destination = 10.0.0.1 tcp:[::1]:5000 db.example\n    data source = as-collected\n    prefix = nd\n    send names instead of ids = no\n').config.exporting;
  assert.deepEqual([b.format, b.http, b.type], ['opentsdb', true, 'opentsdb:http']);
  assert.deepEqual(b.destinations.map((d) => `${d.host}:${d.port}`), ['10.0.0.1:4242', '::1:5000', 'db.example:4242']);
  assert.deepEqual([b.dataSource, b.prefix, b.sendNames], ['as collected', 'nd', false]);
  for (const [word, source] of [['raw', 'as collected'], ['volume', 'sum'], ['sum', 'sum'], ['average', 'average']]) {
    assert.equal(load(`[backend]\n    enabled = yes\n    data source = ${word}\n`).config.exporting[0].dataSource, source);
  }
});

test('exporting.conf: [TYPE:NAME] instances, keys looked up in the instance then [exporting:global]', () => {
  const { config, warnings } = load('', `[exporting:global]
    update every = 5
    prefix = g
[graphite:first]
    enabled = yes
    destination = 127.0.0.1:2003
[opentsdb:http:second]
    enabled = yes
    prefix = own
    send hosts matching = child*
[prometheus_remote_write:third]
    enabled = yes
    destination = vm:8428
    remote write URL path = /api/v1/write
    buffer on failures = 30
[json:off]
    enabled = no
`);
  assert.deepEqual(config.exporting.map((e) => [e.name, e.type, e.legacy, e.updateEvery, e.prefix, e.timeoutMs]), [
    ['first', 'graphite', false, 5, 'g', 10000],
    ['second', 'opentsdb:http', false, 5, 'own', 10000],
    ['third', 'prometheus_remote_write', false, 5, 'g', 10000],
  ]);
  assert.equal(config.exporting[1].sendHosts.source, 'child*');
  assert.deepEqual([config.exporting[2].remoteWritePath, config.exporting[2].bufferOnFailures, config.exporting[2].http], ['/api/v1/write', 30, true]);
  assert.deepEqual(warnings, []);
});

test('exporting.conf: [exporting:global] enabled = no turns every instance off', () => {
  assert.deepEqual(load('', '[exporting:global]\n    enabled = no\n[graphite:a]\n    enabled = yes\n').config.exporting, []);
});

test('exporting errors name the file and section: unknown type, remote write without a port, a name used twice', () => {
  assert.match(configErrorOf(() => load('', '[kafka:a]\n    enabled = yes\n')), /exporting\.conf.*\[kafka:a\].*unknown exporting type 'kafka'/);
  assert.match(configErrorOf(() => load('', '[prometheus_remote_write:rw]\n    enabled = yes\n    destination = vm\n')), /\[prometheus_remote_write:rw\].*needs a port in every destination/);
  assert.match(configErrorOf(() => load('[backend]\n    enabled = yes\n', '[graphite:backend]\n    enabled = yes\n')), /instance name 'backend' is used twice/);
  assert.match(configErrorOf(() => load('[backend]\n    enabled = yes\n    destination = udp:1.2.3.4\n')), /only tcp destinations/);
  assert.match(configErrorOf(() => load('[backend]\n    enabled = yes\n    buffer on failures = 0\n')), /buffer on failures/);
});

test('unknown keys of exporting sections are warned about, not fatal', () => {
  const { warnings } = load('[backend]\n    enabled = yes\n    colour = blue\n', '[graphite:a]\n    enabled = yes\n    send variables = yes\n');
  assert.ok(warnings.some((w) => /\[backend\].*colour.*unknown key/.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => /\[graphite:a\].*send variables.*unknown key/.test(w)), warnings.join('\n'));
});
