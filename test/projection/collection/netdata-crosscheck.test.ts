/**
 * Replays streams recorded from a real Netdata 1.37.1 child through the value engine, with a synthetic parent
 * clock, and checks what a Netdata parent's database would hold is plausible: stacked percentages sum to 100,
 * absolute rows are the collected values scaled, monotonic counters never give negative rates, every slot is
 * filled once. (The exact comparison against a running Netdata parent is scripts/crosscheck-values.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Algorithm, Int64 } from '../../../src/model/types';
import { ChartCollector } from '../../../src/projection/collection/chart-collector';
import { storedValue } from '../../../src/projection/collection/storage-number';
import { CAPTURES } from '../../helpers/captures';

const T0 = 1_795_000_000; // whole seconds, even

/** Words of a plugins.d line: spaces separate, single or double quotes group. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function int64(text: string): Int64 {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

interface Replayed {
  id: string;
  updateEvery: number;
  dims: { id: string; algorithm: Algorithm; multiplier: number }[];
  /** the values SET per iteration */
  iterations: (Int64 | null)[][];
  /** slot time -> stored values */
  slots: Map<number, number[]>;
}

/**
 * A minimal reader of CHART / DIMENSION / BEGIN / SET / END (everything else is ignored). The parent clock of a
 * chart's k-th BEGIN is T0 + 0.25 s + k * update_every, plus a few ms per chart so that charts arrive in turn.
 */
function replay(file: string): Map<string, Replayed> {
  const charts = new Map<string, Replayed & { collector: ChartCollector }>();
  let current: (Replayed & { collector: ChartCollector }) | undefined;
  let usec = 0;
  let values: (Int64 | null)[] = [];

  for (const line of zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')) {
    const w = words(line);
    switch (w[0]) {
      case 'CHART': {
        const updateEvery = Number(w[9]) || 1;
        let c = charts.get(w[1]);
        if (!c) {
          c = { id: w[1], updateEvery, dims: [], iterations: [], slots: new Map(), collector: new ChartCollector(updateEvery) };
          charts.set(w[1], c);
        }
        c.updateEvery = c.collector.updateEvery = updateEvery;
        current = c;
        break;
      }
      case 'DIMENSION': {
        if (!current) break;
        const def = { id: w[1], name: w[2] || w[1], algorithm: w[3] as Algorithm, multiplier: Number(w[4]), divisor: Number(w[5]), options: w[6] ?? '' };
        let index = current.dims.findIndex((d) => d.id === def.id);
        if (index < 0) index = current.dims.push({ id: def.id, algorithm: def.algorithm, multiplier: def.multiplier }) - 1;
        current.collector.setDimension(index, def);
        break;
      }
      case 'BEGIN':
        current = charts.get(w[1]);
        usec = Number(w[2] ?? 0);
        values = current ? current.dims.map(() => null) : [];
        break;
      case 'SET': {
        const index = current ? current.dims.findIndex((d) => d.id === w[1]) : -1;
        if (index >= 0 && w[3] !== undefined && w[3] !== '') values[index] = int64(w[3]);
        break;
      }
      case 'END': {
        if (!current) break;
        const c = current;
        const k = c.iterations.length;
        const order = [...charts.keys()].indexOf(c.id);
        const nowUs = (T0 + k * c.updateEvery) * 1e6 + 250_000 + order * 1000;
        c.iterations.push(values);
        c.collector.collect(usec, nowUs, values, (t, stored) => {
          assert.ok(!c.slots.has(t), `${c.id}: slot ${t} stored twice`);
          c.slots.set(t, Array.from(stored, storedValue));
        });
        current = undefined;
        break;
      }
    }
  }
  return charts;
}

function capture(name: string): string | undefined {
  const file = `${CAPTURES}/${name}`;
  return fs.existsSync(file) ? file : undefined;
}

const version4 = capture('stream-reply-version4.txt.gz');

test('real 1.37.1 stream (usec 0 throughout): every chart fills one slot per update_every', { skip: !version4 && 'capture not found' }, () => {
  const charts = replay(version4!);
  assert.ok(charts.size > 100, `${charts.size} charts`);
  for (const c of charts.values()) {
    if (c.iterations.length < 3) continue;
    const times = [...c.slots.keys()];
    // one slot per iteration after the first, each update_every apart, on multiples of update_every
    assert.equal(times.length, c.iterations.length - 1, c.id);
    times.forEach((t, i) => {
      assert.equal(t % c.updateEvery, 0, c.id);
      if (i) assert.equal(t - times[i - 1], c.updateEvery, c.id);
    });
    // a dimension SET in every iteration has a value in every slot
    c.dims.forEach((d, di) => {
      if (c.iterations.some((it) => it[di] === null)) return;
      for (const [t, row] of c.slots) assert.ok(!Number.isNaN(row[di]), `${c.id}.${d.id} has a gap at ${t}`);
    });
  }
});

test('real 1.37.1 stream: system.cpu (percentage-of-incremental-row) rows sum to 100', { skip: !version4 && 'capture not found' }, () => {
  const cpu = replay(version4!).get('system.cpu');
  assert.ok(cpu, 'system.cpu is in the capture');
  assert.ok(cpu.dims.every((d) => d.algorithm === 'percentage-of-incremental-row'));
  assert.ok(cpu.slots.size >= 10);
  for (const [t, row] of cpu.slots) {
    const sum = row.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 100) < 1e-4, `slot ${t}: ${row.join(' ')} sums to ${sum}`);
    assert.ok(row.every((v) => v >= 0 && v <= 100 + 1e-9), `slot ${t}: ${row.join(' ')}`);
  }
});

test('real 1.37.1 stream: absolute rows are the collected values scaled (system.ram, 1/1024 MiB)', { skip: !version4 && 'capture not found' }, () => {
  const ram = replay(version4!).get('system.ram');
  assert.ok(ram);
  // collections 0.25 s after each second: the iteration k completes the slot T0 + k with its own values
  for (const [t, row] of ram.slots) {
    const collected = ram.iterations[t - T0];
    row.forEach((v, di) => assert.equal(v, storedValue(Number(collected[di]) / 1024), `slot ${t} ${ram.dims[di].id}`));
  }
});

test('real 1.37.1 stream: counters that only grow never give negative rates', { skip: !version4 && 'capture not found' }, () => {
  let checked = 0;
  for (const c of replay(version4!).values()) {
    c.dims.forEach((d, di) => {
      if (d.algorithm !== 'incremental') return;
      const series = c.iterations.map((it) => it[di]).filter((v): v is Int64 => v !== null).map(BigInt);
      if (series.some((v, i) => i > 0 && v < series[i - 1])) return;
      // the sign of a rate is the sign of the multiplier (charts draw outbound traffic below zero with -1)
      for (const [t, row] of c.slots)
        if (!Number.isNaN(row[di])) assert.ok(row[di] * Math.sign(d.multiplier) >= 0, `${c.id}.${d.id} at ${t}: ${row[di]}`);
      checked++;
    });
  }
  assert.ok(checked > 100, `${checked} counters checked`);
});

const replication = capture('stream-reply-caps5112-replication.txt.gz');

test('real 1.37.1 stream with usec: system.cpu rows sum to 100 and follow the child durations', { skip: !replication && 'capture not found' }, () => {
  const cpu = replay(replication!).get('system.cpu');
  assert.ok(cpu && cpu.iterations.length >= 15);
  assert.ok(cpu.slots.size >= cpu.iterations.length - 2);
  for (const [t, row] of cpu.slots) {
    const sum = row.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 100) < 1e-4, `slot ${t}: sums to ${sum}`);
  }
});
