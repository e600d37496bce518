import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { configErrorOf, loadTemp, tempDir } from './temp-config';

const KEY = '11111111-2222-3333-4444-555555555555';

test('a bad value names file, line, section, key and value', () => {
  const stream = `[stream]\n  enabled = no\n\n[${KEY}]\n  enabled = yes\n  default history = abc\n`;
  const message = configErrorOf(() => loadTemp('', stream));
  assert.match(message, new RegExp(`stream\\.conf:6: \\[${KEY}\\] "default history" = "abc": not a number$`));
});

test('ConfigError is exported, and carries the location', () => {
  try {
    loadTemp('[db]\n  mode = disk\n');
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.deepEqual(err.location, { file: err.location?.file, line: 2, section: 'db', key: 'mode', value: 'disk' });
    assert.match(err.location?.file ?? '', /streamledger\.conf$/);
    assert.match(err.message, /"mode" = "disk": expected one of: ram, save, map, dbengine, none, alloc/);
  }
});

test('invalid values in every kind of setting are refused', () => {
  const cases: Array<[parent: string, stream: string, expected: RegExp]> = [
    ['[db]\n  retention = 4\n', '', /\[db\] "retention" = "4": out of range: expected 5 to/],
    ['[db]\n  update every = 0\n', '', /\[db\] "update every" = "0": out of range/],
    ['[web]\n  default port = 70000\n', '', /\[web\] "default port" = "70000": out of range: expected 1 to 65535/],
    ['[web]\n  bind to = ::1\n', '', /\[web\] "bind to" = "::1": "::1": write IPv6 addresses in brackets/],
    ['[web]\n  bind to = 127.0.0.1:http\n', '', /"127\.0\.0\.1:http": port not a number/],
    ['[health]\n  enabled = maybe\n', '', /\[health\] "enabled" = "maybe": not a boolean/],
    ['[health]\n  enabled = auto\n', '', /\[health\] "enabled" = "auto": auto is not allowed here/],
    ['[logs]\n  level = loud\n', '', /\[logs\] "level" = "loud": expected one of: trace/],
    ['[global]\n  hostname =\n', '', /\[global\] "hostname" = "": must not be empty/],
    ['[event log]\n  flush every events = 0\n', '', /\[event log\] "flush every events" = "0": out of range/],
    ['', `[${KEY}]\n  type = key\n`, /"type" = "key": expected one of: api, machine/],
    ['', `[${KEY}]\n  enabled = perhaps\n`, /\[11111111-2222-3333-4444-555555555555\] "enabled" = "perhaps": not a boolean/],
    ['', `[${KEY}]\n  health enabled by default = sometimes\n`, /"health enabled by default" = "sometimes": expected yes, no or auto/],
    ['', `[${KEY}]\n  type = machine\n  memory mode = tape\n`, /"memory mode" = "tape": expected one of/],
    ['', `[${KEY}]\n  type = machine\n  history = 2\n`, /"history" = "2": out of range/],
    ['', `[${KEY}]\n  seconds per replication step = 0\n`, /"seconds per replication step" = "0": out of range/],
    ['', '[stream]\n  destination = unix:/run/x.sock\n', /\[stream\] "destination" = "unix:\/run\/x\.sock": .*only tcp/],
    ['', '[stream]\n  timeout seconds = soon\n', /\[stream\] "timeout seconds" = "soon": not a number/],
  ];
  for (const [parent, stream, expected] of cases) {
    assert.match(configErrorOf(() => loadTemp(parent, stream)), expected);
  }
});

