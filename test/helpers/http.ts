import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One GET without keep-alive (a pooled connection would outlive the server under test and hold it open).
 * A peer that answers without a status line, as Netdata does for refused streams, is an error here.
 * https URLs trust any certificate (tests make their own).
 */
export function httpGet(url: string, timeoutMs = 10_000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { agent: false, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** GET and parse JSON; a non-200 status or a body that is not JSON is an error naming the URL and the body. */
export async function httpGetJson(url: string): Promise<any> {
  const a = await httpGet(url);
  if (a.status !== 200) throw new Error(`GET ${url}: HTTP ${a.status}: ${a.body.slice(0, 300)}`);
  try {
    return JSON.parse(a.body);
  } catch {
    throw new Error(`GET ${url}: not JSON: ${a.body.slice(0, 300)}`);
  }
}
