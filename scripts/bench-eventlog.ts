/**
 * Event log append throughput: encodes and commits sample events (8 values each) into a fresh file and prints
 * sample events/s, values/s, CPU seconds per million values and bytes of file per value.
 * Usage: node dist/scripts/bench-eventlog.js [events=500000] [flushEvents=10000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HostEventLog } from '../src/eventlog';
import { silentLogger } from '../src/log';

const EVENTS = Number(process.argv[2] ?? 500_000);
const FLUSH_EVENTS = Number(process.argv[3] ?? 10_000);
const CHARTS = 200;
const DIMS = 8;

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-eventlog-'));
  const file = path.join(dir, 'events.db');
  const log = HostEventLog.open(file, { flushMs: 1000, flushEvents: FLUSH_EVENTS, logger: silentLogger });
  const startUs = Date.now() * 1000;
  const session = log.startSession({
    peerIp: '127.0.0.1', peerPort: 40000, apiKey: '11111111-2222-3333-4444-555555555555', hostname: 'bench',
    machineGuid: '66666666-7777-8888-9999-000000000000', requestedVer: '16376', negotiated: 16376, capabilities: 16376,
    program: 'netdata', programVersion: 'v1.37.1', requestParams: {}, startedUs: startUs,
  });
  const charts = Array.from({ length: CHARTS }, (_, c) => {
    const ref = log.chartRef(`bench.chart_${c}`);
    return { ref, dims: Int32Array.from({ length: DIMS }, (_, d) => log.dimRef(ref, `dim_${d}`)) };
  });
  // Counters of various sizes, as a real child sends: small gauges, growing byte counters, one near 2^63 every so often.
  const values: (number | bigint)[] = new Array(DIMS).fill(0);
  let counter = 1_234_567_890;

  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < EVENTS; i++) {
    const chart = charts[i % CHARTS];
    counter += 4_321;
    for (let d = 0; d < DIMS; d++) values[d] = d < 4 ? (i + d) % 1000 : counter * d;
    if (i % 1000 === 0) values[DIMS - 1] = 9_223_372_036_854_775_000n;
    const second = Math.floor(i / CHARTS);
    log.appendSample(session, startUs + second * 1_000_000, chart.ref, 1_000_000, 0, chart.dims, values, DIMS);
  }
  log.flush();
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  log.close(); // checkpoints the WAL into the database file
  const bytes = fs.statSync(file).size;
  const totalValues = EVENTS * DIMS;

  console.log(`sample events:            ${EVENTS} x ${DIMS} values, flushEvents ${FLUSH_EVENTS}`);
  console.log(`sample events/s:          ${Math.round(EVENTS / wallS)}`);
  console.log(`values/s:                 ${Math.round(totalValues / wallS)}`);
  console.log(`sample events per CPU s:  ${Math.round(EVENTS / cpuS)} (wall rate suffers when other processes share the cores)`);
  console.log(`CPU s per million values: ${((cpuS / totalValues) * 1e6).toFixed(3)}`);
  console.log(`bytes of file per value:  ${(bytes / totalValues).toFixed(2)} (${bytes} bytes)`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
