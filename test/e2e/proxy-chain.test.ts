/**
 * A chain of streamledger nodes: load generator children -> streamledger proxy (stream.conf [stream] enabled, its
 * destination the parent) -> streamledger parent. The parent must show each child as the proxy does: same machine
 * GUID and hostname, two hops away, every chart with the same metadata, and the same /api/v1/data values, which are
 * also the load model's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLoad, type LoadOptions } from '../../scripts/loadgen';
import { compareChart, dataAnswer, formatMismatch } from '../../scripts/lib/loadgen-parity-compare';
import { loadCharts } from '../../scripts/lib/loadgen-model';
import { assertModelValues } from '../helpers/loadgen-checks';
import { MIRRORED_CHART_FIELDS } from '../helpers/mirror';
import { DEFAULT_API_KEY } from '../helpers/netdata';
import { startParent, waitFor, type ParentProcess } from '../helpers/parent';
import { proxyStreamConf } from '../helpers/proxy';

const PREFIX = 'e2e-proxy';

async function hostStatus(node: ParentProcess, guid: string): Promise<any> {
  return ((await node.getJson('/api/v1/info')).mirrored_hosts_status ?? []).find((h: any) => h.guid === guid);
}

test('a streamledger proxy streams every child to its parent: same identity, charts and values, two hops away', { timeout: 90_000 }, async (t) => {
  const parent = await startParent();
  t.after(() => parent.dispose());
  const proxy = await startParent({ streamConf: proxyStreamConf(parent.port) });
  t.after(() => proxy.dispose());

  const opts: LoadOptions = {
    host: '127.0.0.1', port: proxy.port, key: DEFAULT_API_KEY, children: 2, charts: 12, dims: 4, seconds: 12,
    hostnamePrefix: PREFIX, anchorClock: true,
  };
  const running = runLoad(opts);
  // while the children stream: the parent lists each as the proxy does, one hop further; the proxy shows its sender
  const guids = [0, 1].map((i) => ({ hostname: `${PREFIX}-${i}` }));
  const proxied = await waitFor(async () => {
    const list = (await proxy.getJson('/api/v1/info')).mirrored_hosts_status.filter((h: any) => h.sender?.connected);
    return list.length === guids.length ? list : null;
  }, 20_000, 250);
  for (const g of guids) {
    const mine = proxied.find((h: any) => h.hostname === g.hostname);
    assert.ok(mine, `${g.hostname} not on the proxy`);
    assert.equal(mine.hops, 1);
    assert.equal(mine.sender.destination, `127.0.0.1:${parent.port}`);
    const theirs = await hostStatus(parent, mine.guid);
    assert.ok(theirs, `the parent has no host with GUID ${mine.guid}`);
    assert.deepEqual([theirs.hostname, theirs.hops, theirs.reachable], [g.hostname, 2, true]);
  }
  const stats = await running;
  assert.equal(stats.connectFailures, 0);
  assert.equal(stats.disconnects, 0);

  // every chart, with the proxy's metadata
  for (const c of stats.children) {
    const mine = (await proxy.getJson(`/host/${c.hostname}/api/v1/charts`)).charts;
    const theirs = (await parent.getJson(`/host/${c.hostname}/api/v1/charts`)).charts;
    assert.deepEqual(Object.keys(theirs).sort(), Object.keys(mine).sort());
    for (const id of Object.keys(mine)) {
      for (const f of [...MIRRORED_CHART_FIELDS, 'title', 'name']) assert.deepEqual(theirs[id][f], mine[id][f], `${c.hostname} ${id}: ${f}`);
    }
    const labels = (h: ParentProcess) => h.getJson(`/host/${c.hostname}/api/v1/info`).then((i) => i.host_labels);
    assert.deepEqual(await labels(parent), await labels(proxy));
  }

  // the same values on both, for every second sent after the clock anchor; and they are the model's
  const sent = stats.seconds.filter((s) => s.values > 0).map((s) => s.t);
  // the anchored clock restarts each chart at its third block (see below): the proxy then stores nothing for a few
  // seconds, while the parent, which times each block by the collection second the proxy sends with it (GAPS), does
  // not restart; from the sixth second sent both hold the model
  const from = sent[5];
  const to = sent[sent.length - 1];
  // the last second takes one more hop to reach the parent than the proxy
  for (const c of stats.children) {
    await waitFor(async () => (await parent.getJson(`/host/${c.hostname}/api/v1/chart?chart=system.cpu`)).last_entry >= to, 10_000, 100);
  }
  let compared = 0;
  for (const c of stats.children) {
    for (const chart of loadCharts(opts.charts, opts.dims)) {
      const q = `/host/${c.hostname}/api/v1/data?chart=${encodeURIComponent(chart.def.id)}&after=${from}&before=${to}&format=json`;
      const [mine, theirs] = await Promise.all([proxy.getJson(q), parent.getJson(q)]).then((r) => r.map(dataAnswer));
      const tally = compareChart({ host: c.hostname, chart: chart.def.id, kind: chart.kind }, mine.labels, theirs, mine, from, to);
      assert.deepEqual(tally.mismatches.map(formatMismatch), [], `${c.hostname} ${chart.def.id}: parent differs from the proxy`);
      assert.equal(tally.withinTolerance, 0, `${c.hostname} ${chart.def.id}: values are not identical`);
      compared += tally.identical;
    }
  }
  // the newest seconds sent are not stored yet by either (a value is stored when the next one arrives)
  assert.ok(compared >= 2 * opts.charts * opts.dims * (to - from - 2), `compared only ${compared} values`);
  // The anchored clock restarts each chart at its third block: the model holds from the sixth second sent (the first
  // points after a restart are partial), and a second is stored when the next block comes, so not the last one sent.
  await assertModelValues(parent.baseUrl, opts, { ...stats, seconds: stats.seconds.slice(2, -1) }, [0, 1, 7, 9]);

  // the proxy's log speaks as Netdata's sender
  const said = (re: RegExp) => proxy.logLines().some((l) => re.test(l.msg ?? ''));
  const dest = `127\\.0\\.0\\.1:${parent.port}`;
  assert.ok(said(new RegExp(`^STREAM ${PREFIX}-0 \\[send to ${dest}\\]: connecting\\.\\.\\.$`)));
  assert.ok(said(new RegExp(`^STREAM ${PREFIX}-0 \\[send to ${dest}\\]: initializing communication\\.\\.\\.$`)));
  assert.ok(said(new RegExp(`^STREAM ${PREFIX}-0 \\[send to ${dest}\\]: waiting response from remote netdata\\.\\.\\.$`)));
  // a streamledger parent takes GAPS (1 << 30) in place of REPLICATION: 960 with GAPS
  const gapsVersion = (960 | (1 << 30)) >>> 0;
  assert.ok(said(new RegExp(`^STREAM ${PREFIX}-0 \\[send to ${dest}\\]: established communication with a parent using protocol version ${gapsVersion} - ready to send metrics\\.\\.\\.$`)));
  // the parent had nothing of the host: REPLICATE from its TIMESTAMP, answered from the event log
  assert.ok(said(new RegExp(`^STREAM ${PREFIX}-0 \\[send to ${dest}\\]: REPLICATE from \\d+: \\d+ blocks sent from the event log`)));
  // the children ended their sessions: so did their senders, and the parent saw each stream end
  await waitFor(() => said(new RegExp(`^STREAM ${PREFIX}-1 \\[send\\]: sending thread now exits\\.$`)), 5000);
  await waitFor(async () => (await hostStatus(parent, stats.children[1].guid))?.reachable === false, 10_000, 250);
});
