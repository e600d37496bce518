/**
 * Exporting benchmark: what an exporting instance costs the parent. One streamledger parent per variant (no
 * exporting, then one instance of each format, alternating over rounds), fed the same load by the load generator;
 * the instance sends every host to a local sink that reads and discards (TCP) or answers 204 (HTTP), so only the
 * parent's work is measured. Prints per variant: metrics exported per second (from the instance's own chart),
 * bytes per second, the parent's CPU cores (/proc/<pid>/stat) and the CPU the instance adds per million exported
 * values, against the no-exporting run of the same round.
 *
 *   npm run bench:export -- [--children 10] [--charts 200] [--dims 8] [--seconds 40] [--every 10] [--rounds 2]
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { DEFAULT_API_KEY } from '../test/helpers/netdata';
import { HEALTH_OFF, startParent } from '../test/helpers/parent';
import { parseNumericArgs } from './lib/numeric-args';
import { cpuSeconds } from './lib/proc-stats';
import { runLoad } from './loadgen';

type Args = {
  children: number;
  charts: number;
  dims: number;
  seconds: number;
  every: number;
  rounds: number;
};

const parseArgs = (argv: string[]): Args => parseNumericArgs<Args>(argv, { children: 10, charts: 200, dims: 8, seconds: 40, every: 10, rounds: 2 });

const VARIANTS = ['none', 'graphite', 'opentsdb', 'opentsdb:http', 'json', 'prometheus_remote_write'] as const;
type Variant = (typeof VARIANTS)[number];

interface Sinks {
  tcpPort: number;
  httpPort: number;
  bytes: number;
  close(): void;
}

async function startSinks(): Promise<Sinks> {
  const s = { tcpPort: 0, httpPort: 0, bytes: 0, close: () => {} };
  const tcp = net.createServer((sock) => sock.on('data', (d) => (s.bytes += d.length)));
  const web = http.createServer((req, res) => {
    req.on('data', (d: Buffer) => (s.bytes += d.length));
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  s.tcpPort = (tcp.address() as net.AddressInfo).port;
  s.httpPort = (web.address() as net.AddressInfo).port;
  s.close = () => {
    tcp.close();
    web.close();
  };
  return s;
}

interface Result {
  variant: Variant;
  cores: number;
  exportedPerSec: number;
  bytesPerSec: number;
}

async function runVariant(v: Variant, a: Args, sinks: Sinks): Promise<Result> {
  const dir = fs.mkdtempSync('/tmp/sl-bench-export-');
  if (v !== 'none') {
    const port = v.includes('http') || v === 'prometheus_remote_write' ? sinks.httpPort : sinks.tcpPort;
    fs.writeFileSync(`${dir}/exporting.conf`, `[${v}:bench]\n    enabled = yes\n    destination = 127.0.0.1:${port}\n    update every = ${a.every}\n    send hosts matching = *\n`);
  }
  const parent = await startParent({ dir, parentConfExtra: HEALTH_OFF });
  const warmup = 2 * a.every + 5;
  let done = false;
  const load = runLoad({ host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: a.children, charts: a.charts, dims: a.dims, seconds: warmup + a.seconds + 30, shouldStop: () => done });
  await new Promise((r) => setTimeout(r, warmup * 1000));
  const cpu0 = cpuSeconds(parent.pid);
  const bytes0 = sinks.bytes;
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, a.seconds * 1000));
  const cpu = cpuSeconds(parent.pid) - cpu0;
  const bytes = sinks.bytes - bytes0;
  const secs = (Date.now() - t0) / 1000;
  let exported = 0;
  if (v !== 'none') {
    // one slot per round (no `points`: every slot of the window as stored), added up
    const d = await parent.getJson(`/api/v1/data?chart=netdata.exporting_bench_metrics&after=${Math.floor(t0 / 1000)}&before=${Math.floor(t0 / 1000 + secs)}&format=json`);
    exported = d.data.reduce((n: number, row: number[]) => n + (row[d.labels.indexOf('sent')] ?? 0), 0);
  }
  done = true;
  await load;
  await parent.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  return { variant: v, cores: cpu / secs, exportedPerSec: exported / secs, bytesPerSec: bytes / secs };
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const offered = a.children * a.charts * a.dims;
  console.log(`exporting benchmark: ${a.children} children x ${a.charts} charts x ${a.dims} dims = ${offered} values/s collected; ` +
    `one instance, update every ${a.every} s, average, every host; ${a.seconds} s measured per run, ${a.rounds} rounds`);
  const sinks = await startSinks();
  const all: Result[] = [];
  for (let r = 0; r < a.rounds; r++) {
    for (const v of VARIANTS) {
      const res = await runVariant(v, a, sinks);
      console.log(`round ${r + 1} ${v}: ${res.cores.toFixed(3)} cores, ${res.exportedPerSec.toFixed(0)} metrics/s exported, ${(res.bytesPerSec / 1024).toFixed(1)} KiB/s`);
      all.push(res);
    }
  }
  sinks.close();
  const mean = (v: Variant, f: (r: Result) => number) => {
    const rs = all.filter((r) => r.variant === v);
    return rs.reduce((n, r) => n + f(r), 0) / rs.length;
  };
  const base = mean('none', (r) => r.cores);
  console.log('\n| instance type | metrics/s exported | KiB/s sent | parent CPU cores | added by exporting | CPU s per million exported |');
  console.log('|---|---|---|---|---|---|');
  for (const v of VARIANTS) {
    const cores = mean(v, (r) => r.cores);
    const perSec = mean(v, (r) => r.exportedPerSec);
    const added = cores - base;
    console.log(`| ${v} | ${perSec.toFixed(0)} | ${(mean(v, (r) => r.bytesPerSec) / 1024).toFixed(1)} | ${cores.toFixed(3)} | ${v === 'none' ? '-' : added.toFixed(3)} | ${v === 'none' ? '-' : ((added * 1e6) / Math.max(perSec, 1)).toFixed(2)} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
