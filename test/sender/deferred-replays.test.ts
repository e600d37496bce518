import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeferredReplays } from '../../src/sender/deferred-replays';
import { waitFor } from '../helpers/wait';

describe('REPLAY_CHART requests held while their chart replicates from below', () => {
  it('answers at once a chart not replicating from below', () => {
    const answered: string[] = [];
    const d = new DeferredReplays<number>(() => false, (id, r) => void answered.push(`${id}:${r}`));
    d.submit('a', 1);
    assert.deepEqual(answered, ['a:1']);
    assert.equal(d.size, 0);
  });

  it('holds a chart still replicating, answers it once that is over, the others meanwhile, in order', async () => {
    const busy = new Set(['a', 'b']);
    const answered: string[] = [];
    const d = new DeferredReplays<number>((id) => busy.has(id), (id, r) => void answered.push(`${id}:${r}`));
    d.submit('a', 1);
    d.submit('c', 2);
    d.submit('b', 3);
    // a newer request for a held chart replaces the older one
    d.submit('a', 4);
    assert.deepEqual(answered, ['c:2']);
    busy.delete('b');
    busy.delete('a');
    await waitFor(() => (answered.length === 3 ? true : null), 2000, 20);
    assert.deepEqual(answered, ['c:2', 'a:4', 'b:3']);
    assert.equal(d.size, 0);
  });

  it('does not answer ahead of a held request of the same chart', () => {
    let busy = true;
    const answered: number[] = [];
    const d = new DeferredReplays<number>(() => busy, (_id, r) => void answered.push(r));
    d.submit('a', 1);
    busy = false;
    d.submit('a', 2);
    assert.deepEqual(answered, []);
    d.clear();
  });

  it('drops what it holds when the connection changes', async () => {
    let busy = true;
    const answered: number[] = [];
    const d = new DeferredReplays<number>(() => busy, (_id, r) => void answered.push(r));
    d.submit('a', 1);
    d.clear();
    busy = false;
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(answered, []);
  });
});
