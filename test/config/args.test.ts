import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseArgs } from '../../src/config';

test('defaults: conf/streamledger.conf, no overrides', () => {
  assert.deepEqual(parseArgs([]), { configFile: 'conf/streamledger.conf', overrides: [], rest: [] });
});

test('-c, --config and --config= pick the file; -W set collects overrides in order; the rest is kept', () => {
  assert.deepEqual(parseArgs(['-c', '/etc/x.conf', '-W', 'set', 'web', 'default port', '29999', '--verbose', '-W', 'set', 'db', 'mode', 'save']), {
    configFile: '/etc/x.conf',
    overrides: [
      ['web', 'default port', '29999'],
      ['db', 'mode', 'save'],
    ],
    rest: ['--verbose'],
  });
  assert.equal(parseArgs(['--config', 'a.conf']).configFile, 'a.conf');
  assert.equal(parseArgs(['--config=b.conf']).configFile, 'b.conf');
  assert.deepEqual(parseArgs(['-W', 'unittest']).rest, ['-W', 'unittest']);
});

test('missing option arguments are ConfigErrors', () => {
  assert.throws(() => parseArgs(['-c']), (e: Error) => e instanceof ConfigError && /-c needs a FILE/.test(e.message));
  assert.throws(() => parseArgs(['-W', 'set', 'web', 'default port']), /-W set needs SECTION KEY VALUE/);
  assert.throws(() => parseArgs(['--config=']), /config file name is empty/);
});
