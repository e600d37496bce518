/**
 * Real Netdata (Debian's 1.37.1) as a test peer: availability (installing it when we may), a streaming
 * child and a parent, each in its own temp dir, run through scripts/netdata-peer.sh.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestContext } from 'node:test';
import { keepTmp, repoRoot } from './paths';

const run = promisify(execFile);
const NETDATA = '/usr/sbin/netdata';
/** Without it Netdata 1.37.1 crashes as it starts streaming (see scripts/install-netdata.sh). */
const SYSTEM_INFO = '/usr/lib/netdata/plugins.d/system-info.sh';
export const DEFAULT_API_KEY = '11111111-2222-3333-4444-555555555555';

export type Availability = { ok: true } | { ok: false; reason: string };

export interface NetdataInstance {
  dir: string;
  pid: number;
  guid: string;
  hostname: string;
  /** Where its own HTTP API listens (a parent's port, a child's --web-port), if anywhere. */
  webPort?: number;
  stop(): Promise<void>;
  /** Stops it and starts it again on the same directory, port and settings (a dbengine parent keeps its data). */
  restart(opts?: { downMs?: number }): Promise<void>;
  errorLog(): string;
  accessLog(): string;
}

let availability: Availability | undefined;

const installed = (): boolean => fs.existsSync(NETDATA) && fs.existsSync(SYSTEM_INFO);

/** Whether a real Netdata can run here; installs it with scripts/install-netdata.sh when missing and root. */
export function netdataAvailability(): Availability {
  if (availability) return availability;
  if (!installed()) {
    if (process.getuid?.() !== 0) {
      availability = { ok: false, reason: `Netdata is not installed (${NETDATA}, ${SYSTEM_INFO}); run scripts/install-netdata.sh as root` };
      return availability;
    }
    const r = spawnSync('bash', [path.join(repoRoot(), 'scripts/install-netdata.sh')], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0 || !installed()) {
      availability = { ok: false, reason: `scripts/install-netdata.sh failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || String(r.error ?? '')).trim().slice(-500)}` };
      return availability;
    }
  }
  const v = spawnSync(NETDATA, ['-v'], { encoding: 'utf8', timeout: 10_000 });
  availability = v.status === 0 ? { ok: true } : { ok: false, reason: `${NETDATA} -v failed: ${(v.stderr || v.stdout).trim()}` };
  return availability;
}

/**
 * For tests that need a real Netdata: true when it is available. Otherwise the test is skipped with the
 * reason, except in CI (CI=true or STREAMLEDGER_REQUIRE_NETDATA=1), where a missing Netdata is a failure.
 */
export function requireNetdataOrSkip(t: TestContext): boolean {
  const a = netdataAvailability();
  if (a.ok) return true;
  if (process.env.CI === 'true' || process.env.STREAMLEDGER_REQUIRE_NETDATA === '1') {
    throw new Error(`real Netdata required (CI / STREAMLEDGER_REQUIRE_NETDATA=1) but unavailable: ${a.reason}`);
  }
  t.skip(a.reason);
  return false;
}

async function startPeer(role: 'child' | 'parent', args: string[], guid: string, hostname: string, webPort?: number): Promise<NetdataInstance> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sl-netdata-${role}-`));
  const script = path.join(repoRoot(), 'scripts/netdata-peer.sh');
  const all = [role, dir, '--guid', guid, '--hostname', hostname, ...args];
  const read = (f: string) => { try { return fs.readFileSync(path.join(dir, 'log', f), 'utf8'); } catch { return ''; } };
  const launch = async (): Promise<number> => {
    try {
      const out = await run('bash', [script, ...all], { timeout: 30_000 });
      return Number(out.stdout.trim().split('\n').pop());
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`netdata-peer.sh ${all.join(' ')} failed: ${err.stderr || err.message}\n${read('error.log').slice(-2000)}`);
    }
  };
  let stopped = false;
  const peer: NetdataInstance = {
    dir, pid: await launch(), guid, hostname, webPort,
    async restart({ downMs = 0 } = {}) {
      await run('bash', [script, 'stop', dir], { timeout: 30_000 });
      await new Promise((r) => setTimeout(r, downMs));
      peer.pid = await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await run('bash', [script, 'stop', dir], { timeout: 30_000 });
      if (!keepTmp()) fs.rmSync(dir, { recursive: true, force: true });
    },
    errorLog: () => read('error.log'),
    accessLog: () => read('access.log'),
  };
  return peer;
}

/** A real Netdata child collecting its proc charts every second and streaming them to `dest` (host:port). */
export function startNetdataChild(opts: { dest: string; hostname?: string; guid?: string; key?: string; webPort?: number; memoryMode?: 'ram' | 'dbengine'; health?: boolean }): Promise<NetdataInstance> {
  const args = ['--dest', opts.dest, '--key', opts.key ?? DEFAULT_API_KEY];
  if (opts.memoryMode) args.push('--memory-mode', opts.memoryMode);
  if (opts.health) args.push('--health');
  if (opts.webPort) args.push('--web-port', String(opts.webPort));
  return startPeer('child', args, opts.guid ?? randomUUID(), opts.hostname ?? `nd-child-${process.pid}`, opts.webPort);
}

/**
 * A real Netdata parent on 127.0.0.1:port accepting `key`, serving /host/<child>/api/v1/... Health is off (for the
 * parent and, through stream.conf, for the children it receives) unless `health` is true.
 */
export function startNetdataParent(opts: { port: number; memoryMode?: string; key?: string; health?: boolean }): Promise<NetdataInstance> {
  const args = ['--port', String(opts.port), '--key', opts.key ?? DEFAULT_API_KEY, '--memory-mode', opts.memoryMode ?? 'ram'];
  if (opts.health) args.push('--health');
  return startPeer('parent', args, randomUUID(), `nd-parent-${process.pid}`, opts.port);
}
