import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../../src/log';
import { T0, newShared, openHost, sample, tempDir } from './helpers';

test('a checkpoint is the resume point only once every page open at that checkpoint is on disk', () => {
  const dir = tempDir('resume');
  const host = openHost(newShared(silentLogger), dir, silentLogger);
  assert.equal(host.resumeSeq(), 0);
  const cpu = host.chartStore('system.cpu', 1, 0);
  const net = host.chartStore('net.eth0', 1, 0);
  for (let t = T0; t < T0 + 1000; t++) cpu.store(t, [sample(t, 0)]);
  net.store(T0, [1]);
  host.checkpoint(10);
  // both pages are still being filled: seq 10 is not all on disk yet
  assert.equal(host.resumeSeq(), 0);
  assert.ok(!fs.existsSync(path.join(dir, 'resume.json')));
  for (let t = T0 + 1000; t < T0 + 1100; t++) cpu.store(t, [sample(t, 0)]); // cpu's first page written at 1024
  host.checkpoint(20);
  assert.equal(host.resumeSeq(), 0); // net's page, open since before seq 10, is not written yet
  for (let t = T0 + 1; t < T0 + 1030; t++) net.store(t, [2]);
  host.checkpoint(30);
  // now every page open at checkpoint 10 and 20 is written; cpu's second page opened before checkpoint 20
  assert.equal(host.resumeSeq(), 10);
  // a crash now (no close): reopening gives the recorded resume point and the pages written so far
  const crashed = openHost(newShared(silentLogger), dir, silentLogger);
  assert.equal(crashed.resumeSeq(), 10);
  assert.equal(crashed.chartStore('system.cpu', 1, 0).lastEntryT(), T0 + 1023);
  assert.equal(crashed.chartStore('net.eth0', 1, 0).lastEntryT(), T0 + 1023);
  host.close();
  // a clean close writes everything: the last checkpoint is the resume point
  assert.equal(host.resumeSeq(), 30);
  const reopened = openHost(newShared(silentLogger), dir, silentLogger);
  assert.equal(reopened.resumeSeq(), 30);
  assert.equal(reopened.chartStore('system.cpu', 1, 0).lastEntryT(), T0 + 1099);
  reopened.close();
});

test('pages older than the flush age are written at a checkpoint, which then becomes the resume point', () => {
  const dir = tempDir('flush-age');
  const host = openHost(newShared(silentLogger, { flushAgeMs: 0 }), dir, silentLogger);
  const chart = host.chartStore('c', 1, 0);
  for (let t = T0; t < T0 + 30; t++) chart.store(t, [sample(t, 0)]);
  host.checkpoint(7);
  assert.equal(host.resumeSeq(), 7);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'resume.json'), 'utf8')).resumeSeq, 7);
  // the next slots start a new page; reading across both gives every slot
  for (let t = T0 + 30; t < T0 + 40; t++) chart.store(t, [sample(t, 0)]);
  assert.deepEqual([...chart.readRange(0, T0 + 28, T0 + 31)], [28, 29, 30, 31].map((i) => sample(T0 + i, 0)));
  const crashed = openHost(newShared(silentLogger), dir, silentLogger).chartStore('c', 1, 0);
  assert.equal(crashed.lastEntryT(), T0 + 29);
  host.close();
});

test('a resume file that cannot be read means replaying from the start', () => {
  const dir = tempDir('bad-resume');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'resume.json'), '{"resumeSeq": "x"');
  const host = openHost(newShared(silentLogger), dir, silentLogger);
  assert.equal(host.resumeSeq(), 0);
  host.close();
});
