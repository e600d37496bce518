import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, describe, it } from 'node:test';
import { CAP, definitions as loadgenDefinitions } from '../../scripts/lib/loadgen-protocol';
import { loadCharts } from '../../scripts/lib/loadgen-model';
import { alertsForChart, type AttachedAlert, type ChartFacts, type HostFacts } from '../../src/health/attach/match-alerts';
import type { AlertDefinition } from '../../src/health/config/alert-definition';
import { loadHealthConfig } from '../../src/health/config/load-health-config';
import { STATUS_CODE, statusOf, type AlarmStatus } from '../../src/health/evaluate/alarm-status';
import { ALARM_STATUS_VARIABLES, evaluateExpression, expressionVariables } from '../../src/health/expression';
import { HostProjection } from '../../src/projection/host-projection';
import { StreamParser } from '../../src/protocol/stream-parser';
import { CAPTURES } from '../helpers/captures';
import { repoRoot } from '../helpers/paths';

/** The shipped health configuration, and Netdata's stock one (Debian's netdata-core installs it). */
const CONF = path.join(repoRoot(), 'conf/health.d');
const STOCK = '/usr/lib/netdata/conf.d/health.d';

/** What each shipped file holds, written down by hand from the files: [kind, name, on]. */
const EXPECTED: Record<string, Array<['alarm' | 'template', string, string]>> = {
  'cpu.conf': [
    ['template', '10min_cpu_usage', 'system.cpu'],
    ['template', '10min_cpu_iowait', 'system.cpu'],
    ['template', '20min_steal_cpu', 'system.cpu'],
  ],
  'disks.conf': [
    ['template', 'disk_space_usage', 'disk.space'],
    ['template', 'disk_inode_usage', 'disk.inodes'],
  ],
  'load.conf': [
    ['template', 'load_cpu_number', 'system.load'],
    ['template', 'load_average_15', 'system.load'],
    ['template', 'load_average_5', 'system.load'],
    ['template', 'load_average_1', 'system.load'],
  ],
  'net.conf': [
    ['template', '1m_received_traffic_overflow', 'net.net'],
    ['template', '1m_sent_traffic_overflow', 'net.net'],
    ['template', 'interface_inbound_errors', 'net.errors'],
    ['template', 'interface_outbound_errors', 'net.errors'],
    ['template', 'interface_inbound_drops', 'net.drops'],
    ['template', 'interface_outbound_drops', 'net.drops'],
  ],
  'ram.conf': [
    ['template', 'ram_in_use', 'system.ram'],
    ['template', 'ram_available', 'mem.available'],
    ['template', 'oom_kill', 'mem.oom_kill'],
  ],
  'streamledger.conf': [
    ['template', 'cpu_last_collected_secs', 'system.cpu'],
    ['template', 'ram_last_collected_secs', 'system.ram'],
    ['template', 'loadgen_last_collected_secs', 'parity.absolute'],
  ],
  'swap.conf': [
    ['template', 'used_swap', 'system.swap'],
    ['template', 'used_swap', 'mem.swap'],
    ['template', '30min_ram_swapped_out', 'system.swapio'],
    ['template', '30min_ram_swapped_out', 'mem.swapio'],
  ],
};

/** Alerts that only compute a value for the others (no warn, no crit). */
const HELPERS = new Set(['load_cpu_number']);

const tmpDirs: string[] = [];
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The shipped files alone: the stock directory is an empty one. */
function shipped() {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'shipped-health-'));
  tmpDirs.push(empty);
  return loadHealthConfig({ stockDir: empty, userDir: CONF });
}

const fileOf = (d: AlertDefinition): string => path.basename(d.source.slice(d.source.indexOf('@') + 1));
const byName = (defs: readonly AlertDefinition[], name: string, on?: string): AlertDefinition => {
  const d = defs.find((x) => x.name === name && (on === undefined || x.on === on));
  assert.ok(d, `no alert ${name}${on ? ` on ${on}` : ''}`);
  return d;
};

/**
 * Charts a Netdata 1.37 child creates only later or only on some machines, so the captured child has none: the
 * diskspace plugin's per-mount charts, swap (that child had none), and an interface's errors and drops (created
 * once it has any). Written as the collectors define them (plugin_diskspace.c, proc_meminfo.c, proc_vmstat.c,
 * proc_net_dev.c); mem.swap and mem.swapio are the names newer Netdata children use.
 */
