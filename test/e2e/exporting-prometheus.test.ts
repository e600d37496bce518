import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runLoad } from '../../scripts/loadgen';
import { compareExported, ExportTally, storedSeconds, windowValue, type StoredSeconds } from '../helpers/export-check';
import { DEFAULT_API_KEY } from '../helpers/netdata';
import { HEALTH_OFF, startParent, type ParentProcess } from '../helpers/parent';
import { requireTsdbOrSkip, startPrometheus, type PrometheusServer } from '../helpers/tsdb';

const EVERY = 2;
const SECONDS = 24;
/** The loadgen's counters grow at constant rates, so their rounds all carry the same value: the triangle wave
 *  (lg_wave.triangle) changes every second, so a sample that averaged the wrong seconds would show. */
const WAVE = 14;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A range selector's answer (a matrix): one series per dimension, its raw samples with their own timestamps. */
interface RawSeries { metric: Record<string, string>; points: Array<[number, number]> }

async function rawSamples(prom: PrometheusServer, selector: string): Promise<RawSeries[]> {
  // `query` of a range selector answers resultType "matrix": [{ metric, values: [[seconds, "value"], ...] }]
  const result = (await prom.query(`${selector}[5m]`)) as unknown as Array<{ metric: Record<string, string>; values?: Array<[number, string]> }>;
  return result.map((r) => {
    assert.ok(Array.isArray(r.values), `${selector}[5m] is not a matrix: ${JSON.stringify(r).slice(0, 300)}`);
    return { metric: r.metric, points: r.values.map(([t, v]) => [t, Number(v)] as [number, number]) };
  });
}

/** Our parent's charts of `host` and their stored seconds in [from, to]. */
async function ourCharts(parent: ParentProcess, host: string, from: number, to: number) {
  const charts: Record<string, any> = (await parent.getJson(`/host/${host}/api/v1/charts`)).charts;
  const hostUrl = `${parent.baseUrl}/host/${host}`;
  const stored = new Map<string, StoredSeconds>(
    await Promise.all(Object.keys(charts).map(async (id) => [id, await storedSeconds(hostUrl, id, from, to)] as const)),
  );
  const byName = new Map(Object.entries(charts).map(([id, c]) => [c.name as string, { id, chart: c }]));
  const dims = Object.values(charts).reduce((n: number, c: any) => n + Object.keys(c.dimensions).length, 0);
  return { charts, stored, byName, dims };
}

