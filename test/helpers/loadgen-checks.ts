/**
 * Checks that a parent stores what the load generator's model predicts for the seconds it sent.
 * Netdata's first two stored points of a chart are interpolated from a partial interval, so the
 * comparison starts at the fourth second sent. Gauges below 2^24 must be exact; rates, percentages and
 * values above 2^53 go through doubles (and Netdata's 32-bit storage numbers), so they get 1e-6.
 */
import assert from 'node:assert/strict';
import { expectedStored, loadCharts, type LoadChart } from '../../scripts/lib/loadgen-model';
import type { LoadOptions, LoadStats } from '../../scripts/loadgen';
import { httpGetJson } from './http';
import { dataRows } from './mirror';
import { netdataParentLabelValue } from './netdata-labels';

const RELATIVE_TOLERANCE = 1e-6;

export async function assertChildrenListed(baseUrl: string, stats: LoadStats): Promise<true> {
  const info = await httpGetJson(`${baseUrl}/api/v1/info`);
  for (const c of stats.children) {
    assert.ok(info.mirrored_hosts?.includes(c.hostname), `${c.hostname} not in mirrored_hosts ${JSON.stringify(info.mirrored_hosts)}`);
    assert.ok((info.mirrored_hosts_status ?? []).some((h: any) => h.guid === c.guid), `${c.guid} not in mirrored_hosts_status`);
  }
  return true;
}

function assertValue(chart: LoadChart, column: string, t: number, got: unknown, want: number): void {
  const where = `${chart.def.id} ${column} at ${t}`;
  assert.equal(typeof got, 'number', `${where}: got ${JSON.stringify(got)}`);
  if (chart.kind === 'gauge') {
    assert.equal(got, want, `${where}: gauge must be exact`);
  } else {
    const rel = Math.abs((got as number) - want) / Math.max(Math.abs(want), 1e-9);
    assert.ok(rel <= RELATIVE_TOLERANCE, `${where}: got ${got}, model says ${want} (relative error ${rel})`);
  }
}

/** Compares charts `chartIndexes` of every child with the model; returns how many values were compared. */
export async function assertModelValues(baseUrl: string, opts: LoadOptions, stats: LoadStats, chartIndexes: number[]): Promise<number> {
  const charts = loadCharts(opts.charts, opts.dims, opts.updateEvery ?? 1);
  const sent = stats.seconds.filter((s) => s.values > 0).map((s) => s.t);
  assert.ok(sent.length >= 5, `only ${sent.length} seconds were sent`);
  const from = sent[3];
  const to = sent[sent.length - 1];
  let compared = 0;
  for (const child of stats.children) {
    for (const ci of chartIndexes) {
      const chart = charts[ci];
      const r = await dataRows(`${baseUrl}/host/${child.hostname}`, `chart=${encodeURIComponent(chart.def.id)}&after=${from}&before=${to}`);
      const rows = r.data.filter((row) => row[0] >= from && row[0] <= to);
      assert.equal(rows.length, to - from + 1, `${child.hostname} ${chart.def.id}: ${rows.length} rows in [${from}, ${to}]`);
      for (const row of rows) {
        for (let k = 1; k < r.labels.length; k++) {
          const dim = chart.dims.findIndex((d) => d.def.name === r.labels[k]);
          assert.ok(dim >= 0, `${chart.def.id}: unknown column ${r.labels[k]}`);
          assertValue(chart, r.labels[k], row[0], row[k], expectedStored(child.index, chart, dim, row[0]));
          compared++;
        }
      }
    }
  }
  return compared;
}

/** Each chart's labels as the model sends them, values sanitized as a Netdata parent stores them. */
export async function assertChartLabels(baseUrl: string, opts: LoadOptions, stats: LoadStats, chartIndexes: number[]): Promise<true> {
  const charts = loadCharts(opts.charts, opts.dims, opts.updateEvery ?? 1);
  for (const child of stats.children) {
    for (const ci of chartIndexes) {
      const c = charts[ci];
      const got = await httpGetJson(`${baseUrl}/host/${child.hostname}/api/v1/chart?chart=${encodeURIComponent(c.def.id)}`);
      const want = Object.fromEntries(c.labels.map(([k, v]) => [k, netdataParentLabelValue(v)]));
      assert.deepEqual(got.chart_labels, want, `${child.hostname} ${c.def.id}: chart_labels`);
    }
  }
  return true;
}
