import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { alertsForChart, type ChartFacts, type HostFacts } from '../../src/health/attach/match-alerts';
import { loadHealthConfig } from '../../src/health/config/load-health-config';
import { HostProjection } from '../../src/projection/host-projection';
import { StreamParser } from '../../src/protocol/stream-parser';
import { CAPTURES } from '../helpers/captures';

const STOCK = '/usr/lib/netdata/conf.d/health.d';

/** The charts and host labels of a real 1.37.1 child, from a captured stream. */
function capturedChild(): { host: HostFacts; charts: ChartFacts[] } {
  const projection = new HostProjection({
    identity: { hostname: 'c', machineGuid: '', os: 'linux', timezone: '', abbrevTimezone: '', utcOffset: 0, tags: '', programName: '', programVersion: '', updateEvery: 1 },
    history: 60,
    storage: null,
  });
  const parser = new StreamParser({ begin() {}, set() {}, end() {}, meta: (cmd) => projection.apply(cmd), bad() {} }, { maxLineBytes: 1 << 20 });
  parser.push(zlib.gunzipSync(fs.readFileSync(path.join(CAPTURES, 'stream-reply-caps5112-replication.txt.gz'))));
  const charts = [...projection.charts()].map((c) => ({
    id: c.id, name: c.name, context: c.context, family: c.family, plugin: c.def.plugin, module: c.def.module,
    dimensions: c.dimensions.map((d) => ({ id: d.def.id, name: d.name })),
  }));
  return { host: { hostname: 'c', os: 'linux', labels: projection.hostLabels() }, charts };
}

describe('attaching alerts to charts', () => {
  it('attaches the stock alarms and templates to a real child\'s charts as the files say', (t) => {
    if (!fs.existsSync(STOCK)) return t.skip(`${STOCK} is not here (Debian's netdata-core installs it)`);
    const { definitions } = loadHealthConfig({ stockDir: STOCK });
    const { host, charts } = capturedChild();
    const on = (id: string) => alertsForChart(definitions, host, charts.find((c) => c.id === id)!).map((a) => a.name).sort();
    // cpu.conf: three linux templates on the system.cpu context (the freebsd ones are for another os)
    assert.deepEqual(on('system.cpu'), ['10min_cpu_iowait', '10min_cpu_usage', '20min_steal_cpu']);
    // load.conf: alarms on system.load
    assert.deepEqual(on('system.load'), ['load_average_1', 'load_average_15', 'load_average_5', 'load_cpu_number']);
    // ram.conf: the linux alarms; oom_kill needs the host label _is_k8s_node=false, which this child sends
    assert.deepEqual(on('system.ram'), ['ram_in_use']);
    assert.deepEqual(on('mem.available'), ['ram_available']);
    assert.deepEqual(on('mem.oom_kill'), ['oom_kill']);
    const k8s: HostFacts = { ...host, labels: new Map([...host.labels, ['_is_k8s_node', 'true']]) };
    assert.deepEqual(alertsForChart(definitions, k8s, charts.find((c) => c.id === 'mem.oom_kill')!), []);
    // another os: none of the linux ones
    assert.deepEqual(alertsForChart(definitions, { ...host, os: 'macos' }, charts.find((c) => c.id === 'system.ram')!), []);
  });

  it('matches templates by families and charts patterns, alarms by id or name, and expands foreach', () => {
    const { definitions } = loadHealthConfigFromText(`
 template: space
       on: disk.space
 families: !/dev !/dev/* *
     calc: $used
    every: 1m
    alarm: by_name
       on: disk_space.root
     calc: 1
    every: 10s
 template: space
       on: disk.space
     calc: $avail
    every: 1m
 template: per_dim
       on: net.net
   lookup: average -1m of * foreach *
    every: 1m
`);
    const host: HostFacts = { hostname: 'h', os: 'linux', labels: new Map() };
    const chart = (id: string, family: string, name = id): ChartFacts => ({ id, name, context: 'disk.space', family, plugin: '', module: '', dimensions: [] });
    // the first template of a name that applies wins; a later one of the same name covers the families it excludes
    const [spaceUsed, , spaceAvail] = definitions;
    assert.deepEqual(alertsForChart(definitions, host, chart('disk_space._', '/')).map((a) => [a.name, a.definition]), [['space', spaceUsed]]);
    assert.deepEqual(alertsForChart(definitions, host, chart('disk_space._dev', '/dev')).map((a) => [a.name, a.definition]), [['space', spaceAvail]]);
    assert.deepEqual(alertsForChart(definitions, host, chart('disk_space._', '/', 'disk_space.root')).map((a) => [a.name, a.definition.kind]), [['by_name', 'alarm'], ['space', 'template']]);
    const net: ChartFacts = { id: 'net.eth0', name: 'net.eth0', context: 'net.net', family: 'eth0', plugin: '', module: '', dimensions: [{ id: 'received', name: 'received' }, { id: 'sent', name: 'sent' }] };
    assert.deepEqual(alertsForChart(definitions, host, net).map((a) => [a.name, a.dimension]), [['per_dim_received', 'received'], ['per_dim_sent', 'sent']]);
  });
});

function loadHealthConfigFromText(text: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-attach-'));
  try {
    fs.writeFileSync(path.join(dir, 'x.conf'), text);
    return loadHealthConfig({ stockDir: dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
