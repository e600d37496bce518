import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChartView } from '../../src/model/chart-view';
import type { ChartDef } from '../../src/model/types';
import { HostProjection } from '../../src/projection/host-projection';
import { RamHostStorage } from '../../src/projection/ram/ram-storage';
import type { LastStoredValues } from '../../src/query/latest-value';
import { chartDef, collectAt, dimDef, FIXTURES, identity } from './cpu-fixture';

/**
 * What capture-parity.py captured from a real Netdata 1.37.1 parent, one capture per folder of test/query/fixtures:
 * parity/ (parity-cases.txt) and parity-gtime/ (gtime-cases.txt).
 */
export type ParitySet = 'parity' | 'parity-gtime';
export const PARITY_CHARTS = ['system.cpu', 'system.net', 'system.ram'];

export interface ParityAnswer {
  query: string;
  status: number;
  contentType: string;
  body: string;
}

const read = (set: ParitySet, name: string): string => readFileSync(path.join(FIXTURES, set, name), 'utf8');

export function parityAnswers(set: ParitySet = 'parity'): ParityAnswer[] {
  return JSON.parse(read(set, 'answers.json')) as ParityAnswer[];
}

/** The wall clock (seconds) when the answers were captured. */
export function parityNow(set: ParitySet = 'parity'): number {
  return (JSON.parse(read(set, 'meta.json')) as { now: number }).now;
}

interface ChartJson {
  id: string;
  name: string;
  type: string;
  family: string;
  context: string;
  title: string;
  priority: number;
  plugin: string;
  module: string;
  units: string;
  chart_type: string;
  update_every: number;
  first_entry: number;
  dimensions: Record<string, { name: string }>;
  chart_labels: Record<string, string>;
}

interface Latest {
  full_dimension_list: [string, string][];
  dimension_ids: string[];
  latest_values: number[];
}

/** One chart as the real parent held it: definition, labels, every stored value; the last one as stored unpacked. */
function replayChart(p: HostProjection, set: ParitySet, chartId: string): void {
  const c = JSON.parse(read(set, `chart-${chartId}.json`)) as ChartJson;
  const latest = JSON.parse(read(set, `latest-${chartId}.json`)) as Latest;
  p.apply({
    cmd: 'CHART',
    chart: chartDef(c.id, {
      name: c.name === c.id ? '' : c.name.slice(c.type.length + 1),
      title: c.title.replace(/ \([^)]*\)$/, ''),
      units: c.units,
      family: c.family,
      context: c.context,
      chartType: c.chart_type as ChartDef['chartType'],
      priority: c.priority,
      updateEvery: c.update_every,
      plugin: c.plugin,
      module: c.module,
    }),
  });
  for (const [name, value] of Object.entries(c.chart_labels)) p.apply({ cmd: 'CLABEL', name, value, source: 1 });
  p.apply({ cmd: 'CLABEL_COMMIT' });
  for (const [id, name] of latest.full_dimension_list) {
    p.apply({ cmd: 'DIMENSION', dim: { ...dimDef(id, id in c.dimensions ? '' : 'hidden'), name } });
  }
  const lines = read(set, `raw-${chartId}.csv`).trim().split('\n');
  // the header names dimensions by name
  const idOf = new Map(latest.full_dimension_list.map(([id, name]) => [name, id]));
  const ids = lines[0].split(',').slice(1).map((name) => idOf.get(name) ?? name);
  // leading all-empty rows (a chart whose first values were not stored yet) are not replayed
  const rows = lines
    .slice(1)
    .map((l) => l.split(',').map((v) => (v === 'null' ? NaN : Number(v))))
    .filter((_, i, all) => all.slice(0, i + 1).some((row) => row.slice(1).some((v) => !Number.isNaN(v))));
  // the last row as the parent computed it before packing, so the stored and the last stored values both match
  const last = rows[rows.length - 1];
  latest.dimension_ids.forEach((id, i) => (last[1 + ids.indexOf(id)] = latest.latest_values[i]));
  // a first collection only starts the chart's clock: prime it one second before the first stored point
  collectAt(p, chartId, rows[0][0] - 1, ids, rows[0].slice(1));
  for (const [t, ...values] of rows) collectAt(p, chartId, t, ids, values);

  const view = p.chart(chartId) as ChartView & Partial<LastStoredValues>;
  // what ChartState is to offer as the value before packing (see src/query/latest-value.ts)
  view.lastStoredValue ??= (dim: number): number => last[1 + ids.indexOf(view.dimensions[dim].def.id)];
  // the real parent's ring also held the empty slots of the child's first seconds: same span, same empty values
  const firstT = c.first_entry;
  const stored = view.valueAt.bind(view);
  Object.assign(view, {
    firstEntryT: () => firstT,
    valueAt: (dim: number, t: number) => (t < rows[0][0] ? NaN : stored(dim, t)),
  });
}

/** A projection of host q-child holding the captured charts. */
export function parityProjection(set: ParitySet = 'parity'): HostProjection {
  const p = new HostProjection({ identity: { ...identity, hostname: 'q-child' }, history: 3600, storage: new RamHostStorage() });
  for (const chart of PARITY_CHARTS) replayChart(p, set, chart);
  return p;
}
