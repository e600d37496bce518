/**
 * A long history written straight into per-host event logs (no network): what the receiver would have logged had
 * N load-generator children streamed C charts x D dimensions for H hours, ending now.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HostEventLog } from '../../src/eventlog';
import { EVENT_LOG_FILE } from '../../src/hosts/host-registry';
import { silentLogger } from '../../src/log';
import { OUR_CAPABILITIES } from '../../src/net/capabilities';
import { DEFAULT_API_KEY } from '../../test/helpers/netdata';
import { childIdentity, loadCharts, sampleValue, type ChildIdentity } from './loadgen-model';
import { DEFAULT_VER, definitions } from './loadgen-protocol';

export interface HistorySize {
  hosts: number;
  charts: number;
  dims: number;
  hours: number;
}

export interface History extends HistorySize {
  children: ChildIdentity[];
  /** Every host has these charts; each has `dims` dimensions. */
  chartIds: string[];
  firstSec: number;
  lastSec: number;
  /** Sample events written, all hosts. */
  samples: number;
}

const PREFIX = 'benchmodes';
/** When a block "arrives" after its second boundary, as a child on a loaded machine sends it. */
const ARRIVAL_OFFSET_US = 3_000;

/** Writes the history under cacheDir/<guid>/events.sqlite for every host; the newest second is `endSec`. */
export function writeHistory(cacheDir: string, size: HistorySize, endSec: number): History {
  const charts = loadCharts(size.charts, size.dims);
  const caps = OUR_CAPABILITIES & DEFAULT_VER;
  const seconds = Math.round(size.hours * 3600);
  const firstSec = endSec - seconds + 1;
  const children: ChildIdentity[] = [];
  let samples = 0;
  const values: (number | bigint | null)[] = new Array(size.dims);
  for (let h = 0; h < size.hosts; h++) {
    const child = childIdentity(PREFIX, h);
    children.push(child);
    const file = path.join(cacheDir, child.guid, EVENT_LOG_FILE);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const log = HostEventLog.open(file, { flushMs: 60_000, flushEvents: 20_000, logger: silentLogger });
    const startedUs = (firstSec - 1) * 1e6;
    const params: Record<string, string> = {
      key: DEFAULT_API_KEY, hostname: child.hostname, registry_hostname: child.hostname, machine_guid: child.guid,
      update_every: '1', os: 'linux', timezone: 'UTC', abbrev_timezone: 'UTC', utc_offset: '0', hops: '1', tags: '',
      ver: String(DEFAULT_VER),
    };
    const session = log.startSession({
      peerIp: '127.0.0.1', peerPort: 40000 + h, apiKey: DEFAULT_API_KEY, hostname: child.hostname, machineGuid: child.guid,
      requestedVer: String(DEFAULT_VER), negotiated: caps, capabilities: caps, program: 'netdata', programVersion: 'v1.37.1',
      requestParams: params, startedUs,
    });
    for (const line of definitions(charts, child.guid, caps, firstSec - 1).trimEnd().split('\n')) log.appendLine(session, startedUs, line);
    const refs = charts.map((c) => {
      const ref = log.chartRef(c.def.id);
      return { ref, dims: Int32Array.from(c.dims, (d) => log.dimRef(ref, d.def.id)) };
    });
    for (let t = firstSec; t <= endSec; t++) {
      const arrivalUs = t * 1e6 + ARRIVAL_OFFSET_US;
      const usec = t === firstSec ? 0 : 1_000_000;
      for (let c = 0; c < charts.length; c++) {
        for (let d = 0; d < size.dims; d++) values[d] = sampleValue(h, charts[c], d, t);
        log.appendSample(session, arrivalUs, refs[c].ref, usec, 0, refs[c].dims, values, size.dims);
        samples++;
      }
    }
    log.endSession(session, (endSec + 1) * 1e6, 'benchmark history written');
    log.close();
  }
  return { ...size, children, chartIds: charts.map((c) => c.def.id), firstSec, lastSec: endSec, samples };
}
