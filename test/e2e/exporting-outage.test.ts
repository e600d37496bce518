import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runLoad } from '../../scripts/loadgen';
import { compareExported, storedSeconds } from '../helpers/export-check';
import { DEFAULT_API_KEY } from '../helpers/netdata';
import { HEALTH_OFF, startParent, type ParentProcess } from '../helpers/parent';
import { requireTsdbOrSkip, startVictoriaMetrics, type VictoriaMetricsServer } from '../helpers/tsdb';

const EVERY = 2;
const HOST = 'outage-0';
const DOWN_S = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('exporting: the backend stopped for 30 s and started again', () => {
  let vm: VictoriaMetricsServer | undefined;
  let parent: ParentProcess | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-export-outage-'));
  after(async () => {
    await parent?.dispose();
    await vm?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends what was buffered within `buffer on failures` once it is back, counted as sent; beyond it drops the oldest rounds, counted as lost and logged', async (t) => {
    if (!requireTsdbOrSkip(t, 'victoria-metrics')) return;
    vm = await startVictoriaMetrics();
    const instance = (name: string, buffer: number) =>
      `[prometheus_remote_write:${name}]\n    enabled = yes\n    destination = 127.0.0.1:${vm!.httpPort}\n    remote write URL path = /api/v1/write\n` +
      `    prefix = ${name}\n    send hosts matching = ${HOST}\n    buffer on failures = ${buffer}\n    timeout ms = 2000\n`;
    // 30 s down is 15 rounds: `kept` holds 30 of them, `short` only 5
    fs.writeFileSync(path.join(dir, 'exporting.conf'), `[exporting:global]\n    update every = ${EVERY}\n${instance('kept', 30)}${instance('short', 5)}`);
    parent = await startParent({ dir, parentConfExtra: HEALTH_OFF });
    const start = Math.floor(Date.now() / 1000);
    const load = runLoad({ host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: 1, charts: 2, dims: 2, seconds: DOWN_S + 40, hostnamePrefix: 'outage' });
    await sleep(15_000);
    await vm.stop();
    await sleep(DOWN_S * 1000);
    await vm.start();
    await load;
    await sleep((2 * EVERY + 3) * 1000);
    const end = Math.floor(Date.now() / 1000);

    const charts: Record<string, any> = (await parent.getJson(`/host/${HOST}/api/v1/charts`)).charts;
    const hostUrl = `${parent.baseUrl}/host/${HOST}`;
    const dims = Object.values(charts).reduce((n: number, c: any) => n + Object.keys(c.dimensions).length, 0);
    const rounds = async (name: string) => {
      const rows = await vm!.exportSeries(`{__name__=~"${name}_.*_average",instance="${HOST}"}`, start - 5, end + 5);
      assert.equal(rows.length, dims, `${name}: one series per dimension`);
      return rows;
    };

    // kept: every round arrived, each with its own window's value
    let compared = 0;
    for (const r of await rounds('kept')) {
      const id = Object.keys(charts).find((c) => charts[c].name === r.metric.chart)!;
      const points = r.timestamps.map((ms, i) => [ms / 1000, r.values[i]] as [number, number]);
      const c = compareExported(points, await storedSeconds(hostUrl, id, start - 5, end), r.metric.dimension, EVERY, `kept ${r.metric.chart}.${r.metric.dimension}`);
      assert.deepEqual([c.mismatches, c.irregular], [[], []], 'kept: no mismatch, no round missing');
      assert.ok(points[points.length - 1][0] - points[0][0] >= DOWN_S + 30, `kept spans ${points[0][0]} to ${points[points.length - 1][0]}`);
      compared += c.compared;
    }

    // short: the rounds beyond its 5 are missing, and exactly those are counted as lost and logged
    // both instances run their rounds in the same ticks, so a dimension's windows end at the same seconds in both:
    // a round is missing from short when kept has its second and short has not (steps are not counted: a round
    // stamped early because the data lagged makes one step shorter and the next longer)
    const keyOf = (r: { metric: Record<string, string> }) => `${r.metric.chart}.${r.metric.dimension}`;
    const keptSeconds = new Map((await rounds('kept')).map((r) => [keyOf(r), r.timestamps] as const));
    const shortRows = await rounds('short');
    const missing = (r: { metric: Record<string, string>; timestamps: number[] }) => keptSeconds.get(keyOf(r))!.filter((ms) => !r.timestamps.includes(ms)).length;
    const missingRounds = missing(shortRows[0]);
    assert.ok(shortRows.every((r) => missing(r) === missingRounds), 'every dimension misses the same rounds');
    assert.ok(shortRows.every((r) => r.timestamps.every((ms) => keptSeconds.get(keyOf(r))!.includes(ms))), 'short sent no round kept did not');
    assert.ok(missingRounds >= DOWN_S / EVERY - 5 - 2 && missingRounds <= DOWN_S / EVERY - 5 + 2, `short misses ${missingRounds} rounds`);

    const sum = async (chart: string, dim: string) => {
      const d = await parent!.getJson(`/api/v1/data?chart=${chart}&after=-600&format=json`);
      return d.data.reduce((n: number, row: number[]) => n + (row[d.labels.indexOf(dim)] ?? 0), 0);
    };
    assert.equal(await sum('netdata.exporting_short_metrics', 'lost'), missingRounds * dims, 'lost metrics of short');
    assert.equal(await sum('netdata.exporting_kept_metrics', 'lost'), 0, 'nothing lost by kept');
    const keptPoints = (await rounds('kept'))[0].timestamps.length;
    // the last round's sending is counted with the round after it, which may not have run yet
    const keptSent = await sum('netdata.exporting_kept_metrics', 'sent');
    assert.ok(keptSent >= (keptPoints - 1) * dims && keptSent <= keptPoints * dims, `kept sent ${keptSent} metrics, ${keptPoints} rounds x ${dims} stored`);
    assert.ok((await sum('netdata.exporting_kept_ops', 'failure')) >= DOWN_S / EVERY - 2, 'failed rounds are counted');

    const logs = parent.logLines().map((l) => l.msg as string);
    const dropped = logs.filter((m) => /instance 'short': 5 batches are waiting \(buffer on failures\): dropped the oldest/.test(m));
    assert.equal(dropped.length, missingRounds, dropped.join('\n'));
    assert.ok(dropped.every((m) => m.endsWith(`${dims} metrics, ${m.match(/(\d+) bytes lost$/)?.[1]} bytes lost`)));
    assert.ok(logs.some((m) => /^EXPORTING: failed to write data to '127\.0\.0\.1:\d+'/.test(m)), 'the failures are logged');
    assert.ok(logs.some((m) => /instance 'kept': sending to '127\.0\.0\.1:\d+' again/.test(m)), 'the recovery is logged');
    console.log(`# kept: ${compared} rounds compared, 0 missing; short: ${missingRounds} rounds lost (${missingRounds * dims} metrics), ${dropped.length} log lines`);
  });
});
