import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AlertDefinition } from '../../src/health/config/alert-definition';
import { loadHealthConfig } from '../../src/health/config/load-health-config';
import { HostHealth } from '../../src/health/host-health';
import type { HostProjection } from '../../src/projection/host-projection';
import { chartDef, collectAt, cpuProjection, dimDef } from '../query/cpu-fixture';

/** The alert definitions of one health.d file's text, loaded as a stock directory; any problem fails the test. */
export function definitions(text: string): AlertDefinition[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-hh-'));
  try {
    fs.writeFileSync(path.join(dir, 'x.conf'), text);
    const c = loadHealthConfig({ stockDir: dir });
    assert.deepEqual(c.problems, []);
    return c.definitions;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The health of host nd-child (linux, no labels) with the alerts of `text`, attached and run once at `now`. */
export function runHealth(projection: HostProjection, text: string, now: number): HostHealth {
  const h = new HostHealth(definitions(text), projection, () => ({ hostname: 'nd-child', os: 'linux', labels: new Map() }), () => {});
  h.sync(now);
  h.evaluate(now);
  return h;
}

/**
 * A host for the health APIs: system.cpu as cpuProjection() stores it (family cpu), cpu.cpu0 named cpu.core0 in the
 * same family (context cpu.cpu; dimension `sys` named `system`; custom VARIABLE cores = 4) collected over the last
 * three seconds of system.cpu, system.ram (family ram) never collected, and host VARIABLE active_processors = 2.
 * Returns it and the time of its newest collection.
 */
export function cpuHost(): { projection: HostProjection; last: number } {
  const projection = cpuProjection();
  const last = projection.chart('system.cpu')!.lastEntryT();
  projection.apply({ cmd: 'CHART', chart: chartDef('cpu.cpu0', { name: 'cpu.core0', context: 'cpu.cpu' }) });
  projection.apply({ cmd: 'DIMENSION', dim: dimDef('user') });
  projection.apply({ cmd: 'DIMENSION', dim: { ...dimDef('sys'), name: 'system' } });
  projection.apply({ cmd: 'VARIABLE', scope: 'CHART', name: 'cores', value: 4 });
  for (const t of [last - 2, last - 1, last]) collectAt(projection, 'cpu.cpu0', t, ['user', 'sys'], [t - last + 10, 2.5]);
  projection.apply({ cmd: 'CHART', chart: chartDef('system.ram', { family: 'ram' }) });
  projection.apply({ cmd: 'DIMENSION', dim: dimDef('used') });
  projection.apply({ cmd: 'VARIABLE', scope: 'HOST', name: 'active_processors', value: 2 });
  return { projection, last };
}
