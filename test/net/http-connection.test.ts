import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { parseAnswers } from '../helpers/http-answers';
import { exchange, startTestParent, waitFor, type TestParent } from '../helpers/in-process-parent';

/** `exchange` with the answers as bytes (every answer here is ASCII). */
async function talk(port: number, parts: string[], waitMs = 800, gapMs = 0): Promise<{ raw: Buffer; closed: boolean }> {
  const { reply, closed, socket } = await exchange(port, parts, waitMs, false, gapMs);
  socket.destroy();
  return { raw: Buffer.from(reply, 'latin1'), closed };
}

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

describe('HTTP/1.1 on the shared port', () => {
  let p: TestParent;
  before(async () => {
    p = await startTestParent({ parentConf: '[web]\n    disconnect idle clients after seconds = 2\n' });
  });
  after(() => p.stop());

  it('keeps a connection alive for the next request, with Netdata headers and an exact Content-Length', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const one = (path: string) =>
      new Promise<{ res: http.IncomingMessage; body: string; reused: boolean }>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port: p.port, path, agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ res, body, reused: req.reusedSocket }));
        });
        req.on('error', reject);
      });
    const a = await one('/api/v1/info');
    const b = await one('/api/v1/charts');
    agent.destroy();
    assert.equal(b.reused, true, 'the second request went over the first one\'s connection');
    for (const x of [a, b]) {
      assert.equal(x.res.statusCode, 200);
      assert.equal(x.res.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(x.res.headers.connection, 'keep-alive');
      assert.equal(Number(x.res.headers['content-length']), Buffer.byteLength(x.body));
      assert.equal(x.res.headers['access-control-allow-origin'], '*');
      assert.ok(!Number.isNaN(Date.parse(x.res.headers.date ?? '')), 'a Date header');
    }
    assert.equal(JSON.parse(a.body).mirrored_hosts[0], 'test-parent');
    assert.ok(JSON.parse(b.body).charts !== undefined);
  });

  it('answers pipelined requests in order, HEAD without a body, and closes after Connection: close', async () => {
    const { raw, closed } = await talk(p.port, [
      get('/api/v1/info') + get('/api/v1/nothing') + 'HEAD /api/v1/info HTTP/1.1\r\n\r\n' + get('/api/v1/info', 'Connection: close\r\n') + get('/api/v1/info'),
    ]);
    const answers = parseAnswers(raw, [false, false, true, false]);
    assert.deepEqual(answers.map((x) => x.status), [200, 404, 200, 200], 'the request after Connection: close is not answered');
    assert.equal(answers[1].body, 'Unsupported v1 API command: nothing');
    assert.equal(answers[2].body, '');
    assert.equal(answers[2].headers.get('content-length'), answers[0].headers.get('content-length'), 'HEAD says how long the body would be');
    assert.equal(answers[3].headers.get('connection'), 'close');
    assert.equal(closed, true);
  });

  it('reads a request that arrives a few bytes at a time', async () => {
    const request = get('/api/v1/info', 'Connection: close\r\n');
    const parts = request.match(/.{1,3}/gs) ?? [];
    const { raw, closed } = await talk(p.port, parts, 3000, 5);
    assert.deepEqual(parseAnswers(raw).map((x) => x.status), [200]);
    assert.equal(closed, true);
  });

  it('closes an HTTP/1.0 connection unless it asks for keep-alive', async () => {
    const plain = await talk(p.port, ['GET /api/v1/info HTTP/1.0\r\n\r\n']);
    assert.equal(parseAnswers(plain.raw)[0].headers.get('connection'), 'close');
    assert.equal(plain.closed, true);
    const kept = await talk(p.port, ['GET /api/v1/info HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n'], 500);
    assert.equal(parseAnswers(kept.raw)[0].headers.get('connection'), 'keep-alive');
    assert.equal(kept.closed, false);
  });

  it('answers 400 and closes on a malformed request line, a malformed header, or a head that is too big', async () => {
    for (const bad of ['HELLO THERE\r\n\r\n', 'GET /api/v1/info HTTP/1.1\r\nno colon here\r\n\r\n', `GET /${'x'.repeat(20_000)}`]) {
      const { raw, closed } = await talk(p.port, [bad]);
      const [answer] = parseAnswers(raw);
      assert.equal(answer.status, 400, bad.slice(0, 40));
      assert.equal(closed, true);
    }
    const big = parseAnswers((await talk(p.port, [`GET /${'x'.repeat(20_000)}`])).raw)[0];
    assert.equal(big.body, 'Received request is too big.');
  });

  it('answers a request with a body (the API reads none) and then closes the connection', async () => {
    const { raw, closed } = await talk(p.port, ['POST /api/v1/info HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello' + get('/api/v1/info')]);
    const answers = parseAnswers(raw);
    assert.deepEqual(answers.map((x) => x.status), [400], 'Netdata 1.37.1 answers any method but GET and OPTIONS 400');
    assert.equal(answers[0].body, "I don't understand you...\r\n");
    assert.equal(closed, true);
  });

  it('answers a CORS preflight (OPTIONS) as Netdata does, names the Origin back, and closes', async () => {
    const origin = 'http://dash.example:8080';
    const { raw, closed } = await talk(p.port, [
      `OPTIONS /api/v1/data?chart=x HTTP/1.1\r\nOrigin: ${origin}\r\nAccess-Control-Request-Method: GET\r\n\r\n` + get('/api/v1/info'),
    ]);
    const answers = parseAnswers(raw);
    assert.equal(answers.length, 1, 'nothing is read after the preflight');
    const [pre] = answers;
    assert.equal(pre.status, 200);
    assert.equal(pre.body, 'OK');
    assert.equal(pre.headers.get('access-control-allow-origin'), origin);
    assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(pre.headers.get('access-control-allow-methods'), 'GET, OPTIONS');
    assert.equal(pre.headers.get('access-control-max-age'), '1209600');
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /\bx-auth-token\b/);
    assert.equal(pre.headers.get('connection'), 'close');
    assert.equal(closed, true);

    const cross = parseAnswers((await talk(p.port, [get('/api/v1/info', `Origin: ${origin}\r\nConnection: close\r\n`)])).raw)[0];
    assert.equal(cross.status, 200);
    assert.equal(cross.headers.get('access-control-allow-origin'), origin, 'a GET names its Origin back too');
    assert.equal(cross.headers.get('access-control-allow-methods'), undefined, 'preflight headers only on OPTIONS');
    const odd = parseAnswers((await talk(p.port, [get('/api/v1/info', 'Origin: a\rInjected: 1\r\nConnection: close\r\n')])).raw)[0];
    assert.equal(odd.headers.get('access-control-allow-origin'), '*', 'an Origin with control characters is not echoed');
    assert.equal(odd.headers.get('injected'), undefined);
  });

  it('stops reading pipelined requests while the peer does not read its answers, and answers all of them once it does', async () => {
    // 30 MB of requests whose 40+ MB of answers outgrow every socket buffer between the two ends
    const n = 30_000;
    const request = get(`/api/v1/info?pad=${'p'.repeat(1000)}`);
    const socket = net.connect(p.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.pause();
    socket.write(request.repeat(n));
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(socket.writableLength > 0, 'the server stopped taking requests while its answers were not read');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.resume();
    await waitFor(() => socket.writableLength === 0 && countAnswers(Buffer.concat(chunks)) === n, 60_000, 500);
    socket.destroy();
  });

  it('closes a connection that stays idle past `disconnect idle clients after seconds`', async () => {
    const { raw, closed } = await talk(p.port, [get('/api/v1/info')], 4000);
    assert.deepEqual(parseAnswers(raw).map((x) => x.status), [200]);
    assert.equal(closed, true);
  });

  it('answers 408 to a request head that trickles in for longer than that', async () => {
    const parts = ['GET /api/v1/info HTTP/1.1\r\n', 'A: 1\r\n', 'B: 2\r\n', 'C: 3\r\n', 'D: 4\r\n', 'E: 5\r\n', '\r\n'];
    const { raw, closed } = await talk(p.port, parts, 6000, 600);
    assert.deepEqual(parseAnswers(raw).map((x) => x.status), [408]);
    assert.equal(closed, true);
  });

  it('logs each request in the access log with its connection number, as Netdata does', async () => {
    await talk(p.port, [get('/api/v1/info?mark=a') + get('/api/v1/info?mark=b', 'Connection: close\r\n')]);
    const lines = await waitFor(() => {
      const found = p.accessLog().split('\n').filter((l) => l.includes('?mark='));
      return found.length === 2 ? found : undefined;
    }, 3000);
    const ids = lines.map((l) => /: (\d+): \d+ '\[127\.0\.0\.1\]:\d+' 'DATA' \(sent\/all = \d+\/\d+ bytes -0%, total = [\d.]+ ms\) 200 '\/api\/v1\/info\?mark=[ab]'$/.exec(l)?.[1]);
    assert.ok(ids[0] && Number(ids[0]) > 0, lines[0]);
    assert.equal(ids[1], ids[0], 'both requests came over one connection');

    await talk(p.port, ['OPTIONS /api/v1/info?mark=c HTTP/1.1\r\n\r\n']);
    const preflight = await waitFor(() => p.accessLog().split('\n').find((l) => l.includes('?mark=c')), 3000);
    assert.match(preflight, / 'OPTIONS' \(sent\/all = 2\/2 bytes -0%, total = [\d.]+ ms\) 200 '\/api\/v1\/info\?mark=c'$/);
  });
});

/** How many complete answers `raw` holds, all 200 (0 while the last one is still arriving). */
function countAnswers(raw: Buffer): number {
  try {
    const answers = parseAnswers(raw);
    return answers.every((a) => a.status === 200) ? answers.length : -1;
  } catch {
    return 0;
  }
}
