import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { configErrorOf, loadTemp } from './temp-config';

test('an empty parent file gives the documented defaults', () => {
  const { config, dir } = loadTemp('', '');
  const p = config.parent;
  assert.equal(p.file, path.join(dir, 'streamledger.conf'));
  assert.equal(p.hostname, os.hostname());
  assert.equal(p.memoryMode, 'ram');
  assert.equal(p.history, 3600);
  assert.equal(p.updateEvery, 1);
  assert.deepEqual(p.replication, { enabled: true, secondsToReplicate: 86400, secondsPerStep: 600 });
  assert.deepEqual(p.bind, [{ host: '127.0.0.1', port: 19999 }]);
  assert.equal(p.acceptStreamingEverySeconds, 0);
  assert.equal(p.firstRequestTimeoutSeconds, 60);
  assert.equal(p.httpIdleSeconds, 60);
  assert.equal(p.configDir, dir);
  assert.equal(p.cacheDir, path.resolve('data'));
  assert.equal(p.libDir, path.resolve('data'));
  assert.equal(p.accessLog, path.resolve('data', 'access.log'));
  assert.equal(p.errorLog, 'stdout');
  assert.equal(p.logLevel, 'info');
  assert.deepEqual(p.eventLog, {
    retentionSeconds: 604800,
    maxBytes: 1024 * 1024 * 1024,
    flushMs: 100,
    flushEvents: 1000,
    retentionCheckSeconds: 60,
    maxLineBytes: 65536,
  });
  assert.equal(p.healthEnabled, true);
  assert.equal(config.stream.file, path.join(dir, 'stream.conf'));
});

test('every parent setting is read from its section', () => {
  const text = `
# comment
; another comment
[global]
	hostname = "parent # one"
[db]
	mode = dbengine
	retention = 7200
	update every = 2
	enable replication = off
	seconds to replicate = 600
	seconds per replication step = 60
[web]
	default port = 20000
	bind to = 127.0.0.1 [::1]:20001 localhost:20002 *
	accept a streaming request every seconds = 5
	timeout for first request = 9
	disconnect idle clients after seconds = 7
[directories]
	cache = /var/cache/sl
	lib = lib-here
[logs]
	error = log/error.log
	level = debug   ; trailing comment
[event log]
	retention seconds = 3600
	max size MB = 2
	flush every milliseconds = 50
	flush every events = 10
	retention check every seconds = 5
	max line bytes = 2048
[health]
	enabled = no
`;
  const { config, warnings } = loadTemp(text, '');
  assert.deepEqual(warnings, []);
  const p = config.parent;
  assert.equal(p.hostname, 'parent # one');
  assert.equal(p.memoryMode, 'dbengine');
  assert.equal(p.history, 7200);
  assert.equal(p.updateEvery, 2);
  assert.deepEqual(p.replication, { enabled: false, secondsToReplicate: 600, secondsPerStep: 60 });
  assert.deepEqual(p.bind, [
    { host: '127.0.0.1', port: 20000 },
    { host: '::1', port: 20001 },
    { host: 'localhost', port: 20002 },
    { host: '0.0.0.0', port: 20000 },
  ]);
  assert.equal(p.acceptStreamingEverySeconds, 5);
  assert.equal(p.firstRequestTimeoutSeconds, 9);
  assert.equal(p.httpIdleSeconds, 7);
  assert.equal(p.cacheDir, '/var/cache/sl');
  assert.equal(p.libDir, path.resolve('lib-here'));
  assert.equal(p.accessLog, '/var/cache/sl/access.log', 'follows the cache directory');
  assert.equal(p.errorLog, path.resolve('log/error.log'));
  assert.equal(p.logLevel, 'debug');
  assert.deepEqual(p.eventLog, {
    retentionSeconds: 3600,
    maxBytes: 2 * 1024 * 1024,
    flushMs: 50,
    flushEvents: 10,
    retentionCheckSeconds: 5,
    maxLineBytes: 2048,
  });
  assert.equal(p.healthEnabled, false);
});

test('[directories] config says where stream.conf is', () => {
  const other = loadTemp('', `[stream]\n  default port = 1234\n`);
  const { config } = loadTemp(`[directories]\n  config = ${other.dir}\n`);
  assert.equal(config.stream.file, path.join(other.dir, 'stream.conf'));
  assert.equal(config.stream.sender.defaultPort, 1234);
});

test('access log none disables it; the older "access log"/"error log" names are accepted', () => {
  const none = loadTemp('[logs]\n  access = none\n', '');
  assert.equal(none.config.parent.accessLog, null);
  const old = loadTemp('[logs]\n  access log = /tmp/a.log\n  error log = stderr\n', '');
  assert.equal(old.config.parent.accessLog, '/tmp/a.log');
  assert.equal(old.config.parent.errorLog, 'stderr');
  assert.deepEqual(old.warnings, []);
});

test('-W set overrides are applied after the file and validated like it', () => {
  const { config, warnings } = loadTemp('[web]\n  default port = 19999\n  bind to = 127.0.0.1\n', '', [
    ['web', 'default port', '29999'],
    ['db', 'mode', 'save'],
    ['global', 'history', '120'],
  ]);
  assert.deepEqual(warnings, []);
  assert.deepEqual(config.parent.bind, [{ host: '127.0.0.1', port: 29999 }]);
  assert.equal(config.parent.memoryMode, 'save');
  assert.equal(config.parent.history, 120, 'legacy names work in overrides too');

  const message = configErrorOf(() => loadTemp('', '', [['web', 'default port', 'abc']]));
  assert.match(message, /streamledger\.conf \(-W set\): \[web\] "default port" = "abc": not a number$/);

  const unknown = loadTemp('', '', [['web', 'no such key', '1']]);
  assert.equal(unknown.warnings.length, 1);
  assert.match(unknown.warnings[0], /\(-W set\): \[web\] "no such key": unknown key, ignored/);
});

test('bind to refuses duplicates and unsupported forms', () => {
  assert.match(configErrorOf(() => loadTemp('[web]\n  bind to = 127.0.0.1 127.0.0.1:19999\n', '')), /listed twice/);
  assert.match(configErrorOf(() => loadTemp('[web]\n  bind to = unix:/tmp/x\n', '')), /only HOST\[:PORT\] is supported/);
  assert.match(configErrorOf(() => loadTemp('[web]\n  bind to = 127.0.0.1=dashboard\n', '')), /only HOST\[:PORT\] is supported/);
  assert.match(configErrorOf(() => loadTemp('[web]\n  bind to = [::1\n', '')), /missing \] after the IPv6 address/);
  assert.match(configErrorOf(() => loadTemp('[web]\n  bind to = 1.2.3.4:1:2\n', '')), /expected HOST\[:PORT\]/);
  assert.match(configErrorOf(() => loadTemp('[web]\n  bind to =\n', '')), /no address to listen on/);
});
