import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runLoad } from '../../scripts/loadgen';
import { compareExported, ExportTally, storedSeconds, type StoredSeconds } from '../helpers/export-check';
import { DEFAULT_API_KEY } from '../helpers/netdata';
import { HEALTH_OFF, startParent, waitFor, type ParentProcess } from '../helpers/parent';
import { requireTsdbOrSkip, startCarbon, type CarbonServer } from '../helpers/tsdb';

const EVERY = 2;
const SECONDS = 24;
const HOST = 'carbon-0';
const PREFIX = 'netdata';
/** The loadgen's counters grow at constant rates, so their rounds all carry the same value: the triangle wave
 *  (lg_wave.triangle) changes every second, so a round that averaged the wrong seconds would show. */
const WAVE = 14;

describe('exporting to a real carbon-cache (graphite plaintext into whisper files)', () => {
  let carbon: CarbonServer | undefined;
  let parent: ParentProcess | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-export-carbon-'));
  after(async () => {
    await parent?.dispose();
    await carbon?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores in whisper, at its own second, for every round, the average of the seconds our /api/v1/data holds for that round', async (t) => {
    if (!requireTsdbOrSkip(t, 'carbon')) return;
    carbon = await startCarbon();
    fs.writeFileSync(
      path.join(dir, 'exporting.conf'),
      `[graphite:carbon]\n    enabled = yes\n    destination = 127.0.0.1:${carbon.linePort}\n    update every = ${EVERY}\n` +
        `    prefix = ${PREFIX}\n    send hosts matching = ${HOST}\n`,
    );
    parent = await startParent({ dir, parentConfExtra: HEALTH_OFF });
    const start = Math.floor(Date.now() / 1000);
    await runLoad({ host: '127.0.0.1', port: parent.port, key: DEFAULT_API_KEY, children: 1, charts: 3, dims: 2, seconds: SECONDS, hostnamePrefix: 'carbon', wave: WAVE });
    // the last rounds leave their newest two seconds to the next round: wait for two more
    await new Promise((r) => setTimeout(r, (2 * EVERY + 2) * 1000));
    const end = Math.floor(Date.now() / 1000);

    const charts: Record<string, any> = (await parent.getJson(`/host/${HOST}/api/v1/charts`)).charts;
    assert.equal(Object.keys(charts).length, 4, `charts of ${HOST}: ${Object.keys(charts).join(', ')}`);
    const hostUrl = `${parent.baseUrl}/host/${HOST}`;
    const stored = new Map(await Promise.all(Object.keys(charts).map(async (id) => [id, await storedSeconds(hostUrl, id, start - 5, end)] as const)));
    const lastStored = (s: StoredSeconds, dim: string): number => Math.max(...[...s].filter(([, m]) => m.has(dim)).map(([sec]) => sec));

    const dims = Object.entries(charts).flatMap(([id, chart]) =>
      Object.values<any>(chart.dimensions).map((d) => ({ id, chart: chart.name as string, dim: d.name as string })));
    assert.equal(dims.length, 7);

    // carbon writes what it received about once a second: poll until every dimension's whisper file holds the round
    // of our newest stored second (the last round once the data stopped)
    const points = new Map<string, Array<[number, number]>>();
    await waitFor(async () => {
      for (const d of dims) {
        const metric = `${PREFIX}.${HOST}.${d.chart}.${d.dim}`;
        const got = (await carbon!.fetch(metric, start - 5, end + 5)).filter((p): p is [number, number] => p[1] !== null);
        points.set(`${d.chart}.${d.dim}`, got);
        const want = lastStored(stored.get(d.id)!, d.dim);
        assert.ok(got.length && got[got.length - 1][0] >= want, `${metric}: newest whisper point ${got[got.length - 1]?.[0] ?? 'none'}, newest stored second ${want}`);
      }
      return true;
    }, 15_000, 500);

    const tally = new ExportTally();
    for (const d of dims) {
      const label = `${d.chart}.${d.dim}`;
      const p = points.get(label)!;
      assert.ok(p.length >= SECONDS / EVERY - 3, `${label}: ${p.length} whisper points`);
      const c = compareExported(p, stored.get(d.id)!, d.dim, EVERY, `graphite ${label}`);
      tally.add(c);
    }
    const waveValues = new Set(points.get('lg_wave.triangle.level')!.map(([, v]) => v)).size;
    console.log(`# carbon: ${tally.summary(dims.length)}; the wave's rounds took ${waveValues} distinct values`);
    assert.deepEqual(tally.mismatches, []);
    assert.deepEqual(tally.irregular, [], `every round follows the previous one by ${EVERY} s`);
    assert.ok(tally.minCompared >= SECONDS / EVERY - 4, `at least ${SECONDS / EVERY - 4} rounds compared per dimension, got ${tally.minCompared}`);
    assert.ok(waveValues >= 4, `the wave's rounds differ (${waveValues} distinct values)`);

    // nothing else of ours went there: only the matching host, under the prefix
    assert.deepEqual(fs.readdirSync(carbon.whisperDir), [PREFIX]);
    assert.deepEqual(fs.readdirSync(path.join(carbon.whisperDir, PREFIX)), [HOST]);
  });
});
