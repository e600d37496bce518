import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpGetJson } from '../helpers/http';
import { requireNetdataOrSkip, startNetdataChild, startNetdataParent } from '../helpers/netdata';
import { defaultStreamConf, freePort, startParent, waitFor } from '../helpers/parent';

type Alarms = Record<string, { chart: string; name: string; status: string; value: number | null }>;

/**
 * The reference is a real Netdata 1.37.1 parent with health on, fed by a real child; streamledger is fed by a second
 * real child on the same machine (a Netdata child streams to one parent), so both children collect the same /proc
 * charts. Both parents run the stock health.d files for their child.
 */
test('a real Netdata parent and streamledger attach the same stock alerts to a child\'s charts, with the same statuses', async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  const ndPort = await freePort();
  const nd = await startNetdataParent({ port: ndPort, health: true });
  const ours = await startParent({ streamConf: `${defaultStreamConf()}    health enabled by default = yes\n` });
  const toNd = await startNetdataChild({ dest: `127.0.0.1:${ndPort}`, hostname: 'hvn-netdata' });
  const toUs = await startNetdataChild({ dest: `127.0.0.1:${ours.port}`, hostname: 'hvn-ours' });
  t.after(async () => {
    await Promise.all([toNd.stop(), toUs.stop()]);
    await Promise.all([nd.stop(), ours.dispose()]);
  });
  const theirAlarms = async () => (await httpGetJson(`http://127.0.0.1:${ndPort}/host/hvn-netdata/api/v1/alarms?all`)).alarms as Alarms;
  const ourAlarms = async () => (await ours.getJson('/host/hvn-ours/api/v1/alarms?all')).alarms as Alarms;
  const charts = async (): Promise<Set<string>> => {
    const [a, b] = await Promise.all([
      httpGetJson(`http://127.0.0.1:${ndPort}/host/hvn-netdata/api/v1/charts`),
      ours.getJson('/host/hvn-ours/api/v1/charts'),
    ]);
    return new Set(Object.keys(a.charts).filter((id) => id in b.charts));
  };
  // both parents postpone a child's alerts 60 s after it connects (the default); then they attach as charts come
  type Seen = { theirs: Alarms; mine: Alarms; common: Set<string> };
  const seen: Seen = await waitFor(async (): Promise<Seen | null> => {
    const [theirs, mine, common] = await Promise.all([theirAlarms().catch((): Alarms => ({})), ourAlarms().catch((): Alarms => ({})), charts().catch(() => new Set<string>())]);
    const evaluated = Object.keys(theirs).filter((k) => k in mine && theirs[k].status !== 'UNINITIALIZED' && mine[k].status !== 'UNINITIALIZED');
    return Object.keys(theirs).length >= 20 && evaluated.length >= 15 ? { theirs, mine, common } : null;
  }, 150_000, 2000);
  const onCommon = (a: Alarms) => Object.values(a).filter((x) => seen.common.has(x.chart)).map((x) => `${x.chart}.${x.name}`).sort();
  const theirSet = onCommon(seen.theirs);
  const ourSet = onCommon(seen.mine);
  const onlyOurs = ourSet.filter((k) => !theirSet.includes(k));
  const onlyTheirs = theirSet.filter((k) => !ourSet.includes(k));
  console.log(`# alerts on charts both parents have: Netdata ${theirSet.length}, streamledger ${ourSet.length}; only ours: ${onlyOurs.join(', ') || 'none'}; only Netdata's: ${onlyTheirs.join(', ') || 'none'}`);
  assert.deepEqual(onlyTheirs, [], 'every alert the Netdata parent attaches, streamledger attaches');
  // In some runs a Netdata 1.37.1 parent lacks one `alarm:` of the child that the child's own Netdata and streamledger
  // both run (seen: mem.oom_kill.oom_kill, which has a `host labels` filter, and ipv4.sockstat_tcp_mem.tcp_memory),
  // and in others it has it: a timing difference on its side, so one such alert is tolerated.
  assert.ok(onlyOurs.length <= 1, `only ours: ${onlyOurs.join(', ')}`);

  const both = theirSet.filter((k) => k in seen.mine && seen.theirs[k].status !== 'UNINITIALIZED' && seen.mine[k].status !== 'UNINITIALIZED');
  const differ = both.filter((k) => seen.theirs[k].status !== seen.mine[k].status);
  console.log(`# ${both.length} alerts evaluated by both parents, ${differ.length} with another status: ${differ.map((k) => `${k} ${seen.theirs[k].status}/${seen.mine[k].status}`).join(', ')}`);
  // two children sample the same machine a moment apart: a value near a threshold may differ; more than two is a defect
  assert.ok(differ.length <= 2, `statuses differ: ${differ.join(', ')}`);
});
