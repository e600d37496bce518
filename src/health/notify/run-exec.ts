import { spawn, type ChildProcess } from 'node:child_process';

export interface ChannelResult {
  /** Exit code or HTTP status; -1 when it could not run, timed out or was killed. */
  code: number;
  ok: boolean;
  detail: string;
}

/** What is kept of a program's output: its end says most about a failure. */
export const MAX_DETAIL_BYTES = 2048;
/** Between SIGTERM and SIGKILL at a timeout. */
const KILL_GRACE_MS = 2000;
/** After the program exits, how long a descendant may keep its output open before we stop reading. */
const DRAIN_MS = 200;

/** The last `max` bytes of everything appended. */
class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0]!.length >= this.max) this.size -= this.chunks.shift()!.length;
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.max)).toString('utf8').trimEnd();
  }
}

/**
 * Runs `program` with `args` as they are (no shell), stdin closed, stdout and stderr kept (the last 2 KiB). At
 * `timeoutMs` its process group gets SIGTERM, then SIGKILL 2 s later. Never throws: a program that cannot be started
 * or does not finish in time gives code -1 and why.
 */
export function runExec(program: string, args: readonly string[], opts: { timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<ChannelResult> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // its own process group, so that a timeout also ends what it started (a shell script's `sleep`, `curl`)
      child = spawn(program, args, { shell: false, stdio: ['ignore', 'pipe', 'pipe'], env: opts.env, detached: true });
    } catch (err) {
      resolve({ code: -1, ok: false, detail: (err as Error).message });
      return;
    }
    const output = new OutputTail(MAX_DETAIL_BYTES);
    child.stdout!.on('data', (b: Buffer) => output.push(b));
    child.stderr!.on('data', (b: Buffer) => output.push(b));

    const timers: NodeJS.Timeout[] = [];
    let timedOut = false;
    let settled = false;
    const settle = (r: ChannelResult) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      resolve(r);
    };
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
    };

    timers.push(setTimeout(() => {
      timedOut = true;
      signalGroup('SIGTERM');
      timers.push(setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS));
    }, opts.timeoutMs));
    child.on('exit', () => {
      timers.push(setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
      }, DRAIN_MS));
    });
    child.on('error', (err) => settle({ code: -1, ok: false, detail: err.message }));
    child.on('close', (code, signal) => {
      if (timedOut) settle({ code: -1, ok: false, detail: `timed out after ${opts.timeoutMs} ms` });
      else if (code === null) settle({ code: -1, ok: false, detail: [`killed by ${signal}`, output.text()].filter(Boolean).join(': ') });
      else settle({ code, ok: code === 0, detail: output.text() });
    });
  });
}
