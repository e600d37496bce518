import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../../src/log';
import type { ChartView } from '../../../src/model/chart-view';
import { RamHostStorage } from '../../../src/projection/ram/ram-storage';
import { CAPTURES, CAPTURE_FILES, feedCapture } from './capture-feed';
import { T0, newShared, openHost, tempDir } from './helpers';

for (const name of CAPTURE_FILES) {
  test(`a real child's stream (${name}) reads back from dbengine exactly as from RAM, before and after a reopen`, (t) => {
    const file = path.join(CAPTURES, name);
    if (!fs.existsSync(file)) return t.skip(`${file} is not here`);
    const ram = feedCapture(file, new RamHostStorage(), T0);
    const dir = tempDir('capture');
    // flush age 0: the checkpoint writes every page, so the reopened host reads everything from disk
    const host = openHost(newShared(silentLogger, { flushAgeMs: 0 }), dir, silentLogger);
    const projection = feedCapture(file, host, T0);

    let points = 0;
    const sameAsRam = (read: (chart: ChartView) => Pick<ChartView, 'firstEntryT' | 'lastEntryT' | 'readRange'>) => {
      points = 0;
      for (const chart of ram.charts()) {
        const got = read(chart);
        assert.deepEqual([got.firstEntryT(), got.lastEntryT()], [chart.firstEntryT(), chart.lastEntryT()], chart.id);
        for (const dim of chart.dimensions) {
          const want = chart.readRange(dim.index, chart.firstEntryT() - 5, chart.lastEntryT() + 5);
          assert.deepEqual(got.readRange(dim.index, chart.firstEntryT() - 5, chart.lastEntryT() + 5), want, `${chart.id} ${dim.name}`);
          points += want.filter((v) => !Number.isNaN(v)).length;
        }
      }
    };
    sameAsRam((chart) => projection.chart(chart.id)!);
    assert.ok(points > 4000, `${points} points compared`);
    host.checkpoint(1);
    host.close();
    const reopened = openHost(newShared(silentLogger), dir, silentLogger);
    sameAsRam((chart) => reopened.chartStore(chart.id, chart.updateEvery, 0));
    assert.equal(reopened.resumeSeq(), 1);
    reopened.close();
  });
}
