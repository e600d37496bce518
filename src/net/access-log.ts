import fs from 'node:fs';
import path from 'node:path';

/**
 * Netdata's access.log: one line per connection outcome, with Netdata's wording, e.g.
 * `2026-11-23 09:06:32: STREAM: 7 '[127.0.0.1]:36506' 'ACCESS DENIED - INVALID KEY' host 'x' api key 'bogus' machine guid '...'`.
 * Written with appendFileSync-free buffering: a stream, so a slow disk never blocks a receiver.
 */
export class AccessLog {
  private readonly out: fs.WriteStream | null;

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
    this.out.write(`${timestamp(new Date())}: ${line}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.out ? this.out.end(resolve) : resolve()));
  }
}

function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
