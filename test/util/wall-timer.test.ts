import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeoutAt } from '../../src/util/wall-timer';

it('setTimeoutAt does not run before the instant when its timer fires early', async () => {
  // a clock 5 ms ahead while the timer is armed makes it fire 5 ms before the instant, as Node's loop clock (read
  // when the turn began, and rounded to the millisecond) does when it lags the wall clock
  let aheadMs = 5;
  const now = () => Date.now() + aheadMs;
  const at = Date.now() + 20;
  const ran = new Promise<number>((resolve) => setTimeoutAt(at, () => resolve(Date.now()), { now }));
  aheadMs = 0;
  const ranAt = await ran;
  assert.ok(ranAt >= at, `ran ${at - ranAt} ms before the instant`);
});

it('setTimeoutAt runs once at the instant on the real clock, and can be cancelled', async () => {
  const at = Date.now() + 30;
  let runs = 0;
  await new Promise<void>((resolve) => setTimeoutAt(at, () => {
    runs++;
    assert.ok(Date.now() >= at);
    setTimeout(resolve, 20);
  }));
  let cancelledRan = false;
  setTimeoutAt(Date.now() + 20, () => (cancelledRan = true)).cancel();
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual([runs, cancelledRan], [1, false]);
});
