import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calculateWindow, relativeWindowToAbsolute } from '../../src/query/time-window';

// Windows a real Netdata 1.37.1 parent reported (jsonwrap after/before/view_update_every) for system.cpu
// with first_entry 1795424510 and last_entry 1795424874, asked at 1795424874 (Netdata's now = that - 1).
const db = { firstT: 1795424510, lastT: 1795424874, updateEvery: 1 };
const now = 1795424873;

const cases: [string, { after: number; before: number; points: number; unaligned?: boolean; resamplingTime?: number }, [number, number, number]][] = [
  ['after=-10&points=3', { after: -10, before: 0, points: 3 }, [1795424863, 1795424871, 3]],
  ['after=-60&points=7', { after: -60, before: 0, points: 7 }, [1795424806, 1795424868, 9]],
  ['after=-60&points=7 unaligned', { after: -60, before: 0, points: 7, unaligned: true }, [1795424811, 1795424873, 9]],
  ['after=-60&before=-5&points=7', { after: -60, before: -5, points: 7 }, [1795424806, 1795424868, 9]],
  ['absolute, points=7', { after: 1795424774, before: 1795424834, points: 7 }, [1795424779, 1795424841, 9]],
  ['absolute, all points', { after: 1795424774, before: 1795424834, points: 0 }, [1795424774, 1795424834, 1]],
  ['default after, points=5', { after: -600, before: 0, points: 5 }, [1795424161, 1795424760, 120]],
  ['after=0&before=0&points=5', { after: 0, before: 0, points: 5 }, [1795424489, 1795424853, 73]],
];

for (const [name, req, [after, before, group]] of cases) {
  test(`window ${name} is the one Netdata computed`, () => {
    const w = calculateWindow({ unaligned: false, resamplingTime: 0, ...req }, db, now);
    assert.ok(w);
    assert.deepEqual([w.after, w.before, w.group], [after, before, group]);
    assert.equal((w.before - w.after + 1) / (w.group * w.granularity), w.points);
  });
}

test('a window in the future is shifted back to end now; flipped after/before are swapped', () => {
  assert.deepEqual(relativeWindowToAbsolute(now + 10, now + 20, now), { after: now - 10, before: now });
  assert.deepEqual(relativeWindowToAbsolute(now - 5, now - 50, now), { after: now - 50, before: now - 5 });
});

test('a window relative to the database needs data', () => {
  assert.equal(calculateWindow({ after: -60, before: 0, points: 0, unaligned: false, resamplingTime: 0 }, { firstT: 0, lastT: 0, updateEvery: 1 }, now), null);
});

test('charts collected every 10 s are queried at 10 s granularity', () => {
  const w = calculateWindow({ after: -60, before: 0, points: 0, unaligned: false, resamplingTime: 0 }, { firstT: 1795424500, lastT: 1795424790, updateEvery: 10 }, now);
  assert.ok(w);
  assert.equal(w.granularity, 10);
  assert.equal(w.before, 1795424790);
  assert.equal(w.before % 10, 0);
  assert.equal(w.after % 10, 0);
});
