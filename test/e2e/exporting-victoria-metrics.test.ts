import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runLoad } from '../../scripts/loadgen';
import { compareExported, ExportTally, storedSeconds } from '../helpers/export-check';
import { DEFAULT_API_KEY } from '../helpers/netdata';
import { HEALTH_OFF, startParent, type ParentProcess } from '../helpers/parent';
import { requireTsdbOrSkip, startVictoriaMetrics, type VictoriaMetricsServer } from '../helpers/tsdb';

const EVERY = 2;
const SECONDS = 24;
const HOST = 'vmexp-0';

/** One dimension's exported points in time order, keyed as chart/dimension. */
type Series = Map<string, Array<[number, number]>>;

function collect(rows: Array<{ metric: Record<string, string>; values: number[]; timestamps: number[] }>, key: (m: Record<string, string>) => string | null): Series {
  const out: Series = new Map();
  for (const r of rows) {
    const k = key(r.metric);
    if (!k) continue;
    out.set(k, r.timestamps.map((ms, i) => [ms / 1000, r.values[i]] as [number, number]).sort((a, b) => a[0] - b[0]));
  }
  return out;
}

describe('exporting to VictoriaMetrics (Debian package) over graphite, opentsdb telnet and http, and prometheus remote write', () => {
  let vm: VictoriaMetricsServer | undefined;
  let parent: ParentProcess | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-export-vm-'));
  after(async () => {
    await parent?.dispose();
    await vm?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores in VictoriaMetrics, for every round, the average of the seconds our /api/v1/data holds for that round', async (t) => {
    if (!requireTsdbOrSkip(t, 'victoria-metrics')) return;
    vm = await startVictoriaMetrics();
    const instance = (section: string, prefix: string, port: number, extra = '') =>
      `[${section}]\n    enabled = yes\n    destination = 127.0.0.1:${port}\n    prefix = ${prefix}\n    send hosts matching = ${HOST}\n${extra}`;
    fs.writeFileSync(
      path.join(dir, 'exporting.conf'),
      `[exporting:global]\n    update every = ${EVERY}\n` +
        instance('graphite:vm_graphite', 'g', vm.graphitePort) +
        instance('opentsdb:vm_telnet', 't', vm.opentsdbPort) +
        instance('opentsdb:http:vm_http', 'h', vm.opentsdbHttpPort) +
        instance('prometheus_remote_write:vm_rw', 'rw', vm.httpPort, '    remote write URL path = /api/v1/write\n'),
    );
    parent = await startParent({ dir, parentConfExtra: HEALTH_OFF });
    const start = Math.floor(Date.now() / 1000);
    await runLoad({ host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: 1, charts: 3, dims: 2, seconds: SECONDS, hostnamePrefix: 'vmexp' });
    // the last rounds leave their newest two seconds to the next round: wait for two more
    await new Promise((r) => setTimeout(r, (2 * EVERY + 2) * 1000));
    const end = Math.floor(Date.now() / 1000);

    const charts: Record<string, any> = (await parent.getJson(`/host/${HOST}/api/v1/charts`)).charts;
    const hostUrl = `${parent.baseUrl}/host/${HOST}`;
    const stored = new Map(await Promise.all(Object.keys(charts).map(async (id) => [id, await storedSeconds(hostUrl, id, start - 5, end)] as const)));

    const dotted = (prefix: string) => (m: Record<string, string>) => (m.__name__.startsWith(`${prefix}.`) ? m.__name__.slice(prefix.length + 1) : null);
    const byFormat: Record<string, Series> = {
      graphite: collect(await vm.exportSeries(`{__name__=~"g\\\\.${HOST}\\\\..*"}`, start - 5, end + 5), (m) => dotted(`g.${HOST}`)(m)),
      'opentsdb telnet': collect(await vm.exportSeries(`{__name__=~"t\\\\..*",host="${HOST}"}`, start - 5, end + 5), dotted('t')),
      'opentsdb http': collect(await vm.exportSeries(`{__name__=~"h\\\\..*",host="${HOST}"}`, start - 5, end + 5), dotted('h')),
      'remote write': collect(await vm.exportSeries(`{__name__=~"rw_.*_average",instance="${HOST}"}`, start - 5, end + 5), (m) => `${m.chart}.${m.dimension}`),
    };
    const report: string[] = [];
    for (const [format, series] of Object.entries(byFormat)) {
      const tally = new ExportTally();
      for (const [id, chart] of Object.entries(charts)) {
        for (const dim of Object.values<string>(chart.dimensions).map((d: any) => d.name)) {
          const points = series.get(`${chart.name}.${dim}`);
          assert.ok(points && points.length >= SECONDS / EVERY - 3, `${format}: ${chart.name}.${dim}: ${points?.length ?? 0} points (series: ${[...series.keys()].join(', ')})`);
          tally.add(compareExported(points, stored.get(id)!, dim, EVERY, `${format} ${chart.name}.${dim}`));
        }
      }
      report.push(`${format}: ${tally.summary(series.size)}`);
      assert.deepEqual(tally.mismatches, [], format);
      assert.deepEqual(tally.irregular, [], `${format}: every round follows the previous one by ${EVERY} s`);
      assert.ok(tally.minCompared >= SECONDS / EVERY - 4, `${format}: ${tally.minCompared} rounds compared in a series`);
    }
    console.log(`# ${report.join('; ')}`);

    // remote write names and labels as Netdata's: <prefix>_<context>_<units>_average{chart,family,dimension,instance}
    const cpu = await vm.exportSeries(`{__name__="rw_system_cpu_percentage_average",instance="${HOST}"}`, start - 5, end + 5);
    assert.ok(cpu.length >= 1, 'rw_system_cpu_percentage_average is there');
    assert.deepEqual(Object.keys(cpu[0].metric).sort(), ['__name__', 'chart', 'dimension', 'family', 'instance']);
    assert.equal(cpu[0].metric.family, 'cpu');
    const info = await vm.exportSeries(`{__name__="netdata_info",instance="${HOST}"}`, start - 5, end + 5);
    assert.ok(info.length === 1 && info[0].values.every((v) => v === 1), 'netdata_info of the host, 1 at every round');

    // the exporter's own charts on the parent's host count what went out
    const sent = await parent.getJson('/api/v1/data?chart=netdata.exporting_vm_rw_metrics&after=-600&format=json');
    const total = sent.data.reduce((n: number, row: number[]) => n + (row[sent.labels.indexOf('sent')] ?? 0), 0);
    assert.ok(total >= 6 * (SECONDS / EVERY - 2), `netdata.exporting_vm_rw_metrics sent ${total}`);
    assert.ok(sent.data.every((row: number[]) => !row[sent.labels.indexOf('lost')]), 'nothing lost');
  });
});
