import type { HostProjection } from '../../projection/host-projection';
import { runDataQuery } from '../../query';
import type { Lookup } from '../config/alert-definition';

/**
 * An alert's `lookup` run as Netdata 1.37 runs it (rrdset2value_api_v1): one point over [now + after, now + before]
 * of the chosen dimensions, grouped by the lookup's method, the selected dimensions' values summed; through the same
 * query engine as /api/v1/data (format array, whose rows are those sums). NaN with the reason when there is no data.
 */
export function lookupValue(projection: HostProjection, chartId: string, lookup: Lookup, dimension: string | null, nowSec: number): { value: number; error?: string } {
  const o = lookup.options;
  const options = [
    o.unaligned && 'unaligned', o.absolute && 'absolute', o.percentage && 'percentage', o.min2max && 'min2max',
    o.null2zero && 'null2zero', o.matchIds && 'match-ids', o.matchNames && 'match-names',
  ].filter(Boolean);
  const params = new URLSearchParams({
    chart: chartId,
    after: String(lookup.after),
    before: String(lookup.before),
    points: '1',
    group: lookup.grouping.label,
    gtime: '0',
    format: 'array',
    options: options.join('|'),
  });
  const dims = dimension ?? lookup.dimensions;
  if (dims) params.set('dimensions', dims.replace(/,/g, '|'));
  const r = runDataQuery(projection, params, nowSec);
  if (r.status !== 200) return { value: NaN, error: `db lookup failed: ${r.body}` };
  const row = JSON.parse(r.body) as Array<number | null>;
  const v = row[0];
  return typeof v === 'number' ? { value: v } : { value: NaN, error: 'db lookup returned no value' };
}
