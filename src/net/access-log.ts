import fs from 'node:fs';
import path from 'node:path';

/**
 * How long a line may wait in memory, and how much may wait, before the buffered lines are written in one go. A write
 * is a hop to libuv's thread pool and back (a second wake-up of the process): at 100 ms that hop was a third of the CPU
 * an API request costs at a dashboard's pace (20 requests a second, one line each); once a second it is negligible.
 */
const FLUSH_MS = 1000;
const FLUSH_BYTES = 64 * 1024;

/**
 * Netdata's access.log: one line per connection outcome, with Netdata's wording, e.g.
 * `2026-11-23 09:06:32: STREAM: 7 '[127.0.0.1]:36506' 'ACCESS DENIED - INVALID KEY' host 'x' api key 'bogus' machine guid '...'`.
 * Lines are buffered (as Netdata's stdio does) and written through a stream at most every FLUSH_MS, not one write
 * per line; a slow disk never blocks a receiver. A kill -9 loses at most the last FLUSH_MS of lines.
 */
export class AccessLog {
  private readonly out: fs.WriteStream | null;
  private buffered = '';
  private timer: NodeJS.Timeout | null = null;

  constructor(file: string | null) {
    if (file) fs.mkdirSync(path.dirname(file), { recursive: true });
    this.out = file ? fs.createWriteStream(file, { flags: 'a' }) : null;
  }

  stream(connId: number, ip: string, port: number, outcome: string, host: string, apiKey: string, guid: string): void {
    this.write(`STREAM: ${connId} '[${ip}]:${port}' '${outcome}' host '${host}' api key '${apiKey}' machine guid '${guid}'`);
  }

  http(connId: number, ip: string, port: number, method: string, status: number, bytes: number, ms: number, url: string): void {
    this.write(`${connId}: ${process.pid} '[${ip}]:${port}' '${method}' (sent/all = ${bytes}/${bytes} bytes -0%, total = ${ms.toFixed(2)} ms) ${status} '${url}'`);
  }

  write(line: string): void {
    if (!this.out) return;
    this.buffered += `${timestamp(new Date())}: ${line}\n`;
    if (this.buffered.length >= FLUSH_BYTES) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve) => (this.out ? this.out.end(resolve) : resolve()));
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.out || !this.buffered) return;
    this.out.write(this.buffered);
    this.buffered = '';
  }
}

function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
