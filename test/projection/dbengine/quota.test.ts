import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { T0, capturingLogger, datafilesIn, newShared, noisy, openHost, tempDir } from './helpers';

test('two hosts share one quota: the globally oldest datafiles are deleted first and first entry times move', () => {
  const root = tempDir('quota');
  const { logger, lines } = capturingLogger();
  const quota = 120_000;
  const shared = newShared(logger, { diskSpaceBytes: quota });
  assert.equal(shared.datafileBytes, 6000);
  const dirA = path.join(root, 'a');
  const dirB = path.join(root, 'b');
  const a = openHost(shared, dirA, logger);
  const b = openHost(shared, dirB, logger);
  const chartA = a.chartStore('a.chart', 1, 0);
  const chartB = b.chartStore('b.chart', 1, 0);
  const fill = (chart: typeof chartA, from: number, slots: number) => {
    for (let t = from; t < from + slots; t++) chart.store(t, [noisy(t, 0), noisy(t, 1)]);
  };

  // host a writes first, then host b: together more than the quota
  fill(chartA, T0, 1024 * 24);
  const filesA = datafilesIn(dirA);
  assert.ok(shared.diskBytes() <= quota);
  fill(chartB, T0, 1024 * 16);
  assert.ok(shared.diskBytes() <= quota, `${shared.diskBytes()} bytes on disk`);
  const diskTotal = [...datafilesIn(dirA), ...datafilesIn(dirB)].reduce((s, f) => s + fs.statSync(f).size, 0);
  assert.equal(diskTotal, shared.diskBytes());

  // only host a lost files, its oldest ones; host b still has everything
  assert.equal(chartB.firstEntryT(), T0);
  const leftA = datafilesIn(dirA);
  assert.ok(leftA.length < filesA.length);
  assert.ok(!fs.existsSync(filesA[0]));
  assert.ok(lines.some((l) => l.includes('deleted the oldest datafile') && l.includes(filesA[0])));
  const firstA = chartA.firstEntryT();
  assert.ok(firstA > T0 && (firstA - T0) % 1024 === 0, `first entry of a: ${firstA - T0}`);
  assert.ok(Number.isNaN(chartA.valueAt(0, firstA - 1)));
  assert.equal(chartA.valueAt(0, firstA), noisy(firstA, 0));
  assert.equal(chartA.lastEntryT(), T0 + 1024 * 24 - 1);

  // host b keeps writing: host a's remaining (older) files go before any of b's
  const firstB = chartB.firstEntryT();
  fill(chartB, T0 + 1024 * 16, 1024 * 8);
  assert.ok(chartA.firstEntryT() > firstA);
  assert.equal(chartB.firstEntryT(), firstB);
  assert.ok(shared.diskBytes() <= quota);
  a.close();
  b.close();

  // reopened, the index agrees with what survived
  const again = openHost(newShared(logger, { diskSpaceBytes: quota }), dirA, logger);
  assert.equal(again.chartStore('a.chart', 1, 0).firstEntryT(), chartA.firstEntryT());
});

test('datafiles of a closed host still count and are rotated out', () => {
  const root = tempDir('closed');
  const { logger } = capturingLogger();
  const shared = newShared(logger, { diskSpaceBytes: 120_000 });
  const a = openHost(shared, path.join(root, 'a'), logger);
  const chartA = a.chartStore('a', 1, 0);
  for (let t = T0; t < T0 + 1024 * 6; t++) chartA.store(t, [noisy(t, 0), noisy(t, 1)]);
  a.close();
  const before = datafilesIn(path.join(root, 'a')).length;
  const b = openHost(shared, path.join(root, 'b'), logger);
  const chartB = b.chartStore('b', 1, 0);
  for (let t = T0; t < T0 + 1024 * 40; t++) chartB.store(t, [noisy(t, 0), noisy(t, 1)]);
  assert.ok(datafilesIn(path.join(root, 'a')).length < before);
  assert.ok(shared.diskBytes() <= 120_000);
  b.close();
});
