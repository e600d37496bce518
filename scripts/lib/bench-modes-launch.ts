/**
 * Our parent as a process, timed: from spawn until its port accepts connections, and until its last
 * `replayed host '...'` log line. Unlike test/helpers/parent.ts it waits as long as a long replay takes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HEALTH_OFF, defaultStreamConf, parentPlacementConf } from '../../test/helpers/parent';
import { repoRoot } from '../../test/helpers/paths';
import { canConnect } from '../../test/helpers/ports';
import { PARENT_NODE_OPTIONS } from '../../src/node-options';

export interface TimedStart {
  /** Spawn until the port accepted a connection. */
  readyMs: number;
  /** SIGTERM; the replay figures come from the log, complete once the process has exited. */
  stop(): Promise<StoppedRun>;
}

export interface StoppedRun {
  /** SIGTERM until the process exited. */
  stopMs: number;
  /** Spawn until the last host's replay ended (its log line's time); null when no host was replayed. */
  replayedMs: number | null;
  /** The `replayed host ...` lines of this run. */
  replayLines: string[];
}

const READY_TIMEOUT_MS = 30 * 60_000;
const STOP_TIMEOUT_MS = 10 * 60_000;

/** Writes dir/streamledger.conf (the given [db] keys, port, dirs) and dir/stream.conf. */
export function writeConfig(dir: string, port: number, db: Record<string, string | number>): string {
  fs.mkdirSync(dir, { recursive: true });
  const dbLines = Object.entries(db).map(([k, v]) => `    ${k} = ${v}`).join('\n');
  const conf = path.join(dir, 'streamledger.conf');
  fs.writeFileSync(conf, `[global]
    hostname = bench-parent
[db]
${dbLines}
${parentPlacementConf(dir, port)}${HEALTH_OFF}`);
  fs.writeFileSync(path.join(dir, 'stream.conf'), defaultStreamConf());
  return conf;
}

function replayLinesAfter(errorLog: string, fromByte: number): Array<{ time: number; msg: string }> {
  let text = '';
  try {
    text = fs.readFileSync(errorLog, 'utf8').slice(fromByte);
  } catch {
    return [];
  }
  const out: Array<{ time: number; msg: string }> = [];
  for (const l of text.split('\n')) {
    if (!l.includes('replayed host')) continue;
    try {
      const j = JSON.parse(l) as { time: string; msg: string };
      out.push({ time: Date.parse(j.time), msg: j.msg });
    } catch {
      // a line being written
    }
  }
  return out;
}

export async function timedStart(dir: string, port: number): Promise<TimedStart> {
  const errorLog = path.join(dir, 'error.log');
  const logFrom = fs.existsSync(errorLog) ? fs.statSync(errorLog).size : 0;
  const out = fs.openSync(path.join(dir, 'stdout.log'), 'a');
  const spawnedAt = Date.now();
  const t0 = process.hrtime.bigint();
  const p: ChildProcess = spawn(process.execPath, [...PARENT_NODE_OPTIONS, path.join(repoRoot(), 'dist/src/main.js'), '-c', path.join(dir, 'streamledger.conf')], {
    cwd: repoRoot(), stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) => p.once('exit', (code, sig) => { exit = String(code ?? sig); resolve(); }));
  while (!(await canConnect(port, 200))) {
    if (exit !== null || Date.now() - spawnedAt > READY_TIMEOUT_MS) {
      if (exit === null) p.kill('SIGKILL');
      throw new Error(`parent in ${dir} ${exit !== null ? `exited (${exit})` : 'never got ready'}; see ${errorLog}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    readyMs: Number(process.hrtime.bigint() - t0) / 1e6,
    async stop() {
      const s0 = Date.now();
      if (exit === null) {
        p.kill('SIGTERM');
        const timer = setTimeout(() => p.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      const stopMs = Date.now() - s0;
      const replays = replayLinesAfter(errorLog, logFrom);
      return {
        stopMs,
        replayedMs: replays.length ? Math.max(...replays.map((r) => r.time)) - spawnedAt : null,
        replayLines: replays.map((r) => r.msg),
      };
    },
  };
}
