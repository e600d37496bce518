import type { ExportHost } from './batch-formatter';
import { exportingName, formatValue, graphiteLabelValue, seconds } from './sanitize';
import type { TextFormat } from './text-batch';

/** Graphite plaintext (exporting/graphite/graphite.c): `prefix.host.chart.dim[;tags][;k=v...] value seconds`. */
export function graphiteFormat(prefix: string): TextFormat {
  return {
    array: false,
    hostPart: (h: ExportHost) => (h.tags ? `;${h.tags}` : '') + h.labels.map(([k, v]) => `;${k}=${graphiteLabelValue(v)}`).join(''),
    metric: (h, hostPart, m) => `${prefix}.${h.hostname}.${exportingName(m.chart)}.${exportingName(m.dim)}${hostPart} ${formatValue(m)} ${seconds(m)}\n`,
  };
}