const LATER_CHARTS = [
  ...['/', '/home', '/run', '/dev/shm', '/snap/core20/1974'].flatMap((mount) => {
    const disk = mount.replace(/\//g, '_');
    return [
      `CHART "disk_space.${disk}" "" "Disk Space Usage for ${mount} [/dev/vda1]" "GiB" "${mount}" "disk.space" "stacked" 2023 1 "" "diskspace.plugin" ""`,
      'DIMENSION "avail" "avail" "absolute" 4096 1073741824 ""',
      'DIMENSION "used" "used" "absolute" 4096 1073741824 ""',
      'DIMENSION "reserved_for_root" "reserved for root" "absolute" 4096 1073741824 ""',
      `CHART "disk_inodes.${disk}" "" "Disk Files (inodes) Usage for ${mount} [/dev/vda1]" "inodes" "${mount}" "disk.inodes" "stacked" 2024 1 "" "diskspace.plugin" ""`,
      'DIMENSION "avail" "avail" "absolute" 1 1 ""',
      'DIMENSION "used" "used" "absolute" 1 1 ""',
      'DIMENSION "reserved_for_root" "reserved for root" "absolute" 1 1 ""',
    ];
  }),
  'CHART "system.swap" "" "System Swap" "MiB" "swap" "system.swap" "stacked" 201 1 " detail " "proc.plugin" "/proc/meminfo"',
  'DIMENSION "free" "free" "absolute" 1 1024 ""',
  'DIMENSION "used" "used" "absolute" 1 1024 ""',
  'CHART "system.swapio" "" "Swap I/O" "KiB/s" "swap" "system.swapio" "area" 250 1 "" "proc.plugin" "/proc/vmstat"',
  'DIMENSION "in" "in" "incremental" 4096 1024 ""',
  'DIMENSION "out" "out" "incremental" -4096 1024 ""',
  'CHART "mem.swap" "" "System Swap" "MiB" "swap" "mem.swap" "stacked" 1035 1 " detail " "proc.plugin" "/proc/meminfo"',
  'DIMENSION "free" "free" "absolute" 1 1024 ""',
  'DIMENSION "used" "used" "absolute" 1 1024 ""',
  'CHART "mem.swapio" "" "Swap I/O" "KiB/s" "swap" "mem.swapio" "area" 1036 1 "" "proc.plugin" "/proc/vmstat"',
  'DIMENSION "in" "in" "incremental" 4096 1024 ""',
  'DIMENSION "out" "out" "incremental" -4096 1024 ""',
  'CHART "net_errors.eth0" "" "Interface Errors" "errors/s" "eth0" "net.errors" "line" 7004 1 " detail " "proc.plugin" "/proc/net/dev"',
  'DIMENSION "inbound" "inbound" "incremental" 1 1 ""',
  'DIMENSION "outbound" "outbound" "incremental" -1 1 ""',
  'CHART "net_drops.eth0" "" "Interface Drops" "drops/s" "eth0" "net.drops" "line" 7005 1 " detail " "proc.plugin" "/proc/net/dev"',
  'DIMENSION "inbound" "inbound" "incremental" 1 1 ""',
  'DIMENSION "outbound" "outbound" "incremental" -1 1 ""',
].join('\n') + '\n';

interface Child {
  projection: HostProjection;
  host: HostFacts;
  charts: ChartFacts[];
  /** Chart variable names by chart id, placed as Netdata's parser places them (see chartVariables). */
  chartVariables: Map<string, Set<string>>;
}

/**
 * The chart VARIABLEs of a stream by chart id: Netdata gives a VARIABLE CHART line to the chart of the CHART or
 * BEGIN line before it. (The projection is not used for this: it takes the chart from CHART or from the END of a
 * collection, so a variable sent inside a BEGIN..END block lands on the chart collected before.)
 */
function chartVariables(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let current = '';
  for (const line of text.split('\n')) {
    const chart = /^(?:CHART|BEGIN) "?([^"\s]+)"?/.exec(line);
    if (chart) current = chart[1];
    const v = /^VARIABLE CHART (\S+) = /.exec(line);
    if (v && current) {
      if (!out.has(current)) out.set(current, new Set());
      out.get(current)!.add(v[1]);
    }
  }
  return out;
}

