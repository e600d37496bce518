import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { PARENT_NODE_OPTIONS } from '../../src/node-options';
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

it('every way of starting the parent passes its Node.js options on the command line, where V8 reads them', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
  const bin = path.join(repoRoot(), 'bin/streamledger.js');
  const shebang = fs.readFileSync(bin, 'utf8').split('\n')[0];
  for (const o of PARENT_NODE_OPTIONS) {
    assert.ok(pkg.scripts.start.split(' ').includes(o), `npm start lacks ${o}`);
    assert.ok(shebang.split(' ').includes(o), `bin/streamledger.js lacks ${o}`);
  }
  // the installed command, run as the kernel runs it (through its first line): its process has them
  withConf(`[web]\n    bind to = 127.0.0.1:0\n[directories]\n    cache = DIR/data\n    lib = DIR/data\n[health]\n    enabled = no\n`, '', (file) => {
    const child = spawn(bin, ['run', '-c', file], { stdio: 'ignore' });
    try {
      const deadline = Date.now() + 10_000;
      let argv: string[] = [];
      while (Date.now() < deadline) {
        argv = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
        if (path.basename(argv[0]) === 'node') break; // env has exec'd node
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
      for (const o of PARENT_NODE_OPTIONS) assert.ok(argv.includes(o), `${argv.join(' ')} lacks ${o}`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
