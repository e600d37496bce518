/**
 * /api/v1/allmetrics?format=prometheus and prometheus_all_hosts against a real Netdata 1.37.1 parent: the load
 * generator's parity mix (every algorithm, multipliers and divisors, values past 2^53, wraps, resets, skipped
 * dimensions) goes to streamledger and, in the same ticks, to Netdata; then both are scraped with the same queries.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { DEFAULT_VER, handshakeRequest } from '../../scripts/lib/loadgen-protocol';
import { PARITY_KINDS } from '../../scripts/lib/loadgen-parity';
import { runLoad } from '../../scripts/loadgen';
import { promLabel, promName, promUnits } from '../../src/api/routes/prometheus-text';
import { httpGet } from '../helpers/http';
import { DEFAULT_API_KEY, requireNetdataOrSkip, startNetdataParent, type NetdataInstance } from '../helpers/netdata';
import { defaultStreamConf, freePort, startParent, waitFor, type ParentProcess } from '../helpers/parent';

test('names, label values and units are copied as Netdata 1.37 copies them', () => {
  assert.equal(promName('system.cpu-x/é'), 'system_cpu_x___');
  assert.equal(promLabel('a "b" \\ c\nd'), 'a \\"b\\" \\\\ c\\\nd');
  assert.equal(promUnits('units/s', false), '_units_persec');
  assert.equal(promUnits('%', false), '_percent');
  assert.equal(promUnits('milliseconds/request', false), '_milliseconds_request');
  assert.equal(promUnits('KiB/s', true), '_kilobytes_persec');
  assert.equal(promUnits('percentage', true), '_percent');
});

interface Pair {
  ours: string;
  theirs: string;
}

/** "time range A to B" of a help=yes answer: what the server's window was. */
const timeRange = (body: string): string => /time range (\d+ to \d+)/.exec(body)?.[1] ?? '';
const withoutHeader = (body: string): string => body.replace(/^# COMMENT netdata .*\n\n/, '');

/** Host sections of an all-hosts answer, by instance, each from its netdata_info line on. */
function hostSections(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of body.split(/(?=^netdata_info\{)/m)) {
    const m = /^netdata_info\{instance="([^"]*)"/.exec(part);
    if (m) out.set(m[1], part);
  }
  return out;
}

const splitValue = (line: string): { key: string; value: number; rest: string } => {
  const m = /^(\S+\{[^}]*\}|\S+) (\S+)( \d+)?$/.exec(line);
  assert.ok(m, `not a metric line: ${line}`);
  return { key: m[1], value: Number(m[2]), rest: m[3] ?? '' };
};

/** A real Netdata parent (memory mode ram) and ours, on two free ports, for the body; both are stopped after it. */
async function withBothParents(body: (p: { ours: ParentProcess; ourPort: number; ndPort: number }) => Promise<void>): Promise<void> {
  const ndPort = await freePort();
  let ourPort = await freePort();
  while (ourPort === ndPort) ourPort = await freePort();
  let netdata: NetdataInstance | null = null;
  let ours: ParentProcess | null = null;
  try {
    netdata = await startNetdataParent({ port: ndPort, memoryMode: 'ram' });
    ours = await startParent({ port: ourPort, streamConf: defaultStreamConf() });
    await body({ ours, ourPort, ndPort });
  } finally {
    await ours?.dispose();
    await netdata?.stop();
  }
}

