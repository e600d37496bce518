import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadCharts } from '../../scripts/lib/loadgen-model';
import { runLoad, type LoadOptions } from '../../scripts/loadgen';
import { gapReport, modelReference, summarize } from '../helpers/gap-report';
import { assertModelValues } from '../helpers/loadgen-checks';
import { DEFAULT_API_KEY } from '../helpers/netdata';
import { startParent, type ParentProcess } from '../helpers/parent';
import { startTcpRelay, type TcpRelay } from '../helpers/tcp-relay';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GAPS: a streamledger child cut off for 30 s', () => {
  let parent: ParentProcess | undefined;
  let relay: TcpRelay | undefined;
  after(async () => {
    await relay?.close();
    await parent?.dispose();
  });

  it('gets TIMESTAMP answered with REPLICATE and its replayed seconds stored at their original times, once', async () => {
    parent = await startParent();
    relay = await startTcpRelay(parent.port);
    const opts: LoadOptions = {
      host: '127.0.0.1', port: relay.port, key: DEFAULT_API_KEY, children: 2, charts: 12, dims: 4, seconds: 55,
      hostnamePrefix: 'gaps', gaps: true,
    };
    const load = runLoad(opts);
    await sleep(12_000);
    await relay.cut();
    const cutAt = Math.floor(Date.now() / 1000);
    await sleep(30_000);
    await relay.restore();
    const stats = await load;
    await sleep(1500); // the last second written is stored once the parent has read it

    assert.equal(stats.disconnects, 2, 'each child lost its connection once');
    assert.ok(stats.replicateRequests >= 4, `${stats.replicateRequests} REPLICATE answers (2 children x 2 connections)`);
    assert.ok(stats.replayedSeconds >= 2 * 28, `only ${stats.replayedSeconds} child-seconds replayed`);
    const live = stats.seconds.filter((s) => s.values > 0).map((s) => s.t);
    assert.ok(live.some((t) => t > cutAt + 25) && !live.some((t) => t > cutAt + 2 && t < cutAt + 29), 'nothing was sent live during the cut');

    const charts = loadCharts(opts.charts, opts.dims, 1);
    for (const child of stats.children) {
      const chart = charts[0];
      const r = await gapReport({
        parentHostUrl: `${parent.baseUrl}/host/${child.hostname}`, cacheDir: `${parent.dir}/data`, host: child.hostname, chart: chart.def.id,
        after: live[3], before: live[live.length - 1],
        reference: modelReference(child.index, chart),
      });
      console.log(`# ${child.hostname} ${chart.def.id}: ${summarize(r)}`);
      assert.deepEqual({ missing: r.missing, duplicates: r.duplicates, mismatches: r.mismatches }, { missing: [], duplicates: 0, mismatches: [] });
    }
    // every second of the run, the cut included, holds exactly the model's values
    const compared = await assertModelValues(parent.baseUrl, opts, stats, [...Array(opts.charts).keys()]);
    assert.ok(compared > 2 * opts.charts * opts.dims * 40, `${compared} values compared`);

    const logged = parent.logLines().map((l) => l.msg as string);
    assert.ok(logged.some((m) => /: Checking for gaps\.\.\. remote=\d+ local=\d+\.\.\d+ slew=-?\d+ \d+-sec gap$/.test(m)), 'the gap check is logged');
  });
});
