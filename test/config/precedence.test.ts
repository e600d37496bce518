import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemp } from './temp-config';

const KEY = '11111111-2222-3333-4444-555555555555';
const OTHER_KEY = 'aaaaaaaa-0000-0000-0000-000000000001';
const GUID = 'bbbbbbbb-0000-0000-0000-000000000002';
const OTHER_GUID = 'cccccccc-0000-0000-0000-000000000003';

const PARENT = `
[global]
  hostname = parent-1
[db]
  mode = save
  retention = 1000
  enable replication = no
  seconds to replicate = 3600
  seconds per replication step = 300
[health]
  enabled = no
`;

const STREAM = `
[stream]
  enabled = yes
  destination = upstream.example:19999
  api key = ${OTHER_KEY}
  send charts matching = apps.* !*
  enable compression = yes
[${KEY}]
  type = api
  enabled = yes
  default history = 2000
  default memory mode = map
  health enabled by default = auto
  default postpone alarms on connect seconds = 30
  default proxy enabled = no
  enable replication = yes
  seconds to replicate = 7200
[${GUID}]
  type = machine
  history = 3000
  memory mode = dbengine
  health enabled = yes
  proxy enabled = yes
  proxy destination = other.example
  seconds per replication step = 60
  enable compression = no
  update every = 2
`;

test('a host with neither section gets the parent defaults ([db], [health], [stream])', () => {
  const { config, warnings } = loadTemp(PARENT, STREAM);
  assert.deepEqual(warnings, []);
  const h = config.stream.host(OTHER_KEY, OTHER_GUID);
  assert.equal(h.memoryMode, 'save');
  assert.equal(h.history, 1000);
  assert.equal(h.healthEnabled, 'no');
  assert.equal(h.postponeAlarmsSeconds, 60);
  assert.equal(h.updateEvery, null);
  assert.deepEqual(h.proxy, { enabled: true, destination: 'upstream.example:19999', apiKey: OTHER_KEY, sendChartsMatching: 'apps.* !*' });
  assert.deepEqual(h.replication, { enabled: false, secondsToReplicate: 3600, secondsPerStep: 300 });
  assert.equal(h.compression, true);
});

test('[API_KEY] "default ..." keys override the parent', () => {
  const { config } = loadTemp(PARENT, STREAM);
  const h = config.stream.host(KEY, OTHER_GUID);
  assert.equal(h.memoryMode, 'map');
  assert.equal(h.history, 2000);
  assert.equal(h.healthEnabled, 'auto');
  assert.equal(h.postponeAlarmsSeconds, 30);
  assert.equal(h.proxy.enabled, false);
  assert.deepEqual(h.replication, { enabled: true, secondsToReplicate: 7200, secondsPerStep: 300 });
});

test('[MACHINE_GUID] keys override the API key and the parent; unset ones fall through', () => {
  const { config } = loadTemp(PARENT, STREAM);
  const h = config.stream.host(KEY, GUID);
  assert.equal(h.memoryMode, 'dbengine');
  assert.equal(h.history, 3000);
  assert.equal(h.healthEnabled, 'yes');
  assert.equal(h.postponeAlarmsSeconds, 30, 'from the API key');
  assert.equal(h.updateEvery, 2);
  assert.deepEqual(h.proxy, { enabled: true, destination: 'other.example', apiKey: OTHER_KEY, sendChartsMatching: 'apps.* !*' });
  assert.deepEqual(h.replication, { enabled: true, secondsToReplicate: 7200, secondsPerStep: 60 });
  assert.equal(h.compression, false);
});

test('the machine section applies even with a different key; GUIDs match in any letter case', () => {
  const { config } = loadTemp(PARENT, STREAM.replace(`[${GUID}]`, `[${GUID.toUpperCase()}]`));
  const h = config.stream.host(OTHER_KEY.toUpperCase(), GUID.toUpperCase());
  assert.equal(h.memoryMode, 'dbengine');
  assert.equal(h.postponeAlarmsSeconds, 60);
  assert.equal(config.stream.machine(GUID).exists, true);
  assert.equal(config.stream.key(KEY.toUpperCase()).enabled, true);
});

