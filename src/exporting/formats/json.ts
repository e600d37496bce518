import type { ExportHost } from './batch-formatter';
import { formatValue, jsonLabelValue, seconds } from './sanitize';
import type { TextFormat } from './text-batch';

/** host_tags as json.c prints them: a value that already looks like JSON goes in unquoted. */
function hostTags(tags: string): string {
  if (!tags) return '';
  return /^[{["]/.test(tags) ? `"host_tags":${tags},` : `"host_tags":"${tags}",`;
}

/**
 * Netdata's json format (exporting/json/json.c): every name of the chart and dimension, the value and the time. The
 * stored-value variant has a space after three colons and the as-collected one does not, as Netdata prints them.
 * Plaintext sends one object per line; `http` sends the objects as one JSON array per batch.
 */
export function jsonFormat(prefix: string, http: boolean): TextFormat {
  return {
    array: http,
    hostPart: (h: ExportHost) =>
      hostTags(h.tags) + (h.labels.length ? `"labels":{${h.labels.map(([k, v]) => `"${k}":"${jsonLabelValue(v)}"`).join(',')}},` : ''),
    metric: (h, hostPart, m) => {
      const sp = m.collected ? '' : ' ';
      return (
        `{"prefix":"${prefix}","hostname":"${h.hostname}",${hostPart}"chart_id":"${m.chartId}","chart_name":"${m.chartName}",` +
        `"chart_family":"${m.family}","chart_context":${sp}"${m.context}","chart_type":"${m.chartType}","units":${sp}"${m.units}",` +
        `"id":"${m.dimId}","name":"${m.dimName}","value":${formatValue(m)},"timestamp":${sp}${seconds(m)}}${http ? '' : '\n'}`
      );
    },
  };
}
