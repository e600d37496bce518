/**
 * Checks that a parent mirrors a child: the host is listed, every chart the child has is served with the
 * child's metadata, and recent rows come one second apart. Used against the streamledger parent and,
 * as a reference for the checks themselves, against a real Netdata parent.
 */
import assert from 'node:assert/strict';
import { httpGetJson } from './http';
import { netdataParentLabelValue } from './netdata-labels';

/** Chart fields a parent must serve exactly as the child does. */
export const MIRRORED_CHART_FIELDS = ['dimensions', 'units', 'family', 'context', 'chart_type', 'priority', 'update_every', 'chart_labels'] as const;

export async function assertHostListed(baseUrl: string, hostname: string, guid: string): Promise<true> {
  const info = await httpGetJson(`${baseUrl}/api/v1/info`);
  assert.ok(info.mirrored_hosts?.includes(hostname), `mirrored_hosts ${JSON.stringify(info.mirrored_hosts)} lacks ${hostname}`);
  const st = (info.mirrored_hosts_status ?? []).find((h: any) => h.guid === guid);
  assert.ok(st, `mirrored_hosts_status has no guid ${guid}: ${JSON.stringify(info.mirrored_hosts_status)}`);
  assert.equal(st.reachable, true, `host ${guid} not reachable: ${JSON.stringify(st)}`);
  assert.equal(st.hostname, hostname);
  return true;
}

function expectedFromChild(chart: any, field: (typeof MIRRORED_CHART_FIELDS)[number]): unknown {
  if (field !== 'chart_labels') return chart[field];
  return Object.fromEntries(Object.entries(chart.chart_labels ?? {}).map(([k, v]) => [k, netdataParentLabelValue(String(v))]));
}

/** Same chart ids as the child's own /api/v1/charts, and the same metadata for each. */
export async function assertChartsMirrored(childUrl: string, parentHostUrl: string): Promise<true> {
  const mine = (await httpGetJson(`${childUrl}/api/v1/charts`)).charts;
  const theirs = (await httpGetJson(`${parentHostUrl}/api/v1/charts`)).charts;
  const missing = Object.keys(mine).filter((id) => !(id in theirs));
  const extra = Object.keys(theirs).filter((id) => !(id in mine));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'chart ids differ between child and parent');
  for (const id of Object.keys(mine)) {
    for (const f of MIRRORED_CHART_FIELDS) {
      assert.deepEqual(theirs[id][f], expectedFromChild(mine[id], f), `chart ${id}: ${f} differs from the child's`);
    }
  }
  return true;
}

export interface Rows {
  labels: string[];
  /** Newest first, as Netdata answers. */
  data: number[][];
}

export async function dataRows(hostUrl: string, query: string): Promise<Rows> {
  const r = await httpGetJson(`${hostUrl}/api/v1/data?${query}&format=json`);
  assert.ok(Array.isArray(r.labels) && Array.isArray(r.data), `not a json data answer: ${JSON.stringify(r).slice(0, 300)}`);
  return r;
}

/** The last `n` rows of `chart`: exactly n, one second apart, numbers in every column. */
export async function assertRecentRows(hostUrl: string, chart: string, n: number): Promise<Rows> {
  const r = await dataRows(hostUrl, `chart=${encodeURIComponent(chart)}&after=-${n}`);
  assert.equal(r.data.length, n, `${chart}: ${r.data.length} rows, wanted ${n}`);
  for (let i = 1; i < r.data.length; i++) {
    assert.equal(r.data[i - 1][0] - r.data[i][0], 1, `${chart}: rows ${r.data[i - 1][0]} and ${r.data[i][0]} not 1 s apart`);
  }
  for (const row of r.data) {
    assert.equal(row.length, r.labels.length);
    for (const v of row) assert.equal(typeof v, 'number', `${chart}: non-number in row ${JSON.stringify(row)}`);
  }
  return r;
}