/** A child's definitions as the parent keeps them: the stream text through the parser into a projection. */
function child(streams: Array<Buffer | string>): Child {
  const projection = new HostProjection({
    identity: { hostname: 'c', machineGuid: '', os: 'linux', timezone: '', abbrevTimezone: '', utcOffset: 0, tags: '', programName: '', programVersion: '', updateEvery: 1 },
    history: 60,
    storage: null,
  });
  const parser = new StreamParser({ begin() {}, set() {}, end() {}, meta: (cmd) => projection.apply(cmd), bad() {} }, { maxLineBytes: 1 << 20 });
  for (const s of streams) parser.push(typeof s === 'string' ? Buffer.from(s) : s);
  const charts = [...projection.charts()].map((c) => ({
    id: c.id, name: c.name, context: c.context, family: c.family, plugin: c.def.plugin, module: c.def.module,
    dimensions: c.dimensions.map((d) => ({ id: d.def.id, name: d.name })),
  }));
  const host = { hostname: 'c', os: projection.identity.os, labels: projection.hostLabels() };
  return { projection, host, charts, chartVariables: chartVariables(streams.map((x) => x.toString()).join('\n')) };
}

/**
 * The real Netdata 1.37.1 child of the captures (the plain version 4 stream: it carries the host variables, as
 * active_processors, which the stream with replication does not), plus the charts it would create later.
 */
const capturedChild = (withLater: boolean): Child =>
  child([zlib.gunzipSync(fs.readFileSync(path.join(CAPTURES, 'stream-reply-version4.txt.gz'))), ...(withLater ? [LATER_CHARTS] : [])]);

/** chart id -> sorted alert names, for every chart that gets at least one. */
function attachments(defs: readonly AlertDefinition[], c: Child): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const chart of c.charts) {
    const names = alertsForChart(defs, c.host, chart).map((a) => a.name).sort();
    if (names.length) out[chart.id] = names;
  }
  return out;
}

/**
 * One evaluation as the health loop runs it (host-health.ts): calc (if any) turns `$this` into the alert's value,
 * then warn and crit decide the status; `status` is the alert's status before this run.
 */
function run(d: AlertDefinition, vars: Record<string, number>, status: AlarmStatus = 'CLEAR'): { value: number; status: AlarmStatus } {
  const v: Record<string, number> = { ...vars };
  const resolve = (name: string): number | undefined => (name === 'status' ? STATUS_CODE[status] : v[name]);
  if (d.calc) v.this = evaluateExpression(d.calc.expression, resolve).value;
  const warn = d.warn ? evaluateExpression(d.warn.expression, resolve) : null;
  const crit = d.crit ? evaluateExpression(d.crit.expression, resolve) : null;
  return { value: v.this, status: statusOf(warn, crit) };
}

