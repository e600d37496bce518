import net from 'node:net';
import type tls from 'node:tls';
import type { BindAddress, WebTls } from '../config';
import type { Logger } from '../log';
import type { AccessLog } from './access-log';
import { serveHttp, type HttpHandler } from './http-connection';
import type { Peer } from './peer';
import { findHeadEnd } from './request-head';
import { parseStreamRequest } from './stream-request';
import { ACCEPT_ALL, acceptTls, httpsRedirect, PLAIN_STREAM_REFUSED, plainTextRule, serverContext, startsTls, tlsReason, type PlainTextRule } from './tls';

export interface ListenerOptions {
  bind: BindAddress[];
  /** null: plain text only. */
  tls: WebTls | null;
  firstRequestTimeoutSeconds: number;
  /** A request head (streaming or HTTP) larger than this is refused (Netdata's web server caps requests similarly). */
  maxHeadBytes: number;
  /** An HTTP connection idle this long between requests is closed. */
  httpIdleSeconds: number;
}

const STREAM_PREFIX = Buffer.from('STREAM ');

/**
 * One port for both protocols, as Netdata's web server: the first bytes decide. `STREAM ` hands the socket to the stream
 * acceptor once the request head is complete; anything else is served as HTTP (http-connection.ts) from the bytes
 * already read.
 * With TLS configured, a first byte that starts a TLS handshake puts TLS under both (see tls.ts for what plain text gets).
 * A connection that does not complete its handshake and first request in time is closed and logged, and holds nothing
 * afterwards.
 */
export class Listener {
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private nextConnId = 1;
  private readonly tlsContext: tls.SecureContext | null;

  constructor(
    private readonly opts: ListenerOptions,
    private readonly onStream: (socket: net.Socket, head: string, rest: Buffer, peer: Peer) => void,
    private readonly onHttp: HttpHandler,
    private readonly logger: Logger,
    private readonly accessLog: AccessLog,
  ) {
    this.tlsContext = opts.tls ? serverContext(opts.tls) : null;
  }

  async start(): Promise<void> {
    for (const b of this.opts.bind) {
      const rule = plainTextRule(this.tlsContext !== null, b.tls);
      const server = net.createServer((socket) => this.onConnection(socket, rule));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(b.port, b.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', (err) => this.logger.error({ err }, `listener error on ${b.host}:${b.port}`));
      this.servers.push(server);
      const tlsNote = this.tlsContext ? ` (TLS${b.tls ? `, ^SSL=${b.tls}` : ''})` : '';
      this.logger.info(`listening on ${b.host.includes(':') ? `[${b.host}]` : b.host}:${b.port}${tlsNote}`);
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

  private onConnection(raw: net.Socket, plainRule: PlainTextRule): void {
    const peer: Peer = { connId: this.nextConnId++, ip: normalizeIp(raw.remoteAddress ?? ''), port: raw.remotePort ?? 0 };
    this.track(raw);
    raw.setNoDelay(true);
    let current = raw;
    const give = (why: string) => {
      clearTimeout(timer);
      this.logger.error(`connection from [${peer.ip}]:${peer.port}: ${why}; closing it.`);
      this.accessLog.write(`${peer.connId}: ${process.pid} '[${peer.ip}]:${peer.port}' 'DISCONNECTED' (${why})`);
      current.destroy();
      raw.destroy();
    };
    const timer = setTimeout(() => give(`did not send a complete request within ${this.opts.firstRequestTimeoutSeconds} seconds`), this.opts.firstRequestTimeoutSeconds * 1000);
    timer.unref();

    const route = (socket: net.Socket, rule: PlainTextRule) => {
      current = socket;
      let buf: Buffer = Buffer.alloc(0);
      const stop = () => {
        socket.off('data', onData);
        clearTimeout(timer);
      };
      const onData = (chunk: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        const prefixLen = Math.min(buf.length, STREAM_PREFIX.length);
        const isStream = buf.subarray(0, prefixLen).equals(STREAM_PREFIX.subarray(0, prefixLen));
        if (!isStream && rule.http === 'serve') {
          stop();
          serveHttp(socket, buf, peer, this.onHttp, this.accessLog, { maxHeadBytes: this.opts.maxHeadBytes, idleSeconds: this.opts.httpIdleSeconds });
          return;
        }
        // a redirect, a refusal and a stream all need the whole head
        const at = findHeadEnd(buf);
        if (!at) {
          if (buf.length > this.opts.maxHeadBytes) give(`${isStream ? 'streaming ' : ''}request larger than ${this.opts.maxHeadBytes} bytes`);
          return;
        }
        stop();
        const head = buf.subarray(0, at.end).toString('utf8');
        if (!isStream) this.redirectToHttps(socket, head, peer);
        else if (rule.stream === 'refuse') this.refusePlainStream(socket, head, peer);
        else this.onStream(socket, head, buf.subarray(at.next), peer);
      };
      socket.on('data', onData);
      socket.resume(); // the first-byte check below pauses the socket
    };

    if (!this.tlsContext) return route(raw, ACCEPT_ALL);
    const context = this.tlsContext;
    raw.once('data', (first: Buffer) => {
      raw.pause();
      raw.unshift(first);
      if (!startsTls(first)) return route(raw, plainRule);
      const secure = acceptTls(raw, context, (s) => route(s, ACCEPT_ALL), (err) => give(`TLS handshake failed: ${tlsReason(err)}`));
      current = secure;
      this.track(secure);
    });
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private redirectToHttps(socket: net.Socket, head: string, peer: Peer): void {
    const local = normalizeIp(socket.localAddress ?? '');
    const { url, reply } = httpsRedirect(head, `${local.includes(':') ? `[${local}]` : local}:${socket.localPort ?? ''}`);
    this.accessLog.http(peer.connId, peer.ip, peer.port, 'DATA', 301, Buffer.byteLength(reply), 0, url);
    endThenClose(socket, reply);
  }

  private refusePlainStream(socket: net.Socket, head: string, peer: Peer): void {
    let who = { hostname: '-', key: '-', guid: '-' };
    try {
      const req = parseStreamRequest(head);
      who = { hostname: req.hostname ?? '-', key: req.key ?? '-', guid: req.machineGuid ?? '-' };
    } catch {
      // malformed: refused all the same, logged with what is known
    }
    this.accessLog.stream(peer.connId, peer.ip, peer.port, 'ACCESS DENIED - TLS REQUIRED', who.hostname, who.key, who.guid);
    this.logger.error(
      `STREAM [receive from [${peer.ip}]:${peer.port}]: host '${who.hostname}' sent a plain-text streaming request to a port with ^SSL=force; ` +
        `refused (the child needs :SSL at the end of its destination).`,
    );
    endThenClose(socket, PLAIN_STREAM_REFUSED);
  }
}

/** Sends the last bytes, then closes; a peer that keeps its side open is not waited for. */
function endThenClose(socket: net.Socket, reply: string): void {
  socket.end(reply);
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** Netdata logs IPv4 peers without the IPv6-mapped prefix. */
function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