describe('exporting to a real Prometheus: remote write, and Prometheus scraping /api/v1/allmetrics?format=prometheus_all_hosts', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  /** A temp dir for a parent, removed in after(). */
  const parentDir = (tag: string): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sl-export-prom-${tag}-`));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it('remote write: every round is a raw sample of netdata_<context>_<units>_average{chart,family,dimension,instance} whose value is the average of our stored seconds of its window', async (t) => {
    if (!requireTsdbOrSkip(t, 'prometheus')) return;
    const HOST = 'promrw-0';
    const prom = await startPrometheus({ remoteWriteReceiver: true });
    cleanups.push(() => prom.dispose());
    const dir = parentDir('rw');
    fs.writeFileSync(
      path.join(dir, 'exporting.conf'),
      `[prometheus_remote_write:prom]\n    enabled = yes\n    destination = 127.0.0.1:${prom.port}\n    remote write URL path = /api/v1/write\n` +
        `    update every = ${EVERY}\n    send hosts matching = ${HOST}\n`,
    );
    const parent = await startParent({ dir, parentConfExtra: HEALTH_OFF });
    cleanups.push(() => parent.dispose());
    const start = Math.floor(Date.now() / 1000);
    await runLoad({ host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: 1, charts: 3, dims: 2, seconds: SECONDS, hostnamePrefix: 'promrw', wave: WAVE });
    // the last rounds leave their newest two seconds to the next round: wait for two more (a written sample is
    // queryable as soon as the write was answered)
    await sleep((2 * EVERY + 2) * 1000);
    const end = Math.floor(Date.now() / 1000);

    const { stored, byName, dims } = await ourCharts(parent, HOST, start - 5, end);
    assert.equal(byName.size, 4);
    const series = await rawSamples(prom, `{__name__=~"netdata_.*_average",instance="${HOST}"}`);
    assert.equal(series.length, dims, `one series per dimension: ${series.map((s) => s.metric.__name__).join(', ')}`);

    const tally = new ExportTally();
    for (const s of series) {
      const m = s.metric;
      const label = `${m.chart}.${m.dimension}`;
      const ours = byName.get(m.chart);
      assert.ok(ours, `${m.__name__}: chart "${m.chart}" is one of ours`);
      assert.deepEqual(Object.keys(m).sort(), ['__name__', 'chart', 'dimension', 'family', 'instance'], label);
      assert.equal(m.family, ours.chart.family, `${label}: family`);
      assert.ok(Object.values<any>(ours.chart.dimensions).some((d) => d.name === m.dimension), `${label}: dimension`);
      assert.ok(s.points.length >= SECONDS / EVERY - 3, `${label}: ${s.points.length} samples`);
      const c = compareExported(s.points, stored.get(ours.id)!, m.dimension, EVERY, `remote write ${label}`);
      tally.add(c);
    }
    const wave = series.find((s) => s.metric.chart === 'lg_wave.triangle')!;
    const waveValues = new Set(wave.points.map(([, v]) => v)).size;
    console.log(`# remote write: ${tally.summary(series.length)}; the wave's rounds took ${waveValues} distinct values`);
    assert.deepEqual(tally.mismatches, []);
    assert.deepEqual(tally.irregular, [], `every round follows the previous one by ${EVERY} s`);
    assert.ok(tally.minCompared >= SECONDS / EVERY - 4, `at least ${SECONDS / EVERY - 4} rounds compared per series, got ${tally.minCompared}`);
    assert.ok(waveValues >= 4, `the wave's rounds differ (${waveValues} distinct values)`);

    // Netdata's names: <prefix>_<context>_<units>_average
    const cpu = await rawSamples(prom, `netdata_system_cpu_percentage_average{instance="${HOST}"}`);
    assert.deepEqual(cpu.map((s) => s.metric.dimension).sort(), ['guest', 'guest_nice']);
    assert.ok(cpu.every((s) => s.metric.chart === 'system.cpu' && s.metric.family === 'cpu'));
    assert.equal((await rawSamples(prom, `netdata_lg_net_net_kilobits_persec_average{instance="${HOST}"}`)).length, 4);
    assert.equal((await rawSamples(prom, `netdata_lg_wave_triangle_percentage_average{instance="${HOST}"}`)).length, 1);
    const info = await rawSamples(prom, `netdata_info{instance="${HOST}"}`);
    assert.ok(info.length === 1 && info[0].points.length >= SECONDS / EVERY - 3 && info[0].points.every(([, v]) => v === 1), 'netdata_info of the host, 1 at every round');
    const dropped = parent.logLines().map((l) => String(l.msg)).filter((msg) => /EXPORTING|dropped/.test(msg) && !/configured|enabled|disabled/.test(msg));
    assert.deepEqual(dropped, [], 'no failed or dropped batch logged');
  });

  it('scraping /api/v1/allmetrics?format=prometheus_all_hosts: every sample of the child is stamped with its window end and is the average of our stored seconds of the window since the previous scrape', async (t) => {
    if (!requireTsdbOrSkip(t, 'prometheus')) return;
    const HOST = 'promscrape-0';
    const SCRAPE = 2;
    const dir = parentDir('scrape');
    const parent = await startParent({ dir, parentConfExtra: HEALTH_OFF });
    cleanups.push(() => parent.dispose());
    const start = Math.floor(Date.now() / 1000);
    const load = runLoad({ host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: 1, charts: 3, dims: 2, seconds: SECONDS, hostnamePrefix: 'promscrape', wave: WAVE });
    // the child streams for a few seconds before Prometheus starts: its first scrape (~5.5 s after the start) then
    // already holds the child's data, with the 10 s window of a scraper seen for the first time
    await sleep(3000);
    const prom = await startPrometheus({
      scrape: [{ job: 'streamledger', target: `127.0.0.1:${parent.port}`, path: '/api/v1/allmetrics', params: { format: ['prometheus_all_hosts'] }, intervalSec: SCRAPE }],
    });
    cleanups.push(() => prom.dispose());
    await load;
    // two more scrapes: the windows end 3 s before each scrape (2 intervals of the 1 s charts back, the newest left out)
    await sleep((2 * SCRAPE + 3) * 1000);
    const end = Math.floor(Date.now() / 1000);

    const { stored, byName, dims } = await ourCharts(parent, HOST, start - 5, end);
    assert.equal(byName.size, 4);
    const series = await rawSamples(prom, `{__name__=~"netdata_.*_average",instance="${HOST}"}`);
    assert.equal(series.length, dims, `one series per dimension: ${series.map((s) => s.metric.__name__).join(', ')}`);
    const scrapes = (await rawSamples(prom, 'up{job="streamledger"}'))[0]?.points ?? [];
    assert.ok(scrapes.length >= 8 && scrapes.every(([, v]) => v === 1), `scrapes: ${JSON.stringify(scrapes)}`);

    const tally = new ExportTally();
    let minSamples = Infinity;
    for (const s of series) {
      const m = s.metric;
      const label = `${m.chart}.${m.dimension}`;
      const ours = byName.get(m.chart);
      assert.ok(ours, `${m.__name__}: chart "${m.chart}" is one of ours`);
      // honor_labels: our labels, plus the job Prometheus adds
      assert.deepEqual(Object.keys(m).sort(), ['__name__', 'chart', 'dimension', 'family', 'instance', 'job'], label);
      assert.equal(m.family, ours.chart.family, `${label}: family`);
      assert.equal(m.job, 'streamledger');
      const st = stored.get(ours.id)!;
      // the first sample: the first scrape, a scraper seen for the first time, whose window is the 10 s before its end
      const [t0, v0] = s.points[0];
      assert.ok([t0 + 3, t0 + 2].includes(Math.floor(scrapes[0][0])), `${label}: first sample at ${t0}, first scrape at ${scrapes[0][0]}`);
      const want0 = windowValue(st, m.dimension, t0 - 10, t0);
      assert.notEqual(want0, null, `${label}: stored seconds in the first scrape's window`);
      if (want0 !== null && Math.abs(want0 - v0) > 1e-6 * Math.max(1, Math.abs(want0))) tally.mismatches.push(`scrape ${label} at ${t0} (first): ${v0}, stored average ${want0}`);
      // then each window starts where the previous one ended; scrapes come every SCRAPE s, but the second a scrape
      // falls in may move by one (a scrape a few ms either side of a second boundary)
      const c = compareExported(s.points, st, m.dimension, SCRAPE + 1, `scrape ${label}`);
      tally.add({ ...c, compared: c.compared + 1 });
      minSamples = Math.min(minSamples, s.points.length);
    }
    // every sample's timestamp is its scrape's second less 3 (the window end), but the last, whose window may end
    // with the newest stored second
    const wave = series.find((s) => s.metric.chart === 'lg_wave.triangle')!;
    const scrapeSeconds = new Set(scrapes.map(([ts]) => Math.floor(ts)));
    const unmatched = wave.points.slice(0, -1).filter(([ts]) => !scrapeSeconds.has(ts + 3) && !scrapeSeconds.has(ts + 2));
    const waveValues = new Set(wave.points.map(([, v]) => v)).size;
    console.log(`# scrape: ${scrapes.length} scrapes, ${tally.summary(series.length)} (at least ${minSamples} samples each); the wave's samples took ${waveValues} distinct values`);
    assert.deepEqual(tally.mismatches, []);
    assert.deepEqual(tally.irregular, [], 'every sample follows the previous one by one scrape interval');
    assert.deepEqual(unmatched, [], `wave samples not 3 s before a scrape (scrapes at ${[...scrapeSeconds].join(' ')})`);
    assert.ok(minSamples >= (SECONDS - 3 - 6) / SCRAPE - 2, `at least ${(SECONDS - 3 - 6) / SCRAPE - 2} samples per series, got ${minSamples}`);
    assert.ok(waveValues >= 4, `the wave's samples differ (${waveValues} distinct values)`);

    // Netdata's names; the child's cpu chart
    const cpu = await rawSamples(prom, `netdata_system_cpu_percentage_average{instance="${HOST}"}`);
    assert.deepEqual(cpu.map((s) => s.metric.dimension).sort(), ['guest', 'guest_nice']);
    assert.ok(cpu.every((s) => s.metric.chart === 'system.cpu' && s.metric.family === 'cpu'));
  });
});
