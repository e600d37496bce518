import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../log';
import { readResumeSeq, writeResumeSeq } from '../dbengine/resume-file';
import { ChartRing } from '../ram/chart-ring';
import { copyRing } from '../save/ring-words';
import type { ChartStore, HostStorage } from '../storage/chart-store';
import { MapChartFile, loadMapFile } from './map-chart-file';
import { MapChartStore, type MapWriteObserver } from './map-chart-store';
import { MAP_FILE_SUFFIX, mapFileName } from './map-file-format';

export const RESUME_FILE = 'resume.json';

function chartKey(chartId: string, updateEvery: number): string {
  return `${updateEvery}:${chartId}`;
}

/**
 * Memory mode map for one host: one file per chart in `dir`, written through as points arrive, loaded into memory at
 * start (so queries never read the disk). resume.json records the seq of the last checkpoint: every point of the
 * events up to it was handed to the kernel, so after a kill -9 only the samples after it are replayed (a replayed
 * point already in a file is refused by the slot rule). A file that cannot be fully trusted is reported, and the
 * resume seq drops to 0: the host is rebuilt from its event log, which refills what the files miss at their end.
 */
export class MapHostStorage implements HostStorage, MapWriteObserver {
  readonly mode = 'map' as const;
  private readonly charts = new Map<string, MapChartStore>();
  private readonly resumeFile: string;
  private durableSeq: number;
  private failing = false;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.resumeFile = path.join(dir, RESUME_FILE);
    const resume = readResumeSeq(this.resumeFile);
    if (resume.problem) logger.warn(`map: ${this.resumeFile}: ${resume.problem}; rebuilding the host from its event log`);
    const trusted = this.loadFiles();
    this.durableSeq = trusted ? resume.seq : 0;
    // recorded before anything is applied: a crash during the rebuild must not resume from the old seq
    if (!trusted && resume.seq !== 0) writeResumeSeq(this.resumeFile, 0);
  }

  /** Loads every chart file; false when one had to be discarded or had damaged rows. */
  private loadFiles(): boolean {
    let trusted = true;
    for (const name of fs.readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      if (name.endsWith('.tmp')) fs.rmSync(file, { force: true });
      if (!name.endsWith(MAP_FILE_SUFFIX)) continue;
      let loaded: ReturnType<typeof loadMapFile>;
      try {
        loaded = loadMapFile(file);
      } catch (err) {
        loaded = { problem: (err as Error).message };
      }
      if (!('problem' in loaded) && name !== mapFileName(loaded.header.chartId, loaded.header.updateEvery)) loaded = { problem: 'chart id does not match the file name' };
      if ('problem' in loaded) {
        this.logger.error(`map: ${file}: ${loaded.problem}; discarding it and rebuilding the host from its event log`);
        fs.rmSync(file, { force: true });
        trusted = false;
        continue;
      }
      const { header, ring, damagedRows, truncated } = loaded;
      if (damagedRows || truncated) {
        this.logger.error(`map: ${file}: ${damagedRows} damaged rows dropped${truncated ? ', file truncated' : ''}; rebuilding the host from its event log`);
        trusted = false;
      }
      const store = new MapChartStore(this.dir, header.chartId, ring, MapChartFile.open(file, header), this);
      this.charts.set(chartKey(header.chartId, header.updateEvery), store);
    }
    return trusted;
  }

  chartStore(chartId: string, updateEvery: number, entries: number): ChartStore {
    const key = chartKey(chartId, updateEvery);
    const known = this.charts.get(key);
    if (known && known.ring.history === entries) return known;
    const ring = new ChartRing(entries, updateEvery);
    if (known) {
      // another history: keep the newest points that fit; the file is rewritten with the new size at the next point
      copyRing(known.ring, ring);
      known.close(false);
    }
    const store = new MapChartStore(this.dir, chartId, ring, null, this);
    this.charts.set(key, store);
    return store;
  }

  resumeSeq(): number {
    return this.durableSeq;
  }

  /**
   * Every point applied up to `seq` has been written (or its store is unsaved): recorded once unsaved stores are
   * rewritten from memory. While one cannot be, the resume seq stays where the files are still complete.
   */
  checkpoint(seq: number): void {
    if (this.closed) return;
    for (const store of this.charts.values()) {
      if (!store.unsaved) continue;
      try {
        store.rewrite();
      } catch {
        return; // reported when it first failed
      }
    }
    try {
      if (seq !== this.durableSeq) writeResumeSeq(this.resumeFile, seq);
      this.durableSeq = seq;
    } catch (err) {
      this.writeFailed(this.resumeFile, err);
      return;
    }
    if (this.failing) this.logger.info(`map: writing to ${this.dir} works again`);
    this.failing = false;
  }

  /** Files are synced, so a clean shutdown's rows survive a power cut too. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const store of this.charts.values()) {
      try {
        store.close(true);
      } catch (err) {
        this.logger.error({ err }, `map: cannot sync the file of chart '${store.chartId}' in ${this.dir}`);
      }
    }
  }

  writeFailed(file: string, err: unknown): void {
    if (!this.failing) this.logger.error({ err }, `map: cannot write ${file}; points stay in memory and are written when writing works again`);
    this.failing = true;
  }
}
