import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storedValue } from '../../src/exporting/stored-value';
import type { ChartView } from '../../src/model/chart-view';

const NO_REPEAT = { sum: false, repeat: false };

/** A chart of one dimension whose stored value at slot t is t itself, from `first` to `last`. */
function chart(every: number, first: number, last: number): ChartView {
  return {
    updateEvery: every,
    firstEntryT: () => first,
    lastEntryT: () => last,
    readRange: (_dim: number, after: number, before: number) => {
      const out: number[] = [];
      for (let t = after; t <= before; t += every) out.push(t >= first && t <= last ? t : NaN);
      return Float64Array.from(out);
    },
  } as unknown as ChartView;
}

/** The slots a round's window averaged, recovered from its sum and average of slot times. */
function window(c: ChartView, after: number, before: number): number[] {
  const sum = storedValue(c, 0, after, before, { sum: true, repeat: false });
  const avg = storedValue(c, 0, after, before, { sum: false, repeat: false });
  if (!sum || !avg) return [];
  const count = Math.round(sum.value / avg.value);
  const every = c.updateEvery;
  return Array.from({ length: count }, (_, i) => sum.lastT - (count - 1 - i) * every);
}

describe('the time frame of an exporting round (exporting_calculate_value_from_stored_data)', () => {
  it('steps two intervals back, aligns, leaves the newest slot for the next round, and stamps the window end', () => {
    const c = chart(1, 1000, 2000);
    // backends.c's worked example: previous round at 1009, this one at 1019 -> slots 1007..1016, stamped 1016
    assert.deepEqual(window(c, 1009, 1019), Array.from({ length: 10 }, (_, i) => 1007 + i));
    assert.deepEqual(storedValue(c, 0, 1009, 1019, NO_REPEAT), { value: (1007 + 1016) / 2, lastT: 1016 });
  });

  it('rounds that follow each other cover every stored slot once, however late or irregular they run', () => {
    for (const every of [1, 2, 5]) {
      const c = chart(every, 1000, 3000);
      const runs = [1009, 1019, 1029, 1031, 1032, 1033, 1060, 1061, 1100, 1107, 1203];
      const seen: number[] = [];
      for (let i = 1; i < runs.length; i++) seen.push(...window(c, runs[i - 1], runs[i]));
      const first = seen[0];
      const expected = [];
      for (let t = first; t <= seen[seen.length - 1]; t += every) expected.push(t);
      assert.deepEqual(seen, expected, `update every ${every}: each slot once, in order`);
    }
  });

  it('a round closer to the previous one than the chart\'s interval has no slot of its own: nothing, or for a scrape the previous slot again', () => {
    const c = chart(2, 1000, 2000);
    assert.deepEqual(storedValue(c, 0, 1031, 1032, NO_REPEAT), { value: 1026, lastT: 1026 });
    assert.equal(storedValue(c, 0, 1032, 1033, NO_REPEAT), null);
    assert.deepEqual(storedValue(c, 0, 1032, 1033, { sum: false, repeat: true }), { value: 1026, lastT: 1026 });
  });

  it('is clamped to what is stored: nothing before the first slot, the window ends at the last one, then nothing', () => {
    const c = chart(1, 1000, 1050);
    assert.equal(storedValue(c, 0, 990, 1001, NO_REPEAT), null, 'the window ends before the first slot');
    assert.deepEqual(window(c, 1000, 1010), [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007]);
    assert.deepEqual(window(c, 1049, 1059), [1047, 1048, 1049, 1050], 'data stopped: the window ends at the newest slot');
    assert.equal(storedValue(c, 0, 1059, 1069, NO_REPEAT), null, 'and the next round has nothing new');
    assert.equal(storedValue(chart(1, 0, 0), 0, 100, 110, NO_REPEAT), null, 'nothing stored');
  });
});
