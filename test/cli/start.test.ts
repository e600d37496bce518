import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { repoRoot } from '../helpers/paths';

const MAIN = path.join(repoRoot(), 'dist/src/main.js');

it('refuses to start on an invalid value, naming file, section, key and value, with a non-zero exit', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-badconf-'));
  const file = path.join(dir, 'streamledger.conf');
  fs.writeFileSync(file, `[web]\n    bind to = 127.0.0.1:1\n[db]\n    retention = lots\n`);
  fs.writeFileSync(path.join(dir, 'stream.conf'), '');
  const r = spawnSync(process.execPath, [MAIN, '-c', file], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /streamledger\.conf:4: \[db\] "retention" = "lots"/);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('refuses to start on a malformed stream.conf line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-badconf-'));
  const file = path.join(dir, 'streamledger.conf');
  fs.writeFileSync(file, `[web]\n    bind to = 127.0.0.1:1\n`);
  fs.writeFileSync(path.join(dir, 'stream.conf'), '[11111111-2222-3333-4444-555555555555\n    enabled = yes\n');
  const r = spawnSync(process.execPath, [MAIN, '-c', file], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /stream\.conf:1/);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('refuses to start on an unknown command-line option, naming it, before opening anything', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-badarg-'));
  const file = path.join(dir, 'streamledger.conf');
  fs.writeFileSync(file, `[web]\n    bind to = 127.0.0.1:1\n[directories]\n    cache = ${path.join(dir, 'data')}\n`);
  fs.writeFileSync(path.join(dir, 'stream.conf'), '');
  for (const args of [['-c', file, '--bogus'], ['run', '-c', file, '-W', 'unittest']]) {
    const cli = args[0] === 'run' ? path.join(repoRoot(), 'dist/src/cli/main.js') : MAIN;
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, /command line: unknown option '(--bogus|-W)'/);
  }
  assert.equal(fs.existsSync(path.join(dir, 'data')), false, 'no data directory was created');
  fs.rmSync(dir, { recursive: true, force: true });
});
