import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadConfig } from '../../src/config';

// dist/test/config -> repository root
const ROOT = path.resolve(__dirname, '..', '..', '..');
const EXAMPLE_KEY = '11111111-2222-3333-4444-555555555555';

test('the shipped conf/streamledger.conf and conf/stream.conf load without warnings', () => {
  const warnings: string[] = [];
  const { parent, stream } = loadConfig({ file: path.join(ROOT, 'conf', 'streamledger.conf'), warn: (m) => warnings.push(m) });
  assert.deepEqual(warnings, []);
  assert.deepEqual(parent.bind, [{ host: '127.0.0.1', port: 19999 }]);
  assert.equal(parent.memoryMode, 'ram');
  assert.equal(parent.configDir, path.join(ROOT, 'conf'));
  assert.equal(parent.cacheDir, path.resolve('data'));
  assert.equal(parent.libDir, path.resolve('data'));
  assert.equal(stream.file, path.join(ROOT, 'conf', 'stream.conf'));
  assert.equal(stream.sender.enabled, false);

  const key = stream.key(EXAMPLE_KEY);
  assert.equal(key.exists, true);
  assert.equal(key.type, 'api');
  assert.equal(key.enabled, true);
  assert.equal(key.allowFrom.matches('127.0.0.1'), true);
  const host = stream.host(EXAMPLE_KEY, 'bbbbbbbb-0000-0000-0000-000000000002');
  assert.equal(host.memoryMode, 'ram');
  assert.equal(host.history, 3600);
  assert.equal(host.replication.enabled, true);
});
