import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Logger } from '../../../src/log';
import { storedValue } from '../../../src/projection/collection/storage-number';
import { DbengineHostStorage, DbengineShared } from '../../../src/projection/dbengine';

export const T0 = 1_700_000_000;

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dbengine-${name}-`));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A logger whose messages land in `lines`. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push((JSON.parse(s) as { msg: string }).msg) });
  return { logger, lines };
}

export function newShared(logger: Logger, opts: { diskSpaceBytes?: number; pageCacheBytes?: number; flushAgeMs?: number } = {}): DbengineShared {
  return new DbengineShared({ diskSpaceBytes: opts.diskSpaceBytes ?? 64 << 20, pageCacheBytes: opts.pageCacheBytes ?? 8 << 20, logger, flushAgeMs: opts.flushAgeMs });
}

export function openHost(shared: DbengineShared, dir: string, logger: Logger): DbengineHostStorage {
  return new DbengineHostStorage(shared, dir, logger);
}

/** A value that changes with the slot and the dimension, as a collector hands it over (a storage number's value). */
export function sample(t: number, dim: number): number {
  return storedValue(((t * 7 + dim * 1000) % 5000) / 3);
}

export function datafilesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.sldb')).sort().map((n) => path.join(dir, n));
}

/** A value that looks random from slot to slot (compresses little), as a collector hands it over. */
export function noisy(t: number, dim: number): number {
  const h = Math.imul(t ^ Math.imul(dim + 1, 0x9e3779b9), 0x85ebca6b) >>> 0;
  return storedValue((h % 1_000_000) / 7);
}