test('malformed lines are refused with their file, line and section', () => {
  const cases: Array<[text: string, expected: RegExp]> = [
    ['[db]\n  mode ram\n', /streamledger\.conf:2: \[db\]: malformed line "mode ram": expected key = value$/],
    ['[db]\n  = ram\n', /streamledger\.conf:2: \[db\]: malformed line "= ram"/],
    ['[db\n', /streamledger\.conf:1: malformed section header "\[db": expected \[name\]/],
    ['[]\n', /streamledger\.conf:1: malformed section header/],
    ['[db] mode = ram\n', /streamledger\.conf:1: malformed section header/],
    ['mode = ram\n[db]\n', /streamledger\.conf:1: "mode" = "ram": a key outside any \[section\]/],
  ];
  for (const [text, expected] of cases) assert.match(configErrorOf(() => loadTemp(text)), expected);
  assert.match(configErrorOf(() => loadTemp('', `[${KEY}]\n  enabled\n`)), new RegExp(`stream\\.conf:2: \\[${KEY}\\]: malformed line "enabled"`));
});

test('an unreadable parent file is a ConfigError naming it', () => {
  const dir = tempDir({});
  const missing = path.join(dir, 'nope.conf');
  const message = configErrorOf(() => loadConfig({ file: missing, warn: () => {} }));
  assert.match(message, /nope\.conf: cannot read the file: ENOENT/);
});

test('unknown keys and sections are warnings, and loading goes on', () => {
  const parent = '[web]\n  default port = 19999\n  colour = blue\n[plugins]\n  x = 1\n';
  const stream = [
    '[stream]',
    '  enable replication = yes',
    `[${KEY}]`,
    '  type = api',
    '  multiple connections = allow',
    '  history = 10',
    '[API_KEY]',
    '  enabled = yes',
    '[bbbbbbbb-0000-0000-0000-000000000002]',
    '  type = machine',
    '  default history = 10',
    '',
  ].join('\n');
  const { config, warnings } = loadTemp(parent, stream);
  const expected = [
    /streamledger\.conf:3: \[web\] "colour": unknown key, ignored/,
    /streamledger\.conf:4: \[plugins\]: unknown section, ignored/,
    /stream\.conf:2: \[stream\] "enable replication": unknown key, ignored/,
    /stream\.conf:5: \[11111111-2222-3333-4444-555555555555\] "multiple connections": unknown key, ignored/,
    /stream\.conf:6: \[11111111-2222-3333-4444-555555555555\] "history": unknown key, ignored/,
    /stream\.conf:7: \[API_KEY\]: ignored: a section must be \[stream\], an API key or a machine GUID/,
    /stream\.conf:11: \[bbbbbbbb-0000-0000-0000-000000000002\] "default history": unknown key, ignored/,
  ];
  assert.equal(warnings.length, expected.length, warnings.join('\n'));
  for (const re of expected) assert.ok(warnings.some((w) => re.test(w)), `no warning matching ${re}:\n${warnings.join('\n')}`);
  assert.equal(config.parent.bind[0].port, 19999);
  assert.equal(config.stream.key('API_KEY').exists, false);
  // the ignored key did not change the setting
  assert.equal(config.stream.host(KEY, 'bbbbbbbb-0000-0000-0000-000000000002').history, 3600);
});

test('a repeated key warns and the last value is used; sections can be split', () => {
  const { config, warnings } = loadTemp('[db]\n  retention = 100\n[web]\n[db]\n  retention = 200\n', '');
  assert.equal(config.parent.history, 200);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /streamledger\.conf:5: \[db\] "retention" = "200": overrides line 2/);
});

test('sending enabled without destination or api key is switched off with a warning, as Netdata does', () => {
  const { config, warnings } = loadTemp('', '[stream]\n  enabled = yes\n  destination = p:19999\n');
  assert.equal(config.stream.sender.enabled, false);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /\[stream\] "enabled" = "yes": ignored: destination and api key are both needed/);
});

test('a missing stream.conf is a warning: every key is then disabled', () => {
  const { config, warnings } = loadTemp('[db]\n  mode = ram\n');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /stream\.conf: not found/);
  assert.equal(config.stream.key(KEY).enabled, false);
  assert.equal(fs.existsSync(config.stream.file), false);
});
