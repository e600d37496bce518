import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { postWebhook } from '../../../src/health/notify/post-webhook';

interface Received {
  method: string;
  type: string;
  body: unknown;
}

/** A server on 127.0.0.1:0 answering with `handler`; the requests it got, and how to stop it. */
async function server(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const received: Received[] = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method!, type: req.headers['content-type'] ?? '', body: JSON.parse(body) });
      handler(req, res);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`;
  const close = () => {
    s.closeAllConnections();
    return new Promise((r) => s.close(r));
  };
  return { url, received, close };
}

describe('postWebhook', () => {
  it('POSTs JSON; a 2xx answer is ok', async () => {
    const srv = await server((_req, res) => res.writeHead(204).end());
    try {
      const r = await postWebhook(srv.url, { name: 'cpu', value: NaN }, 2000);
      assert.deepEqual(r, { code: 204, ok: true, detail: 'HTTP 204' });
      assert.deepEqual(srv.received, [{ method: 'POST', type: 'application/json', body: { name: 'cpu', value: null } }]);
    } finally {
      await srv.close();
    }
  });

  it('reports another answer with its status and body', async () => {
    const srv = await server((_req, res) => res.writeHead(500).end('database is down\n'));
    try {
      assert.deepEqual(await postWebhook(srv.url, {}, 2000), { code: 500, ok: false, detail: 'HTTP 500: database is down' });
    } finally {
      await srv.close();
    }
  });

  it('gives up on a server that never answers', async () => {
    const srv = await server(() => {});
    try {
      const started = Date.now();
      const r = await postWebhook(srv.url, {}, 300);
      assert.deepEqual(r, { code: -1, ok: false, detail: 'timed out after 300 ms' });
      assert.ok(Date.now() - started < 2000);
    } finally {
      await srv.close();
    }
  });

  it('does not throw when nothing listens or the URL is wrong', async () => {
    const srv = await server(() => {});
    await srv.close();
    const refused = await postWebhook(srv.url, {}, 2000);
    assert.equal(refused.code, -1);
    assert.match(refused.detail, /ECONNREFUSED/);
    const bad = await postWebhook('not a url', {}, 2000);
    assert.equal(bad.code, -1);
    assert.equal(bad.ok, false);
  });
});
