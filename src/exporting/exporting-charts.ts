import type { HostProjection } from '../projection/host-projection';
import type { Algorithm, ChartType } from '../model/types';
import type { ExportingSettings } from './exporting-settings';
import type { ExportStats } from './export-stats';

interface ChartSpec {
  suffix: string;
  context: string;
  title: string;
  units: string;
  chartType: ChartType;
  priority: number;
  divisor: number;
  dims: ReadonlyArray<readonly [id: string, value: (s: ExportStats) => number]>;
}

/** Netdata's exporting charts (exporting/send_internal_metrics.c), one set per instance, absolute per round. */
const CHARTS: readonly ChartSpec[] = [
  {
    suffix: 'metrics', context: 'exporting_buffer', title: 'Netdata Buffered Metrics', units: 'metrics', chartType: 'line', priority: 130610, divisor: 1,
    dims: [['buffered', (s) => s.bufferedMetrics], ['lost', (s) => s.lostMetrics], ['sent', (s) => s.sentMetrics]],
  },
  {
    suffix: 'bytes', context: 'exporting_data_size', title: 'Netdata Exporting Data Size', units: 'KiB', chartType: 'area', priority: 130620, divisor: 1024,
    dims: [['buffered', (s) => s.bufferedBytes], ['lost', (s) => s.lostBytes], ['sent', (s) => s.sentBytes], ['received', (s) => s.receivedBytes]],
  },
  {
    suffix: 'ops', context: 'exporting_operations', title: 'Netdata Exporting Operations', units: 'operations', chartType: 'line', priority: 130630, divisor: 1,
    dims: [['write', (s) => s.writes], ['discard', (s) => s.discards], ['reconnect', (s) => s.reconnects], ['failure', (s) => s.failures], ['read', (s) => s.reads]],
  },
];

/**
 * The charts of one instance on the parent's own host: `netdata.exporting_<instance>_metrics|bytes|ops` (family
 * `exporting_<instance>`), or for `[backend]` backends.c's `netdata.backend_metrics|bytes|ops` (family `backend`).
 * Each round stores the counters of the round, which are then zeroed.
 */
export class ExportingCharts {
  private readonly ids: string[];
  private lastSlot = 0;

  constructor(
    private readonly host: HostProjection,
    s: ExportingSettings,
  ) {
    const base = s.legacy ? 'backend' : `exporting_${s.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
    this.ids = CHARTS.map((c) => `netdata.${base}_${c.suffix}`);
    CHARTS.forEach((c, i) => {
      host.apply({
        cmd: 'CHART',
        chart: {
          id: this.ids[i], name: '', title: c.title, units: c.units, family: s.legacy ? 'backend' : base,
          context: s.legacy ? this.ids[i] : c.context, chartType: c.chartType, priority: c.priority, updateEvery: s.updateEvery,
          options: '', plugin: s.legacy ? 'backends' : 'exporting', module: '',
        },
      });
      for (const [id] of c.dims) {
        host.apply({ cmd: 'DIMENSION', dim: { id, name: '', algorithm: 'absolute' satisfies Algorithm, multiplier: 1, divisor: c.divisor, options: '' } });
      }
    });
  }

  /**
   * Stores the counters of the round that ended at `before` and zeroes them. They are collected exactly at the next
   * multiple of the interval (a round ends one second before one), the chart's own slot time, so each slot holds the
   * round's counts as they are, not a blend of two rounds.
   */
  update(stats: ExportStats, before: number): void {
    const slot = before + 1;
    const usec = this.lastSlot ? (slot - this.lastSlot) * 1e6 : 0;
    this.lastSlot = slot;
    CHARTS.forEach((c, i) => {
      const ids = c.dims.map(([id]) => id);
      const values = c.dims.map(([, value]) => value(stats));
      this.host.collect(this.ids[i], usec, slot * 1e6, ids, values, ids.length);
    });
    stats.reset();
  }
}
