import type { ExportHost, ExportMetric } from './batch-formatter';
import { exportingName, formatValue, opentsdbLabelValue, seconds } from './sanitize';
import type { TextFormat } from './text-batch';

const metricName = (prefix: string, m: ExportMetric): string => `${prefix}.${exportingName(m.chart)}.${exportingName(m.dim)}`;
const hostValue = (h: ExportHost): string => (h.tags ? `${h.hostname} ${h.tags}` : h.hostname);

/** OpenTSDB telnet (exporting/opentsdb/opentsdb.c): `put prefix.chart.dim seconds value host=H[ tags][ k=v...]`. */
export function opentsdbTelnetFormat(prefix: string): TextFormat {
  return {
    array: false,
    hostPart: (h) => h.labels.map(([k, v]) => ` ${k}=${opentsdbLabelValue(v)}`).join(''),
    metric: (h, hostPart, m) => `put ${metricName(prefix, m)} ${seconds(m)} ${formatValue(m)} host=${hostValue(h)}${hostPart}\n`,
  };
}

/** OpenTSDB HTTP /api/put: a JSON array of {"metric","timestamp","value","tags"}; host tags go inside "host". */
export function opentsdbHttpFormat(prefix: string): TextFormat {
  return {
    array: true,
    hostPart: (h) => h.labels.map(([k, v]) => `,"${k}":"${opentsdbLabelValue(v)}"`).join(''),
    metric: (h, hostPart, m) =>
      `{"metric":"${metricName(prefix, m)}","timestamp":${seconds(m)},"value":${formatValue(m)},"tags":{"host":"${hostValue(h)}"${hostPart}}}`,
  };
}