test('prometheus formats answer what a real Netdata 1.37.1 parent answers for the same stream', { timeout: 120_000 }, async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  await withBothParents(async ({ ours, ourPort, ndPort }) => {
    const stats = await runLoad({
      host: '127.0.0.1', port: ourPort, key: DEFAULT_API_KEY, children: 2, charts: PARITY_KINDS.length, dims: 0, seconds: 12,
      mix: 'parity', anchorClock: true, hostnamePrefix: `prom${process.pid}`, mirrors: [{ host: '127.0.0.1', port: ndPort }],
    });
    assert.equal(stats.mirrors[0].values, stats.values, 'both parents were sent the same values');
    const children = stats.children.map((c) => c.hostname);
    const bases = { ours: ours.baseUrl, theirs: `http://127.0.0.1:${ndPort}` };

    // every query names its own `server`: a server's first scrape gets the last 10 s, later ones the time since
    let serial = 0;
    const scrape = async (hostPath: string, query: string): Promise<Pair> => {
      const q = `${query}&server=t${++serial}`;
      const [o, th] = await Promise.all([bases.ours, bases.theirs].map((b) => httpGet(`${b}${hostPath}/api/v1/allmetrics?${q}`)));
      assert.equal(o.status, 200, o.body);
      assert.equal(th.status, 200, th.body);
      assert.equal(o.headers['content-type'], th.headers['content-type']);
      return { ours: o.body, theirs: th.body };
    };
    /** A help=yes scrape whose window (the scrape's second) is the same on both parents: retried until it is. */
    const sameWindow = (hostPath: string, query: string): Promise<Pair> =>
      waitFor(async () => {
        const p = await scrape(hostPath, `${query}&help=yes`);
        return timeRange(p.ours) && timeRange(p.ours) === timeRange(p.theirs) ? p : null;
      }, 10_000, 50);

    // as-collected values are the raw last SET of each dimension: identical bytes once both hold the last block
    const child = `/host/${children[0]}`;
    const asCollected = await waitFor(async () => {
      const p = await scrape(child, 'format=prometheus&source=as-collected&timestamps=no&types=yes');
      return p.ours === p.theirs ? p : null;
    }, 10_000, 200).catch(async () => scrape(child, 'format=prometheus&source=as-collected&timestamps=no&types=yes'));
    assert.equal(asCollected.ours, asCollected.theirs);
    assert.ok(asCollected.ours.split('\n').length > 40, `too few metrics to mean anything:\n${asCollected.ours}`);
    assert.match(asCollected.ours, /_total\{chart="parity\.incremental1",/);
    assert.match(asCollected.ours, /dimension="above2_53"\} 90071992\d{8}\n/);

    const named = await sameWindow(child, 'format=prometheus&source=as-collected&timestamps=no&types=yes&names=no&prefix=nd2');
    assert.equal(withoutHeader(named.ours), withoutHeader(named.theirs));
    assert.match(named.ours, /^# COMMENT netdata "[^"]+" to FIRST SEEN prometheus "t\d+", source "as collected", last seen 0 never, time range \d+ to \d+\n\n/);

    const filtered = await scrape(child, 'format=prometheus&source=as-collected&timestamps=no&filter=parity.absolute0 parity.reset*');
    assert.equal(filtered.ours, filtered.theirs);
    assert.match(filtered.ours, /chart="parity\.reset\d+"/);
    assert.doesNotMatch(filtered.ours, /chart="parity\.incremental/);

    // with timestamps: the same lines, each stamped with when its value arrived (or, for netdata_info, now) on each
    // parent; the two clocks read the same stream, so the stamps are close but not equal
    const stamped = await scrape(child, 'format=prometheus&source=as-collected');
    const [ol, tl] = [stamped.ours.trim().split('\n'), stamped.theirs.trim().split('\n')];
    assert.deepEqual(ol.map((l) => splitValue(l).key), tl.map((l) => splitValue(l).key));
    ol.forEach((line, i) => {
      const [a, b] = [splitValue(line), splitValue(tl[i])];
      assert.equal(a.value, b.value, line);
      assert.ok(Math.abs(Number(a.rest) - Number(b.rest)) < 1500, `${line} vs ${tl[i]}`);
    });

    // all hosts: each child's section is the same; the parents' own sections differ (Netdata has its own charts)
    const all = await scrape(child, 'format=prometheus_all_hosts&source=as-collected&timestamps=no');
    const [os, ts] = [hostSections(all.ours), hostSections(all.theirs)];
    assert.equal([...os.keys()][0], 'sl-parent');
    for (const h of children) {
      assert.ok(os.get(h), `no section for ${h} in ours`);
      assert.equal(os.get(h), ts.get(h), `section of ${h}`);
      assert.match(os.get(h)!, new RegExp(`instance="${h}"\\} \\d+\\n`));
    }

    // averages (and sum, which 1.37.1 computes as the average too): same window, same stored points; Netdata sums in
    // long double and we in double, so a printed value may differ in its last decimals
    for (const source of ['average', 'sum']) {
      const avg = await sameWindow(child, `format=prometheus&types=yes&source=${source}`);
      const [oa, ta] = [avg.ours.trim().split('\n'), avg.theirs.trim().split('\n')];
      assert.equal(oa.length, ta.length, `${source}: line counts\n${avg.ours}\n----\n${avg.theirs}`);
      let values = 0;
      oa.forEach((line, i) => {
        if (line.startsWith('#') || line === '') return assert.equal(line, ta[i]);
        const [a, b] = [splitValue(line), splitValue(ta[i])];
        assert.equal(a.key, b.key);
        // netdata_info is stamped with the time of the scrape, a value with its window's last second
        if (!line.startsWith('netdata_info')) assert.equal(a.rest, b.rest, `${line}: the window's last second`);
        assert.ok(Math.abs(a.value - b.value) <= 1e-7 + 1e-12 * Math.abs(b.value), `${source}: ${line} vs ${ta[i]}`);
        values++;
      });
      assert.ok(values > 40, `${source}: only ${values} values`);
      assert.match(avg.ours, new RegExp(`^netdata_parity_absolute${source === 'average' ? '_units' : ''}_${source}\\{`, 'm'));
    }

    // a server's second scrape starts at the second of its first: values collected before then are not repeated
    // (the first scrape comes a second after the last block, so none were collected in its second)
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await sleep(1100);
    const first = await sameWindow(child, 'format=prometheus&source=as-collected&timestamps=no');
    assert.match(first.ours, /^netdata_parity/m);
    await sleep(1100);
    const server = `t${serial}`;
    const again = await Promise.all([bases.ours, bases.theirs].map((b) =>
      httpGet(`${b}${child}/api/v1/allmetrics?format=prometheus&source=as-collected&timestamps=no&help=yes&server=${server}`)));
    const firstNow = timeRange(first.ours).split(' to ')[1];
    assert.match(again[0].body, new RegExp(`prometheus "${server}", source "as collected", last seen \\d+ seconds ago, time range ${firstNow} to \\d+\\n`));
    assert.equal(withoutHeader(again[0].body), withoutHeader(again[1].body));
    assert.doesNotMatch(again[0].body, /^netdata_parity/m);
  });
});

/** A child written by hand, for what the load generator never sends: configured host labels and host variables. */
const LABEL_CHILD = [
  'LABEL "_os_name" = 1 "automatic, not exported"',
  'LABEL "site" = 2 "dc \\"one\\" x"',
  'LABEL "rack-id" = 2 "r1"',
  'LABEL "both" = 3 "b"',
  'OVERWRITE labels',
  'CHART lab.one "" "T" "units" "fam" "lab.ctx" line 1 1 "" "plug" "mod"',
  'DIMENSION d1 "" absolute 1 1 ""',
  'DIMENSION d2 "" incremental 3 -7 ""',
  'CHART lab.two "" "T" "%" "fam" "lab.ctx2" line 1 1 "" "plug" "prometheus"',
  'DIMENSION e1 "ename" incremental 3 7 ""',
  'VARIABLE HOST myvar = 12.5',
  'VARIABLE HOST other.var = -3',
  '',
].join('\n');

test('host labels, host variables and the prometheus collector\'s charts as a real Netdata 1.37.1 parent prints them', { timeout: 60_000 }, async (t) => {
  if (!requireNetdataOrSkip(t)) return;
  const sockets: net.Socket[] = [];
  t.after(() => sockets.forEach((s) => s.destroy()));
  await withBothParents(async ({ ourPort, ndPort }) => {
    const hostname = `labhost${process.pid}`;
    const request = handshakeRequest({ key: DEFAULT_API_KEY, hostname, guid: '5e1f0000-10ad-4e6e-8000-000000000001', updateEvery: 1, ver: DEFAULT_VER });
    for (const port of [ourPort, ndPort]) {
      sockets.push(await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => s.write(request));
        s.once('data', () => resolve(s));
        s.once('error', reject);
      }));
    }
    const send = (text: string) => sockets.forEach((s) => s.write(text));
    send(LABEL_CHILD);
    for (let i = 0; i < 4; i++) {
      send(`BEGIN lab.one\nSET d1 = ${100 + i}\nSET d2 = ${1000 * i}\nEND\nBEGIN lab.two\nSET e1 = ${77 * i}\nEND\n`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    // no `server`: both name a loopback scraper "localhost"
    const query = 'format=prometheus&variables=yes&help=yes&types=yes&source=as-collected&timestamps=no';
    const [o, th] = await waitFor(async () => {
      const p = await Promise.all([ourPort, ndPort].map((port) => httpGet(`http://127.0.0.1:${port}/host/${hostname}/api/v1/allmetrics?${query}`)));
      return timeRange(p[0].body) === timeRange(p[1].body) ? p : null;
    }, 10_000, 50);
    assert.equal(o.body, th.body);
    assert.match(o.body, /prometheus "localhost"/);
    assert.match(o.body, new RegExp(`netdata_info\\{instance="${hostname}",application="streamledger-loadgen",version="0.1.0",site="dc /_one/_ x",rack_id="r1",both="b"\\} 1\n`));
    assert.match(o.body, /^netdata_other_var -3.0000000$/m);
    assert.match(o.body, /^netdata_lab_ctx2\{chart="lab.two",family="fam",dimension="ename"\} 99.0000000$/m);

    const all = await Promise.all([ourPort, ndPort].map((port) =>
      httpGet(`http://127.0.0.1:${port}/api/v1/allmetrics?format=prometheus_all_hosts&variables=yes&source=as-collected&timestamps=no&names=no`)));
    assert.equal(hostSections(all[0].body).get(hostname), hostSections(all[1].body).get(hostname));
    assert.match(hostSections(all[0].body).get(hostname)!, /^netdata_myvar\{instance="labhost\d+"\} 12.5000000$/m);
  });
});
