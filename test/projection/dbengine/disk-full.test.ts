import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { scanPages } from '../../../src/projection/dbengine/datafile-format';
import { mountSmallFilesystem } from '../../helpers/tmpfs';
import { T0, capturingLogger, datafilesIn, newShared, noisy, openHost } from './helpers';

/** A small tmpfs to fill up; null where mounting is not allowed (not root). */
function smallFilesystem(bytes: number): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbengine-full-'));
  if (!mountSmallFilesystem(dir, bytes)) return null;
  process.on('exit', () => fs.rmdirSync(dir)); // after the unmount, registered first
  return dir;
}

test('a full disk stops page writes with one clear error, keeps serving, and recovers when space returns', (t) => {
  const mount = smallFilesystem(256 * 1024);
  if (!mount) return t.skip('cannot mount a tmpfs here (needs root)');
  const filler = path.join(mount, 'filler');
  fs.writeFileSync(filler, Buffer.alloc(236 * 1024));
  const dir = path.join(mount, 'host');
  const { logger, lines } = capturingLogger();
  const host = openHost(newShared(logger), dir, logger);
  const chart = host.chartStore('net.eth0', 1, 0);
  const pages = 12; // about 3.3 KB each on disk: more than the space left
  for (let s = T0; s < T0 + 1024 * pages; s++) assert.ok(chart.store(s, [noisy(s, 0), noisy(s, 1)]));
  host.checkpoint(5);
  const errors = lines.filter((l) => l.includes('cannot write a page'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /ENOSPC/);
  assert.equal(host.resumeSeq(), 0);
  // everything stored is still served, from disk or from memory
  const all = chart.readRange(1, T0, T0 + 1024 * pages - 1);
  assert.ok(all.every((v, i) => v === noisy(T0 + i, 1)));

  fs.rmSync(filler);
  host.checkpoint(6); // the waiting full pages are written now
  assert.ok(lines.some((l) => l.includes('works again')));
  host.close();
  assert.equal(host.resumeSeq(), 6);
  // no damaged record anywhere, and every point is back after a reopen
  for (const file of datafilesIn(dir)) scanPages(fs.readFileSync(file), () => {}, (p) => assert.fail(`${file}: ${p.reason}`));
  const again = openHost(newShared(logger), dir, logger).chartStore('net.eth0', 1, 0);
  assert.deepEqual(again.readRange(1, T0, T0 + 1024 * pages - 1), all);
});
