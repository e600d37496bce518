import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { type ScannedPage, scanPages } from '../../../src/projection/dbengine/datafile-format';
import { T0, capturingLogger, datafilesIn, newShared, openHost, sample, tempDir } from './helpers';

const PAGES = 4;

/** A host directory with one chart of PAGES full pages on disk in one datafile; returns it and that file's pages. */
function writeHost(name: string): { dir: string; file: string; pages: ScannedPage[] } {
  const dir = tempDir(name);
  const { logger } = capturingLogger();
  const host = openHost(newShared(logger), dir, logger);
  const chart = host.chartStore('net.eth0', 1, 0);
  for (let t = T0; t < T0 + 1024 * PAGES; t++) chart.store(t, [sample(t, 0), sample(t, 1)]);
  host.close();
  const [file] = datafilesIn(dir);
  const pages: ScannedPage[] = [];
  scanPages(fs.readFileSync(file), (p) => pages.push(p), (p) => assert.fail(p.reason));
  assert.equal(pages.length, PAGES);
  return { dir, file, pages };
}

function flipByte(file: string, offset: number): void {
  const b = fs.readFileSync(file);
  b[offset] ^= 0x5a;
  fs.writeFileSync(file, b);
}

function reopen(dir: string) {
  const { logger, lines } = capturingLogger();
  const host = openHost(newShared(logger), dir, logger);
  return { host, chart: host.chartStore('net.eth0', 1, 0), lines };
}

/** Which of the PAGES pages read back complete and right (the others must read as empty, never as wrong values). */
function intactPages(chart: ReturnType<typeof reopen>['chart']): number[] {
  const intact: number[] = [];
  for (let p = 0; p < PAGES; p++) {
    const from = T0 + 1024 * p;
    const got = chart.readRange(1, from, from + 1023);
    if (got.every((v, i) => v === sample(from + i, 1))) intact.push(p);
    else assert.ok(got.every(Number.isNaN), `page ${p} is neither intact nor empty`);
  }
  return intact;
}

test('a page whose payload was damaged is reported once with the file name and never served', () => {
  const { dir, file, pages } = writeHost('payload');
  flipByte(file, pages[1].payloadOffset + Math.floor(pages[1].payloadBytes / 2));
  const { host, chart, lines } = reopen(dir);
  assert.deepEqual(intactPages(chart), [0, 2, 3]);
  assert.ok(Number.isNaN(chart.valueAt(0, T0 + 1500)));
  const reports = lines.filter((l) => l.includes(file));
  assert.equal(reports.length, 1);
  assert.match(reports[0], /checksum mismatch/);
  host.close();
});

test('a damaged page header is skipped up to the next valid record', () => {
  const { dir, file, pages } = writeHost('header');
  flipByte(file, pages[2].payloadOffset - 6); // inside the chart id
  const { host, chart, lines } = reopen(dir);
  assert.deepEqual(intactPages(chart), [0, 1, 3]);
  assert.equal(lines.filter((l) => l.includes(file) && l.includes('corrupt page header')).length, 1);
  host.close();
});

test('damage that happens while the host is open is caught when the page is read, reported once', () => {
  const { dir, file, pages } = writeHost('live');
  const { host, chart, lines } = reopen(dir);
  flipByte(file, pages[3].payloadOffset + 3);
  assert.deepEqual(intactPages(chart), [0, 1, 2]);
  assert.deepEqual(intactPages(chart), [0, 1, 2]);
  assert.equal(lines.filter((l) => l.includes(file)).length, 1);
  assert.equal(chart.lastEntryT(), T0 + 1024 * 3 - 1);
  host.close();
});

test('a truncated datafile serves its complete pages; new pages go to a new datafile', () => {
  const { dir, file, pages } = writeHost('truncated');
  fs.truncateSync(file, pages[3].payloadOffset + 10);
  const { host, chart, lines } = reopen(dir);
  assert.deepEqual(intactPages(chart), [0, 1, 2]);
  assert.equal(chart.lastEntryT(), T0 + 1024 * 3 - 1);
  assert.equal(lines.filter((l) => l.includes(file) && l.includes('truncated')).length, 1);
  // the lost slots can be stored again (the event log replays them), and survive the next reopen
  for (let t = T0 + 1024 * 3; t < T0 + 1024 * 4; t++) assert.ok(chart.store(t, [sample(t, 0), sample(t, 1)]));
  host.close();
  assert.equal(datafilesIn(dir).length, 2);
  const again = reopen(dir);
  assert.deepEqual(intactPages(again.chart), [0, 1, 2, 3]);
  assert.equal(again.lines.filter((l) => l.includes('truncated')).length, 1);
  again.host.close();
});

test('a datafile with a damaged file header is not used, and reported', () => {
  const { dir, file } = writeHost('file-header');
  flipByte(file, 3);
  const { host, chart, lines } = reopen(dir);
  assert.equal(chart.lastEntryT(), 0);
  assert.ok(lines.some((l) => l.includes(file) && l.includes('bad magic')));
  host.close();
});
