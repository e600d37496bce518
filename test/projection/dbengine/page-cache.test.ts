import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../../../src/log';
import { PageCache } from '../../../src/projection/dbengine/page-cache';
import { T0, newShared, openHost, sample, tempDir } from './helpers';

test('the page cache counts hits and misses and evicts the least recently used within its byte budget', () => {
  const cache = new PageCache<string>(3 * 800);
  let loads = 0;
  const load = () => {
    loads++;
    return new Float64Array(100); // 800 bytes
  };
  for (const k of ['a', 'b', 'c', 'a', 'd']) cache.get(k, load); // d evicts b, the least recently used
  assert.equal(cache.usedBytes, 2400);
  assert.deepEqual([cache.hits, cache.misses, loads], [1, 4, 4]);
  cache.get('a', load);
  cache.get('b', load);
  assert.deepEqual([cache.hits, cache.misses], [2, 5]);
  assert.equal(cache.get('x', () => null), null);
  assert.equal(cache.size, 3);
  cache.forget('a');
  assert.equal(cache.usedBytes, 1600);
});

test('queries read pages on disk through the shared cache', () => {
  const shared = newShared(silentLogger, { pageCacheBytes: 1 << 20 });
  const host = openHost(shared, tempDir('cache'), silentLogger);
  const chart = host.chartStore('c', 1, 0);
  for (let t = T0; t < T0 + 1024 * 5; t++) chart.store(t, [sample(t, 0), sample(t, 1)]);
  const { cache } = shared;
  assert.deepEqual([cache.hits, cache.misses], [0, 0]);
  chart.readRange(0, T0, T0 + 1024 * 4 - 1); // four pages on disk, one in memory
  assert.deepEqual([cache.hits, cache.misses], [0, 4]);
  chart.readRange(1, T0, T0 + 1024 * 5 - 1); // the other dimension of the same pages
  assert.deepEqual([cache.hits, cache.misses], [4, 4]);
  assert.equal(cache.usedBytes, 4 * 2 * 1024 * 8);
  chart.valueAt(0, T0 + 5000); // the page being filled is not read through the cache
  assert.deepEqual([cache.hits, cache.misses], [4, 4]);
  host.close();
});

test('a page cache smaller than a query still answers it, re-reading pages from disk', () => {
  const shared = newShared(silentLogger, { pageCacheBytes: 1024 * 8 }); // one page
  const host = openHost(shared, tempDir('small-cache'), silentLogger);
  const chart = host.chartStore('c', 1, 0);
  for (let t = T0; t < T0 + 1024 * 3; t++) chart.store(t, [sample(t, 0)]);
  host.checkpoint(1);
  const first = chart.readRange(0, T0, T0 + 3071);
  const second = chart.readRange(0, T0, T0 + 3071);
  assert.deepEqual(first, second);
  assert.equal(first[2000], sample(T0 + 2000, 0));
  assert.deepEqual([shared.cache.hits, shared.cache.misses], [0, 4]); // 2 pages on disk, read twice, 1 fits
  host.close();
});
