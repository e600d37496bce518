/**
 * GAPS between streamledger nodes, answered from the event log alone: load generator child -> streamledger proxy in
 * memory mode none (no points kept, only the log) -> streamledger parent, with the parent stopped for a while. When it
 * is back, its TIMESTAMP/REPLICATE exchange with the proxy fills the outage from the proxy's event log: every second
 * of the run is on the parent, once, with the load model's value.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLoad, type LoadOptions } from '../../scripts/loadgen';
import { loadCharts } from '../../scripts/lib/loadgen-model';
import { gapReport, modelReference, summarize } from '../helpers/gap-report';
import { DEFAULT_API_KEY } from '../helpers/netdata';
import { startParent, waitFor } from '../helpers/parent';
import { proxyStreamConf } from '../helpers/proxy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a proxy in memory mode none fills a restarted parent\'s outage from its event log (GAPS)', { timeout: 180_000 }, async (t) => {
  const parent = await startParent();
  t.after(() => parent.dispose());
  const proxy = await startParent({ streamConf: proxyStreamConf(parent.port, `[${DEFAULT_API_KEY}]\n    default memory mode = none\n`) });
  t.after(() => proxy.dispose());

  const opts: LoadOptions = {
    host: '127.0.0.1', port: proxy.port, key: DEFAULT_API_KEY, children: 1, charts: 6, dims: 4, seconds: 50,
    hostnamePrefix: 'gaps-proxy', anchorClock: true,
  };
  const running = runLoad(opts);
  await sleep(15_000);
  await parent.stop();
  await sleep(15_000);
  await parent.start();
  const stats = await running;
  assert.equal(stats.disconnects, 0);
  const hostname = stats.children[0].hostname;

  // the proxy keeps no points of the host: what the parent gets back can only come from the event log
  const onProxy = await proxy.getJson(`/host/${hostname}/api/v1/data?chart=system.cpu&after=-10&format=json`).catch(() => ({ data: [] }));
  assert.ok((onProxy.data ?? []).every((row: unknown[]) => row.slice(1).every((v) => v === null)), 'the proxy (memory mode none) stored points');

  const sent = stats.seconds.filter((s) => s.values > 0).map((s) => s.t);
  const from = sent[5];
  const to = sent[sent.length - 2];
  let compared = 0;
  for (const chart of loadCharts(opts.charts, opts.dims)) {
    await waitFor(async () => (await parent.getJson(`/host/${hostname}/api/v1/chart?chart=${encodeURIComponent(chart.def.id)}`)).last_entry >= to, 30_000, 250);
    const report = await gapReport({
      parentHostUrl: `${parent.baseUrl}/host/${hostname}`, cacheDir: `${parent.dir}/data`, host: hostname, chart: chart.def.id, after: from, before: to,
      reference: modelReference(0, chart),
    });
    console.log(`${chart.def.id}: ${summarize(report)}`);
    assert.deepEqual([report.missing, report.duplicates, report.mismatches], [[], 0, []], `${chart.def.id}: ${summarize(report)}`);
    compared += report.seconds;
  }
  assert.ok(compared >= 6 * (to - from - 1), `only ${compared} seconds compared`);

  // the parent asked for the outage, the proxy answered it from the log, and no second went twice
  const parentSaid = parent.logLines().map((l) => String(l.msg));
  const gap = parentSaid.map((m) => /Checking for gaps\.\.\. .* (\d+)-sec gap$/.exec(m)).find((m) => m);
  assert.ok(gap && Number(gap[1]) >= 10, `no gap of the outage checked: ${parentSaid.filter((m) => /gap/.test(m)).join(' | ')}`);
  assert.deepEqual(parentSaid.filter((m) => /already stored or older/.test(m)), []);
  const answered = proxy.logLines().map((l) => String(l.msg)).map((m) => /REPLICATE from \d+: (\d+) blocks sent from the event log/.exec(m)).filter((m) => m);
  assert.ok(answered.some((m) => Number(m![1]) >= 6 * 10), `REPLICATE answers: ${answered.map((m) => m![0]).join(' | ')}`);
});
