import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayRequest, type ReplayRequestInput } from '../../src/replication/replay-request';

const base: ReplayRequestInput = {
  childFirstT: 0, childLastT: 0, childNow: 0, localLastT: 0, localNow: 0, prevAfter: 0, prevBefore: 0,
  enabled: true, secondsToReplicate: 86400, secondsPerStep: 600, hasDimensions: true,
};
const ask = (i: Partial<ReplayRequestInput>) => {
  const r = replayRequest({ ...base, ...i });
  return [r.after, r.before, r.startStreaming];
};

describe('replayRequest (replicate_chart_request of Netdata 1.37.1)', () => {
  it('asks an empty parent for what the child has, as a real parent did in the capture', () => {
    // CHART_DEFINITION_END 1795359410 1795359435 1795359436 -> REPLAY_CHART "system.cpu" "true" 1795359410 1795359435
    assert.deepEqual(ask({ childFirstT: 1795359410, childLastT: 1795359435, childNow: 1795359436, localNow: 1795359436 }), [1795359410, 1795359435, true]);
  });

  it('continues from the newest local point, in steps, and starts streaming with the last step', () => {
    const first = { childFirstT: 100, childLastT: 2000, childNow: 2000, localLastT: 1000, localNow: 2000 };
    assert.deepEqual(ask(first), [1000, 1600, false]);
    // REND ... false 1000 1600: the next step starts where the previous ended, whatever the local db holds now
    assert.deepEqual(ask({ ...first, localLastT: 1500, prevAfter: 1000, prevBefore: 1600 }), [1600, 2000, true]);
  });

  it('never asks for more than `seconds to replicate` back, nor before the child\'s first entry', () => {
    assert.deepEqual(ask({ childFirstT: 1, childLastT: 200000, childNow: 200000, localNow: 200000, secondsToReplicate: 3600 }), [196400, 197000, false]);
    assert.deepEqual(ask({ childFirstT: 199500, childLastT: 200000, childNow: 200000, localNow: 200000 }), [199500, 200000, true]);
    // an old local point older than the window: the window wins
    assert.deepEqual(ask({ childFirstT: 1, childLastT: 200000, childNow: 200000, localLastT: 5, localNow: 200000, secondsToReplicate: 100 }), [199900, 200000, true]);
  });

  it('sends an empty request (start streaming, 0 0) when there is nothing to ask', () => {
    const cases: Array<[Partial<ReplayRequestInput>, string]> = [
      [{ enabled: false, childFirstT: 1, childLastT: 10, childNow: 10, localNow: 10 }, 'replication is disabled'],
      [{ hasDimensions: false, childFirstT: 1, childLastT: 10, childNow: 10, localNow: 10 }, 'chart has no dimensions'],
      [{ childNow: 10, localNow: 10 }, 'child has no stored data'],
      [{ childFirstT: 20, childLastT: 30, childNow: 10, localNow: 30 }, 'child db first entry is after its wall clock time'],
      [{ childFirstT: 9, childLastT: 8, childNow: 10, localNow: 10 }, 'child timings are invalid (first entry > last entry)'],
      [{ childFirstT: 1, childLastT: 8, childNow: 10, localLastT: 9, localNow: 10 }, 'local last entry is later than the child one'],
    ];
    for (const [input, reason] of cases) {
      const r = replayRequest({ ...base, ...input });
      assert.deepEqual([r.after, r.before, r.startStreaming], [0, 0, true], reason);
      assert.ok(r.reason.endsWith(reason), `${r.reason} / ${reason}`);
    }
  });

  it('believes a child\'s newest entry only up to its own clock', () => {
    assert.deepEqual(ask({ childFirstT: 100, childLastT: 500, childNow: 300, localLastT: 200, localNow: 300 }), [200, 300, true]);
  });
});
