import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertsForChart, type ChartFacts } from '../../src/health/attach/match-alerts';
import { loadHealthConfig } from '../../src/health/config/load-health-config';
import { httpGetJson } from '../helpers/http';
import { requireNetdataOrSkip, startNetdataChild } from '../helpers/netdata';
import { defaultStreamConf, freePort, startParent, waitFor } from '../helpers/parent';

const STOCK = '/usr/lib/netdata/conf.d/health.d';
const CHILD = 'health-attach-child';

test('the stock alerts attach to and run on the charts a real child streams as on the child\'s own Netdata', async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  // alerts from the first second (Netdata's default postpones them 60 s after a child connects)
  const parent = await startParent({ streamConf: `${defaultStreamConf()}    default postpone alarms on connect seconds = 0\n` });
  const webPort = await freePort();
  const child = await startNetdataChild({ dest: `127.0.0.1:${parent.port}`, webPort, hostname: CHILD, health: true });
  t.after(async () => {
    await child.stop();
    await parent.dispose();
  });
  const { definitions } = loadHealthConfig({ stockDir: STOCK });
  const compare = async () => {
    const theirs = (await httpGetJson(`http://127.0.0.1:${webPort}/api/v1/alarms?all`)).alarms as Record<string, { chart: string; name: string }>;
    const charts = (await parent.getJson(`/host/${CHILD}/api/v1/charts`)).charts as Record<string, any>;
    const info = await parent.getJson(`/host/${CHILD}/api/v1/info`);
    const host = { hostname: CHILD, os: 'linux', labels: new Map(Object.entries(info.host_labels as Record<string, string>)) };
    const ours = new Set<string>();
    for (const [id, c] of Object.entries(charts)) {
      const facts: ChartFacts = {
        id, name: c.name, context: c.context, family: c.family, plugin: c.plugin, module: c.module,
        dimensions: Object.entries(c.dimensions as Record<string, { name: string }>).map(([dim, d]) => ({ id: dim, name: d.name })),
      };
      for (const a of alertsForChart(definitions, host, facts)) ours.add(`${id}.${a.name}`);
    }
    // only alerts of charts both sides have now (a chart created this second may be on one side only)
    const theirsHere = Object.values(theirs).filter((a) => a.chart in charts).map((a) => `${a.chart}.${a.name}`).sort();
    return { ours: [...ours].sort(), theirs: theirsHere };
  };
  // the child's charts appear over several seconds: compare once both sides agree on a stable set
  type Sets = { ours: string[]; theirs: string[] };
  const r: Sets = await waitFor(async (): Promise<Sets | null> => {
    const x = await compare();
    return x.theirs.length >= 20 && x.ours.length === x.theirs.length ? x : null;
  }, 60_000, 2000).catch(async () => compare());
  console.log(`# ${r.theirs.length} alerts on the child's own Netdata, ${r.ours.length} attached by streamledger's matching`);
  assert.deepEqual(r.ours, r.theirs);
  assert.ok(r.theirs.some((a) => a === 'system.cpu.10min_cpu_usage') && r.theirs.some((a) => a === 'system.load.load_average_15'));

  // streamledger runs them: /api/v1/alarms?all lists the same alerts as the child's for the charts it has at that moment
  // (a chart the child creates later, e.g. ipv4.sockstat_tcp_mem, brings its alerts on both sides after the first comparison)
  type Alarms = Record<string, { chart: string; status: string; value: number | null }>;
  const statuses = await waitFor(async () => {
    const theirs = (await httpGetJson(`http://127.0.0.1:${webPort}/api/v1/alarms?all`)).alarms as Alarms;
    const ours = (await parent.getJson(`/host/${CHILD}/api/v1/alarms?all`)).alarms as Alarms;
    const charts = (await parent.getJson(`/host/${CHILD}/api/v1/charts`)).charts as Record<string, unknown>;
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).filter((k) => theirs[k].chart in charts).sort());
    const both = Object.keys(theirs).filter((k) => k in ours && theirs[k].status !== 'UNINITIALIZED' && ours[k].status !== 'UNINITIALIZED');
    return both.length >= 15 ? { theirs, ours, both } : null;
  }, 90_000, 2000);
  const differ = statuses.both.filter((k) => statuses.theirs[k].status !== statuses.ours[k].status);
  console.log(`# ${statuses.both.length} alerts evaluated on both sides, ${differ.length} with another status: ${differ.map((k) => `${k} ${statuses.theirs[k].status}/${statuses.ours[k].status}`).join(', ')}`);
  // evaluated a few seconds apart on live data, a value near a threshold may differ; more than two is a defect
  assert.ok(differ.length <= 2, `statuses differ: ${differ.join(', ')}`);
});
