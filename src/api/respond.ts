import type http from 'node:http';

export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

export const json = (body: string, status = 200): Reply => ({ status, contentType: 'application/json; charset=utf-8', body });
export const text = (body: string, status = 200): Reply => ({ status, contentType: 'text/plain; charset=utf-8', body });
export const html = (body: string, status = 200): Reply => ({ status, contentType: 'text/html; charset=utf-8', body });

/** Netdata's response headers (web/server/web_client.c), so dashboards and scripts see what they expect. */
export function send(res: http.ServerResponse, reply: Reply): number {
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {
    Server: 'streamledger (Netdata-compatible)',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Credentials': 'true',
    'Content-Type': reply.contentType,
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    Pragma: 'no-cache',
    'Content-Length': body.length,
  });
  res.end(body);
  return body.length;
}
