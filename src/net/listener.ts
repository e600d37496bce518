import net from 'node:net';
import type http from 'node:http';
import type { BindAddress } from '../config';
import type { Logger } from '../log';
import type { AccessLog } from './access-log';

export interface Peer {
  connId: number;
  ip: string;
  port: number;
}

export interface ListenerOptions {
  bind: BindAddress[];
  firstRequestTimeoutSeconds: number;
  /** A streaming request head larger than this is refused (Netdata's web server caps requests similarly). */
  maxHeadBytes: number;
}

const STREAM_PREFIX = Buffer.from('STREAM ');

/**
 * One port for both protocols, as Netdata's web server: the first bytes decide. `STREAM ` hands the socket to the stream
 * acceptor once the request head is complete; anything else goes to the HTTP server with the bytes already read put back.
 * A connection that does not complete its first request in time is closed and logged, and holds nothing afterwards.
 */
export class Listener {
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private nextConnId = 1;

  constructor(
    private readonly opts: ListenerOptions,
    private readonly onStream: (socket: net.Socket, head: string, rest: Buffer, peer: Peer) => void,
    private readonly httpServer: http.Server,
    private readonly logger: Logger,
    private readonly accessLog: AccessLog,
  ) {}

  async start(): Promise<void> {
    for (const b of this.opts.bind) {
      const server = net.createServer((socket) => this.onConnection(socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(b.port, b.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', (err) => this.logger.error({ err }, `listener error on ${b.host}:${b.port}`));
      this.servers.push(server);
      this.logger.info(`listening on ${b.host.includes(':') ? `[${b.host}]` : b.host}:${b.port}`);
    }
  }

  /** The port actually bound (useful when configured as 0). */
  port(index = 0): number {
    const addr = this.servers[index]?.address();
    return typeof addr === 'object' && addr ? addr.port : 0;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private onConnection(socket: net.Socket): void {
    const peer: Peer = { connId: this.nextConnId++, ip: normalizeIp(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 };
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    let buf: Buffer = Buffer.alloc(0);
    const give = (why: string) => {
      socket.off('data', onData);
      clearTimeout(timer);
      this.logger.error(`connection from [${peer.ip}]:${peer.port}: ${why}; closing it.`);
      this.accessLog.write(`${peer.connId}: ${process.pid} '[${peer.ip}]:${peer.port}' 'DISCONNECTED' (${why})`);
      socket.destroy();
    };
    const timer = setTimeout(() => give(`did not send a complete request within ${this.opts.firstRequestTimeoutSeconds} seconds`), this.opts.firstRequestTimeoutSeconds * 1000);
    timer.unref();
    const onData = (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const prefixLen = Math.min(buf.length, STREAM_PREFIX.length);
      const isStream = buf.subarray(0, prefixLen).equals(STREAM_PREFIX.subarray(0, prefixLen));
      if (!isStream) {
        socket.off('data', onData);
        clearTimeout(timer);
        socket.pause();
        socket.unshift(buf);
        this.httpServer.emit('connection', socket);
        socket.resume();
        return;
      }
      const end = headEnd(buf);
      if (end < 0) {
        if (buf.length > this.opts.maxHeadBytes) give(`streaming request larger than ${this.opts.maxHeadBytes} bytes`);
        return;
      }
      socket.off('data', onData);
      clearTimeout(timer);
      this.onStream(socket, buf.subarray(0, end).toString('utf8'), buf.subarray(headEndLength(buf, end)), peer);
    };
    socket.on('data', onData);
  }
}

/** Index of the blank line that ends the request head (CRLF CRLF or LF LF), or -1. */
function headEnd(buf: Buffer): number {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf < 0) return lf;
  if (lf < 0) return crlf;
  return Math.min(crlf, lf);
}

function headEndLength(buf: Buffer, end: number): number {
  return buf[end] === 0x0d ? end + 4 : end + 2;
}

/** Netdata logs IPv4 peers without the IPv6-mapped prefix. */
function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
