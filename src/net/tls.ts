import type net from 'node:net';
import tls from 'node:tls';
import type { PortTls, WebTls } from '../config';

/**
 * TLS on the shared port, as Netdata's web server does it: with `[web] ssl key` and `ssl certificate` every port
 * accepts TLS, told apart from plain text by the first byte of the connection, and a port's `^SSL=` suffix says
 * what happens to plain text (streaming/README.md "Expected behaviors"; web_client.c for HTTP):
 *
 * | port suffix | plain HTTP      | plain STREAM                                   | TLS      |
 * |-------------|-----------------|------------------------------------------------|----------|
 * | none        | 301 to https:// | accepted                                       | accepted |
 * | `optional`  | served          | accepted                                       | accepted |
 * | `force`     | 301 to https:// | 400 and logged (the child: "is it a netdata?") | accepted |
 */

/** A TLS record of type handshake: how every ClientHello starts. A request line starts with a letter. */
const TLS_HANDSHAKE_RECORD = 0x16;

export const startsTls = (firstBytes: Buffer): boolean => firstBytes[0] === TLS_HANDSHAKE_RECORD;

export interface PlainTextRule {
  http: 'serve' | 'redirect';
  stream: 'accept' | 'refuse';
}

/** Without TLS configured, and on an encrypted connection. */
export const ACCEPT_ALL: PlainTextRule = { http: 'serve', stream: 'accept' };

export function plainTextRule(tlsConfigured: boolean, port: PortTls | undefined): PlainTextRule {
  if (!tlsConfigured || port === 'optional') return ACCEPT_ALL;
  return { http: 'redirect', stream: port === 'force' ? 'refuse' : 'accept' };
}

export function serverContext(files: WebTls): tls.SecureContext {
  return tls.createSecureContext({ key: files.key, cert: files.cert });
}

/**
 * The server side of TLS on `socket`, whose first bytes were read and put back with unshift(): TLSSocket consumes what
 * is buffered on the socket before it reads from the kernel. `onFail` is called once, for an error before the handshake
 * completes; later errors only close the connection.
 */
export function acceptTls(socket: net.Socket, context: tls.SecureContext, onSecure: (secure: tls.TLSSocket) => void, onFail: (err: Error) => void): tls.TLSSocket {
  const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
  let established = false;
  secure.once('secure', () => {
    established = true;
    onSecure(secure);
  });
  secure.on('error', (err) => {
    if (!established) onFail(err);
    secure.destroy();
  });
  return secure;
}

/** OpenSSL's short reason (`wrong version number`), not its multi-line message: one log line per failed handshake. */
export function tlsReason(err: Error): string {
  return (err as Error & { reason?: string }).reason ?? err.message.split('\n')[0];
}

/** Netdata 1.37's answer to a plain-text STREAM on a `force` port (its "not supported" reply). */
export const PLAIN_STREAM_REFUSED =
  'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 27\r\n\r\n' +
  "I don't understand you...\r\n";

/** A 301 to the same URL over https, from the request's Host header (or `fallbackHost`), as Netdata redirects. */
export function httpsRedirect(head: string, fallbackHost: string): { url: string; reply: string } {
  const url = head.split(' ', 2)[1] ?? '/';
  const host = /\r?\nhost:[ \t]*([^\r\n]+)/i.exec(head)?.[1].trim() || fallbackHost;
  const location = `https://${host}${url.startsWith('/') ? url : '/'}`;
  const body = `This port serves https only: ${location}\r\n`;
  const reply =
    `HTTP/1.1 301 Moved Permanently\r\nLocation: ${location}\r\nConnection: close\r\n` +
    `Cache-Control: no-cache, no-store, must-revalidate\r\nContent-Type: text/plain; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  return { url, reply };
}
