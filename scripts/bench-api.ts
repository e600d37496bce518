/**
 * What one /api/v1/data request costs a parent in CPU: streamledger, a real Netdata 1.37.1 parent and, as the floors of
 * the platform, a bare node:http server and a bare net server answering a fixed body of the same size. Each parent
 * receives the same small load (2 children of the load generator, 50 charts x 8 dimensions; it keeps streaming, as
 * Netdata 1.37 answers no query for the charts of a child that left); after `fill` s, `requests` requests `gap` ms apart, once with a new
 * connection each (what the delay probe of bench:vs-netdata does) and once on one kept-alive connection. CPU is
 * utime + stime of the server's process (/proc/<pid>/stat) over the requests, minus its rate without requests measured
 * just before; rounds alternate the servers.
 *
 *   npm run bench:api -- [--requests 400] [--gap 50] [--rounds 2] [--fill 15]
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { DEFAULT_API_KEY, netdataAvailability, startNetdataParent } from '../test/helpers/netdata';
import { HEALTH_OFF, startParent } from '../test/helpers/parent';
import { freePort } from '../test/helpers/ports';
import { parseNumericArgs } from './lib/numeric-args';
import { cpuSeconds } from './lib/proc-stats';
import { runLoad } from './loadgen';

type Args = { requests: number; gap: number; rounds: number; fill: number };
const parseArgs = (argv: string[]): Args => parseNumericArgs<Args>(argv, { requests: 400, gap: 50, rounds: 2, fill: 15 });

const QUERY = '/host/api-1/api/v1/data?chart=lg_mem.pool7&after=-30&before=0&points=30&group=average&gtime=0&format=json';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Server {
  name: string;
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/** GET `path`; the body's length. `agent` false = a new connection. */
function get(port: number, path: string, agent: http.Agent | false): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
}

/** Streams the load to `port` until the returned stop is called; resolves once `seconds` have passed. */
async function feed(port: number, seconds: number): Promise<() => Promise<void>> {
  let done = false;
  const load = runLoad({ host: '127.0.0.1', port, key: DEFAULT_API_KEY, children: 2, charts: 50, dims: 8, seconds: 24 * 3600, hostnamePrefix: 'api', shouldStop: () => done });
  load.catch(() => {});
  await sleep(seconds * 1000);
  return async () => {
    done = true;
    await load.catch(() => undefined);
  };
}

async function ours(a: Args): Promise<Server> {
  const p = await startParent({ parentConfExtra: '[db]\n    mode = dbengine\n' + HEALTH_OFF });
  const stopLoad = await feed(p.port, a.fill);
  return { name: 'streamledger', pid: p.pid, port: p.port, stop: async () => { await stopLoad(); await p.dispose(); } };
}

async function netdata(a: Args): Promise<Server> {
  const port = await freePort();
  const nd = await startNetdataParent({ port, memoryMode: 'dbengine', health: false });
  const stopLoad = await feed(port, a.fill);
  return { name: 'netdata 1.37.1', pid: nd.pid, port, stop: async () => { await stopLoad(); await nd.stop(); } };
}

/**
 * The floors of the platform, each answering `bytes` bytes to every request: a bare node:http server, and a bare `net`
 * server writing a fixed HTTP answer per request head (what serving HTTP on the socket by hand, as streamledger does,
 * can cost at best).
 */
const BARE: Record<string, (bytes: number, port: number) => string> = {
  'bare node:http': (bytes, port) => `const body = Buffer.alloc(${bytes}, 32);
require('node:http').createServer((q, s) => { s.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length }); s.end(body); })
  .listen(${port}, '127.0.0.1', () => process.stdout.write('up\\n'));`,
  'bare net': (bytes, port) => `const body = ' '.repeat(${bytes});
const answer = (c) => 'HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: ${bytes}\\r\\nConnection: ' + c + '\\r\\n\\r\\n' + body;
require('node:net').createServer((s) => {
  let buf = '';
  s.on('error', () => {});
  s.on('data', (d) => {
    buf += d.toString('latin1');
    for (let i = buf.indexOf('\\r\\n\\r\\n'); i >= 0; i = buf.indexOf('\\r\\n\\r\\n')) {
      const head = buf.slice(0, i);
      buf = buf.slice(i + 4);
      if (/^connection: *close/im.test(head)) return s.end(answer('close'));
      s.write(answer('keep-alive'));
    }
  });
}).listen(${port}, '127.0.0.1', () => process.stdout.write('up\\n'));`,
};

async function bareServer(name: string, bytes: number): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE[name](bytes, port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (c) => reject(new Error(`${name} server exited (${c})`)));
  });
  return {
    name, pid: child.pid ?? 0, port,
    stop: async () => {
      child.kill();
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** ms of the server's CPU per request, `requests` requests `gap` ms apart, above its idle rate. */
async function cpuPerRequest(s: Server, a: Args, keepAlive: boolean): Promise<number> {
  const agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
  try {
    for (let i = 0; i < 20; i++) await get(s.port, QUERY, agent); // warm up
    const idle0 = cpuSeconds(s.pid);
    const i0 = Date.now();
    await sleep(10_000);
    const idleRate = (cpuSeconds(s.pid) - idle0) / ((Date.now() - i0) / 1000);
    const c0 = cpuSeconds(s.pid);
    const t0 = Date.now();
    for (let i = 0; i < a.requests; i++) {
      await get(s.port, QUERY, agent);
      await sleep(a.gap);
    }
    const busy = cpuSeconds(s.pid) - c0 - idleRate * ((Date.now() - t0) / 1000);
    return (busy / a.requests) * 1000;
  } finally {
    if (agent) agent.destroy();
  }
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const nd = netdataAvailability();
  if (!nd.ok) throw new Error(`real Netdata unavailable: ${nd.reason}`);
  const results = new Map<string, { fresh: number[]; kept: number[]; bytes: number }>();
  // the bare servers answer as many bytes as ours did (ours runs first in every round)
  const bare = Object.keys(BARE).map((name) => () => bareServer(name, results.get('streamledger')?.bytes ?? 2000));
  for (let round = 1; round <= a.rounds; round++) {
    for (const start of [() => ours(a), () => netdata(a), ...bare]) {
      const s = await start();
      try {
        const bytes = await get(s.port, QUERY, false);
        const r = results.get(s.name) ?? { fresh: [], kept: [], bytes };
        r.fresh.push(await cpuPerRequest(s, a, false));
        r.kept.push(await cpuPerRequest(s, a, true));
        results.set(s.name, r);
        console.error(`[round ${round}] ${s.name}: ${r.fresh.at(-1)?.toFixed(3)} ms (new connections), ${r.kept.at(-1)?.toFixed(3)} ms (kept alive), answer ${bytes} bytes`);
      } finally {
        await s.stop();
      }
    }
  }
  const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  console.log(`CPU ms per /api/v1/data request (${a.requests} requests ${a.gap} ms apart, mean of ${a.rounds} rounds; ` +
    `a chart of 8 dimensions, 30 points; the bare servers answer a fixed body of the same size)`);
  console.log('server                 new connection each   one kept-alive connection   answer bytes');
  for (const [name, r] of results) {
    console.log(`${name.padEnd(22)} ${mean(r.fresh).toFixed(3).padStart(20)}   ${mean(r.kept).toFixed(3).padStart(25)}   ${String(r.bytes).padStart(12)}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
