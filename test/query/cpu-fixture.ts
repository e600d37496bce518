import { RamHostStorage } from '../../src/projection/ram/ram-storage';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChartDef, DimDef } from '../../src/model/types';
import { HostProjection, type HostIdentity } from '../../src/projection/host-projection';

/** Where test data captured from a real Netdata 1.37.1 parent lives (source tree, not dist). */
export const FIXTURES = path.resolve(__dirname, '../../../test/query/fixtures');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export const identity: HostIdentity = {
  hostname: 'nd-child',
  machineGuid: '22222222-3333-4444-5555-666666666666',
  os: 'linux',
  timezone: 'Etc/UTC',
  abbrevTimezone: 'UTC',
  utcOffset: 0,
  tags: '',
  programName: 'netdata',
  programVersion: 'v1.37.1',
  updateEvery: 1,
};

export function chartDef(id: string, over: Partial<ChartDef> = {}): ChartDef {
  return {
    id,
    name: '',
    title: 'Total CPU utilization',
    units: 'percentage',
    family: 'cpu',
    context: id,
    chartType: 'stacked',
    priority: 100,
    updateEvery: 1,
    options: '',
    plugin: 'proc.plugin',
    module: '/proc/stat',
    ...over,
  };
}

/** Dimensions that store exactly what is collected, in 1e-7 units, so a test can replay stored values. */
export function dimDef(id: string, options = ''): DimDef {
  return { id, name: id, algorithm: 'absolute', multiplier: 1, divisor: 10_000_000, options };
}

/**
 * Feeds one collection at whole second t, `sinceLast` seconds after the previous one (the BEGIN duration a child
 * sends): what the chart stores for t is `values[i]` (NaN = not sent).
 */
export function collectAt(p: HostProjection, chartId: string, t: number, ids: string[], values: number[], sinceLast = 1): void {
  const sent: string[] = [];
  const ints: number[] = [];
  values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    sent.push(ids[i]);
    ints.push(Math.round(v * 10_000_000));
  });
  p.collect(chartId, sinceLast * 1_000_000, t * 1_000_000, sent, ints, sent.length);
}

/**
 * A projection holding system.cpu as the real parent stored it (raw-system-cpu.csv: per-second stored values
 * of every dimension, `idle` being hidden as proc.plugin defines it).
 */
export function cpuProjection(memoryMode: 'ram' | 'none' = 'ram'): HostProjection {
  const lines = fixture('raw-system-cpu.csv').trim().split(/\r?\n/);
  const ids = lines[0].split(',').slice(1);
  const p = new HostProjection({ identity, history: 3600, storage: memoryMode === 'ram' ? new RamHostStorage() : null });
  p.apply({ cmd: 'CHART', chart: chartDef('system.cpu') });
  p.apply({ cmd: 'CLABEL', name: '_collect_plugin', value: 'proc.plugin', source: 1 });
  p.apply({ cmd: 'CLABEL', name: '_collect_module', value: '/proc/stat', source: 1 });
  p.apply({ cmd: 'CLABEL_COMMIT' });
  for (const id of ids) p.apply({ cmd: 'DIMENSION', dim: dimDef(id, id === 'idle' ? 'hidden' : '') });
  for (const line of lines.slice(1)) {
    const [t, ...vals] = line.split(',');
    collectAt(p, 'system.cpu', Number(t), ids, vals.map((v) => (v === 'null' ? NaN : Number(v))));
  }
  return p;
}
