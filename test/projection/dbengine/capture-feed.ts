import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Int64 } from '../../../src/model/types';
import { HostProjection } from '../../../src/projection/host-projection';
import type { HostStorage } from '../../../src/projection/storage/chart-store';
import { StreamParser } from '../../../src/protocol/stream-parser';
import { CAPTURES } from '../../helpers/captures';

export { CAPTURES };
/** The plain-text captures of a real Netdata 1.37.1 child's stream (about 15 s each). */
export const CAPTURE_FILES = ['stream-reply-version4.txt.gz', 'stream-reply-v1.txt.gz'];

/**
 * Runs a captured stream of a real child through a host projection (the parser, the value engine) storing into
 * `storage`. The parent clock of a chart advances by each BEGIN's microseconds (update_every when 0) from `t0`.
 */
export function feedCapture(file: string, storage: HostStorage, t0: number): HostProjection {
  const identity = { hostname: 'capture', machineGuid: '', os: '', timezone: '', abbrevTimezone: '', utcOffset: 0, tags: '',
    programName: '', programVersion: '', updateEvery: 1 };
  const projection = new HostProjection({ identity, history: 3600, storage });
  const clocks = new Map<string, number>();
  let chart = '';
  let usec = 0;
  const dimIds: string[] = [];
  const values: Array<Int64 | null> = [];
  const parser = new StreamParser({
    begin(id, u) {
      chart = id;
      usec = u;
      dimIds.length = 0;
      values.length = 0;
    },
    set(id, v) {
      dimIds.push(id);
      values.push(v);
    },
    end() {
      const ue = projection.chart(chart)?.updateEvery ?? 1;
      const now = (clocks.get(chart) ?? t0 * 1e6) + (usec || ue * 1e6);
      clocks.set(chart, now);
      projection.collect(chart, usec, now, dimIds, values, dimIds.length);
    },
    meta: (cmd) => projection.apply(cmd),
    bad() {},
  }, { maxLineBytes: 1 << 20 });
  parser.push(gunzipSync(fs.readFileSync(file)));
  return projection;
}
