import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GapsClock } from '../../src/sender/gaps-clock';

const S = 1_796_600_000;
const us = (seconds: number) => Math.round(seconds * 1e6);

describe('the collection second a block goes upstream with (GAPS clock)', () => {
  it('starts at the first arrival and then follows the usec the child measured, not the arrivals', () => {
    const c = new GapsClock();
    assert.equal(c.second('a', 0, us(S + 0.3), 0), S);
    // arrivals jitter by up to 0.6 s around the child's steady 1 s
    assert.deepEqual([0.9, 0.4, 0.95, 0.35].map((f, i) => c.second('a', 1_000_000, us(S + 1 + i + f), 0)), [S + 1, S + 2, S + 3, S + 4]);
  });

  it('keeps a collection time a GAPS child gave', () => {
    const c = new GapsClock();
    assert.deepEqual([c.second('a', 1_000_000, us(S + 5.5), S + 3), c.second('a', 1_000_000, us(S + 6.5), S + 4)], [S + 3, S + 4]);
  });

  it('resyncs to the arrival once the usec clock is more than 5 s off it', () => {
    const c = new GapsClock();
    c.second('a', 0, us(S + 0.5), 0);
    assert.equal(c.second('a', 1_000_000, us(S + 30.2), 0), S + 30);
  });

  it('never gives a chart the same second twice: a resync or a usec under a second landing in it takes the next', () => {
    const c = new GapsClock();
    // the anchoring block of the load generator (usec of 400 days) arrives a fraction of a millisecond before its
    // boundary, in the second the usec clock gave the block before it
    assert.equal(c.second('a', 0, us(S + 0.999), 0), S);
    assert.equal(c.second('a', 1_000_000, us(S + 1.0004), 0), S + 1);
    assert.equal(c.second('a', 400 * 86_400 * 1_000_000, us(S + 1.9995), 0), S + 2);
    assert.equal(c.second('a', 1_000_000, us(S + 3.0001), 0), S + 3);
    // a child's measured interval a little under a second, from just after a boundary
    const d = new GapsClock();
    assert.equal(d.second('d', 0, us(S + 0.0002), 0), S);
    assert.deepEqual([999_000, 999_500, 1_000_400].map((u, i) => d.second('d', u, us(S + 1.01 + i), 0)), [S + 1, S + 2, S + 3]);
    // other charts keep their own clocks
    assert.equal(c.second('b', 0, us(S + 1.0004), 0), S + 1);
  });

  it('starts every chart again after clear()', () => {
    const c = new GapsClock();
    c.second('a', 0, us(S + 0.5), 0);
    c.clear();
    assert.equal(c.second('a', 0, us(S + 0.2), 0), S);
  });
});
