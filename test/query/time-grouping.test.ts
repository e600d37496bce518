import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGrouper, parseGrouping } from '../../src/query/time-grouping';

const shape = { group: 4, points: 10, resamplingGroup: 1, resamplingDivisor: 1 };

function row(group: string, options: string, values: number[], s = shape): number {
  const g = createGrouper(parseGrouping(group, options)!, s);
  values.forEach((v) => g.add(v));
  return g.flush();
}

test('medians are those of Netdata 1.37 (median.c, median_on_sorted_series)', () => {
  assert.equal(row('median', '', [4, 1, 3]), 3);
  assert.equal(row('median', '', [1, 2]), 1.5);
  // an even count of 4 or more averages the two values above the middle
  assert.equal(row('median', '', [1, 2, 3, 4]), 3.5);
  // trimming keeps from the first value at or above min + 5% of the span: here the last one alone
  assert.equal(row('trimmed-median', '', [0, 0, 0.5]), 0.5);
  assert.equal(row('median', '20', [0, 0, 0, 1, 2, 3, 10]), 2.5);
});

test('with gtime, average is the row sum per gtime seconds and sum stays the sum', () => {
  const resampled = { group: 20, points: 6, resamplingGroup: 5, resamplingDivisor: 4 };
  const values = Array.from({ length: 20 }, (_, i) => i);
  assert.equal(row('average', '', values, resampled), 190 / 4);
  assert.equal(row('sum', '', values, resampled), 190);
});
