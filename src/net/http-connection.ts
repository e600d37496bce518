import { STATUS_CODES } from 'node:http';
import type net from 'node:net';
import type { AccessLog } from './access-log';
import type { Peer } from './peer';
import { findHeadEnd } from './request-head';

export interface HttpRequest {
  method: string;
  /** The request target as sent: path and query. */
  url: string;
  peer: Peer;
}

export interface HttpReply {
  status: number;
  contentType: string;
  body: string;
}

/** Answers a GET or HEAD synchronously; it does not throw (a failure is its own 500 answer). */
export type HttpHandler = (req: HttpRequest) => HttpReply;

export interface HttpOptions {
  /** A request head larger than this is answered 400 and the connection closed (Netdata's web server caps requests too). */
  maxHeadBytes: number;
  /** A connection with no request for this long is closed, as is one whose request head takes longer to arrive. */
  idleSeconds: number;
}

/** A browser's CORS preflight (OPTIONS) gets these, as from Netdata 1.37.1: any origin may GET, for two weeks. */
const PREFLIGHT_HEADERS =
  'Access-Control-Allow-Methods: GET, OPTIONS\r\n' +
  'Access-Control-Allow-Headers: accept, x-requested-with, origin, content-type, cookie, pragma, cache-control, x-auth-token\r\n' +
  'Access-Control-Max-Age: 1209600\r\n';

/** Unanswered bytes queued on a socket beyond which no further pipelined request is read until the peer reads. */
const MAX_QUEUED_BYTES = 1 << 20;

/**
 * HTTP/1.1 on one connection of the shared port, for the API: GET and HEAD, keep-alive, pipelining, no request bodies
 * (a request that has one is answered, then the connection is closed). As Netdata's web server: OPTIONS gets the CORS
 * preflight answer and the connection closes, any other method a 400, and every answer names the request's Origin.
 * Answers are synchronous, so each is one write of head and body in request order. This replaces node:http, whose
 * stream layers double what a kept-alive request costs over a bare socket at a dashboard's pace (0.4 against 0.2 ms
 * here); the API needs none of what they offer.
 */
export function serveHttp(socket: net.Socket, firstBytes: Buffer, peer: Peer, handler: HttpHandler, accessLog: AccessLog, opts: HttpOptions): void {
  let pending: Buffer | null = firstBytes.length ? firstBytes : null;
  /** When the first byte of a still-incomplete head arrived (0: none pending). */
  let headSince = pending ? Date.now() : 0;
  let closing = false;

  const answer = (req: Pick<ParsedHead, 'method' | 'url' | 'origin'>, reply: HttpReply, keepAlive: boolean, started: number, extraHeaders = '') => {
    const bytes = Buffer.byteLength(reply.body, 'utf8');
    const head = responseHead(reply, bytes, keepAlive, req.origin, extraHeaders);
    const out = req.method === 'HEAD' ? head : head + reply.body;
    const mode = req.method === 'OPTIONS' ? 'OPTIONS' : 'DATA';
    accessLog.http(peer.connId, peer.ip, peer.port, mode, reply.status, bytes, performance.now() - started, req.url);
    if (keepAlive) return socket.write(out, 'utf8');
    closing = true;
    socket.end(out, 'utf8');
    socket.destroySoon(); // closed once the answer is written, whether or not the peer closes its side
    return true;
  };

  const plain = (status: number, body: string): HttpReply => ({ status, contentType: 'text/plain; charset=utf-8', body });
  const refuse = (status: number, message: string) => answer({ method: 'GET', url: '', origin: '' }, plain(status, message), false, performance.now());

  /** Answers every complete request in `pending`; stops early while the peer is not reading its answers. */
  const drain = () => {
    while (pending && !closing) {
      const at = findHeadEnd(pending);
      if (!at) {
        if (pending.length > opts.maxHeadBytes) refuse(400, 'Received request is too big.');
        else if (Date.now() - headSince > opts.idleSeconds * 1000) refuse(408, 'Request timed out.');
        return;
      }
      const started = performance.now();
      const req = parseHead(pending.toString('latin1', 0, at.end));
      pending = at.next < pending.length ? pending.subarray(at.next) : null;
      headSince = pending ? Date.now() : 0;
      if (!req) {
        refuse(400, 'Bad request.');
        return;
      }
      let flowing: boolean;
      if (req.method === 'GET' || req.method === 'HEAD') {
        flowing = answer(req, handler({ method: req.method, url: req.url, peer }), req.keepAlive && !req.hasBody, started);
      } else if (req.method === 'OPTIONS') {
        flowing = answer(req, plain(200, 'OK'), false, started, PREFLIGHT_HEADERS);
      } else {
        flowing = answer(req, plain(400, "I don't understand you...\r\n"), false, started);
      }
      if (!flowing && !closing && socket.writableLength > MAX_QUEUED_BYTES) {
        socket.pause();
        socket.once('drain', () => {
          socket.resume();
          drain();
        });
        return;
      }
    }
  };

  socket.on('data', (chunk: Buffer) => {
    if (closing) return;
    if (!pending) headSince = Date.now();
    pending = pending ? Buffer.concat([pending, chunk]) : chunk;
    drain();
  });
  socket.setTimeout(opts.idleSeconds * 1000, () => socket.destroy());
  drain();
}

interface ParsedHead {
  method: string;
  url: string;
  keepAlive: boolean;
  /** The Origin header as sent ('' without one): a browser's cross-origin request needs it named back. */
  origin: string;
  /** A body the API will not read: after the answer the connection cannot find the next request, so it closes. */
  hasBody: boolean;
}

/** The request line and the headers that decide the connection's fate; null for a head that is not HTTP/1.x. */
function parseHead(head: string): ParsedHead | null {
  const lines = head.split(/\r?\n/);
  const m = /^([A-Z]+) (\S+) HTTP\/1\.([01])$/.exec(lines[0]);
  if (!m) return null;
  let connection = '';
  let origin = '';
  let hasBody = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'connection') connection = value.toLowerCase();
    else if (name === 'origin') origin = /^[\x21-\x7e]+$/.test(value) ? value : ''; // echoed into a header: visible ASCII only
    else if (name === 'transfer-encoding' || (name === 'content-length' && value !== '0')) hasBody = true;
  }
  const keepAlive = m[3] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
  return { method: m[1], url: m[2], keepAlive, origin, hasBody };
}

let dateSecond = -1;
let dateValue = '';

/** Netdata's response headers (web/server/web_client.c), so dashboards and scripts see what they expect. */
function responseHead(reply: HttpReply, bytes: number, keepAlive: boolean, origin: string, extraHeaders: string): string {
  const now = Date.now();
  if (Math.floor(now / 1000) !== dateSecond) {
    dateSecond = Math.floor(now / 1000);
    dateValue = new Date(now).toUTCString();
  }
  return (
    `HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Unknown'}\r\n` +
    'Server: streamledger (Netdata-compatible)\r\n' +
    `Access-Control-Allow-Origin: ${origin || '*'}\r\n` +
    'Access-Control-Allow-Credentials: true\r\n' +
    `Content-Type: ${reply.contentType}\r\n` +
    'Cache-Control: no-cache, no-store, must-revalidate\r\n' +
    'Pragma: no-cache\r\n' +
    `Date: ${dateValue}\r\n` +
    `Connection: ${keepAlive ? 'keep-alive' : 'close'}\r\n` +
    extraHeaders +
    `Content-Length: ${bytes}\r\n\r\n`
  );
}
