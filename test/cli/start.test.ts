import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { repoRoot } from '../helpers/paths';

const MAIN = path.join(repoRoot(), 'dist/src/main.js');
const CLI = path.join(repoRoot(), 'dist/src/cli/main.js');

/** A temp dir holding streamledger.conf and stream.conf with these texts (`DIR` in them is the dir); removed after `body`. */
function withConf(parentConf: string, streamConf: string, body: (file: string, dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-badconf-'));
  try {
    const file = path.join(dir, 'streamledger.conf');
    fs.writeFileSync(file, parentConf.replaceAll('DIR', dir));
    fs.writeFileSync(path.join(dir, 'stream.conf'), streamConf);
    body(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const start = (args: string[], entry = MAIN) => spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', timeout: 20_000 });

it('refuses to start on an invalid value, naming file, section, key and value, with a non-zero exit', () => {
  withConf(`[web]\n    bind to = 127.0.0.1:1\n[db]\n    retention = lots\n`, '', (file) => {
    const r = start(['-c', file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /streamledger\.conf:4: \[db\] "retention" = "lots"/);
  });
});

it('refuses to start on a malformed stream.conf line', () => {
  withConf(`[web]\n    bind to = 127.0.0.1:1\n`, '[11111111-2222-3333-4444-555555555555\n    enabled = yes\n', (file) => {
    const r = start(['-c', file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /stream\.conf:1/);
  });
});

it('refuses to start on an unknown command-line option, naming it, before opening anything', () => {
  withConf(`[web]\n    bind to = 127.0.0.1:1\n[directories]\n    cache = DIR/data\n`, '', (file, dir) => {
    for (const [entry, args] of [[MAIN, ['-c', file, '--bogus']], [CLI, ['run', '-c', file, '-W', 'unittest']]] as const) {
      const r = start([...args], entry);
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr, /command line: unknown option '(--bogus|-W)'/);
    }
    assert.equal(fs.existsSync(path.join(dir, 'data')), false, 'no data directory was created');
  });
});