describe('the health configuration shipped in conf/health.d', () => {
  it('loads every file with no problem, and each file holds the alerts written in it', () => {
    const config = shipped();
    assert.deepEqual(config.problems, []);
    assert.equal(config.dropped, 0);
    assert.deepEqual(config.files.map((f) => path.basename(f)), Object.keys(EXPECTED).sort());
    const got: Record<string, Array<[string, string, string]>> = {};
    for (const d of config.definitions) (got[fileOf(d)] ??= []).push([d.kind, d.name, d.on]);
    assert.deepEqual(got, EXPECTED);
    const all = Object.values(EXPECTED).flat();
    assert.equal(config.alarms, all.filter(([k]) => k === 'alarm').length);
    assert.equal(config.templates, all.filter(([k]) => k === 'template').length);
    assert.equal(config.alarms + config.templates, 25);
  });

  it('gives every alert its class, type, component, units, info, recipient and frequency, and a delay to those that raise', () => {
    for (const d of shipped().definitions) {
      const what = `${d.name} on ${d.on}`;
      for (const [key, value] of Object.entries({ class: d.classification, type: d.type, component: d.component, units: d.units, info: d.info })) {
        assert.ok(value.trim(), `${what}: no ${key}`);
      }
      assert.equal(d.to, 'sysadmin', what);
      assert.ok(d.every >= 10 && d.every <= 300, `${what}: every ${d.every}s`);
      // the health loop shows `info` as written: a quote would have been blanked, `$family` would stay literal
      assert.doesNotMatch(d.info, /\$|\s{2}/, what);
      if (HELPERS.has(d.name)) {
        assert.equal(d.warn ?? d.crit, null, `${what} is a helper`);
        continue;
      }
      assert.ok(d.warn, `${what}: no warn`);
      assert.ok(d.delay.down >= 60, `${what}: a raised alert should not clear and re-raise within a minute`);
      assert.ok(d.delay.max >= d.delay.down, what);
      // a lookup must cover at least one evaluation period, else points go unseen
      if (d.lookup) assert.ok(-d.lookup.after >= d.every, `${what}: lookup ${d.lookup.after}s, every ${d.every}s`);
    }
  });

  it('attaches to the charts of a real Netdata child what the files say, and nothing else', () => {
    const config = shipped();
    const c = capturedChild(false);
    assert.deepEqual(attachments(config.definitions, c), {
      'system.cpu': ['10min_cpu_iowait', '10min_cpu_usage', '20min_steal_cpu', 'cpu_last_collected_secs'],
      'system.load': ['load_average_1', 'load_average_15', 'load_average_5', 'load_cpu_number'],
      'system.ram': ['ram_in_use', 'ram_last_collected_secs'],
      'mem.available': ['ram_available'],
      // the child sends the host label _is_k8s_node=false
      'mem.oom_kill': ['oom_kill'],
      'net.eth0': ['1m_received_traffic_overflow', '1m_sent_traffic_overflow'],
    });
    // a Kubernetes node gets no oom_kill; another os none of the Linux-only alerts, but still the staleness checks
    const oom = c.charts.find((x) => x.id === 'mem.oom_kill')!;
    assert.deepEqual(alertsForChart(config.definitions, { ...c.host, labels: new Map([...c.host.labels, ['_is_k8s_node', 'true']]) }, oom), []);
    const cpu = c.charts.find((x) => x.id === 'system.cpu')!;
    assert.deepEqual(alertsForChart(config.definitions, { ...c.host, os: 'freebsd' }, cpu).map((a) => a.name), ['cpu_last_collected_secs']);
  });

  it('attaches per mount point and per interface to the charts a child creates later, skipping pseudo file systems', () => {
    const got = attachments(shipped().definitions, capturedChild(true));
    const later = Object.fromEntries(Object.entries(got).filter(([id]) => /^(disk_|net_|mem\.swap|system\.swap)/.test(id)));
    assert.deepEqual(later, {
      'disk_space._': ['disk_space_usage'],
      'disk_inodes._': ['disk_inode_usage'],
      'disk_space._home': ['disk_space_usage'],
      'disk_inodes._home': ['disk_inode_usage'],
      // /run, /dev/shm and /snap/... : none
      'system.swap': ['used_swap'],
      'system.swapio': ['30min_ram_swapped_out'],
      'mem.swap': ['used_swap'],
      'mem.swapio': ['30min_ram_swapped_out'],
      'net_errors.eth0': ['interface_inbound_errors', 'interface_outbound_errors'],
      'net_drops.eth0': ['interface_inbound_drops', 'interface_outbound_drops'],
    });
  });

  it('gives the staleness check to every load generator child, in both chart mixes', () => {
    const defs = shipped().definitions;
    for (const mix of ['default', 'parity'] as const) {
      // the smallest child the generator can simulate (one chart, one dimension) and a typical one
      for (const [charts, dims] of [[1, 1], [10, 8]]) {
        const lg = child([loadgenDefinitions(loadCharts(charts, dims, 1, mix), 'g', CAP.HLABELS | CAP.CLABELS, 0)]);
        const got = attachments(defs, lg);
        // the first chart of every child has it (in the parity mix every 8th chart is of that context too)
        const first = mix === 'default' ? 'system.cpu' : 'parity.absolute0';
        const want = mix === 'default' ? 'cpu_last_collected_secs' : 'loadgen_last_collected_secs';
        assert.ok(got[first]?.includes(want), `${mix} mix, ${charts} charts: ${JSON.stringify(got)}`);
        const stale = Object.entries(got).filter(([, names]) => names.some((n) => n.endsWith('_last_collected_secs')));
        assert.deepEqual(stale.map(([id, names]) => [id, names.filter((n) => n.endsWith('_last_collected_secs'))]),
          stale.map(([id]) => [id, [want]]));
        assert.equal(stale.length, mix === 'parity' && charts > 8 ? 2 : 1);
      }
    }
  });

  it('refers only to variables that exist where each alert attaches', () => {
    const defs = shipped().definitions;
    const c = capturedChild(true);
    // the captured child streams the host variable the load alerts use, and the link speed of its interface
    assert.equal(c.projection.variables().get('active_processors'), 2);
    assert.ok(c.chartVariables.get('net.eth0')?.has('nic_speed_max'));
    const own = new Set(['this', 'status', 'now', 'after', 'before', 'green', 'red', 'update_every', 'last_collected_t', ...ALARM_STATUS_VARIABLES.keys()]);
    let checked = 0;
    for (const chartFacts of c.charts) {
      const chart = c.projection.chart(chartFacts.id)!;
      const attached: AttachedAlert[] = alertsForChart(defs, c.host, chartFacts);
      const known = (name: string): boolean => {
        if (own.has(name) || attached.some((a) => a.name === name)) return true;
        if (chart.dimensions.some((d) => d.def.id === name || d.name === name) || c.chartVariables.get(chart.id)?.has(name)) return true;
        if (c.projection.variables().has(name)) return true;
        const dot = name.lastIndexOf('.');
        const other = dot > 0 ? c.projection.chart(name.slice(0, dot)) : undefined;
        return !!other?.dimensions.some((d) => d.def.id === name.slice(dot + 1) || d.name === name.slice(dot + 1));
      };
      for (const a of attached) {
        for (const line of [a.definition.calc, a.definition.warn, a.definition.crit]) {
          if (!line) continue;
          for (const v of expressionVariables(line.expression)) assert.ok(known(v), `${a.name} on ${chart.id}: $${v} is unknown (${line.source})`);
        }
        const dims = a.definition.lookup?.dimensions;
        if (dims) for (const dim of dims.split(/[\s,|]+/)) assert.ok(chart.dimensions.some((d) => d.def.id === dim || d.name === dim), `${a.name} on ${chart.id}: lookup of unknown dimension ${dim}`);
        checked++;
      }
    }
    assert.equal(checked, 26);
  });

  it('raises, holds and clears at the thresholds written in the files', () => {
    const defs = shipped().definitions;
    type Case = [name: string, vars: Record<string, number>, before: AlarmStatus, want: AlarmStatus, on?: string];
    const cases: Case[] = [];
    /** A `$this`-only alert: [value, status before, status after]. */
    const plain = (name: string, rows: Array<[number, AlarmStatus, AlarmStatus]>, extra: Record<string, number> = {}) => {
      for (const [value, before, want] of rows) cases.push([name, { this: value, ...extra }, before, want]);
    };
    plain('10min_cpu_usage', [[50, 'CLEAR', 'CLEAR'], [84, 'CLEAR', 'CLEAR'], [86, 'CLEAR', 'WARNING'], [75, 'WARNING', 'WARNING'], [65, 'WARNING', 'CLEAR'],
      [96, 'CLEAR', 'CRITICAL'], [90, 'CRITICAL', 'CRITICAL'], [80, 'CRITICAL', 'WARNING'], [60, 'CRITICAL', 'CLEAR']]);
    plain('10min_cpu_iowait', [[10, 'CLEAR', 'CLEAR'], [30, 'CLEAR', 'WARNING'], [20, 'WARNING', 'WARNING'], [10, 'WARNING', 'CLEAR'],
      [55, 'CLEAR', 'CRITICAL'], [40, 'CRITICAL', 'CRITICAL'], [30, 'CRITICAL', 'WARNING']]);
    plain('20min_steal_cpu', [[5, 'CLEAR', 'CLEAR'], [20, 'CLEAR', 'WARNING'], [10, 'WARNING', 'WARNING'], [5, 'WARNING', 'CLEAR'],
      [35, 'CLEAR', 'CRITICAL'], [25, 'CRITICAL', 'CRITICAL'], [15, 'CRITICAL', 'WARNING']]);
    plain('oom_kill', [[0, 'CLEAR', 'CLEAR'], [1, 'CLEAR', 'WARNING'], [0, 'WARNING', 'CLEAR']]);
    plain('interface_inbound_errors', [[0, 'CLEAR', 'CLEAR'], [5, 'CLEAR', 'CLEAR'], [6, 'CLEAR', 'WARNING'], [1, 'WARNING', 'WARNING'], [0, 'WARNING', 'CLEAR'],
      [1001, 'CLEAR', 'CRITICAL'], [200, 'CRITICAL', 'CRITICAL'], [50, 'CRITICAL', 'WARNING']]);
    plain('interface_outbound_errors', [[3, 'CLEAR', 'CLEAR'], [10, 'CLEAR', 'WARNING'], [0, 'WARNING', 'CLEAR'], [5000, 'CLEAR', 'CRITICAL']]);
    plain('interface_inbound_drops', [[500, 'CLEAR', 'CLEAR'], [1500, 'CLEAR', 'WARNING'], [200, 'WARNING', 'WARNING'], [50, 'WARNING', 'CLEAR'],
      [60000, 'CLEAR', 'CRITICAL'], [30000, 'CRITICAL', 'CRITICAL'], [10000, 'CRITICAL', 'WARNING']]);
    plain('interface_outbound_drops', [[999, 'CLEAR', 'CLEAR'], [1001, 'CLEAR', 'WARNING'], [50001, 'CLEAR', 'CRITICAL']]);
    // load averages against 4 CPUs
    plain('load_average_15', [[6, 'CLEAR', 'CLEAR'], [9, 'CLEAR', 'WARNING'], [7, 'WARNING', 'WARNING'], [5, 'WARNING', 'CLEAR'],
      [17, 'CLEAR', 'CRITICAL'], [13, 'CRITICAL', 'CRITICAL'], [11, 'CRITICAL', 'WARNING']], { load_cpu_number: 4 });
    plain('load_average_5', [[15, 'CLEAR', 'CLEAR'], [17, 'CLEAR', 'WARNING'], [13, 'WARNING', 'WARNING'], [11, 'WARNING', 'CLEAR']], { load_cpu_number: 4 });
    plain('load_average_1', [[30, 'CLEAR', 'CLEAR'], [33, 'CLEAR', 'WARNING'], [25, 'WARNING', 'WARNING'], [23, 'WARNING', 'CLEAR']], { load_cpu_number: 4 });
    // the same load on 16 CPUs is nothing
    plain('load_average_15', [[17, 'CLEAR', 'CLEAR']], { load_cpu_number: 16 });

    // alerts with a calc: from the chart's dimensions (MiB, GiB, inodes...)
    const ram = (used: number, cached: number, free: number, buffers: number) => ({ used, cached, free, buffers });
    for (const [vars, before, want] of [
      [ram(4000, 3000, 2500, 500), 'CLEAR', 'CLEAR'], [ram(9200, 300, 400, 100), 'CLEAR', 'WARNING'], [ram(8700, 300, 900, 100), 'WARNING', 'WARNING'],
      [ram(8700, 300, 900, 100), 'CLEAR', 'CLEAR'], [ram(9800, 100, 50, 50), 'CLEAR', 'CRITICAL'], [ram(9500, 100, 350, 50), 'CRITICAL', 'CRITICAL'],
    ] as Array<[Record<string, number>, AlarmStatus, AlarmStatus]>) cases.push(['ram_in_use', vars, before, want]);
    const total = { 'system.ram.used': 6000, 'system.ram.cached': 2000, 'system.ram.free': 1500, 'system.ram.buffers': 500 };
    for (const [avail, before, want] of [[5000, 'CLEAR', 'CLEAR'], [800, 'CLEAR', 'WARNING'], [1200, 'WARNING', 'WARNING'], [1200, 'CLEAR', 'CLEAR'],
      [1600, 'WARNING', 'CLEAR'], [300, 'CLEAR', 'CRITICAL'], [700, 'CRITICAL', 'CRITICAL'], [900, 'CRITICAL', 'WARNING']] as Array<[number, AlarmStatus, AlarmStatus]>) {
      cases.push(['ram_available', { avail, ...total }, before, want]);
    }
    for (const on of ['system.swap', 'mem.swap']) {
      for (const [used, free, before, want] of [[0, 0, 'CLEAR', 'CLEAR'], [100, 900, 'CLEAR', 'CLEAR'], [900, 100, 'CLEAR', 'WARNING'], [800, 200, 'WARNING', 'WARNING'],
        [800, 200, 'CLEAR', 'CLEAR'], [970, 30, 'CLEAR', 'CRITICAL'], [920, 80, 'CRITICAL', 'CRITICAL']] as Array<[number, number, AlarmStatus, AlarmStatus]>) {
        cases.push(['used_swap', { used, free }, before, want, on]);
      }
    }
    // 10000 MiB of RAM; `$this` is the 30-minute sum of KiB/s points
    for (const on of ['system.swapio', 'mem.swapio']) {
      for (const [sum, every, before, want] of [[2_048_000, 1, 'CLEAR', 'CLEAR'], [2_048_000, 1, 'WARNING', 'WARNING'], [3_072_000, 1, 'CLEAR', 'WARNING'],
        [1_024_000, 1, 'WARNING', 'CLEAR'], [1_536_000, 2, 'CLEAR', 'WARNING']] as Array<[number, number, AlarmStatus, AlarmStatus]>) {
        cases.push(['30min_ram_swapped_out', { this: sum, update_every: every, ...total }, before, want, on]);
      }
    }
    for (const name of ['disk_space_usage', 'disk_inode_usage']) {
      for (const [used, avail, before, want] of [[50, 50, 'CLEAR', 'CLEAR'], [92, 8, 'CLEAR', 'WARNING'], [87, 13, 'WARNING', 'WARNING'], [87, 13, 'CLEAR', 'CLEAR'],
        [80, 20, 'WARNING', 'CLEAR'], [98, 2, 'CLEAR', 'CRITICAL'], [96, 4, 'CRITICAL', 'CRITICAL'], [92, 8, 'CRITICAL', 'WARNING']] as Array<[number, number, AlarmStatus, AlarmStatus]>) {
        cases.push([name, { used, avail }, before, want]);
      }
    }
    // 1 Gbit/s link (nic_speed_max is in kilobits/s, as net.net)
    for (const name of ['1m_received_traffic_overflow', '1m_sent_traffic_overflow']) {
      for (const [kbits, before, want] of [[500_000, 'CLEAR', 'CLEAR'], [950_000, 'CLEAR', 'WARNING'], [850_000, 'WARNING', 'WARNING'], [700_000, 'WARNING', 'CLEAR']] as Array<[number, AlarmStatus, AlarmStatus]>) {
        cases.push([name, { this: kbits, nic_speed_max: 1_000_000 }, before, want]);
      }
    }
    // staleness, at now = 10000 with one-second charts, and ten-second ones
    for (const name of ['cpu_last_collected_secs', 'ram_last_collected_secs', 'loadgen_last_collected_secs']) {
      for (const [age, every, before, want] of [[1, 1, 'CLEAR', 'CLEAR'], [10, 1, 'CLEAR', 'CLEAR'], [15, 1, 'CLEAR', 'WARNING'], [5, 1, 'WARNING', 'WARNING'],
        [2, 1, 'WARNING', 'CLEAR'], [100, 1, 'CLEAR', 'CRITICAL'], [10, 1, 'CRITICAL', 'CRITICAL'], [1, 1, 'CRITICAL', 'CLEAR'],
        [50, 10, 'CLEAR', 'CLEAR'], [150, 10, 'CLEAR', 'WARNING'], [700, 10, 'CLEAR', 'CRITICAL']] as Array<[number, number, AlarmStatus, AlarmStatus]>) {
        cases.push([name, { now: 10_000, last_collected_t: 10_000 - age, update_every: every }, before, want]);
      }
    }

    for (const [name, vars, before, want, on] of cases) {
      assert.equal(run(byName(defs, name, on), vars, before).status, want, `${name}${on ? ` on ${on}` : ''} ${JSON.stringify(vars)} from ${before}`);
    }
    // every alert that raises was exercised
    const exercised = new Set(cases.map(([name]) => name));
    for (const d of defs) if (!HELPERS.has(d.name)) assert.ok(exercised.has(d.name), d.name);
    assert.equal(cases.length, 159);
  });

  it('computes the values the thresholds are compared with', () => {
    const defs = shipped().definitions;
    const value = (name: string, vars: Record<string, number>, on?: string) => run(byName(defs, name, on), vars).value;
    // the CPU count: the host variable, at least 2, and 2 when the child does not send it
    const cpus = byName(defs, 'load_cpu_number');
    for (const [vars, want] of [[{ active_processors: 8 }, 8], [{ active_processors: 1 }, 2], [{}, 2], [{ active_processors: Infinity }, 2], [{ active_processors: NaN }, 2]] as Array<[Record<string, number>, number]>) {
      const r = evaluateExpression(cpus.calc!.expression, (n) => vars[n]);
      assert.ok(r.ok, JSON.stringify(vars));
      assert.equal(r.value, want, JSON.stringify(vars));
    }
    assert.equal(value('ram_in_use', { used: 2500, cached: 5000, free: 2000, buffers: 500 }), 25);
    assert.equal(value('ram_available', { avail: 2500, 'system.ram.used': 6000, 'system.ram.cached': 2000, 'system.ram.free': 1500, 'system.ram.buffers': 500 }), 25);
    assert.equal(value('used_swap', { used: 256, free: 768 }, 'system.swap'), 25);
    assert.equal(value('used_swap', { used: 0, free: 0 }, 'mem.swap'), 0);
    assert.equal(value('disk_space_usage', { used: 30, avail: 90, reserved_for_root: 6 }), 25);
    assert.equal(value('30min_ram_swapped_out', { this: 1_280_000, update_every: 2, 'system.ram.used': 6000, 'system.ram.cached': 2000, 'system.ram.free': 1500, 'system.ram.buffers': 500 }, 'system.swapio'), 25);
    assert.equal(value('1m_sent_traffic_overflow', { this: 25_000, nic_speed_max: 100_000 }), 25);
    // an interface that reports no speed: no value, and it never raises
    for (const vars of [{ this: 25_000, nic_speed_max: 0 }, { this: 25_000 }] as Array<Record<string, number>>) {
      const r = run(byName(defs, '1m_received_traffic_overflow'), vars);
      assert.ok(Number.isNaN(r.value));
      assert.equal(r.status, 'CLEAR');
    }
    assert.equal(value('cpu_last_collected_secs', { now: 1000, last_collected_t: 993 }), 7);
  });

  it('has no threshold that can never be reached, crit inside warn, and holds that keep an alert raised rather than clearing it early', () => {
    const grid = [-1, ...Array.from({ length: 2001 }, (_, i) => i / 20), 150, 200, 500, 1000, 1001, 5000, 20001, 50001, 1e5, 1e6, 1e9];
    const raised = (d: AlertDefinition, which: 'warn' | 'crit', value: number, status: AlarmStatus): boolean => {
      const vars: Record<string, number> = { this: value, load_cpu_number: 4, update_every: 1 };
      const r = evaluateExpression(d[which]!.expression, (n) => (n === 'status' ? STATUS_CODE[status] : vars[n]));
      assert.ok(r.ok, `${d.name} ${which}: ${r.ok ? '' : r.error}`);
      return r.value !== 0;
    };
    let checked = 0;
    for (const d of shipped().definitions) {
      for (const which of ['warn', 'crit'] as const) {
        if (!d[which]) continue;
        const held: AlarmStatus = which === 'warn' ? 'WARNING' : 'CRITICAL';
        const fromClear = grid.filter((v) => raised(d, which, v, 'CLEAR'));
        assert.ok(fromClear.length > 0, `${d.name} ${which} never raises`);
        assert.ok(fromClear.length < grid.length, `${d.name} ${which} is always raised`);
        // once raised, the hold threshold keeps it raised at least wherever it would raise
        for (const v of fromClear) assert.ok(raised(d, which, v, held), `${d.name} ${which} clears at ${v} while raised`);
        assert.ok(grid.filter((v) => raised(d, which, v, held)).length < grid.length, `${d.name} ${which} can never clear`);
        checked++;
      }
      if (d.warn && d.crit) {
        for (const status of ['CLEAR', 'WARNING', 'CRITICAL'] as const) {
          for (const v of grid) if (raised(d, 'crit', v, status)) assert.ok(raised(d, 'warn', v, status), `${d.name}: critical at ${v} (${status}) but not warning`);
        }
      }
    }
    assert.equal(checked, 41);
  });

  it('replaces the stock files of the same names and loads next to the others with no problem of its own', (t) => {
    if (!fs.existsSync(STOCK)) return t.skip(`${STOCK} is not here (Debian's netdata-core installs it)`);
    const stockFiles = fs.readdirSync(STOCK).filter((f) => f.endsWith('.conf'));
    const config = loadHealthConfig({ stockDir: STOCK, userDir: CONF });
    assert.deepEqual(config.problems.filter((p) => p.file.startsWith(CONF)), []);
    const ours = Object.keys(EXPECTED);
    for (const f of ours) assert.ok(config.files.includes(path.join(CONF, f)), f);
    for (const f of ours) assert.ok(!config.files.includes(path.join(STOCK, f)), `stock ${f} still loaded`);
    assert.equal(config.files.length, new Set([...stockFiles, ...ours]).size);
    const fromConf = config.definitions.filter((d) => d.source.includes(`@${CONF}/`));
    assert.equal(fromConf.length, 25);
    // on the captured child, what runs on the charts our files cover comes from our files only
    const c = capturedChild(true);
    for (const chart of c.charts) {
      for (const a of alertsForChart(config.definitions, c.host, chart)) {
        const file = fileOf(a.definition);
        if (ours.includes(file)) assert.ok(a.definition.source.includes(`@${CONF}/`), `${a.name} on ${chart.id} from ${a.definition.source}`);
      }
    }
    const onCpu = alertsForChart(config.definitions, c.host, c.charts.find((x) => x.id === 'system.cpu')!);
    assert.deepEqual(onCpu.filter((a) => a.definition.source.includes(`@${CONF}/`)).map((a) => a.name).sort(),
      ['10min_cpu_iowait', '10min_cpu_usage', '20min_steal_cpu', 'cpu_last_collected_secs']);
  });
});
