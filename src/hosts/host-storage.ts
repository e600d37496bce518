import fs from 'node:fs';
import path from 'node:path';
import type { MemoryMode } from '../config';
import type { Logger } from '../log';
import { RamHostStorage } from '../projection/ram/ram-storage';
import type { HostStorage } from '../projection/storage/chart-store';
import { readMarker, writeMarker } from './projection-marker';

/** The memory modes that keep files, each in its own folder of the host directory. */
const PERSISTENT: ReadonlyArray<MemoryMode> = ['save', 'map', 'dbengine'];

export interface StorageFactories {
  save(dir: string): HostStorage;
  map(dir: string): HostStorage;
  dbengine(dir: string): HostStorage;
}

/**
 * The point storage of one host for its memory mode (null for `none`). When the host's persisted projection was built
 * with another mode or history, its files are removed first: the projection is then rebuilt from the event log.
 */
export function openHostStorage(hostDir: string, mode: MemoryMode, history: number, factories: StorageFactories, hostname: string, logger: Logger): HostStorage | null {
  const before = readMarker(hostDir);
  if (before && (before.mode !== mode || before.history !== history)) {
    logger.info(`host '${hostname}': memory mode ${before.mode} (history ${before.history}) changed to ${mode} (history ${history}); rebuilding its projection from the event log`);
    for (const m of PERSISTENT) fs.rmSync(path.join(hostDir, m), { recursive: true, force: true });
  }
  writeMarker(hostDir, { mode, history });
  switch (mode) {
    case 'none':
      return null;
    case 'ram':
    case 'alloc':
      return new RamHostStorage();
    case 'save':
    case 'map':
    case 'dbengine':
      return factories[mode](path.join(hostDir, mode));
  }
}
