/**
 * The receiving pipeline in one process, without sockets: the load generator's bytes for `seconds` seconds of
 * `children` x `charts` x `dims` are pushed into real receiver sessions (parser -> event log -> projection of the
 * chosen memory mode, as configured by [db] mode), as fast as they are taken, or with `--paced yes` one second of
 * load per second of wall time, as a parent receives it (what idles between bursts, such as V8's memory reducer,
 * then shows). Prints CPU seconds per million values for the whole run and the process's peak RSS. Made for
 * profiling (`node --cpu-prof dist/scripts/bench-pipeline.js`) and for comparing one change before and after;
 * bench:ingest and bench:vs-netdata measure the parent as deployed.
 *
 *   node dist/scripts/bench-pipeline.js [--children 10] [--charts 200] [--dims 8] [--seconds 60] [--mode ram]
 *        [--paced no|yes]
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { identityFromRequest } from '../src/hosts/host-identity';
import { silentLogger } from '../src/log';
import { startParent } from '../src/main';
import { freePort } from '../test/helpers/ports';
import { HEALTH_OFF } from '../test/helpers/parent';
import { AccessLog } from '../src/net/access-log';
import { CAP } from '../src/net/capabilities';
import { parseStreamRequest } from '../src/net/stream-request';
import { ReceiverSession } from '../src/receiver/receiver-session';
import { childIdentity, loadCharts } from './lib/loadgen-model';
import { SecondEncoder, definitions, handshakeRequest } from './lib/loadgen-protocol';
import { setTimeoutAt } from '../src/util/wall-timer';

interface Args {
  children: number;
  charts: number;
  dims: number;
  seconds: number;
  mode: string;
  paced: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { children: 10, charts: 200, dims: 8, seconds: 60, mode: 'ram', paced: false };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const value = argv[i + 1];
    if (key === 'mode') a.mode = value;
    else if (key === 'paced' && (value === 'yes' || value === 'no')) a.paced = value === 'yes';
    else if (key in a && Number(value) > 0) (a as unknown as Record<string, number>)[key] = Number(value);
    else throw new Error(`bad option ${argv[i]} ${value ?? ''}`);
  }
  return a;
}

/** What a session needs of its socket: events to subscribe to, and destroy(). */
class NullSocket extends EventEmitter {
  destroy(): void {}
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pipeline-'));
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'streamledger.conf'),
    `[global]\n    hostname = bench\n[db]\n    mode = ${a.mode}\n    retention = 3600\n[web]\n    bind to = 127.0.0.1:${port}\n` +
    `[directories]\n    config = ${dir}\n    cache = ${dir}/data\n    lib = ${dir}/data\n` + HEALTH_OFF);
  fs.writeFileSync(path.join(dir, 'stream.conf'), '');
  const config = loadConfig({ file: path.join(dir, 'streamledger.conf'), warn: () => {} });
  const parent = await startParent(config, silentLogger);
  const accessLog = new AccessLog(null);
  const charts = loadCharts(a.charts, a.dims);
  const caps = CAP.VCAPS | CAP.HLABELS | CAP.CLABELS;
  const t0 = Math.floor(Date.now() / 1000) - a.seconds;

  const children = Array.from({ length: a.children }, (_, i) => {
    const id = childIdentity('pipeline', i);
    const req = parseStreamRequest(handshakeRequest({ key: 'k', hostname: id.hostname, guid: id.guid, updateEvery: 1, ver: caps }).split('\r\n\r\n')[0]);
    const host = parent.registry.open(id.guid, identityFromRequest(req, id.guid));
    host.hostname = id.hostname;
    const sessionId = host.log!.startSession({
      peerIp: '127.0.0.1', peerPort: 1, apiKey: 'k', hostname: id.hostname, machineGuid: id.guid, requestedVer: String(caps),
      negotiated: caps, capabilities: caps, program: 'bench', programVersion: '0', requestParams: {}, startedUs: t0 * 1e6,
    });
    const session = new ReceiverSession(host, new NullSocket() as unknown as net.Socket,
      { connId: i, peerIp: '127.0.0.1', peerPort: 1, apiKey: 'k', sessionId, capabilities: caps, maxLineBytes: 1 << 20, replication: config.parent.replication },
      silentLogger, accessLog, () => {});
    session.receive(Buffer.from(definitions(charts, id.guid, caps, t0)));
    return { session, encoder: new SecondEncoder(i, charts, true), host };
  });

  // The bytes are made before the clock starts: the load generator's formatting is not the parent's cost.
  const seconds: Buffer[][] = [];
  let values = 0;
  for (let s = 0; s < a.seconds; s++) {
    seconds.push(children.map((c) => {
      const e = c.encoder.encode(t0 + s);
      values += e.values;
      return Buffer.from(e.text);
    }));
  }
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  const startMs = Date.now();
  for (let s = 0; s < seconds.length; s++) {
    for (let i = 0; i < children.length; i++) children[i].session.receive(seconds[s][i]);
    // let timers (log flushes) run, as between socket reads; paced, until the next second's burst is due
    await new Promise<void>((r) => (a.paced ? setTimeoutAt(startMs + (s + 1) * 1000, r) : setImmediate(r)));
  }
  for (const c of children) c.host.log!.flush();
  const cpu = process.cpuUsage(cpu0);
  const wallS = Number(process.hrtime.bigint() - wall0) / 1e9;
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(`pipeline (${a.mode}): ${a.children} children x ${a.charts} charts x ${a.dims} dims x ${a.seconds} s = ${values} values`);
  console.log(`CPU seconds per million values  ${(cpuS / (values / 1e6)).toFixed(3)}  (user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s)`);
  console.log(`values per second (one core)    ${Math.round(values / wallS)}`);
  console.log(`peak RSS (MiB)                  ${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`);
  await parent.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
