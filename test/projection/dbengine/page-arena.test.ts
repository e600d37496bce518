import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PageArena } from '../../../src/projection/dbengine/page-arena';

test('the arena hands out zeroed blocks and reuses a given-back block only for the same size, cleared', () => {
  const arena = new PageArena();
  const a = arena.take(2048);
  assert.equal(a.length, 2048);
  assert.ok(a.every((w) => w === 0));
  a.fill(0xdeadbeef);
  arena.give(a);
  assert.equal(arena.freeBytes(), 2048 * 4);
  const other = arena.take(1024); // another size: a new block, the freed one waits
  assert.ok(other.buffer !== a.buffer || other.byteOffset !== a.byteOffset);
  assert.equal(arena.freeBytes(), 2048 * 4);
  const again = arena.take(2048);
  assert.equal(again, a);
  assert.ok(again.every((w) => w === 0));
  assert.equal(arena.freeBytes(), 0);
});