test('proxying is only effective with both a destination and an api key', () => {
  const { config } = loadTemp(PARENT, `[${KEY}]\n  default proxy enabled = yes\n  default proxy destination = p:1\n`);
  assert.equal(config.stream.host(KEY, GUID).proxy.enabled, false, 'no api key anywhere');
});

test('[stream] enable compression = no turns compression off whatever the sections say', () => {
  const { config } = loadTemp(PARENT, `[stream]\n  enable compression = no\n[${KEY}]\n  enable compression = yes\n`);
  assert.equal(config.stream.host(KEY, GUID).compression, false);
});

test('key and machine lookups: Netdata defaults for absent sections and absent keys', () => {
  const { config } = loadTemp(PARENT, `[${KEY}]\n  type = api\n  allow from = 10.* !*\n[${GUID}]\n  type = machine\n  enabled = no\n`);
  const absentKey = config.stream.key(OTHER_KEY);
  assert.equal(absentKey.exists, false);
  assert.equal(absentKey.enabled, false);
  assert.equal(absentKey.type, 'api');
  assert.equal(absentKey.allowFrom.matches('1.2.3.4'), true);

  const key = config.stream.key(KEY);
  assert.equal(key.exists, true);
  assert.equal(key.enabled, false, 'enabled defaults to no for keys');
  assert.equal(key.allowFrom.matches('10.1.1.1'), true);
  assert.equal(key.allowFrom.matches('11.1.1.1'), false);
  assert.equal(key.section, KEY);

  const absentMachine = config.stream.machine(OTHER_GUID);
  assert.equal(absentMachine.exists, false);
  assert.equal(absentMachine.enabled, true, 'enabled defaults to yes for machines');
  assert.equal(absentMachine.type, 'machine');
  assert.equal(config.stream.machine(GUID).enabled, false);
});

test('a section of one type used as the other keeps its type, so a receiver can refuse it', () => {
  const { config } = loadTemp(PARENT, `[${GUID}]\n  type = machine\n[${KEY}]\n  type = api\n  enabled = yes\n`);
  assert.equal(config.stream.key(GUID).type, 'machine');
  assert.equal(config.stream.machine(KEY).type, 'api');
});

test('an untyped section serves as key and as machine, each with its own key names', () => {
  const { config, warnings } = loadTemp(PARENT, `[${KEY}]\n  enabled = yes\n  default history = 100\n  history = 200\n`);
  assert.deepEqual(warnings, []);
  assert.equal(config.stream.key(KEY).type, 'api');
  assert.equal(config.stream.machine(KEY).type, 'machine');
  assert.equal(config.stream.host(KEY, OTHER_GUID).history, 100);
  assert.equal(config.stream.host(OTHER_KEY, KEY).history, 200);
  assert.equal(config.stream.host(KEY, KEY).history, 200);
});

test('legacy [global] memory mode/history/update every still work, and [db] wins over them', () => {
  const legacy = loadTemp('[global]\n  memory mode = none\n  history = 50\n  update every = 5\n', '');
  assert.equal(legacy.config.parent.memoryMode, 'none');
  assert.equal(legacy.config.parent.history, 50);
  assert.equal(legacy.config.parent.updateEvery, 5);
  assert.deepEqual(legacy.warnings, []);

  const both = loadTemp('[global]\n  memory mode = none\n[db]\n  mode = map\n', '');
  assert.equal(both.config.parent.memoryMode, 'map');
  assert.equal(both.warnings.length, 1);
  assert.match(both.warnings[0], /streamledger\.conf:2: \[global\] "memory mode" = "none": ignored: \[db\] "mode" is also set/);
});
