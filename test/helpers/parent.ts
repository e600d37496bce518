/**
 * The streamledger parent under test as a real process: writes its config (Netdata-style ini) into a
 * temp dir, runs `node dist/src/main.js -c <dir>/streamledger.conf`, and waits for its port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpGet, httpGetJson, type HttpAnswer } from './http';
import { DEFAULT_API_KEY } from './netdata';
import { keepTmp, repoRoot } from './paths';
import { canConnect, freePort } from './ports';
import { PARENT_NODE_OPTIONS } from '../../src/node-options';

export { freePort } from './ports';
export { waitFor } from './wait';

export interface ParentOptions {
  /** Default: a free port. */
  port?: number;
  /** Default: a new temp dir (removed by dispose() unless STREAMLEDGER_KEEP_TMP=1). */
  dir?: string;
  /** stream.conf text; default: the test API key enabled, allowed from anywhere. */
  streamConf?: string;
  /** Appended to streamledger.conf (extra sections or keys). */
  parentConfExtra?: string;
  /** Extra environment for the process. */
  env?: NodeJS.ProcessEnv;
}

export interface ParentProcess {
  port: number;
  dir: string;
  pid: number;
  baseUrl: string;
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops it if running (SIGTERM) and starts it again on the same port and dir. */
  restart(): Promise<void>;
  /** Starts it again after stop(), on the same port and dir (nothing when it runs). */
  start(): Promise<void>;
  /** stop() and remove the dir if this helper made it. */
  dispose(): Promise<void>;
  /** The error log's pino JSON lines, parsed (lines that are not JSON are left out). */
  logLines(): any[];
  accessLog(): string;
  getJson(urlPath: string): Promise<any>;
  get(urlPath: string): Promise<HttpAnswer>;
}

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

/** Benchmarks compare with a Netdata whose health is off: ours runs none either. */
export const HEALTH_OFF = '[health]\n    enabled = no\n';

export const defaultStreamConf = (key = DEFAULT_API_KEY): string => `[${key}]\n    enabled = yes\n    allow from = *\n`;

/** Where a test or benchmark parent lives: its loopback port, and its directory for data and logs. */
export function parentPlacementConf(dir: string, port: number): string {
  return `[web]
    bind to = 127.0.0.1:${port}
[directories]
    config = ${dir}
    cache = ${dir}/data
    lib = ${dir}/data
[logs]
    access = ${dir}/access.log
    error = ${dir}/error.log
`;
}

function parentConf(dir: string, port: number, extra: string): string {
  return `[global]
    hostname = sl-parent
    memory mode = ram
    history = 3600
${parentPlacementConf(dir, port)}[event log]
    flush every milliseconds = 100
${extra}
`;
}

const tail = (file: string, chars = 3000): string => {
  try {
    return fs.readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '';
  }
};

export async function startParent(opts: ParentOptions = {}): Promise<ParentProcess> {
  const port = opts.port ?? (await freePort());
  const ownDir = !opts.dir;
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sl-parent-'));
  fs.mkdirSync(dir, { recursive: true });
  const confFile = path.join(dir, 'streamledger.conf');
  fs.writeFileSync(confFile, parentConf(dir, port, opts.parentConfExtra ?? ''));
  fs.writeFileSync(path.join(dir, 'stream.conf'), opts.streamConf ?? defaultStreamConf());
  const errorLog = path.join(dir, 'error.log');
  const stdoutLog = path.join(dir, 'stdout.log');
  const baseUrl = `http://127.0.0.1:${port}`;
  let proc: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const launch = async (): Promise<void> => {
    const out = fs.openSync(stdoutLog, 'a');
    // e.g. STREAMLEDGER_PARENT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the parent under a benchmark
    const nodeArgs = process.env.STREAMLEDGER_PARENT_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const p = spawn(process.execPath, [...PARENT_NODE_OPTIONS, ...nodeArgs, path.join(repoRoot(), 'dist/src/main.js'), '-c', confFile], {
      cwd: repoRoot(), env: { ...process.env, ...opts.env }, stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    proc = p;
    let exitInfo: string | null = null;
    exited = new Promise((resolve) => p.once('exit', (code, sig) => { exitInfo = `exited (${code ?? sig})`; resolve(); }));
    const until = Date.now() + READY_TIMEOUT_MS;
    while (!(await canConnect(port, 500))) {
      if (exitInfo || Date.now() > until) {
        const why = exitInfo ?? `did not accept connections on port ${port} within ${READY_TIMEOUT_MS} ms`;
        if (!exitInfo) p.kill('SIGKILL');
        throw new Error(`streamledger parent ${why}\n--- ${errorLog} (tail)\n${tail(errorLog)}\n--- ${stdoutLog} (tail)\n${tail(stdoutLog)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    p.kill(signal);
    const timer = setTimeout(() => p.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    await launch();
  } catch (e) {
    if (ownDir && !keepTmp()) fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const parent: ParentProcess = {
    port, dir, baseUrl,
    get pid() {
      return proc?.pid ?? -1;
    },
    stop,
    async restart() {
      await stop();
      await launch();
    },
    async start() {
      if (proc && proc.exitCode === null && proc.signalCode === null) return;
      await launch();
    },
    async dispose() {
      await stop();
      if (ownDir && !keepTmp()) fs.rmSync(dir, { recursive: true, force: true });
    },
    logLines() {
      const lines: any[] = [];
      for (const l of tail(errorLog, Infinity).split('\n')) {
        try {
          if (l.trim()) lines.push(JSON.parse(l));
        } catch {
          // a line being written right now, or not pino's
        }
      }
      return lines;
    },
    accessLog: () => tail(path.join(dir, 'access.log'), Infinity),
    getJson: (urlPath: string) => httpGetJson(baseUrl + urlPath),
    get: (urlPath: string) => httpGet(baseUrl + urlPath),
  };
  return parent;
}
