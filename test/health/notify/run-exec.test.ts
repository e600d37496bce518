import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runExec } from '../../../src/health/notify/run-exec';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-run-exec-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string, mode = 0o755): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode });
  return file;
}

/** Running: a zombie (dead, not reaped yet by whoever inherited it) does not count. */
const running = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('runExec', () => {
  it('passes every argument as it is: no shell expands or splits anything', async () => {
    const out = path.join(dir, 'argv');
    // NUL-terminated, so that an argument with a newline still reads back as one
    const prog = script('argv.sh', `printf '%s\\0' "$@" > '${out}'; printf '%s' "$SL_MARK" > '${out}.env'`);
    const args = Array.from({ length: 29 }, (_, i) => `arg ${i + 1}`);
    args[1] = "it's \"quoted\"";
    args[2] = '$(touch /tmp/sl-pwned) `id` $HOME';
    args[3] = 'two\nlines';
    args[4] = '';
    args[5] = '*';
    args[6] = '-n';
    args[7] = ' spaces  around ';
    args[8] = "'; exit 1; '";
    const r = await runExec(prog, args, { timeoutMs: 5000, env: { ...process.env, SL_MARK: 'env ok' } });
    assert.deepEqual(r, { code: 0, ok: true, detail: '' });
    assert.deepEqual(fs.readFileSync(out, 'utf8').split('\0').slice(0, -1), args);
    assert.equal(fs.readFileSync(`${out}.env`, 'utf8'), 'env ok');
    assert.equal(fs.existsSync('/tmp/sl-pwned'), false);
  });

  it('reports a non-zero exit with what the program printed', async () => {
    const r = await runExec(script('fail.sh', 'echo starting; echo "no such role" >&2; exit 3'), [], { timeoutMs: 5000 });
    assert.deepEqual(r, { code: 3, ok: false, detail: 'starting\nno such role' });
  });

  it('keeps only the last 2 KiB of the output', async () => {
    const r = await runExec(script('chatty.sh', 'i=0; while [ $i -lt 500 ]; do echo "line $i of the output"; i=$((i+1)); done; echo THE END'), [], { timeoutMs: 5000 });
    assert.equal(r.code, 0);
    assert.ok(Buffer.byteLength(r.detail) <= 2048, `${Buffer.byteLength(r.detail)} bytes`);
    assert.match(r.detail, /line 499 of the output\nTHE END$/);
  });

  it('stops a program that runs too long, with what it started', async () => {
    const pidFile = path.join(dir, 'sleep.pid');
    const prog = script('slow.sh', `sleep 30 & echo $! > '${pidFile}'; wait`);
    const started = Date.now();
    const r = await runExec(prog, [], { timeoutMs: 300 });
    const took = Date.now() - started;
    assert.deepEqual(r, { code: -1, ok: false, detail: 'timed out after 300 ms' });
    assert.ok(took >= 300 && took < 2000, `took ${took} ms`);
    const sleeper = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.equal(running(sleeper), false);
  });

  it('kills with SIGKILL what ignores SIGTERM', async () => {
    const r = await runExec(script('stubborn.sh', "trap '' TERM; while :; do sleep 0.1; done"), [], { timeoutMs: 200 });
    assert.deepEqual(r, { code: -1, ok: false, detail: 'timed out after 200 ms' });
  });

  it('does not throw for a program that cannot run', async () => {
    const missing = await runExec(path.join(dir, 'no-such-program'), ['x'], { timeoutMs: 1000 });
    assert.equal(missing.code, -1);
    assert.equal(missing.ok, false);
    assert.match(missing.detail, /ENOENT/);
    const notExecutable = await runExec(script('plain.sh', 'exit 0', 0o644), [], { timeoutMs: 1000 });
    assert.equal(notExecutable.code, -1);
    assert.match(notExecutable.detail, /EACCES/);
    const badArg = await runExec('/bin/true', ['nul\0inside'], { timeoutMs: 1000 });
    assert.equal(badArg.code, -1);
    assert.match(badArg.detail, /null bytes/);
  });
});
