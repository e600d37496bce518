import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openLog, sessionStart, tempDir } from './fixtures';

const T0 = 1_700_000_000_000_000;

test('time ranges are found without an index: clamped arrivals, repeated times and deleted seqs', () => {
  const file = path.join(tempDir(), 'events.db');
  const log = openLog(file);
  const s = log.startSession(sessionStart(T0));
  // arrivals with repeats, and a clock stepped back at i = 300 (clamped to the newest time seen)
  const sent: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const us = T0 + (i < 300 ? i : i - 200) * 1000 + (i % 3 === 0 ? 0 : 1);
    sent.push(us);
    log.appendLine(s, us, `VARIABLE HOST i${i} = ${i}`);
  }
  log.flush();
  // holes, as retention or a crash leaves them
  const writer = new Database(file);
  writer.prepare('DELETE FROM events WHERE (seq BETWEEN 100 AND 180) OR seq % 17 = 0').run();
  writer.close();

  const all = [...log.readEvents({})];
  for (let i = 1; i < all.length; i++) assert.ok(all[i].arrivalUs >= all[i - 1].arrivalUs, 'arrival never decreases in seq order');
  const clamped = all.find((e) => e.kind === 'line' && e.line === 'VARIABLE HOST i300 = 300');
  assert.equal(clamped?.arrivalUs, sent[299], 'an arrival before the newest one is clamped to it');

  let rng = 7;
  const rand = (n: number) => (rng = (rng * 1103515245 + 12345) % 2147483648) % n;
  for (let k = 0; k < 300; k++) {
    const afterUs = T0 - 5000 + rand(310_000);
    const beforeUs = afterUs + rand(100_000);
    const got = [...log.readEvents({ afterUs, beforeUs })].map((e) => e.seq);
    const want = all.filter((e) => e.arrivalUs >= afterUs && e.arrivalUs < beforeUs).map((e) => e.seq);
    assert.deepEqual(got, want, `[${afterUs - T0}, ${beforeUs - T0})`);
  }
  log.close();
});
