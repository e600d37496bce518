import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runGapCheck } from '../../scripts/gap-check';
import { requireNetdataOrSkip } from '../helpers/netdata';

describe('no gaps with a real Netdata 1.37.1 child (replication), parent in memory mode dbengine', () => {
  it('a 60 s parent outage, 5 kill -9 at random moments and a 30 s network cut leave no second missing, none twice, none different from the child', async (t) => {
    if (!requireNetdataOrSkip(t)) return;
    const r = await runGapCheck({
      outage: 60, kills: 5, cut: 30, settle: 10, memoryMode: 'dbengine', childMemoryMode: 'dbengine', chart: 'system.cpu',
      log: (line) => console.log(`# ${line}`),
    });
    const { report } = r;
    assert.ok(report.seconds >= 150, `only ${report.seconds} s compared`);
    assert.deepEqual(report.missing, [], 'seconds missing');
    assert.equal(report.duplicates, 0, 'points stored twice');
    assert.deepEqual(report.mismatches, [], 'values that differ from the child');
    // the outage, every kill and the cut were each filled by replication
    assert.equal(r.catchUp.length, 7);
    assert.ok(report.replayedPoints >= 60, `only ${report.replayedPoints} replicated points of the chart`);
  });
});
