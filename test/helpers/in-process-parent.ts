import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startParent, type RunningParent, type StartOptions } from '../../src/main';
import { freePort } from './ports';
import { DEFAULT_API_KEY } from './netdata';
import { keepTmp } from './paths';

export { freePort } from './ports';
export { waitFor } from './wait';

export const KEY = DEFAULT_API_KEY;

export interface TestParent {
  dir: string;
  port: number;
  parent: RunningParent;
  accessLog(): string;
  stop(): Promise<void>;
}

/** A parent in this process, on a free loopback port, with its own temp data dir: for socket-level tests. */
export async function startTestParent(opts: { streamConf?: string; parentConf?: string; start?: StartOptions; dir?: string } = {}): Promise<TestParent> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sl-net-'));
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'streamledger.conf'),
    `[global]\n    hostname = test-parent\n[web]\n    bind to = 127.0.0.1:${port}\n[directories]\n    config = ${dir}\n    cache = ${dir}/data\n    lib = ${dir}/data\n` +
      `[logs]\n    access log = ${dir}/access.log\n[event log]\n    flush every milliseconds = 50\n${opts.parentConf ?? ''}`,
  );
  fs.writeFileSync(path.join(dir, 'stream.conf'), opts.streamConf ?? `[${KEY}]\n    enabled = yes\n    allow from = *\n`);
  const config = loadConfig({ file: path.join(dir, 'streamledger.conf'), warn: () => {} });
  const parent = await startParent(config, silentLogger, opts.start);
  return {
    dir,
    port,
    parent,
    accessLog: () => (fs.existsSync(path.join(dir, 'access.log')) ? fs.readFileSync(path.join(dir, 'access.log'), 'utf8') : ''),
    async stop() {
      await parent.stop();
      if (!opts.dir && !keepTmp()) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function streamRequest(params: Record<string, string>, userAgent = 'netdata/v1.37.1'): string {
  const q = Object.entries(params).map(([k, v]) => `${k}=${v}`).join('&');
  return `STREAM ${q} HTTP/1.1\r\nUser-Agent: ${userAgent}\r\nAccept: */*\r\n\r\n`;
}

/**
 * Connects (over TLS when `secure`, trusting any certificate), writes `request` (an array: part by part, `gapMs`
 * apart), collects what the server says until it closes or `waitMs` passes.
 */
export function exchange(port: number, request: string | Buffer | string[], waitMs = 1500, secure = false, gapMs = 0): Promise<{ reply: string; closed: boolean; socket: net.Socket }> {
  return new Promise((resolve) => {
    const send = async () => {
      for (const part of Array.isArray(request) ? request : [request]) {
        if (socket.destroyed) return;
        socket.write(part);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    };
    const socket = secure ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, send) : net.connect(port, '127.0.0.1', send);
    let reply = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      resolve({ reply, closed, socket });
    };
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    setTimeout(() => finish(false), waitMs);
  });
}
