import type http from 'node:http';

export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

export const json = (body: string, status = 200): Reply => ({ status, contentType: 'application/json; charset=utf-8', body });
export const text = (body: string, status = 200): Reply => ({ status, contentType: 'text/plain; charset=utf-8', body });
export const html = (body: string, status = 200): Reply => ({ status, contentType: 'text/html; charset=utf-8', body });

/**
 * Netdata's response headers (web/server/web_client.c), so dashboards and scripts see what they expect. The body goes
 * to end() as a string: Node then writes the head and the body in one write (a Buffer body takes a second, corked
 * writev path), which is most of what an answer costs besides the query.
 */
export function send(res: http.ServerResponse, reply: Reply): number {
  const bytes = Buffer.byteLength(reply.body, 'utf8');
  res.writeHead(reply.status, {
    Server: 'streamledger (Netdata-compatible)',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Credentials': 'true',
    'Content-Type': reply.contentType,
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    Pragma: 'no-cache',
    'Content-Length': bytes,
  });
  res.end(reply.body, 'utf8');
  return bytes;
}
